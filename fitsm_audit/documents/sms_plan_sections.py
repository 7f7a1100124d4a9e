"""The sections of the SMS plan (GR4): purpose, goals and timing, roles, training, tools, monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.core.dates import add_months
from fitsm_audit.documents.common import NOT_SET, People, iso, text
from fitsm_audit.documents.model import Cell, Column, Facts, Paragraph, Section, Table
from fitsm_audit.workbook.records import Dataset, Record

_ROLE_ORDER = ("SMS owner", "SMS manager", "process owner", "process manager", "service owner")
STATUS_TONE = {
    "achieved": "good",
    "implemented": "good",
    "in progress": "warn",
    "dropped": "muted",
}


def introduction_section(
    dataset: Dataset, people: People, owner: Any, manager: Any, provider: str
) -> Section:
    return Section(
        "Purpose of this plan",
        [
            Paragraph(
                f"This plan sets out how {provider} implements, runs and improves its service "
                "management system (SMS). It states the goals and their timing, the roles and "
                "responsibilities, the training and awareness activities, the tools and the "
                "roadmap for implementing the processes, as FitSM requires of a service "
                "management plan (GR4). The scope statement (GR3) and the service management policy "
                "(GR1) are part of it.",
                "body",
            ),
            Paragraph(
                f"{people.name(owner)} as SMS owner approves the plan; {people.name(manager)} as SMS "
                "manager maintains it and makes it available to everyone involved in the SMS.",
                "body",
            ),
        ],
    )


def goals_section(dataset: Dataset, people: People, as_of: dt.date) -> Section:
    rows = []
    for g in sorted(dataset.rows("Goals"), key=lambda r: (iso(r["timing"]) or "9999", r.row)):
        status = text(g["status"], "planned")
        overdue = (
            isinstance(g["timing"], dt.date)
            and g["timing"] < as_of
            and status in ("planned", "in progress", "re-planned")
        )
        rows.append(
            [
                Cell(text(g.id), bold=True),
                Cell(text(g["goal"])),
                Cell(iso(g["timing"]) or NOT_SET, tone="bad" if overdue else ""),
                Cell(people.name(g["owner"])),
                Cell(
                    status + (" (overdue)" if overdue else ""),
                    tone="bad" if overdue else STATUS_TONE.get(status, ""),
                ),
            ]
        )
    return Section(
        "Goals and timing",
        [
            Paragraph(
                "The goals of the SMS with the date each should be reached (Goals sheet).", "note"
            ),
            Table(
                columns=[
                    Column("ID", 0.9),
                    Column("Goal", 4.6),
                    Column("Target date", 1.1),
                    Column("Owner", 1.4),
                    Column("Status", 1.2),
                ],
                rows=rows,
                empty="No goals are recorded yet.",
            ),
        ],
    )


def roles_section(dataset: Dataset, people: People) -> Section:
    def order(rec: Record) -> tuple[int, int, int]:
        role = text(rec["role"])
        rank = _ROLE_ORDER.index(role) if role in _ROLE_ORDER else len(_ROLE_ORDER)
        proc = text(rec["process"])
        return (0 if rank < 2 else 1, int(proc[2:]) if proc[2:].isdigit() else 0, rank)

    rows = [
        [
            Cell(text(r["role"]), bold=True),
            Cell(text(r["process"], "")),
            Cell(people.label(r["person"])),
            Cell(iso(r["since"])),
            Cell(text(r["notes"])),
        ]
        for r in sorted(dataset.rows("Roles"), key=order)
    ]
    return Section(
        "Roles and responsibilities",
        [
            Paragraph(
                "Roles follow FitSM-3. The SMS owner is accountable for the whole SMS: approves "
                "goals, policies and resources and nominates the process owners and managers. The SMS "
                "manager runs the SMS day to day: maintains this plan, keeps people aware and "
                "competent, and monitors and reports on the SMS. Each process manager runs one "
                "process and reports on it to its process owner.",
                "body",
            ),
            Table(
                columns=[
                    Column("Role", 1.8),
                    Column("Process", 0.8),
                    Column("Person", 2.6),
                    Column("Since", 1.0),
                    Column("Responsibilities and notes", 3.2),
                ],
                rows=rows,
                empty="No roles are assigned yet.",
            ),
        ],
    )


def training_section(dataset: Dataset, as_of: dt.date) -> Section:
    rows = []
    for t in sorted(
        dataset.rows("Training"), key=lambda r: (iso(r["planned_on"]) or "9999", r.row)
    ):
        late = isinstance(t["planned_on"], dt.date) and t["planned_on"] < as_of and not t["done_on"]
        rows.append(
            [
                Cell(text(t["topic"]), bold=True),
                Cell(text(t["audience"])),
                Cell(iso(t["planned_on"]) or NOT_SET, tone="bad" if late else ""),
                Cell(
                    iso(t["done_on"]) or ("overdue" if late else "planned"),
                    tone="good" if t["done_on"] else "bad" if late else "",
                ),
                Cell(
                    text(t["participants"]),
                ),
            ]
        )
    return Section(
        "Training and awareness",
        [
            Table(
                columns=[
                    Column("Topic", 3.2),
                    Column("Audience", 2.6),
                    Column("Planned", 1.0),
                    Column("Held", 1.0),
                    Column("People", 0.7, "right"),
                ],
                rows=rows,
                empty="No training or awareness activity is planned yet.",
            ),
        ],
    )


def tools_section(dataset: Dataset, people: People) -> Section:
    rows = [
        [
            Cell(text(t["name"]), bold=True),
            Cell(text(t["purpose"])),
            Cell(text(t["processes"])),
            Cell(text(t["status"]), tone=STATUS_TONE.get(text(t["status"]), "")),
            Cell(people.name(t["owner"])),
        ]
        for t in dataset.rows("Tools")
    ]
    return Section(
        "Tools",
        [
            Table(
                columns=[
                    Column("Tool", 2.0),
                    Column("Purpose", 3.4),
                    Column("Processes", 1.5),
                    Column("Status", 0.8),
                    Column("Owner", 1.4),
                ],
                rows=rows,
                empty="No tools are recorded yet.",
            ),
        ],
    )


def monitoring_section(dataset: Dataset, people: People) -> Section:
    reviews = dataset.rows("Reviews")

    def last(kind: str) -> str:
        dates = [
            r["date"] for r in reviews if text(r["type"]) == kind and isinstance(r["date"], dt.date)
        ]
        return iso(max(dates)) if dates else "none recorded"

    def interval(field: str, kind: str) -> str:
        months = dataset.field(field)
        latest = last(kind)
        plan = f"every {months} months" if months else "interval not planned"
        nxt = ""
        if months and latest != "none recorded":
            nxt = f"; next due {iso(add_months(dt.date.fromisoformat(latest), int(months)))}"
        return f"{plan}; last {latest}{nxt}"

    section = Section(
        "Monitoring, review and related plans",
        [
            Facts(
                [
                    (
                        "Management review",
                        interval("management_review_interval", "management review"),
                    ),
                    ("Internal audit", interval("audit_interval", "internal audit")),
                    (
                        "Service portfolio review",
                        interval("portfolio_review_interval", "service portfolio review"),
                    ),
                    (
                        "Risk review",
                        f"every {dataset.field('risk_review_interval')} months"
                        if dataset.field("risk_review_interval")
                        else "interval not planned",
                    ),
                ]
            ),
        ],
    )
    related = [
        d
        for d in dataset.rows("Documents")
        if text(d["type"])
        in ("scope statement", "service management policy", "service management plan", "plan")
        and text(d["status"]) != "retired"
    ]
    section.add(
        Table(
            columns=[
                Column("ID", 0.9),
                Column("Document", 3.8),
                Column("Version", 0.8),
                Column("Status", 1.0),
                Column("Owner", 1.6),
                Column("Next review", 1.1),
            ],
            rows=[
                [
                    Cell(text(d.id), bold=True),
                    Cell(text(d["title"])),
                    Cell(text(d["version"])),
                    Cell(
                        text(d["status"]),
                        tone="good" if text(d["status"]) == "approved" else "warn",
                    ),
                    Cell(people.name(d["owner"])),
                    Cell(iso(d["next_review"]) or NOT_SET),
                ]
                for d in related
            ],
            caption="This plan and the plans aligned with it (GR4.3)",
            empty="No related plans are registered.",
        )
    )
    return section
