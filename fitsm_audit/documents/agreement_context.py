"""What every agreement document of one dataset looks up: names, parties, terms; and the dates
of an agreement (validity, next review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.core.dates import add_months
from fitsm_audit.documents.common import NOT_SET, People, iso, provider_name, text
from fitsm_audit.workbook.records import Dataset, Record


class AgreementContext:
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


def validity(row: Record) -> str:
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
