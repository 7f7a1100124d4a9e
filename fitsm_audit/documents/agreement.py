"""SLA, OLA and UA documents: the twelve SLA sections of the FitSM training, filled from the
Agreement Terms, Targets, Services, Components and Reports sheets, with signature blocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from fitsm_audit.core.dates import add_months
from fitsm_audit.core.errors import UsageError
from fitsm_audit.core.findings import printable
from fitsm_audit.documents.common import (
    NOT_SET,
    People,
    iso,
    join_and,
    join_unique,
    provider_name,
    slug,
    text,
)
from fitsm_audit.documents.model import (
    Block,
    Cell,
    Column,
    Document,
    DocumentControl,
    Facts,
    Paragraph,
    Section,
    Signatory,
    Signatures,
    Table,
)
from fitsm_audit.workbook.records import Dataset, Record

# The SLA contents of the FitSM training, in order (the Agreement Terms ``section`` values).
SECTIONS = (
    ("service description", "Service description"),
    ("service hours and exceptions", "Service hours and exceptions"),
    ("service components and dependencies", "Service components and dependencies"),
    ("support", "Support"),
    ("service level targets", "Service level targets"),
    ("limitations and constraints", "Limitations and constraints"),
    ("communication, reporting and escalation", "Communication, reporting and escalation"),
    ("information security and data protection", "Information security and data protection"),
    ("additional responsibilities of the provider", "Additional responsibilities of the provider"),
    ("customer responsibilities", "Customer responsibilities"),
    ("review", "Review"),
    ("glossary", "Glossary"),
)
KINDS = {
    "SLA": ("Service level agreement", "customer"),
    "OLA": ("Operational level agreement", "supporting party"),
    "UA": ("Underpinning agreement", "supplier"),
}
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
        "A measurable value a service must reach, such as a delivery "
        "time or an availability percentage, stated in the agreement.",
    ),
    "hours": (
        "Service hours",
        "The times during which the service is provided and the targets apply.",
    ),
    "incident": ("Incident", "An unplanned interruption or loss of quality of a service."),
    "request": (
        "Service request",
        "A request from a user for information, advice or a standard "
        "change, such as a change of delivery address.",
    ),
}
GAP_TEXT = "Not yet agreed: the register holds no text for this section."


def build_agreements(dataset: Dataset, as_of: dt.date, ids: Iterable[str] = ()) -> list[Document]:
    """One document per agreement (every agreement, or the IDs given; unknown IDs raise)."""
    rows = [r for r in dataset.rows("Agreements") if r.id]
    wanted = [i.strip() for i in ids if i and i.strip()]
    if wanted:
        by_id = {r.id.lower(): r for r in rows if r.id}
        unknown = [i for i in wanted if i.lower() not in by_id]
        if unknown:
            raise UsageError(
                f"no agreement {printable(', '.join(unknown))} in the Agreements sheet "
                f"(known: {_known_ids([r.id for r in rows if r.id])})"
            )
        rows = [by_id[i.lower()] for i in dict.fromkeys(wanted)]
    ctx = _Context(dataset)
    return [build_agreement(ctx, row, as_of) for row in rows]


MAX_KNOWN_IDS = 20


def _known_ids(ids: list[str]) -> str:
    """The agreement IDs for an error message: control characters escaped, a long list cut."""
    shown = ", ".join(printable(i) for i in ids[:MAX_KNOWN_IDS]) or "none"
    more = len(ids) - MAX_KNOWN_IDS
    return shown + (f" and {more} more" if more > 0 else "")


class _Context:
    """Lookups shared by every agreement of one dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.ds = dataset
        self.people = People(dataset)
        self.provider = provider_name(dataset)
        self.services = dataset.by_key("Services")
        self.components = dataset.by_key("Components")
        self.catalogue = dataset.by_key("Catalogue", "service")
        self.parties = {
            **dataset.by_key("Customers"),
            **dataset.by_key("Parties"),
            **dataset.by_key("Suppliers"),
        }
        self.terms: dict[tuple[str, str], list[str]] = {}
        for t in dataset.rows("Agreement Terms"):
            key = (text(t["agreement"]).lower(), text(t["section"]).lower())
            if text(t["text"]):
                self.terms.setdefault(key, []).append(text(t["text"]))

    def name_of(self, ref: Any) -> str:
        """Name of a service, component or party ID (the ID when unknown)."""
        if not isinstance(ref, str):
            return NOT_SET
        for table in (self.services, self.components, self.parties):
            rec = table.get(ref.lower())
            if rec is not None:
                return f"{text(rec['name'])} ({ref})"
        return ref


def build_agreement(ctx: _Context, row: Record, as_of: dt.date) -> Document:
    kind = text(row["type"], "SLA").upper()
    long_name, other_side = KINDS.get(kind, KINDS["SLA"])
    aid = text(row.id)
    default = kind == "SLA" and text(row["sla_kind"]).lower() == "default"
    counterparty = _counterparty(ctx, row, default)
    services = _covered_services(ctx, row, default)
    components = [
        ctx.components[c.lower()] for c in row["components"] or [] if c.lower() in ctx.components
    ]
    sections = [
        _section(ctx, row, number, key, title, kind, services, components, as_of)
        for number, (key, title) in enumerate(SECTIONS, 1)
    ]
    sections.append(
        Section(
            "Signatures",
            [
                Paragraph(f"By signing, both parties accept this {long_name.lower()}.", "body"),
                _signatures(ctx, row, kind, other_side, counterparty, default),
            ],
            keep_together=True,
        )
    )
    scope_names = (
        [text(s["name"]) for s in services]
        if kind == "SLA"
        else [text(c["name"]) for c in components]
    )
    title = text(row["title"]) or f"{long_name} {aid}"
    missing = [t for (k, t) in SECTIONS if not ctx.terms.get((aid.lower(), k))]
    return Document(
        kind="agreement",
        stem=slug(aid),
        title=title,
        subtitle=f"{long_name} ({aid})" + (", default SLA for all customers" if default else ""),
        provider=ctx.provider,
        as_of=as_of,
        summary=(
            f"Published by {ctx.provider} for every customer of "
            f"{join_and(scope_names) or 'its services'}."
            if default
            else f"Agreed between {ctx.provider} and {counterparty}"
            + (f" for {join_and(scope_names)}." if scope_names else ".")
        ),
        cover_facts=[
            ("Agreement", f"{aid}, version {text(row['version'], NOT_SET)}"),
            ("Type", long_name + (" (default)" if default else "")),
            ("Service provider", ctx.provider),
            (other_side.capitalize(), counterparty),
            ("Services" if kind == "SLA" else "Components", join_and(scope_names) or NOT_SET),
            ("Valid", _validity(row)),
            ("Status", text(row["status"], NOT_SET)),
        ],
        control=_control(ctx, row, aid, as_of),
        sections=sections,
        toc=True,
        chapter_breaks=False,
        keywords=["FitSM", "PR2", kind, aid],
        extra={"id": aid, "type": kind, "missing_sections": missing},
    )


def _counterparty(ctx: _Context, row: Record, default: bool) -> str:
    ref = row["counterparty"]
    if ref:
        rec = ctx.parties.get(text(ref).lower())
        return text(rec["name"]) if rec is not None else text(ref)
    return "every customer of the services covered" if default else "the counterparty (not named)"


def _covered_services(ctx: _Context, row: Record, default: bool) -> list[Record]:
    ids = row["services"] or []
    if not ids and default:  # a default SLA with no services listed covers every live service
        return [s for s in ctx.ds.rows("Services") if text(s["status"]).lower() == "live"]
    return [ctx.services[i.lower()] for i in ids if i.lower() in ctx.services]


def _validity(row: Record) -> str:
    start, end = iso(row["valid_from"]), iso(row["valid_until"])
    if not start and not end:
        return NOT_SET
    return f"from {start or NOT_SET}" + (f" until {end}" if end else " (open-ended)")


def next_review(row: Record) -> dt.date | None:
    base = row["last_review"] or row["signed_on"]
    months = row["review_interval"]
    if isinstance(base, dt.date) and isinstance(months, int):
        return add_months(base, months)
    return None


def _control(ctx: _Context, row: Record, aid: str, as_of: dt.date) -> DocumentControl:
    signed = isinstance(row["signed_on"], dt.date) and row["signed_on"] <= as_of
    return DocumentControl(
        identifier=aid,
        version=text(row["version"], NOT_SET),
        status=text(row["status"], NOT_SET),
        owner=ctx.people.label(row["owner"]),
        approved_by="signed by both parties" if signed else "pending signature",
        approved_on=iso(row["signed_on"]) if signed else NOT_SET,
        date=iso(as_of),
        next_review=iso(next_review(row)),
        source=f"Agreements {aid}",
    )


# ---------------------------------------------------------------------- the twelve sections
def _section(
    ctx: _Context,
    row: Record,
    number: int,
    key: str,
    title: str,
    kind: str,
    services: list[Record],
    components: list[Record],
    as_of: dt.date,
) -> Section:
    texts = ctx.terms.get((text(row.id).lower(), key), [])
    blocks: list[Block] = [Paragraph(t) for t in texts]
    data = _section_data(ctx, row, key, kind, services, components)
    if not texts and not data:
        blocks.append(Paragraph(GAP_TEXT, "gap"))
    blocks.extend(data)
    return Section(f"{number}. {title}", blocks)


def _section_data(
    ctx: _Context,
    row: Record,
    key: str,
    kind: str,
    services: list[Record],
    components: list[Record],
) -> list[Block]:
    if key == "service description":
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
    if key == "service hours and exceptions" and kind == "SLA":
        pairs = [
            (text(s["name"]), text(s["service_hours"])) for s in services if s["service_hours"]
        ]
        return [Facts(pairs)] if pairs else []
    if key == "service components and dependencies":
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
    if key == "support":
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
    if key == "service level targets":
        return _targets(ctx, row)
    if key == "communication, reporting and escalation":
        return _reports(ctx, row)
    if key == "review":
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
                    ("Validity", _validity(row)),
                ]
            )
        ]
    if key == "glossary":
        terms = [kind, "target", "hours"] + (["incident", "request"] if kind == "SLA" else [])
        return [Facts([GLOSSARY[t] for t in terms])]
    return []


def _table(columns: list[tuple[str, float]], rows: list[list[Cell]]) -> list[Block]:
    if not rows:
        return []
    return [Table(columns=[Column(h, w) for h, w in columns], rows=rows)]


def _component_rows(ctx: _Context, services: list[Record]) -> list[list[Cell]]:
    ids = {(s.id or "").lower() for s in services}
    covering: dict[str, list[str]] = {}
    for a in ctx.ds.rows("Agreements"):
        if text(a["type"]) in ("OLA", "UA") and text(a["status"]) == "active":
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


def _targets(ctx: _Context, row: Record) -> list[Block]:
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


def _reports(ctx: _Context, row: Record) -> list[Block]:
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


def _signatures(
    ctx: _Context, row: Record, kind: str, other_side: str, counterparty: str, default: bool
) -> Signatures:
    signed = iso(row["signed_on"])
    provider_side = "For the service provider" + (" (as customer)" if kind == "UA" else "")
    parties = [
        Signatory(
            provider_side,
            ctx.provider,
            ctx.people.name(row["owner"]),
            ctx.people.position(row["owner"]) or "Agreement owner",
            signed,
        )
    ]
    if default:
        parties[0].role += "; published as the default SLA, accepted with each order"
    else:
        signatory = row["counterparty_signatory"]
        parties.append(
            Signatory(
                f"For the {other_side}",
                counterparty,
                ctx.people.name(signatory, "(signatory not named)"),
                ctx.people.position(signatory) or "Authorised signatory",
                signed,
            )
        )
    return Signatures(parties)
