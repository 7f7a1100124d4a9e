"""check warns when an SLA's "service components and dependencies" text cites a component or an
underpinning OLA/UA that the SLA document's component table leaves out (the table lists the
components of the SLA's services and the OLAs and UAs in force covering them).

The workbooks are the sample with an Agreement Terms text changed (openpyxl)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from checkdata import AS_OF, column_letter, mutate
from test_check_agreement_terms import SAMPLE, TERMS, _row, _terms

from fitsm_audit.documents.build import documents_for
from fitsm_audit.documents.model import Table
from fitsm_audit.workbook.pipeline import read_sms

CODE = "agreement-text-cites-unlisted"
SECTION = "service components and dependencies"


def _cited(path: Path) -> list:
    return [f for f in read_sms([str(path)], AS_OF).findings if f.code == CODE]


def test_the_sample_cites_only_what_its_tables_show() -> None:
    assert _cited(SAMPLE) == []


def _changed(tmp_path: Path, text: str) -> Path:
    """The sample with SLA-002's components text replaced, UA-006 moved to the party catering's
    own component (CMP-013) and UA-005 expired."""

    def change(wb: openpyxl.Workbook) -> None:
        wb[TERMS][f"C{_row(wb, 'SLA-002', SECTION)}"] = text
        sheet = wb["Agreements"]
        ids, components, status = (column_letter("Agreements", c) for c in ("id", "components", "status"))
        for row in range(2, sheet.max_row + 1):
            if sheet[f"{ids}{row}"].value == "UA-006":
                sheet[f"{components}{row}"] = "CMP-013"
            if sheet[f"{ids}{row}"].value == "UA-005":
                sheet[f"{status}{row}"] = "expired"

    return mutate(SAMPLE, tmp_path / "cited.xlsx", change)


def test_a_text_citing_an_unlisted_component_or_agreement_is_one_warning_at_its_cell(tmp_path) -> None:
    text = (
        "Kitchens (OLA-001), live tracking (CMP-006), boxes (UA-006), phone lines (UA-005) and "
        "the party kitchen's CMP-013, but not UA-999."
    )
    path = _changed(tmp_path, text)
    row = _row(openpyxl.load_workbook(path), "SLA-002", SECTION)
    found = [f for f in _cited(path) if f.row == row]  # SLA-001's text cites the expired UA-005 too
    assert len(found) == 1, found
    warning = found[0]
    assert warning.severity == "warning" and warning.cell == f"{TERMS}!C{row}"
    assert warning.message.startswith("SLA-002's components text cites CMP-006, which is not a component of its services")
    assert "UA-006, which underpins none of the components of its services" in warning.message
    assert "UA-005, which is not in force" in warning.message
    assert "CMP-013, which is not a component of its services" in warning.message
    assert "OLA-001" not in warning.message  # the kitchens serve corporate lunch, under OLA-001
    assert "UA-999" not in warning.message  # not an ID the registers know: nothing to compare
    # what the warning says is what the document shows: its component table names none of them
    check = read_sms([str(path)], AS_OF)
    (doc,) = documents_for(["sla"], check.dataset, AS_OF, findings=check.findings, agreement_ids=["SLA-002"])
    tables = [b for section in doc.sections for b in section.blocks if isinstance(b, Table)]
    shown = repr([t.rows for t in tables])
    assert "OLA-001" in shown
    for ident in ("CMP-006", "UA-006", "UA-005", "CMP-013"):
        assert ident not in shown, ident


def test_an_ola_or_ua_text_is_not_judged(tmp_path) -> None:
    path = _terms(tmp_path, {}, added=(("UA-004", SECTION, "Runs on CMP-006."),))
    assert _cited(path) == []
