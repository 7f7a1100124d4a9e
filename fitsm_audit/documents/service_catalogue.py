"""The customer-facing service catalogue: live services, how to request them, support, SLA."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.core.words import count
from fitsm_audit.documents.common import (
    NOT_SET,
    People,
    control_from_register,
    iso,
    join_unique,
    long_date,
    provider_name,
    text,
)
from fitsm_audit.documents.model import (
    Cell,
    Column,
    Document,
    DocumentControl,
    Facts,
    Paragraph,
    Section,
    Table,
)
from fitsm_audit.documents.row_use import RowUse, uses
from fitsm_audit.workbook.agreements import InForce
from fitsm_audit.workbook.records import Dataset, Record
from fitsm_audit.workbook.roles import process_role


def _rows_used(dataset: Dataset) -> RowUse:
    """Services and Catalogue whole; of Agreements and Targets the SLAs' rows."""
    slas = {text(a.id).lower() for a in dataset.rows("Agreements") if text(a["type"]).upper() == "SLA"}
    rows = [("Agreements", a.row) for a in dataset.rows("Agreements") if text(a.id).lower() in slas]
    rows += [("Targets", t.row) for t in dataset.rows("Targets") if text(t["agreement"]).lower() in slas]
    return uses(["Services", "Catalogue"], rows)


def build_service_catalogue(dataset: Dataset, as_of: dt.date) -> Document:
    """The catalogue of live services that have a Catalogue entry."""
    provider = provider_name(dataset)
    people = People(dataset)
    slas = _Slas(dataset, as_of)
    entries = _entries(dataset)
    missing = _missing(dataset, entries)
    services = dataset.by_key("Services")
    entries += [  # a live service without an entry is still offered: listed from Services
        (Record("Catalogue", 0, {"service": sid}), services[str(sid).lower()])
        for sid in missing
        if sid and str(sid).lower() in services
    ]
    overview = _overview(entries, slas)
    details = _details(entries, slas, people)
    sla_manager = process_role(dataset, "PR2", "process manager")
    control = _control(dataset, as_of, entries, sla_manager)
    return Document(
        kind="service-catalogue",
        stem="service-catalogue",
        title="Service catalogue",
        subtitle=f"The services {provider} offers, and how to get them",
        provider=provider,
        as_of=as_of,
        summary=f"{count(len(entries), 'live service')} as of {long_date(as_of)}.",
        cover_facts=[
            ("Service provider", provider),
            ("Services", str(len(entries))),
            ("Catalogue owner", people.label(sla_manager)),
            ("As of", long_date(as_of)),
        ],
        control=control,
        chapter_breaks=False,
        sections=[
            Section(
                "Our services",
                [
                    Paragraph(
                        f"This catalogue lists every service {provider} currently offers. The "
                        "applicable service level agreement states what we promise for each service; "
                        "ask us for a copy.",
                        "body",
                    ),
                    overview,
                ],
            ),
            details,
        ],
        keywords=["FitSM", "PR2", "service catalogue"],
        extra={
            "services": [text(s.id) for _, s in entries],
            "missing": missing,
            "uses": _rows_used(dataset),
        },
    )


def _entries(dataset: Dataset) -> list[tuple[Record, Record]]:
    """The Catalogue entries of live, in-scope services, each with its service."""
    services = dataset.by_key("Services")
    entries: list[tuple[Record, Record]] = []
    for entry in dataset.rows("Catalogue"):
        svc = services.get(text(entry["service"]).lower())
        if (
            svc is not None
            and text(svc["status"]).lower() == "live"
            and svc["in_scope"] is not False
        ):
            entries.append((entry, svc))
    return entries


def _missing(dataset: Dataset, entries: list[tuple[Record, Record]]) -> list[str | None]:
    """The live, in-scope services without a catalogue entry."""
    listed = {(svc.id or "").lower() for _, svc in entries}
    missing = [
        s.id
        for s in dataset.rows("Services")
        if text(s["status"]).lower() == "live"
        and s["in_scope"] is not False
        and (s.id or "").lower() not in listed
    ]
    return missing


def _overview(entries: list[tuple[Record, Record]], slas: _Slas) -> Table:
    return Table(
        columns=[
            Column("Service", 2.0),
            Column("What you get", 4.6),
            Column("Applicable SLA", 2.2),
        ],
        rows=[
            [
                Cell(text(svc["name"]), bold=True),
                Cell(text(entry["description"])),
                Cell(slas.applicable(entry, svc, short=True)),
            ]
            for entry, svc in entries
        ],
        empty="No live service has a catalogue entry yet.",
    )


def _details(entries: list[tuple[Record, Record]], slas: _Slas, people: People) -> Section:
    details = Section(
        "Service descriptions",
        [
            Paragraph(
                "Each service with how to request it, when it is available and whom to contact.",
                "note",
            ),
        ],
    )
    for entry, svc in entries:
        details.subsections.append(
            Section(
                f"{text(svc['name'])} ({text(svc.id)})",
                [
                    Paragraph(text(entry["description"]) or text(svc["description"]), "lead"),
                    Facts(
                        [
                            (label, value)
                            for label, value in (
                                ("Value to you", text(svc["value_proposition"])),
                                ("How to request it", text(entry["how_to_request"])),
                                ("Service hours", text(svc["service_hours"])),
                                ("Support", _support(people, entry, svc)),
                                ("Applicable SLA", slas.applicable(entry, svc, short=False)),
                                ("Service owner", people.label(svc["owner"])),
                                ("Listed since", iso(entry["published_on"])),
                            )
                            if value and value != NOT_SET  # a customer reads no "not set"
                        ]
                    ),
                ],
            )
        )
    return details


def _control(
    dataset: Dataset, as_of: dt.date, entries: list[tuple[Record, Record]], sla_manager: Any
) -> DocumentControl:
    sla_owner = process_role(dataset, "PR2", "process owner")
    control = control_from_register(
        dataset,
        "service catalogue",
        identifier="Service catalogue",
        as_of=as_of,
        fallback_owner=sla_manager,
        fallback_approver=sla_owner,
    )
    published = [e["published_on"] for e, _ in entries if isinstance(e["published_on"], dt.date)]
    if control.source == "generated":
        control.status = "published" if published else "draft"
        control.version = iso(max(published)) if published else "0.1"
        control.source = "Catalogue sheet"
    return control


class _Slas:
    """The SLAs in force on one date, by the service they cover (built once per catalogue)."""

    def __init__(self, dataset: Dataset, as_of: dt.date) -> None:
        self.as_of = as_of
        self.in_force = InForce(dataset, as_of)  # D5, as the assessment counts it
        self.by_id = dataset.by_key("Agreements")
        self.by_service: dict[str, list[Record]] = {}
        self.blanket: list[Record] = []  # default SLAs with no services listed cover every service
        for a in dataset.rows("Agreements"):
            if not a.id or not _is_sla(a) or not self.in_force(a):
                continue
            services = [s.lower() for s in a["services"] or [] if isinstance(s, str)]
            if not services and _is_default(a):
                self.blanket.append(a)
            for sid in services:
                self.by_service.setdefault(sid, []).append(a)

    def applicable(self, entry: Record, svc: Record, *, short: bool) -> str:
        """The catalogue's default SLA, else another default SLA covering the service, else the
        individual SLAs; each only when in force."""
        covering = self.by_service.get((svc.id or "").lower(), []) + self.blanket
        ref = text(entry["default_sla"])
        rec = self.by_id.get(ref.lower()) if ref else None
        if rec is None or not _is_sla(rec) or not self.in_force(rec):
            rec = next((a for a in covering if _is_default(a)), None)
        if rec is not None:
            title = text(rec["title"])
            name = f"{text(rec.id)}: {title}" if title else text(rec.id)
            return name if short else f"{name}, version {text(rec['version'], NOT_SET)}"
        if covering:
            return "Individual SLA agreed with each customer"
        return "No published service levels yet: ask us for the levels that apply to you"


def _is_sla(agreement: Record) -> bool:
    return text(agreement["type"]).upper() == "SLA"


def _is_default(agreement: Record) -> bool:
    return text(agreement["sla_kind"]).lower() == "default"


def _support(people: People, entry: Record, svc: Record) -> str:
    """The catalogue's support contact and the service's support text, each said once."""
    return (
        join_unique([people.contact(entry["support_contact"], ""), text(svc["support"])]) or NOT_SET
    )
