"""No leaks: no spreadsheet field name, tool advert or sample wording reaches a document, and
counts read as a person writes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_documents_data import ROOT, pdf_text

from fitsm_audit.documents.agreement_sections import GLOSSARY

DOCS = sorted((ROOT / "samples" / "pizza-delivery-documents").glob("*.pdf"))
FIELD = re.compile(r"\b[a-z]+_[a-z_]+\b")  # policy_process_approach, agreed_with ...
ONE_PLURAL = re.compile(r"\b1 (?:days|plans|services|errors|requirements|actions|findings)\b")


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_a_document_names_things_not_fields(path: Path) -> None:
    text = pdf_text(path.read_bytes())
    assert FIELD.findall(text) == []
    assert ONE_PLURAL.findall(text) == []
    # "(s)" only where FitSM's own requirement text has it
    assert [w for w in re.findall(r"\w+\(s\)", text) if w != "organisation(s)"] == []
    assert "prepared with fitsm-audit" not in " ".join(text.lower().split())  # no tool advert


def test_the_generic_glossary_speaks_of_no_pizza() -> None:
    words = " ".join(t for _, t in GLOSSARY.values()).lower()
    for sample_word in ("pizza", "delivery", "kitchen", "order"):
        assert sample_word not in words, sample_word
