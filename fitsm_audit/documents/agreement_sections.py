"""The register data under the agreed text of the twelve SLA sections: services, components and
their dependencies, support, targets, reports, review dates, glossary."""

from __future__ import annotations

from fitsm_audit.documents.agreement_context import (
    AgreementContext,
    next_review,
    validity,
)
from fitsm_audit.documents.common import NOT_SET, iso, join_unique, text
from fitsm_audit.documents.model import Block, Cell, Column, Facts, Table
from fitsm_audit.workbook.records import Record

# Our own short definitions, used when the agreement's glossary leaves a term out.
GLOSSARY = {
    "SLA": (
        "SLA (service level agreement)",
        "The documented agreement between the provider and a "
        "customer on the service to be delivered and the targets it must meet.",
    ),
    "OLA": (
        "OLA (operational level agreement)",
        "An agreement with another part of the "
        "provider's organisation or a federation member that supplies a component needed "
        "for a service.",
    ),
    "UA": (
        "UA (underpinning agreement)",
        "An agreement with an external supplier for a service or component the provider relies on.",
    ),
    "target": (
        "Service target",
        "A measurable value a service must reach, such as a response "
        "time or an availability percentage, stated in the agreement.",
    ),
    "hours": (
        "Service hours",
        "The times during which the service is provided and the targets apply.",
    ),
    "incident": ("Incident", "An unplanned interruption or loss of quality of a service."),
    "request": (
        "Service request",
        "A request from a user for information, advice, access or a "
        "standard change that needs no further approval.",
    ),
}


def section_data(
    ctx: AgreementContext,
    row: Record,
    key: str,
    kind: str,
    services: list[Record],
    components: list[Record],
) -> list[Block]:
    """The register data shown under a section's agreed text (none for most sections)."""
    if key == "service description":
        return _description(ctx, kind, services, components)
    if key == "service hours and exceptions" and kind == "SLA":
        return _service_hours(services)
    if key == "service components and dependencies":
        return _dependencies(ctx, kind, services, components)
    if key == "support":
        return _support(ctx, row, kind, services)
    if key == "service level targets":
        return _targets(ctx, row)
    if key == "communication, reporting and escalation":
        return _reports(ctx, row)
    if key == "review":
        return _review(row)
    if key == "glossary":
        return _glossary(kind)
    return []


def _description(
    ctx: AgreementContext, kind: str, services: list[Record], components: list[Record]
) -> list[Block]:
    if kind == "SLA":
        return _table(
            [("Service", 2.0), ("Description", 4.6), ("Value to the customer", 2.6)],
            [
                [
                    Cell(ctx.name_of(s.id), bold=True),
                    Cell(text(s["description"])),
                    Cell(text(s["value_proposition"])),
                ]
                for s in services
            ],
        )
    return _table(
        [("Component", 2.2), ("Kind", 1.0), ("Description", 5.0)],
        [
            [
                Cell(ctx.name_of(c.id), bold=True),
                Cell(text(c["kind"])),
                Cell(text(c["description"])),
            ]
            for c in components
        ],
    )


def _service_hours(services: list[Record]) -> list[Block]:
    pairs = [
        (text(s["name"]), text(s["service_hours"])) for s in services if s["service_hours"]
    ]
    return [Facts(pairs)] if pairs else []


def _dependencies(
    ctx: AgreementContext, kind: str, services: list[Record], components: list[Record]
) -> list[Block]:
    if kind == "SLA":
        return _table(
            [("Component", 2.6), ("Kind", 1.0), ("Provided by", 2.4), ("Underpinned by", 1.6)],
            _component_rows(ctx, services),
        )
    users = {sid for c in components for sid in (c["services"] or [])}
    return _table(
        [("Service relying on it", 4.0), ("Status", 1.4)],
        [
            [
                Cell(ctx.name_of(sid)),
                Cell(
                    text(ctx.services[sid.lower()]["status"])
                    if sid.lower() in ctx.services
                    else NOT_SET
                ),
            ]
            for sid in sorted(users)
        ],
    )


def _support(
    ctx: AgreementContext, row: Record, kind: str, services: list[Record]
) -> list[Block]:
    if kind == "SLA":
        rows = []
        for s in services:
            entry = ctx.catalogue.get((s.id or "").lower())
            contact = ctx.people.contact(entry["support_contact"]) if entry else ""
            rows.append(
                (text(s["name"]), join_unique([text(s["support"]), contact]) or NOT_SET)
            )
        return [Facts(rows)] if rows else []
    party = ctx.parties.get(text(row["counterparty"]).lower())
    if party is not None:
        contact = party["contact_point"] or party["contact"]
        return [Facts([("Contact point", ctx.people.contact(contact))])] if contact else []
    return []


def _review(row: Record) -> list[Block]:
    nxt = next_review(row)
    return [
        Facts(
            [
                (
                    "Review interval",
                    f"{row['review_interval']} months"
                    if row["review_interval"]
                    else "not planned",
                ),
                ("Last review", iso(row["last_review"]) or "none recorded"),
                ("Next review due", iso(nxt) or NOT_SET),
                ("Validity", validity(row)),
            ]
        )
    ]


def _glossary(kind: str) -> list[Block]:
    terms = [kind, "target", "hours"] + (["incident", "request"] if kind == "SLA" else [])
    return [Facts([GLOSSARY[t] for t in terms])]


def _table(columns: list[tuple[str, float]], rows: list[list[Cell]]) -> list[Block]:
    if not rows:
        return []
    return [Table(columns=[Column(h, w) for h, w in columns], rows=rows)]


def _component_rows(ctx: AgreementContext, services: list[Record]) -> list[list[Cell]]:
    ids = {(s.id or "").lower() for s in services}
    covering: dict[str, list[str]] = {}
    for a in ctx.ds.rows("Agreements"):
        if text(a["type"]) in ("OLA", "UA") and ctx.in_force(a):
            for c in a["components"] or []:
                covering.setdefault(c.lower(), []).append(text(a.id))
    rows = []
    for c in ctx.ds.rows("Components"):
        if not ids & {s.lower() for s in c["services"] or []}:
            continue
        provider = ctx.name_of(c["provided_by"]) if c["provided_by"] else ctx.provider
        rows.append(
            [
                Cell(ctx.name_of(c.id)),
                Cell(text(c["kind"])),
                Cell(provider),
                Cell(
                    ", ".join(covering.get((c.id or "").lower(), [])) or "none",
                    tone=""
                    if covering.get((c.id or "").lower()) or not c["provided_by"]
                    else "warn",
                ),
            ]
        )
    return rows


def _targets(ctx: AgreementContext, row: Record) -> list[Block]:
    """The agreement's targets: one line per parameter and service (periods collapse)."""
    seen: dict[tuple[str, str, str, str], list[Cell]] = {}
    for t in ctx.ds.rows("Targets"):
        if text(t["agreement"]).lower() != text(row.id).lower():
            continue
        key = (text(t["parameter"]), text(t["service"]), text(t["target"]), text(t["unit"]))
        if key not in seen:
            target = " ".join(x for x in (text(t["target"]), text(t["unit"])) if x)
            seen[key] = [
                Cell(text(t["parameter"]), bold=True),
                Cell(ctx.name_of(t["service"]) if t["service"] else "all covered"),
                Cell(text(t["category"], NOT_SET)),
                Cell(target),
            ]
    return _table(
        [("Parameter", 3.4), ("Applies to", 2.2), ("Category", 1.2), ("Target", 1.8)],
        list(seen.values()),
    )


def _reports(ctx: AgreementContext, row: Record) -> list[Block]:
    party = text(row["counterparty"]).lower()
    rows = [
        [
            Cell(text(r["name"]), bold=True),
            Cell(text(r["frequency"], NOT_SET)),
            Cell(text(r["delivery"]) or text(r["format"]) or NOT_SET),
        ]
        for r in ctx.ds.rows("Reports")
        if party
        and party in {a.lower() for a in r["agreed_with"] or []}
        and text(r["status"]) != "terminated"
    ]
    return _table([("Service report", 3.0), ("Frequency", 1.1), ("Delivery", 4.0)], rows)
