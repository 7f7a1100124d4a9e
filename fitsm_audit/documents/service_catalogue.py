"""The customer-facing service catalogue: live services, how to request them, support, SLA."""

from __future__ import annotations

import datetime as dt

from fitsm_audit.documents.common import (
    NOT_SET,
    People,
    control_from_register,
    iso,
    join_unique,
    long_date,
    process_role,
    provider_name,
    text,
)
from fitsm_audit.documents.model import Cell, Column, Document, Facts, Paragraph, Section, Table
from fitsm_audit.model import Dataset, Record


def build_service_catalogue(dataset: Dataset, as_of: dt.date) -> Document:
    """The catalogue of live services that have a Catalogue entry."""
    provider = provider_name(dataset)
    people = People(dataset)
    services = dataset.by_key("Services")
    agreements = dataset.by_key("Agreements")
    entries: list[tuple[Record, Record]] = []
    for entry in dataset.rows("Catalogue"):
        svc = services.get(text(entry["service"]).lower())
        if (
            svc is not None
            and text(svc["status"]).lower() == "live"
            and svc["in_scope"] is not False
        ):
            entries.append((entry, svc))
    listed = {(svc.id or "").lower() for _, svc in entries}
    missing = [
        s.id
        for s in dataset.rows("Services")
        if text(s["status"]).lower() == "live" and (s.id or "").lower() not in listed
    ]

    overview = Table(
        columns=[
            Column("Service", 2.0),
            Column("What you get", 4.6),
            Column("Applicable SLA", 2.2),
        ],
        rows=[
            [
                Cell(text(svc["name"]), bold=True),
                Cell(text(entry["description"])),
                Cell(_sla_text(dataset, agreements, entry, svc, short=True)),
            ]
            for entry, svc in entries
        ],
        empty="No live service has a catalogue entry yet.",
    )
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
                            ("Value to you", text(svc["value_proposition"], NOT_SET)),
                            ("How to request it", text(entry["how_to_request"], NOT_SET)),
                            ("Service hours", text(svc["service_hours"], NOT_SET)),
                            ("Support", _support(people, entry, svc)),
                            (
                                "Applicable SLA",
                                _sla_text(dataset, agreements, entry, svc, short=False),
                            ),
                            ("Service owner", people.label(svc["owner"])),
                            ("Listed since", iso(entry["published_on"]) or NOT_SET),
                        ]
                    ),
                ],
            )
        )
    sla_manager = process_role(dataset, "PR2", "process manager")
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
    return Document(
        kind="service-catalogue",
        stem="service-catalogue",
        title="Service catalogue",
        subtitle=f"The services {provider} offers, and how to get them",
        provider=provider,
        as_of=as_of,
        summary=f"{len(entries)} live service(s) as of {long_date(as_of)}.",
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
        extra={"services": [text(s.id) for _, s in entries], "missing": missing},
    )


def _sla_text(
    dataset: Dataset, agreements: dict[str, Record], entry: Record, svc: Record, *, short: bool
) -> str:
    """The catalogue's default SLA, else the in-force SLAs covering the service."""
    ref = text(entry["default_sla"])
    rec = agreements.get(ref.lower()) if ref else None
    if rec is not None:
        title = text(rec["title"])
        return (
            ref
            if short and not title
            else (
                f"{ref}: {title}" + ("" if short else f", version {text(rec['version'], NOT_SET)}")
            )
        )
    individual = [
        text(a.id)
        for a in dataset.rows("Agreements")
        if text(a["type"]) == "SLA"
        and text(a["status"]) == "active"
        and (svc.id or "").lower() in {s.lower() for s in a["services"] or []}
    ]
    if individual:
        return "Individual SLA agreed with each customer"
    return "No SLA published yet"


def _support(people: People, entry: Record, svc: Record) -> str:
    """The catalogue's support contact and the service's support text, each said once."""
    return (
        join_unique([people.contact(entry["support_contact"], ""), text(svc["support"])]) or NOT_SET
    )
