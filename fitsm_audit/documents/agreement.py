"""SLA, OLA and UA documents: the twelve SLA sections of the FitSM training, filled from the
Agreement Terms, Targets, Services, Components and Reports sheets, with signature blocks.

The lookups are in :mod:`.agreement_context`, the register data of each section in
:mod:`.agreement_sections`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from fitsm_audit.core.errors import UsageError
from fitsm_audit.core.findings import printable
from fitsm_audit.documents.agreement_context import AgreementContext, next_review, validity
from fitsm_audit.documents.agreement_sections import section_data
from fitsm_audit.documents.agreement_state import DRAFT, agreement_state
from fitsm_audit.documents.common import NOT_SET, iso, join_and, slug, text
from fitsm_audit.documents.model import (
    Block,
    Document,
    DocumentControl,
    Paragraph,
    Section,
    Signatory,
    Signatures,
)
from fitsm_audit.documents.row_use import RowUse, uses
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
    ctx = AgreementContext(dataset, as_of)
    return [build_agreement(ctx, row, as_of) for row in rows]


MAX_KNOWN_IDS = 20


def _known_ids(ids: list[str]) -> str:
    """The agreement IDs for an error message: control characters escaped, a long list cut."""
    shown = ", ".join(printable(i) for i in ids[:MAX_KNOWN_IDS]) or "none"
    more = len(ids) - MAX_KNOWN_IDS
    return shown + (f" and {more} more" if more > 0 else "")


def build_agreement(ctx: AgreementContext, row: Record, as_of: dt.date) -> Document:
    kind = text(row["type"], "SLA").upper()
    long_name, other_side = KINDS.get(kind, KINDS["SLA"])
    aid = text(row.id)
    default = kind == "SLA" and text(row["sla_kind"]).lower() == "default"
    counterparty = _counterparty(ctx, row, default)
    services = _covered_services(ctx, row, default)
    components = [
        ctx.components[c.lower()] for c in row["components"] or [] if c.lower() in ctx.components
    ]
    built = [
        _section(ctx, row, number, key, title, kind, services, components)
        for number, (key, title) in enumerate(SECTIONS, 1)
    ]
    sections = [section for section, _texts, _data in built]
    state = agreement_state(
        kind,
        row["status"],
        [(n, key, title, texts, data)
         for n, ((key, title), (_s, texts, data)) in enumerate(zip(SECTIONS, built, strict=True), 1)],
    )  # fmt: skip
    sections.append(
        Section(
            "Signatures",
            [
                Paragraph(_acceptance(kind, long_name, default, ctx.provider), "body"),
                *_resign_note(row),
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
            ("Valid", validity(row)),
            ("Status", text(row["status"], NOT_SET)),
        ],
        control=_control(ctx, row, aid, as_of),
        sections=sections,
        toc=True,
        chapter_breaks=False,
        keywords=["FitSM", "PR2", kind, aid],
        extra={
            "id": aid, "type": kind, "missing_sections": missing, "final": state.final,
            "open_sections": state.open_sections, "draft_reasons": state.reasons,
            "uses": _rows_used(ctx, row, services, components),
        },  # fmt: skip
        marks=[] if state.final else [_mark(row["status"])],
        mark_notes=[state.note] if state.note else [],
    )


def _rows_used(ctx: AgreementContext, row: Record, services: list[Record], components: list[Record]) -> RowUse:
    """Its Agreements row, its terms and targets, the services, components and party it names."""
    aid = text(row.id).lower()
    rows = [("Agreements", row.row)] + [
        (sheet, r.row)
        for sheet in ("Agreement Terms", "Targets")
        for r in ctx.ds.rows(sheet)
        if text(r["agreement"]).lower() == aid
    ]
    rows += [(r.sheet, r.row) for r in [*services, *components]]
    party = text(row["counterparty"]).lower()
    rows += [(sheet, r.row) for sheet in ("Parties", "Suppliers", "Customers")
             for r in ctx.ds.rows(sheet) if party and text(r.id).lower() == party]  # fmt: skip
    return uses(rows=rows)


def _reviewed_since_signing(row: Record) -> bool:
    """Reviewed after it was signed: the signatures belong to an earlier version."""
    signed, reviewed = row["signed_on"], row["last_review"]
    return isinstance(signed, dt.date) and isinstance(reviewed, dt.date) and reviewed > signed


def _resign_note(row: Record) -> list[Block]:
    """When it was reviewed after signing, the dates say which is which: the signature dates are
    those of the signing, not of this version."""
    if not _reviewed_since_signing(row):
        return []
    published = text(row["sla_kind"]).lower() == "default"
    return [
        Paragraph(
            f"{'Published' if published else 'Signed'} on {iso(row['signed_on'])}; last reviewed "
            f"on {iso(row['last_review'])}, now at version {text(row['version'], NOT_SET)}. "
            + ("A review that changed the agreement replaces the published version."
               if published else "A review that changed the agreement needs new signatures."),
            "note",
        )
    ]


def _mark(status: object) -> str:
    """DRAFT for a draft or an active agreement with open sections; else its status (EXPIRED)."""
    said = text(status).lower()
    return DRAFT if said in ("", "draft", "active") else said.upper()


def _acceptance(kind: str, long_name: str, default: bool, provider: str) -> str:
    if default:
        return (
            f"{provider} publishes this agreement as its default SLA: a customer accepts it by "
            "placing an order, without a signature of its own."
        )
    if kind == "OLA":
        return f"By signing, both parts of {provider} accept this {long_name.lower()}."
    return f"By signing, both parties accept this {long_name.lower()}."


def _counterparty(ctx: AgreementContext, row: Record, default: bool) -> str:
    ref = row["counterparty"]
    if ref:
        rec = ctx.parties.get(text(ref).lower())
        return text(rec["name"]) if rec is not None else text(ref)
    return "every customer of the services covered" if default else "the counterparty (not named)"


def _covered_services(ctx: AgreementContext, row: Record, default: bool) -> list[Record]:
    ids = row["services"] or []
    if not ids and default:  # a default SLA with no services listed covers every live service
        return [s for s in ctx.ds.rows("Services") if text(s["status"]).lower() == "live"]
    return [ctx.services[i.lower()] for i in ids if i.lower() in ctx.services]


def _control(ctx: AgreementContext, row: Record, aid: str, as_of: dt.date) -> DocumentControl:
    signed = isinstance(row["signed_on"], dt.date) and row["signed_on"] <= as_of
    return DocumentControl(
        identifier=aid,
        version=text(row["version"], NOT_SET),
        status=text(row["status"], NOT_SET),
        owner=ctx.people.label(row["owner"]),
        approved_by=_approval(row, signed),
        approved_on=iso(row["signed_on"]) if signed else NOT_SET,
        date=iso(as_of),
        next_review=iso(next_review(row)),
        source=f"Agreements {aid}",
    )


def _approval(row: Record, signed: bool) -> str:
    if text(row["type"]).upper() == "SLA" and text(row["sla_kind"]).lower() == "default":
        return "published as the default SLA" if signed else "not yet published"
    return "signed by both parties" if signed else "pending signature"


# ---------------------------------------------------------------------- the twelve sections
def _section(
    ctx: AgreementContext,
    row: Record,
    number: int,
    key: str,
    title: str,
    kind: str,
    services: list[Record],
    components: list[Record],
) -> tuple[Section, list[str], bool]:
    """The section, its texts from Agreement Terms, and whether register data fills it."""
    texts = ctx.terms.get((text(row.id).lower(), key), [])
    blocks: list[Block] = [Paragraph(t) for t in texts]
    data = section_data(ctx, row, key, kind, services, components)
    if not texts and not data:
        blocks.append(Paragraph(GAP_TEXT, "gap"))
    blocks.extend(data)
    return Section(f"{number}. {title}", blocks), texts, bool(data)


def _signatures(
    ctx: AgreementContext, row: Record, kind: str, other_side: str, counterparty: str, default: bool
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
        known = ctx.people.record(signatory) is not None
        contact = text(signatory)
        parties.append(
            Signatory(
                f"For the {other_side}",
                counterparty,
                ctx.people.name(signatory) if known else "",  # never an e-mail as the name
                (ctx.people.position(signatory) if known else "")
                or ("Authorised signatory" + (f" (contact: {contact})" if contact else "")),
                signed,
            )
        )
    return Signatures(parties)
