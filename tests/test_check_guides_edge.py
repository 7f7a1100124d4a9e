"""Edge cases of check's guidance (issue 9, items 3-4) that tests/test_check_guides.py leaves open:
a renamed sheet beside an empty standard copy, where an unknown sheet is listed, empty copies on
both sides, one more finding than the cap, and plurals in assess's text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from checkdata import AS_OF, DATA, FIELDS

from fitsm_audit.core.findings import Finding, capped
from fitsm_audit.render.check_output import render_text
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms

CONTRACT = load_contract()


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("edge") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def _area(area: str, path: Path) -> Path:
    names = [s.name for s in CONTRACT.sheets_of(area)]
    data = {k: v for k, v in DATA.items() if k in names}
    build_workbook(names, data=data, fields=FIELDS if "Organisation" in names else None).save(path)
    return path


def test_a_renamed_sheet_is_named_even_when_a_blank_template_supplies_the_standard_one(tmp_path: Path) -> None:
    """The blank template's empty Suppliers is read; "Supplier" (with the rows) still gets its
    "did you mean", and the empty register's hint points at it."""
    for area in {s.workbook for s in CONTRACT.sheets}:
        _area(area, tmp_path / f"fitsm-{area}.xlsx")
    suppliers = tmp_path / "fitsm-suppliers.xlsx"
    wb = openpyxl.load_workbook(suppliers)
    wb["Suppliers"].title = "Supplier"
    wb.save(suppliers)
    build_workbook().save(tmp_path / "z-blank.xlsx")
    result = read_sms(sorted(str(p) for p in tmp_path.glob("*.xlsx")), AS_OF)
    (unknown,) = [f for f in result.findings if f.code == "unknown-sheet"]
    assert unknown.message.endswith('did you mean "Suppliers"?') and unknown.file == str(suppliers)
    (empty,) = [f for f in result.findings if f.code == "empty-register"]
    assert empty.sheet == "Suppliers" and empty.file == str(tmp_path / "z-blank.xlsx")
    assert 'The sheet "Supplier" may be it: rename it to "Suppliers".' in empty.hint


def test_an_unknown_sheet_is_listed_beside_the_sheet_it_resembles(valid: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["Services"].title = "Service"  # Services comes after People and before Suppliers
        for sheet in ("People", "Suppliers"):
            ws = wb[sheet]
            ws.cell(1, ws.max_column + 1, "Nickname")
            for t in list(ws.tables):
                del ws.tables[t]

    wb = openpyxl.load_workbook(valid)
    change(wb)
    path = tmp_path / "service.xlsx"
    wb.save(path)
    warnings = [f.sheet for f in read_sms([str(path)], AS_OF).findings if f.severity == "warning"]
    assert warnings.index("People") < warnings.index("Service") < warnings.index("Suppliers")


def test_empty_copies_on_both_sides_read_the_one_in_a_file_with_data(tmp_path: Path) -> None:
    """Neither copy of Risks has rows; the one in the workbook that holds data elsewhere is read,
    not the blank template's, whatever the file order."""
    data = {k: v for k, v in DATA.items() if k not in ("Risks", "Controls")}
    filled = tmp_path / "b-filled.xlsx"
    build_workbook(data=data, fields=FIELDS).save(filled)
    blank = tmp_path / "a-blank.xlsx"
    build_workbook().save(blank)
    result = read_sms([str(blank), str(filled)], AS_OF)
    assert result.sources["Risks"] == str(filled)
    risks = next(f for f in result.findings if f.code == "duplicate-empty-sheet" and f.sheet == "Risks")
    assert risks.message == (f'Sheet "Risks" appears twice, in {blank} and {filled}, and every copy is empty; '
                             f"the copy in {filled} was read.")
    assert risks.file == str(blank) and risks.value == str(filled)


def test_one_more_finding_than_the_cap_is_counted_in_the_singular() -> None:
    out: list[Finding] = []
    kept = capped(pl.DataFrame({"x": [1, 2, 3]}), "Services", "invalid cell", "error", out, cap=2)
    assert kept.height == 2
    assert out[0].message == "1 more invalid cell on Services is not listed (the first 2 are)."
    out = []
    capped(pl.DataFrame({"x": [1, 2, 3, 4]}), "Services", "ID in another form", "warning", out, cap=2,
           many="IDs in another form")
    assert out[0].message.startswith("2 more IDs in another form on Services are not listed")


def test_text_next_step_quotes_a_path_with_spaces(valid: Path, tmp_path: Path) -> None:
    path = tmp_path / "my sms.xlsx"
    path.write_bytes(valid.read_bytes())
    result = read_sms([str(path)], AS_OF)
    assert render_text(result, inputs=[str(path)]).splitlines()[-1] == f"Next: fitsm-audit assess '{path}'"


def test_assess_text_writes_one_error_in_the_singular(valid: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(valid)
    wb["Services"]["E2"] = "launched"
    path = tmp_path / "one.xlsx"
    wb.save(path)
    r = subprocess.run([sys.executable, "-m", "fitsm_audit", "assess", str(path), "--as-of", AS_OF.isoformat(),
                        "--brief"], capture_output=True, text=True, timeout=120)
    assert "Data-quality findings: 1 error, 0 warnings (run fitsm-audit check for the details)" in r.stdout
    assert "(s)" not in r.stdout and "1 errors" not in r.stdout
