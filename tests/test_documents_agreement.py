"""SLA/OLA/UA documents: the twelve sections, targets, signatures; the sample in DOCX and PDF."""

from __future__ import annotations

import re

import pytest
from test_documents_data import AS_OF, docx_text, pdf_text, sample, tiny_dataset, weasyprint_logs

from fitsm_audit.core.errors import UsageError
from fitsm_audit.documents.agreement import GAP_TEXT, SECTIONS, build_agreements
from fitsm_audit.documents.model import Paragraph, Signatures, Table
from fitsm_audit.render import render
from fitsm_audit.workbook.records import Record


def test_every_agreement_gets_the_twelve_sections_and_signatures() -> None:
    docs = build_agreements(tiny_dataset(), AS_OF)
    assert [d.stem for d in docs] == ["SLA-001", "OLA-001"]
    titles = [s.title for s in docs[0].sections]
    assert titles == [
        "1. Service description",
        "2. Service hours and exceptions",
        "3. Service components and dependencies",
        "4. Support",
        "5. Service level targets",
        "6. Limitations and constraints",
        "7. Communication, reporting and escalation",
        "8. Information security and data protection",
        "9. Additional responsibilities of the provider",
        "10. Customer responsibilities",
        "11. Review",
        "12. Glossary",
        "Signatures",
    ]  # stated here, not derived from SECTIONS, so a dropped or renamed section fails
    assert len(SECTIONS) == 12
    assert [s.title for s in docs[1].sections] == titles  # the OLA too


def test_terms_text_and_data_fill_the_sections_gaps_are_marked() -> None:
    sla = build_agreements(tiny_dataset(), AS_OF, ["sla-001"])[0]
    by_title = {s.title.split(". ", 1)[-1]: s for s in sla.sections}
    assert by_title["Service description"].blocks[0].text == "We bake pies."
    targets = next(b for b in by_title["Service level targets"].blocks if isinstance(b, Table))
    assert [[c.text for c in r] for r in targets.rows] == [
        ["Delivery time", "Pie delivery (SVC-001)", "—", "<= 20 minutes"]
    ]  # two periods, one row
    limitation = by_title["Limitations and constraints"].blocks
    assert isinstance(limitation[0], Paragraph) and limitation[0].text == GAP_TEXT
    assert "Limitations and constraints" in sla.extra["missing_sections"]


def test_default_sla_is_signed_by_the_provider_only_and_ola_by_both() -> None:
    sla, ola = build_agreements(tiny_dataset(), AS_OF)
    sig = sla.sections[-1].blocks[-1]
    assert isinstance(sig, Signatures) and len(sig.parties) == 1
    assert sig.parties[0].name == "Bob Crust" and sig.parties[0].signed_on == "2026-01-10"
    other = ola.sections[-1].blocks[-1].parties
    assert [p.side for p in other] == ["For the service provider", "For the supporting party"]
    assert other[1].name == "Bob Crust" and other[1].signed_on == ""
    assert ola.control.approved_by == "pending signature"


def test_unknown_ids_are_refused_with_the_known_ones() -> None:
    with pytest.raises(UsageError, match="SLA-999.*known: SLA-001, OLA-001"):
        build_agreements(tiny_dataset(), AS_OF, ["SLA-999"])


def test_a_long_known_id_list_is_cut_and_escaped() -> None:
    ds = tiny_dataset()
    first = ds.tables["Agreements"][0]
    ds.tables["Agreements"] = [
        Record("Agreements", i + 2, {**first.values, "id": f"SLA-{i:03d}\x1b"}) for i in range(25)
    ]
    with pytest.raises(UsageError) as caught:
        build_agreements(ds, AS_OF, ["X\x07"])
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert "no agreement X\\x07" in message
    assert "SLA-019\\x1b and 5 more)" in message and "SLA-020" not in message


@pytest.fixture(scope="module")
def rendered():
    dataset, _, _ = sample()
    doc = build_agreements(dataset, AS_OF, ["SLA-001"])[0]
    with weasyprint_logs() as records:
        out = render(doc, ["docx", "pdf"])
    return doc, out, records


def test_sample_default_sla_in_both_formats(rendered) -> None:
    doc, out, records = rendered
    assert records == []
    pdf = re.sub(r"\s+", " ", pdf_text(out["pdf"]))
    word = re.sub(r"\s+", " ", docx_text(out["docx"]))
    for phrase in (
        "Default SLA: pizza delivery",
        "1. Service description",
        "12. Glossary",
        "Delivery within 30 minutes of order confirmation",
        ">= 90 % of orders",
        "Sofia Lindqvist",
        "11:00",
        "Signatures",
    ):
        assert phrase in pdf, phrase
        assert phrase in word, phrase
    assert doc.extra["missing_sections"] == []
