"""check warns about every agreement in force whose Agreement Terms leave a required section blank
or a placeholder (D5 complete, spec.rules.agreement_complete): assess does not count it in force.

The workbooks are the sample with a few Agreement Terms cells changed (openpyxl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from checkdata import AS_OF, column_letter, mutate

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.core.findings import Finding
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.workbook import clean, crosscheck
from fitsm_audit.workbook.load import load
from fitsm_audit.workbook.pipeline import read_sms

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pizza-delivery.xlsx"
CODE = "agreement-incomplete"
TERMS = "Agreement Terms"


def _row(wb: openpyxl.Workbook, agreement: str, section: str) -> int:
    for row in range(2, wb[TERMS].max_row + 1):
        if wb[TERMS][f"A{row}"].value == agreement and wb[TERMS][f"B{row}"].value == section:
            return row
    raise KeyError((agreement, section))


def _terms(tmp_path: Path, changes: dict[tuple[str, str], Any], added: tuple[tuple[str, str, str], ...] = ()) -> Path:
    """The sample with the texts of some (agreement, section) rows changed and rows added."""

    def change(wb: openpyxl.Workbook) -> None:
        for (agreement, section), text in changes.items():
            wb[TERMS][f"C{_row(wb, agreement, section)}"] = text
        for agreement, section, text in added:
            wb[TERMS].append([agreement, section, text])

    return mutate(SAMPLE, tmp_path / "terms.xlsx", change)


def _warnings(path: Path) -> list[Finding]:
    """The agreement-incomplete findings, computed from the sheets as check reads them."""
    contract = load_contract()
    loaded = load([str(path)], contract)
    cleaned = {name: clean.clean_frame(ls, contract) for name, ls in loaded.sheets.items() if ls.spec.kind != "fields"}
    return [f for f in crosscheck.agreement_terms(loaded.sheets, cleaned, AS_OF) if f.code == CODE]


@pytest.fixture(scope="module")
def incomplete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _terms(
        tmp_path_factory.mktemp("terms"),
        {
            ("SLA-002", "service hours and exceptions"): "not yet agreed",
            ("SLA-002", "support"): None,
            ("SLA-002", "review"): "TBD",
            ("SLA-003", "service description"): "n/a",
            # a real text that mentions a placeholder word further on is agreed
            ("SLA-001", "glossary"): "Delivery window: the 15 minutes agreed per order; n/a for walk-ins.",
        },
        added=(("SLA-005", "service hours and exceptions", "TBD"),),  # a draft: nothing to warn
    )


def test_every_placeholder_cell_of_an_agreement_in_force_is_named_in_one_warning(incomplete: Path) -> None:
    wb = openpyxl.load_workbook(incomplete)
    hours, support, review = (_row(wb, "SLA-002", s) for s in ("service hours and exceptions", "support", "review"))
    found = _warnings(incomplete)
    assert [(f.severity, f.sheet, f.cell, f.row, f.column) for f in found] == [
        ("warning", TERMS, f"{TERMS}!C{hours}", hours, "Text"),
        ("warning", TERMS, f"{TERMS}!C{_row(wb, 'SLA-003', 'service description')}",
         _row(wb, "SLA-003", "service description"), "Text"),
    ]
    assert found[0].text == (
        f'SLA-002 is in force but 3 of its sections are not agreed: "service hours and exceptions" says '
        f'"not yet agreed" ({TERMS}!C{hours}), "support" is blank ({TERMS}!C{support}) and "review" '
        f'says "TBD" ({TERMS}!C{review}). Agree them or mark the agreement draft; until then the '
        "assessment does not count it in force."
    )
    assert found[1].text == (
        'SLA-003 is in force but its "service description" section says "n/a". Agree it or mark the '
        "agreement draft; until then the assessment does not count it in force."
    )


def test_an_agreement_without_terms_rows_or_not_in_force_gets_no_warning(incomplete: Path, tmp_path: Path) -> None:
    """OLA-002 and the UAs but UA-001 have no Agreement Terms row at all: not judged (as before).
    The draft SLA-005's "TBD" is a draft's business. The sample as shipped has no warning."""
    assert {f.message.split(" ", 1)[0] for f in _warnings(incomplete)} == {"SLA-002", "SLA-003"}
    assert _warnings(SAMPLE) == []
    expired = _terms(tmp_path, {("UA-001", "service description"): "TBD"})

    def expire(wb: openpyxl.Workbook) -> None:
        for row in range(2, wb["Agreements"].max_row + 1):
            if wb["Agreements"][f"A{row}"].value == "UA-001":
                wb["Agreements"][f"{column_letter('Agreements', 'status')}{row}"] = "expired"

    assert [f.message.split(" ", 1)[0] for f in _warnings(expired)] == ["UA-001"]
    assert _warnings(mutate(expired, tmp_path / "expired.xlsx", expire)) == []


def test_check_and_assess_agree_on_which_agreements_are_incomplete(incomplete: Path) -> None:
    result = read_sms([str(incomplete)], AS_OF)
    ctx = AssessmentContext(result.dataset, AS_OF)
    warned = {f.message.split(" ", 1)[0] for f in _warnings(incomplete)}
    assert {a.id for a in ctx.slas if ctx.incomplete(a)} == warned
    assert warned.isdisjoint(a.id for a in ctx.in_force_slas)


def test_fitsm_audit_check_reports_the_warning(incomplete: Path) -> None:
    codes = [f.code for f in read_sms([str(incomplete)], AS_OF).findings]
    assert codes.count(CODE) == 2
