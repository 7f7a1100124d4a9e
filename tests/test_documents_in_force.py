"""The documents count an agreement in force as the assessment does (D5, workbook/agreements.py):
an agreement whose Agreement Terms are not agreed yet underpins nothing in an SLA document and is
no applicable SLA in the service catalogue."""

from __future__ import annotations

from typing import Any

from test_documents_data import AS_OF, sample

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.documents.agreement import build_agreements
from fitsm_audit.documents.model import Document, Table
from fitsm_audit.workbook.agreements import InForce


def underpinned_by(doc: Document) -> list[str]:
    out: list[str] = []
    for section in doc.sections:
        for block in [*section.blocks, *(b for s in section.subsections for b in s.blocks)]:
            if isinstance(block, Table) and [c.header for c in block.columns][-1:] == ["Underpinned by"]:
                out += [row[-1].text for row in block.rows]
    return out


def unagree(dataset: Any, agreement: str) -> None:
    for t in dataset.rows("Agreement Terms"):
        if t["agreement"] == agreement:
            t.values["text"] = "TBD"


def test_an_incomplete_ua_underpins_nothing_and_both_stages_agree() -> None:
    dataset, _, _ = sample()
    docs = {d.stem: d for d in build_agreements(dataset, AS_OF, [])}
    holder = next(stem for stem, d in docs.items() if any("UA-001" in c for c in underpinned_by(d)))
    assert any(r["agreement"] == "UA-001" for r in dataset.rows("Agreement Terms"))
    unagree(dataset, "UA-001")
    after = {d.stem: d for d in build_agreements(dataset, AS_OF, [])}
    assert not any("UA-001" in c for c in underpinned_by(after[holder]))
    ua = dataset.by_key("Agreements")["ua-001"]
    assert InForce(dataset, AS_OF)(ua) is False
    assert AssessmentContext(dataset, AS_OF).counts_in_force(ua) is False
