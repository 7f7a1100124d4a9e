"""What every agreement document of one dataset looks up: names, parties, terms; and the dates
of an agreement (validity, next review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.documents.common import NOT_SET, People, iso, provider_name, text
from fitsm_audit.spec.rules import review_due_on
from fitsm_audit.workbook.agreements import InForce
from fitsm_audit.workbook.records import Dataset, Record


class AgreementContext:
    """Lookups shared by every agreement of one dataset."""

    def __init__(self, dataset: Dataset, as_of: dt.date) -> None:
        self.ds = dataset
        self.as_of = as_of
        self.people = People(dataset)
        self.in_force = InForce(dataset, as_of)  # D5, as the assessment counts it
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
    """When the agreement is next reviewed: the rule check and assess apply (spec.rules)."""
    return review_due_on(row["last_review"], row["review_interval"], base=row["signed_on"])
