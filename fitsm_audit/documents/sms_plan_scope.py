"""The SMS plan's scope (GR3): the scope statement, the services in scope, the scope section; and
the service management policy section (GR1.2)."""

from __future__ import annotations

import datetime as dt
import re

from fitsm_audit.documents.common import (
    NOT_SET,
    People,
    iso,
    join_and,
    process_names,
    provider_name,
    text,
)
from fitsm_audit.documents.model import Cell, Column, Facts, Paragraph, Section, Table
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


def scope_section(dataset: Dataset, statement: str, composed: bool) -> Section:
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


def policy_section(dataset: Dataset, provider: str, people: People, as_of: dt.date) -> Section:
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
                    Cell("Not yet stated: to be added to the policy.", tone="bad"),
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

    doc = best_document(dataset, "service management policy", as_of)
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
