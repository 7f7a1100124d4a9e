"""Which agreements count as in force, by one rule for every stage (docs/assessment-method.md D5):
active, signed, within their validity, and complete (no required section of their Agreement
Terms rows blank or a placeholder). The assessment, the SLA/OLA/UA documents and the service
catalogue all ask here, so an agreement the assessment does not count is never named as
underpinning or covering anything in a document."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from fitsm_audit.spec.rules import agreement_in_force, unagreed_sections
from fitsm_audit.workbook.records import Dataset, Record


def _key(value: str) -> str:
    return value.strip().lower()


def unagreed_terms(dataset: Dataset) -> dict[str, list[Record]]:
    """Agreement key -> its Agreement Terms rows of a required section that is blank or a
    placeholder. A sheet read without its section or text column is not judged (check reports
    the missing column)."""
    layout = dataset.layouts.get("Agreement Terms")
    if layout is not None and not {"section", "text"} <= set(layout.columns):
        return {}
    rows: dict[str, list[Record]] = defaultdict(list)
    for t in dataset.rows("Agreement Terms"):
        if isinstance(t["agreement"], str):
            rows[_key(t["agreement"])].append(t)
    out: dict[str, list[Record]] = {}
    for k, terms in rows.items():
        bad = unagreed_sections((t["section"], t["text"]) for t in terms)
        if bad:
            out[k] = [terms[i] for i in bad]
    return out


def in_force(agreement: Record, as_of: dt.date) -> bool:
    """Active, signed and within its validity on ``as_of`` (completeness aside)."""
    return agreement_in_force(
        agreement["status"], agreement["signed_on"], agreement["valid_from"],
        agreement["valid_until"], as_of,
    )  # fmt: skip


class InForce:
    """The D5 test for one dataset: in force and complete (the unagreed terms read once)."""

    def __init__(self, dataset: Dataset, as_of: dt.date) -> None:
        self.as_of = as_of
        self.unagreed = unagreed_terms(dataset)

    def incomplete(self, agreement: Record) -> bool:
        return bool(agreement.id) and _key(agreement.id or "") in self.unagreed

    def __call__(self, agreement: Record) -> bool:
        return in_force(agreement, self.as_of) and not self.incomplete(agreement)
