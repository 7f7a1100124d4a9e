"""The service catalogue: live services with an entry, how to request, support, applicable SLA."""

from __future__ import annotations

import re

from test_documents_data import AS_OF, docx_text, pdf_text, sample, tiny_dataset, weasyprint_logs

from fitsm_audit.documents.model import Facts
from fitsm_audit.documents.service_catalogue import build_service_catalogue
from fitsm_audit.render import render


def test_only_live_services_with_an_entry_are_listed() -> None:
    doc = build_service_catalogue(tiny_dataset(), AS_OF)
    assert doc.extra == {"services": ["SVC-001"], "missing": ["SVC-003"]}
    details = doc.sections[1].subsections[0]
    facts = dict(next(b for b in details.blocks if isinstance(b, Facts)).pairs)
    assert facts["How to request it"] == "Call us"
    assert facts["Applicable SLA"] == "SLA-001: Default SLA, version 1.0"
    assert facts["Support"] == "Bob Crust, 555-0100; Call 555-0100"
    assert facts["Service hours"] == "Daily 10-22"


def test_sample_catalogue_in_both_formats() -> None:
    dataset, _, _ = sample()
    doc = build_service_catalogue(dataset, AS_OF)
    assert "SVC-005" in doc.extra["missing"]  # planted gap: the loyalty programme
    with weasyprint_logs() as records:
        out = render(doc, ["docx", "pdf"])
    assert records == []
    pdf = re.sub(r"\s+", " ", pdf_text(out["pdf"]))
    word = re.sub(r"\s+", " ", docx_text(out["docx"]))
    for phrase in (
        "Pizza delivery (SVC-001)",
        "Party and event catering",
        "catering@prontopizza.example",
        "SLA-001: Default SLA",
        "Individual SLA agreed with each customer",
        "How to request it",
    ):
        assert phrase in pdf, phrase
        assert phrase in word, phrase
    assert "Pronto Points loyalty programme (SVC-005)" not in pdf
