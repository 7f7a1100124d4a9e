"""The service management plan (GR4) with the scope statement (GR3) and the policy (GR1.2)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fitsm_audit.core.dates import add_months
from fitsm_audit.documents.common import (
    NOT_SET,
    People,
    control_from_register,
    iso,
    join_and,
    long_date,
    process_names,
    provider_name,
    sms_roles,
    text,
)
from fitsm_audit.documents.model import (
    Cell,
    Chart,
    Column,
    Document,
    Facts,
    Paragraph,
    RoadmapSeries,
    Section,
    Table,
)
from fitsm_audit.workbook.records import Dataset, Record

# GR1.2's five policy contents, with the Organisation field that states each.
POLICY_COMMITMENTS = (
    ("A commitment to fulfil customer service requirements", "policy_customer_requirements"),
    ("A commitment to a service-oriented approach", "policy_service_orientation"),
    ("A commitment to a process approach", "policy_process_approach"),
    ("A commitment to continual improvement", "policy_continual_improvement"),
    ("Overall service management goals", "policy_goals"),
)
MAX_NAMED_SERVICES = 8  # a scope statement names at most this many services
MAX_LISTED_SERVICES = 40  # the scope details list at most this many
_ROLE_ORDER = ("SMS owner", "SMS manager", "process owner", "process manager", "service owner")
_STATUS_TONE = {
    "achieved": "good",
    "implemented": "good",
    "in progress": "warn",
    "dropped": "muted",
}


def build_sms_plan(dataset: Dataset, as_of: dt.date) -> Document:
    """The SMS plan document from the sms workbook (and the portfolio for the scope)."""
    provider = provider_name(dataset)
    owner, manager = sms_roles(dataset)
    people = People(dataset)
    statement, composed = scope_statement(dataset)
    control = control_from_register(
        dataset,
        "service management plan",
        identifier="Service management plan",
        as_of=as_of,
        fallback_owner=manager,
        fallback_approver=owner,
    )
    sections = [
        _introduction(dataset, people, owner, manager, provider),
        _scope(dataset, statement, composed),
        _policy(dataset, provider, people),
        _goals(dataset, people, as_of),
        _roles(dataset, people),
        _roadmap(dataset, people, as_of),
        _training(dataset, as_of),
        _tools(dataset, people),
        _monitoring(dataset, people),
    ]
    return Document(
        kind="sms-plan",
        stem="sms-plan",
        title="Service management plan",
        subtitle="Goals, roles, training, tools and process roadmap of the SMS (FitSM GR4)",
        provider=provider,
        as_of=as_of,
        summary=statement,
        cover_facts=[
            ("Service provider", provider),
            ("SMS owner", people.label(owner)),
            ("SMS manager", people.label(manager)),
            ("Plan as of", long_date(as_of)),
        ],
        control=control,
        sections=sections,
        chapter_breaks=False,  # short chapters flow on; the roadmap and policy start their own pages
        keywords=["FitSM", "GR4", "service management plan", "scope statement", "policy"],
        extra={"scope_statement": statement, "scope_composed": composed},
    )


# ---------------------------------------------------------------------- scope (GR3)
def scope_statement(dataset: Dataset) -> tuple[str, bool]:
    """The scope statement and whether it was composed from the scope fields.

    Composed statements follow the generic FitSM pattern: the SMS of [provider] that delivers
    [services], supported by [technology], from [locations] to [customers].
    """
    given = text(dataset.field("scope_statement"))
    if given:
        return given, False
    provider = provider_name(dataset)
    lead = f"The SMS of {provider} that delivers {_services_phrase(dataset)}"
    tail = []
    technology = text(dataset.field("scope_technology"))
    if technology:
        tail.append(f"supported by {_lower_first(technology)}")
    locations = text(dataset.field("scope_locations"))
    if locations:
        tail.append(f"from {locations}")
    customers = text(dataset.field("scope_customers"))
    if customers:
        tail.append(f"to {_lower_first(customers)}")
    statement = ", ".join([lead, *tail]).rstrip(".") + "."
    return statement, True


def _services_phrase(dataset: Dataset, limit: int = MAX_NAMED_SERVICES) -> str:
    """The services in scope by name; a long portfolio is summarised after the first few."""
    names = [_lower_first(n) for n in scope_service_names(dataset)]
    if not names:
        return "its services"
    if len(names) > limit:
        return f"{', '.join(names[:3])} and {len(names) - 3:,} other services"
    return join_and(names)


def _lower_first(value: str) -> str:
    """Lower-case a leading capital for use mid-sentence, unless it starts a proper name
    (an acronym, or a capitalised word followed by another capitalised word)."""
    words = value.split()
    if not words or not re.fullmatch(r"[A-Z][a-z]+[,;:]?", words[0]):
        return value
    if len(words) > 1 and words[1][:1].isupper():
        return value
    return value[0].lower() + value[1:]


def scope_services(dataset: Dataset) -> list[Record]:
    """Services in scope: every in-scope, non-retired service, or the IDs the scope names."""
    field = text(dataset.field("scope_services"))
    services = [s for s in dataset.rows("Services") if text(s["status"]).lower() != "retired"]
    if field and field.lower() not in ("all", "all services"):
        wanted = {i.strip().lower() for i in re.split(r"[,;\n]+", field) if i.strip()}
        return [s for s in services if (s.id or "").lower() in wanted]
    return [s for s in services if s["in_scope"] is not False]


def scope_service_names(dataset: Dataset) -> list[str]:
    return [text(s["name"]) or text(s.id) for s in scope_services(dataset)]


def _scope(dataset: Dataset, statement: str, composed: bool) -> Section:
    section = Section("Scope of the SMS (GR3)")
    section.add(Paragraph(statement, "lead"))
    section.add(
        Paragraph(
            "Composed from the scope fields of the Organisation sheet, following FitSM's generic "
            "pattern for scope statements."
            if composed
            else "As stated in the Organisation sheet; the details below come from the scope fields and "
            "the registers.",
            "note",
        )
    )
    names = process_names()
    in_scope: list[str] = []
    out_scope: list[str] = []
    for rec in dataset.rows("Processes"):
        pid = text(rec["process"])
        (in_scope if rec["in_scope"] is not False else out_scope).append(pid)
    services = [f"{text(s['name'])} ({text(s.id)})" for s in scope_services(dataset)]
    if len(services) > MAX_LISTED_SERVICES:
        more = len(services) - MAX_LISTED_SERVICES
        services = [*services[:MAX_LISTED_SERVICES], f"{more:,} more (see the Services sheet)"]
    section.add(
        Facts(
            [
                ("Services", join_and(services) or NOT_SET),
                ("Technology", text(dataset.field("scope_technology"), NOT_SET)),
                ("Locations", text(dataset.field("scope_locations"), NOT_SET)),
                ("Customers", text(dataset.field("scope_customers"), NOT_SET)),
                ("Processes in scope", ", ".join(in_scope) or NOT_SET),
                (
                    "Processes out of scope",
                    ", ".join(f"{p} ({names.get(p, p).lower()})" for p in out_scope) or "none",
                ),
            ]
        )
    )
    return section


# ---------------------------------------------------------------------- policy (GR1.2)
def _policy(dataset: Dataset, provider: str, people: People) -> Section:
    section = Section("Service management policy (GR1)")
    section.add(
        Paragraph(
            f"Top management of {provider} commits to the following. FitSM requires the policy to "
            "state each of these five points.",
            "body",
        )
    )
    rows = []
    missing = []
    for label, field in POLICY_COMMITMENTS:
        value = text(dataset.field(field))
        if value and value.lower() != "no":
            rows.append([Cell(label, bold=True), Cell(value)])
        else:
            missing.append(label.lower())
            rows.append(
                [
                    Cell(label, bold=True),
                    Cell(f"Not yet stated (Organisation field {field}).", tone="bad"),
                ]
            )
    goals = [text(g["goal"]) for g in dataset.rows("Goals") if text(g["goal"])]
    if goals and not text(dataset.field("policy_goals")):
        rows[-1][1] = Cell(
            "Stated in the Goals register: " + "; ".join(goals[:3]),
            notes=[f"and {len(goals) - 3} more goals"] if len(goals) > 3 else [],
        )
    section.add(Table(columns=[Column("FitSM-1 GR1.2", 2.6), Column("Statement", 6.0)], rows=rows))
    if missing:
        section.add(
            Paragraph(
                f"Gap: the policy does not yet state {join_and(missing)}. Add the statement to the "
                "Organisation sheet and have the SMS owner approve the policy again.",
                "gap",
            )
        )
    from fitsm_audit.documents.common import best_document

    doc = best_document(dataset, "service management policy")
    if doc is not None:
        approved = text(doc["status"]).lower() == "approved"
        section.add(
            Paragraph(
                f"The policy is document {text(doc.id)} ({text(doc['title'])}), version "
                f"{text(doc['version'], NOT_SET)}, {text(doc['status'])}"
                + (
                    f" by {people.name(doc['approved_by'])} on {iso(doc['approved_on'])}"
                    if approved
                    else ""
                )
                + ".",
                "note",
            )
        )
    return section


# ---------------------------------------------------------------------- plan sections (GR4)
def _introduction(
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


def _goals(dataset: Dataset, people: People, as_of: dt.date) -> Section:
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
                    tone="bad" if overdue else _STATUS_TONE.get(status, ""),
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


def _roles(dataset: Dataset, people: People) -> Section:
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


def roadmap_series(dataset: Dataset, as_of: dt.date) -> RoadmapSeries:
    """Data of the roadmap chart: in-scope processes, and others that have a date planned."""
    names = process_names()
    items = []
    for rec in sorted(dataset.rows("Processes"), key=lambda r: _process_number(r["process"])):
        pid = text(rec["process"])
        planned, done = rec["planned_date"], rec["implemented_on"]
        if rec["in_scope"] is False and not planned and not done:
            continue
        suffix = "" if rec["in_scope"] is not False else " (out of scope)"
        items.append(
            (
                f"{pid} {names.get(pid, text(rec['name']))}{suffix}",
                planned if isinstance(planned, dt.date) else None,
                done if isinstance(done, dt.date) else None,
                text(rec["implementation_status"], "not started"),
            )
        )
    return RoadmapSeries(items=items, as_of=as_of)


def _process_number(value: Any) -> int:
    s = text(value)
    return int(s[2:]) if s[:2] == "PR" and s[2:].isdigit() else 99


def _roadmap(dataset: Dataset, people: People, as_of: dt.date) -> Section:
    rows = []
    for rec in sorted(dataset.rows("Processes"), key=lambda r: _process_number(r["process"])):
        status = text(rec["implementation_status"], "not started")
        planned, done = rec["planned_date"], rec["implemented_on"]
        late = isinstance(planned, dt.date) and not done and planned < as_of
        in_scope = rec["in_scope"] is not False
        rows.append(
            [
                Cell(text(rec["process"]), bold=True),
                Cell("yes" if in_scope else "no", tone="" if in_scope else "muted"),
                Cell(text(rec["target_level"], "3" if in_scope else NOT_SET)),
                Cell(status, tone="bad" if late else _STATUS_TONE.get(status, "")),
                Cell(iso(planned) or NOT_SET, tone="bad" if late else ""),
                Cell(iso(done) or NOT_SET),
                Cell(people.name(rec["manager"])),
            ]
        )
    return Section(
        "Process implementation roadmap",
        [
            Paragraph(
                "When each process is planned to be implemented and when it was. Dates come "
                "from the Processes sheet.",
                "note",
            ),
            Chart(
                name="roadmap",
                data=roadmap_series(dataset, as_of),
                caption="Process implementation roadmap: planned dates (diamonds) and "
                "implementation dates (dots); the dashed line is the as-of date.",
                alt="Timeline of planned and actual implementation dates per process.",
            ),
            Table(
                columns=[
                    Column("Process", 0.9),
                    Column("In scope", 0.8, "center"),
                    Column("Target", 0.7, "center"),
                    Column("Status", 1.3),
                    Column("Planned", 1.1),
                    Column("Implemented", 1.1),
                    Column("Process manager", 1.8),
                ],
                rows=rows,
                empty="The Processes sheet is empty.",
            ),
        ],
        new_page=True,
    )


def _training(dataset: Dataset, as_of: dt.date) -> Section:
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


def _tools(dataset: Dataset, people: People) -> Section:
    rows = [
        [
            Cell(text(t["name"]), bold=True),
            Cell(text(t["purpose"])),
            Cell(text(t["processes"])),
            Cell(text(t["status"]), tone=_STATUS_TONE.get(text(t["status"]), "")),
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


def _monitoring(dataset: Dataset, people: People) -> Section:
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
