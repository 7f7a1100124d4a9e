"""check guides the user: "did you mean", the file of every finding, the filled copy of a sheet wins,
errors first in workbook order, empty registers in one line, what to run next, words as people write them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from checkdata import AS_OF, DATA, FIELDS, column_letter, mutate

from fitsm_audit.core.findings import Finding
from fitsm_audit.spec.contract import EXTRA_COLUMNS, load_contract
from fitsm_audit.template.build import build_workbook
from fitsm_audit.template.instructions import INSTRUCTIONS_SHEET
from fitsm_audit.workbook.pipeline import CheckResult, read_sms

SHEETS = len(load_contract().sheets)

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = load_contract()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fitsm_audit", *args, "--as-of", AS_OF.isoformat()],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guides") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def check(*paths: Path) -> CheckResult:
    return read_sms([str(p) for p in paths], AS_OF)


def only(result: CheckResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


# -- did you mean ----------------------------------------------------------------------------------

def test_a_sheet_named_like_a_standard_one_gets_did_you_mean(valid: Path, tmp_path: Path) -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb["Suppliers"].title = "Supplier"

    path = mutate(valid, tmp_path / "supplier.xlsx", rename)
    result = check(path)
    (unknown,) = only(result, "unknown-sheet")
    assert 'did you mean "Suppliers"?' in unknown.message
    assert unknown.hint == 'Rename it to "Suppliers" if it holds that register.'
    (missing,) = only(result, "missing-sheet")
    assert missing.sheet == "Suppliers" and '"Supplier" may be it' in missing.hint
    assert not only(result, "empty-register")  # not "the Suppliers register is empty"


def test_assess_says_the_renamed_sheet_is_missing_not_empty(valid: Path, tmp_path: Path) -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb["Suppliers"].title = "Supplier"

    path = mutate(valid, tmp_path / "supplier.xlsx", rename)
    doc = json.loads(run("assess", str(path), "--format", "json").stdout)
    assert ('The Suppliers sheet is missing, so its register counts as empty. The sheet "Supplier" may be it: '
            'rename it to "Suppliers".') in doc["notes"]


def test_a_sheet_of_ones_own_gets_no_guess(valid: Path, tmp_path: Path) -> None:
    path = mutate(valid, tmp_path / "own.xlsx", lambda wb: wb.create_sheet("Budget 2027"))
    (unknown,) = only(check(path), "unknown-sheet")
    assert "did you mean" not in unknown.message
    assert "sheet of your own" in unknown.hint


def _add_header(sheet: str, header: str, column: int | None = None):
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[sheet]
        ws.cell(1, column or ws.max_column + 1, header)
        for t in list(ws.tables):
            del ws.tables[t]
    return change


def test_a_column_named_like_a_contract_column_gets_did_you_mean(valid: Path, tmp_path: Path) -> None:
    path = mutate(valid, tmp_path / "col.xlsx", _add_header("Services", "Statuss", 5))  # was Status
    result = check(path)
    (unknown,) = only(result, "unknown-column")
    assert unknown.cell == "Services!E1"
    assert 'did you mean "Status"?' in unknown.message
    (missing,) = only(result, "missing-column")
    assert 'The column "Statuss" may be it: rename it to "Status".' in missing.hint


def test_an_extra_column_is_ignored_with_a_warning_as_the_instructions_say(valid: Path, tmp_path: Path) -> None:
    path = mutate(valid, tmp_path / "extra.xlsx", _add_header("Services", "Budget code"))
    result = check(path)
    (extra,) = only(result, "unknown-column")
    assert extra.severity == "warning" and "did you mean" not in extra.message
    assert "its values were ignored" in extra.message
    assert result.errors == 0
    assert "check warns about each one and ignores its values" in EXTRA_COLUMNS
    # the committed blank workbook tells the user the same
    ws = openpyxl.load_workbook(ROOT / "workbook_templates" / "fitsm-workbook.xlsx")[INSTRUCTIONS_SHEET]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any(EXTRA_COLUMNS in t for t in texts)
    assert not any("kept and reported" in t for t in texts)


# -- the file of each finding; two copies of a sheet -----------------------------------------------

def _area_workbook(area: str, path: Path, bad_status: bool = False) -> Path:
    names = [s.name for s in CONTRACT.sheets_of(area)]
    data = {k: v for k, v in DATA.items() if k in names}
    wb = build_workbook(names, data=data, fields=FIELDS if "Organisation" in names else None)
    if bad_status and "Services" in names:
        wb["Services"]["E2"] = "launched"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SMS in one workbook per area, one Services cell wrong, and a blank template beside them."""
    d = tmp_path_factory.mktemp("folder")
    for area in {s.workbook for s in CONTRACT.sheets}:
        _area_workbook(area, d / f"fitsm-{area}.xlsx", bad_status=True)
    build_workbook().save(d / "a-blank.xlsx")  # sorts first: the filled copies must still win
    return d


def test_every_finding_names_its_file(folder: Path) -> None:
    r = run("check", str(folder), "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["findings"] and all(f["file"] for f in doc["findings"])
    (bad,) = [f for f in doc["findings"] if f["code"] == "invalid-enum"]
    assert bad["file"] == str(folder / "fitsm-portfolio.xlsx")


def test_the_filled_copy_wins_over_a_blank_template(folder: Path) -> None:
    files = sorted(str(p) for p in folder.glob("*.xlsx"))
    result = read_sms(files, AS_OF)
    assert result.errors == 1  # the bad status only: the filled sheets were read, not the blank ones
    assert result.sources["Services"] == str(folder / "fitsm-portfolio.xlsx")
    assert all(src != str(folder / "a-blank.xlsx") for src in result.sources.values())
    dup = only(result, "duplicate-empty-sheet")
    assert len(dup) == len(CONTRACT.sheets)
    services = next(f for f in dup if f.sheet == "Services")
    assert services.severity == "warning" and services.file == str(folder / "a-blank.xlsx")
    assert str(folder / "a-blank.xlsx") in services.message and str(folder / "fitsm-portfolio.xlsx") in services.message


def test_text_output_names_the_file_when_several_are_read(folder: Path) -> None:
    r = run("check", str(folder))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert f"Services (in {folder / 'fitsm-portfolio.xlsx'})" in lines
    # the blank copies in one line, not one warning per sheet
    (copies,) = [ln for ln in lines if "empty copies of sheets read from other files" in ln]
    assert copies.startswith(f"{len(CONTRACT.sheets)} sheets in {folder / 'a-blank.xlsx'}")
    assert not any("[duplicate-empty-sheet]" in ln for ln in lines)


def test_two_filled_copies_are_an_error_naming_both(valid: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    other.write_bytes(valid.read_bytes())
    result = check(valid, other)
    dup = only(result, "duplicate-sheet")
    assert len(dup) == len(CONTRACT.sheets) and all(f.severity == "error" for f in dup)
    assert all(str(valid) in f.message and str(other) in f.message for f in dup)
    assert all(f.file == str(other) for f in dup)


def test_one_file_shows_no_file_in_text(valid: Path, tmp_path: Path) -> None:
    path = mutate(valid, tmp_path / "one.xlsx", lambda wb: wb["Services"].__setitem__("E2", "launched"))
    lines = run("check", str(path)).stdout.splitlines()
    assert "Services" in lines and not any("(in " in ln for ln in lines)


# -- order, the empty registers, what to do next ---------------------------------------------------

def test_errors_first_then_warnings_in_workbook_order(valid: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["Services"]["E2"] = "launched"  # error on Services
        wb["Agreements"][f"{column_letter('Agreements', 'type')}2"] = "contract"  # after Services in the workbook, before it A-Z
        _add_header("People", "Nickname")(wb)  # warning on People, the second sheet

    path = mutate(valid, tmp_path / "order.xlsx", change)
    result = check(path)
    severities = [f.severity for f in result.findings]
    assert severities == sorted(severities, key=lambda s: s != "error")
    errors = [f.sheet for f in result.findings if f.severity == "error"]
    assert errors.index("Services") < errors.index("Agreements")
    text = run("check", str(path)).stdout
    assert text.index("Errors (") < text.index("Services\n") < text.index("Agreements\n") < text.index("Warnings (")
    assert text.index("Warnings (") < text.index("People\n")


def test_empty_registers_in_one_line_and_every_one_in_json(tmp_path: Path) -> None:
    data = {k: v for k, v in DATA.items() if k not in ("Risks", "Controls")}
    data["Assets"] = [dict(DATA["Assets"][0])]
    path = tmp_path / "empty.xlsx"
    build_workbook(data=data, fields=FIELDS).save(path)
    r = run("check", str(path))
    assert r.returncode == 0, r.stdout
    lines = r.stdout.splitlines()
    assert any(ln.startswith("2 registers are still empty: Risks, Controls.") for ln in lines)
    assert not any("[empty-register]" in ln for ln in lines)
    assert lines[-1] == f"Next: fitsm-audit assess {path}"
    doc = json.loads(run("check", str(path), "--format", "json").stdout)
    assert [f["sheet"] for f in doc["findings"] if f["code"] == "empty-register"] == ["Risks", "Controls"]


def test_last_line_says_how_many_errors_to_fix(valid: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["Services"]["E2"] = "launched"
        wb["Agreements"][f"{column_letter('Agreements', 'type')}2"] = "contract"

    path = mutate(valid, tmp_path / "two.xlsx", change)
    r = run("check", str(path))
    errors = sum(1 for ln in r.stdout.splitlines() if ln.lstrip().startswith("error "))
    assert errors >= 2
    assert r.stdout.splitlines()[-1] == f"Fix the {errors} errors above, then run: fitsm-audit assess {path}"


# -- words -----------------------------------------------------------------------------------------

def test_hints_are_sentences_of_their_own(valid: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["Services"]["E2"] = "launched"
        wb["Agreements"][f"{column_letter('Agreements', 'type')}2"] = "contract"
        _add_header("People", "Nickname")(wb)
        wb.create_sheet("Supplier")

    path = mutate(valid, tmp_path / "hints.xlsx", change)
    for f in check(path).findings:
        assert f.message[:1].isupper() or f.message[:1] == '"', f.message
        assert f.message.endswith((".", "?")), f.message
        assert not f.hint or (f.hint[:1].isupper() and f.hint.endswith(".")), f.hint
    text = run("check", str(path)).stdout
    assert ".;" not in text and "; Remove" not in text
    assert "(s)" not in text


def test_a_missing_agreement_review_reads_an_agreement_review(valid: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["Agreements"]
        ws[f"{column_letter('Agreements', 'last_review')}2"] = None
        ws[f"{column_letter('Agreements', 'signed_on')}2"] = None

    result = check(mutate(valid, tmp_path / "review.xlsx", change))
    (missing,) = only(result, "review-missing")
    assert missing.hint.startswith("Hold an agreement review")
    assert "a agreement" not in missing.text


def test_plurals_in_the_summary_line(valid: Path, tmp_path: Path) -> None:
    path = mutate(valid, tmp_path / "one-error.xlsx", lambda wb: wb["Services"].__setitem__("E2", "launched"))
    summary = run("check", str(path)).stdout.splitlines()[-2]
    assert summary.startswith(f"1 error, 0 warnings in {SHEETS} sheets (")
    assert summary.endswith(" from 1 file")


def test_an_interval_of_one_month_reads_one_month(valid: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["Agreements"][f"{column_letter('Agreements', 'review_interval')}2"] = 1

    (late,) = only(check(mutate(valid, tmp_path / "monthly.xlsx", change)), "review-overdue")
    assert "(every 1 month)" in late.message
