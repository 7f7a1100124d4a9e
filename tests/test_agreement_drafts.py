"""Agreements decide their own state: a draft or incomplete one is marked DRAFT on every page,
names its open sections on the cover, and is not signed unless --sign-drafts is given."""

from __future__ import annotations

import pytest
from test_documents_cli import base, run
from test_documents_data import AS_OF, SAMPLE
from test_render_sign import PASSWORD, make_pkcs12

from fitsm_audit.documents.agreement import build_agreements
from fitsm_audit.documents.agreement_state import agreement_state
from fitsm_audit.render.sign import verify_pdf
from fitsm_audit.workbook.pipeline import read_sms


@pytest.fixture(scope="module")
def agreements() -> dict:
    dataset = read_sms([str(SAMPLE)], AS_OF).dataset
    return {d.stem: d for d in build_agreements(dataset, AS_OF)}


def test_the_sample_has_one_draft_and_one_incomplete_agreement_beside_final_ones(agreements) -> None:
    drafts = {k: d for k, d in agreements.items() if not d.extra["final"]}
    assert sorted(drafts) == ["SLA-004", "SLA-005"]
    assert drafts["SLA-005"].marks == ["DRAFT"] and 'its status is "draft"' in drafts["SLA-005"].mark_notes[0]
    assert drafts["SLA-004"].extra["open_sections"] == [
        "6. Limitations and constraints",
        "8. Information security and data protection",
        "9. Additional responsibilities of the provider",
        "10. Customer responsibilities",
    ]
    final = agreements["UA-001"]
    assert final.marks == [] and final.mark_notes == [] and "DRAFT" not in final.header_text


def test_an_ola_or_ua_needs_its_own_sections_not_all_twelve() -> None:
    sections = [(n, key, key, ["agreed text"], False) for n, key in enumerate(
        ["service description", "support", "service level targets",
         "communication, reporting and escalation", "information security and data protection",
         "review"], 1)]  # fmt: skip
    assert agreement_state("UA", "active", sections).final
    assert not agreement_state("SLA", "active", sections).final  # an SLA needs all twelve
    ola = ["service description", "service components and dependencies", "support",
           "service level targets", "communication, reporting and escalation", "review"]  # fmt: skip
    tbd = [(n, key, key.capitalize(), ["TBD"] if key == "support" else ["agreed"], True)
           for n, key in enumerate(ola, 1)]  # fmt: skip
    state = agreement_state("OLA", "active", tbd)
    assert not state.final and state.open_sections == ["3. Support"]
    assert "not active" in agreement_state("UA", "expired", sections).note


def test_a_draft_is_marked_on_every_page_of_its_pdf_and_docx(tmp_path, capsys) -> None:
    import docx
    from pypdf import PdfReader

    code, _, err = run(base("sla", tmp_path, "--id", "SLA-005", "--format", "pdf,docx"), capsys)
    assert code == 0 and "SLA-005 is a draft, marked DRAFT" in err
    pages = [p.extract_text() for p in PdfReader(tmp_path / "SLA-005.pdf").pages]
    assert len(pages) > 2 and all("DRAFT" in text for text in pages)
    assert "Draft, not for signature" in " ".join(pages[0].split())
    document = docx.Document(str(tmp_path / "SLA-005.docx"))
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("DRAFT · ")
    assert any(p.text.startswith("Draft, not for signature") for p in document.paragraphs)


def test_signing_leaves_drafts_unsigned_and_fails_unless_drafts_are_asked_for(
    tmp_path, capsys, monkeypatch
) -> None:
    p12, _ = make_pkcs12(tmp_path)
    monkeypatch.setenv("FITSM_TEST_PASS", PASSWORD)
    sign = ["--format", "pdf", "--sign-key", str(p12), "--sign-pass-env", "FITSM_TEST_PASS"]
    out = tmp_path / "out"
    code, _, err = run(base("sla", out, "--id", "SLA-003", "--id", "SLA-005", *sign), capsys)
    assert code == 1
    assert "SLA-005 is a draft, written unsigned, marked DRAFT" in err and "SLA-003" not in err
    assert verify_pdf(out / "SLA-003.pdf").ok
    assert verify_pdf(out / "SLA-005.pdf").signatures == []
    again = tmp_path / "again"
    code, _, err = run(base("sla", again, "--id", "SLA-005", *sign, "--sign-drafts"), capsys)
    assert code == 0, err
    assert verify_pdf(again / "SLA-005.pdf").ok


def test_a_signatory_known_only_by_e_mail_gets_a_name_line_not_the_address(agreements) -> None:
    sig = agreements["UA-001"].sections[-1].blocks[-1]
    supplier = sig.parties[1]
    assert supplier.name == "" and "merchants@paylane.example" in supplier.role
    default = agreements["SLA-001"]
    assert "both parties" not in default.sections[-1].blocks[0].text
    assert dict(default.control.rows())["Approved by"] == "published as the default SLA"



def test_a_review_after_signing_is_told_apart_from_the_signature_date(agreements) -> None:
    """SLA-002 was signed 2025-03-03, reviewed 2026-09-15 and is at version 1.2: the block keeps
    the signing date and a note says which date is which."""
    sig = agreements["SLA-002"].sections[-1]
    assert [p.signed_on for p in sig.blocks[-1].parties] == ["2025-03-03", "2025-03-03"]
    (note,) = [b.text for b in sig.blocks if getattr(b, "style", "") == "note"]
    assert note.startswith("Signed on 2025-03-03; last reviewed on 2026-09-15, now at version 1.2.")
    fresh = agreements["SLA-004"].sections[-1]  # signed after its last review: no note
    assert not [b for b in fresh.blocks if getattr(b, "style", "") == "note"]
