"""check: round trip, one defect per mutated workbook (exact code and cell), reader quirks."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from checkdata import AS_OF, DATA, FIELDS, column_letter, mutate

from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms

SHEETS = len(load_contract().sheets)


@pytest.fixture(scope="module")
def valid_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("valid") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def codes(path: Path) -> list[tuple[str, str, str | None]]:
    result = read_sms([str(path)], AS_OF)
    return [(f.severity, f.code, f.cell) for f in result.findings]


def test_round_trip_has_no_findings(valid_path: Path) -> None:
    result = read_sms([str(valid_path)], AS_OF)
    assert [f.to_dict() for f in result.findings] == []
    assert result.summary["errors"] == 0 and result.summary["sheets"] == SHEETS
    services = result.dataset.rows("Services")
    assert services[0]["status"] == "live" and services[0]["customers"] == ["CUS-001"]
    assert result.dataset.field("management_review_interval") == 12
    assert result.dataset.rows("Agreements")[0]["signed_on"] == dt.date(2026, 9, 1)


def _set(sheet: str, column: str, row: int, value: Any):
    def fn(wb: openpyxl.Workbook) -> None:
        wb[sheet][f"{column_letter(sheet, column)}{row}"] = value

    return fn


DEFECTS = [
    ("bad enum", _set("Services", "status", 2, "launched"), ("error", "invalid-enum", "Services!E2")),
    ("dangling reference", _set("Services", "owner", 2, "PER-999"), ("error", "dangling-reference", "Services!F2")),
    ("dangling list item", _set("Services", "customers", 2, "CUS-001; CUS-404"),
     ("error", "dangling-reference", "Services!G2")),
    ("wrong type", _set("Agreements", "review_interval", 2, "twelve"),
     ("error", "invalid-integer", f"Agreements!{column_letter('Agreements', 'review_interval')}2")),
    ("out of range", _set("Risks", "likelihood", 2, 9),
     ("error", "out-of-range", f"Risks!{column_letter('Risks', 'likelihood')}2")),
    ("bad date", _set("Agreements", "last_review", 2, "31/02/2026"),
     ("error", "invalid-date", f"Agreements!{column_letter('Agreements', 'last_review')}2")),
    ("overdue review", _set("Agreements", "last_review", 2, dt.date(2024, 1, 15)),
     ("warning", "review-overdue", f"Agreements!{column_letter('Agreements', 'last_review')}2")),
    ("required value", _set("Services", "name", 2, None), ("error", "missing-value", "Services!B2")),
    ("bad yes/no", _set("Services", "in_scope", 2, "maybe"),
     ("error", "invalid-yes-no", f"Services!{column_letter('Services', 'in_scope')}2")),
    ("bad level", _set("Assessment", "level", 2, 7),
     ("error", "invalid-level", f"Assessment!{column_letter('Assessment', 'level')}2")),
    ("dates in wrong order", _set("Agreements", "valid_until", 2, dt.date(2020, 1, 1)),
     ("error", "date-order", f"Agreements!{column_letter('Agreements', 'valid_until')}2")),
    ("bad organisation field", lambda wb: wb["Organisation"].cell(row=15, column=2, value="soon"),
     ("error", "invalid-integer", "Organisation!B15")),
]


@pytest.mark.parametrize("name,change,expected", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_defect_is_found_at_its_cell(valid_path: Path, tmp_path: Path, name: str, change: Any,
                                          expected: tuple[str, str, str]) -> None:
    found = codes(mutate(valid_path, tmp_path / "bad.xlsx", change))
    assert found == [expected]


def test_duplicate_id(valid_path: Path, tmp_path: Path) -> None:
    def dup(wb: openpyxl.Workbook) -> None:
        ws = wb["Services"]
        for c in range(1, ws.max_column + 1):
            ws.cell(row=3, column=c, value=ws.cell(row=2, column=c).value)
        ws.cell(row=3, column=1, value="svc-001")  # case-insensitive duplicate

    found = codes(mutate(valid_path, tmp_path / "dup.xlsx", dup))
    assert ("error", "duplicate-id", "Services!A3") in found
    assert all(code != "duplicate-id" or cell == "Services!A3" for _, code, cell in found)


def test_missing_column(valid_path: Path, tmp_path: Path) -> None:
    def drop(wb: openpyxl.Workbook) -> None:
        ws = wb["Services"]
        ws.delete_cols(5)  # Status
        for t in list(ws.tables):
            del ws.tables[t]

    found = codes(mutate(valid_path, tmp_path / "nocol.xlsx", drop))
    assert ("error", "missing-column", "Services!A1") in found


def test_missing_sheet_and_duplicate_sheet(valid_path: Path, tmp_path: Path) -> None:
    gone = mutate(valid_path, tmp_path / "gone.xlsx", lambda wb: wb.remove(wb["Risks"]))
    assert ("error", "missing-sheet", None) in codes(gone)
    result = read_sms([str(valid_path), str(valid_path)], AS_OF)
    assert {f.code for f in result.findings} == {"duplicate-sheet"}
    assert result.summary["errors"] == SHEETS


def test_every_finding_reported_in_one_run(valid_path: Path, tmp_path: Path) -> None:
    def many(wb: openpyxl.Workbook) -> None:
        ws = wb["Services"]
        ws["E2"] = "launched"
        ws["F2"] = "PER-999"
        wb["Agreements"][f"{column_letter('Agreements', 'last_review')}3"] = "tbd"

    found = {(c, cell) for _, c, cell in codes(mutate(valid_path, tmp_path / "many.xlsx", many))}
    assert found == {("invalid-enum", "Services!E2"), ("dangling-reference", "Services!F2"),
                     ("invalid-date", f"Agreements!{column_letter('Agreements', 'last_review')}3")}


def test_reader_quirks(tmp_path: Path) -> None:
    """Headers in any case/spacing, a title above the table, blank rows, numeric IDs, ISO dates,
    merged cells, stray spaces and a formula without a cached value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "services"
    ws["A1"] = "Our service portfolio"
    ws.append([])
    ws.append(["  id ", "NAME", "description", "Value  Proposition", "status", "owner", "Customers", "SDTP",
               "in_scope", "Service_hours", "support"])
    ws.append([101, "  Delivery ", "d", "v", " Live ", None, None, None, "Y", "=1+1", None])
    ws.append([])
    ws.append(["SVC-002", "Catering", "d", "v", "2026-01-01", None, None, None, "no", None, None])
    ws.append(["SVC-003", "Party", "d", "v", None, None, None, None, "no", None, None])
    ws.merge_cells("E6:E7")
    ws["E6"] = "retired"
    path = tmp_path / "quirks.xlsx"
    wb.save(path)
    result = read_sms([str(path)], AS_OF)
    by_code = {(f.code, f.cell) for f in result.findings}
    assert ("formula-no-value", "services!J4") in by_code  # addresses use the sheet's own name
    assert ("id-pattern", "services!A4") in by_code  # 101 read as "101", not 101.0
    errors = [f for f in result.findings if f.severity == "error" and f.code != "missing-sheet"]
    assert errors == []
    rows = result.dataset.rows("Services")
    assert [r.row for r in rows] == [4, 6, 7]
    assert rows[0]["id"] == "101" and rows[0]["name"] == "Delivery" and rows[0]["status"] == "live"
    assert rows[0]["in_scope"] is True
    assert rows[1]["status"] == "retired" and rows[2]["status"] == "retired"  # merged cell filled


def test_dates_as_text_serials_and_excel_dates(valid_path: Path, tmp_path: Path) -> None:
    col = column_letter("Agreements", "last_review")

    def dates(wb: openpyxl.Workbook) -> None:
        wb["Agreements"][f"{col}2"] = "2026-10-05"
        wb["Agreements"][f"{col}3"] = 46300  # a serial number typed into a General cell

    result = read_sms([str(mutate(valid_path, tmp_path / "d.xlsx", dates))], AS_OF)
    assert result.findings == []
    agreements = result.dataset.rows("Agreements")
    assert agreements[0]["last_review"] == dt.date(2026, 10, 5)
    assert agreements[1]["last_review"] == dt.date(1899, 12, 30) + dt.timedelta(days=46300)


def test_input_is_never_modified(valid_path: Path) -> None:
    before = hashlib.sha256(valid_path.read_bytes()).hexdigest()
    read_sms([str(valid_path)], AS_OF)
    assert hashlib.sha256(valid_path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("value", ["high", 2.5, -1])
def test_self_assessed_level_must_be_0_to_4(valid_path: Path, tmp_path: Path, value: Any) -> None:
    found = codes(mutate(valid_path, tmp_path / "lvl.xlsx", _set("Assessment", "level", 2, value)))
    assert found == [("error", "invalid-level", f"Assessment!{column_letter('Assessment', 'level')}2")]


def test_unknown_requirement_id_is_reported(valid_path: Path, tmp_path: Path) -> None:
    found = codes(mutate(valid_path, tmp_path / "req.xlsx", _set("Assessment", "requirement", 2, "GR1.9")))
    assert found == [("warning", "unknown-requirement", "Assessment!A2")]


def test_review_dated_after_as_of_is_reported(valid_path: Path, tmp_path: Path) -> None:
    col = column_letter("Agreements", "last_review")
    found = codes(mutate(valid_path, tmp_path / "fut.xlsx", _set("Agreements", "last_review", 2, dt.date(9999, 12, 31))))
    assert found == [("warning", "date-in-future", f"Agreements!{col}2")]


def test_horizontal_merge_fills_only_its_first_column(valid_path: Path, tmp_path: Path) -> None:
    def merge(wb: openpyxl.Workbook) -> None:
        ws = wb["Services"]
        ws["C2"] = "Hot pizza to your door"
        ws.merge_cells("C2:E2")  # description merged over value proposition and status

    found = codes(mutate(valid_path, tmp_path / "hmerge.xlsx", merge))
    assert found == [("error", "missing-value", "Services!E2")]  # status is blank, not the description


def test_findings_are_capped_per_check(tmp_path: Path) -> None:
    from fitsm_audit.core.findings import MAX_PER_CHECK

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Services"
    ws.append(["ID", "Name", "Description", "Value proposition", "Status"])
    for i in range(MAX_PER_CHECK + 700):
        ws.append([f"SVC-{i:05d}", "n", "d", "v", "launched"])
    wb.save(tmp_path / "many.xlsx")
    result = read_sms([str(tmp_path / "many.xlsx")], AS_OF)
    enum = [f for f in result.findings if f.code == "invalid-enum"]
    (more,) = [f for f in result.findings if f.code == "too-many-findings"]
    assert len(enum) == MAX_PER_CHECK and more.value == 700 and more.severity == "error"


def test_the_one_pass_gate_agrees_with_pandera_column_by_column() -> None:
    """validate.failing_columns (one polars pass) names exactly the columns in which pandera,
    run with every check of the sheet, finds a failing cell: on the clean sample (none) and with
    a bad value, a blank and a well-formed value mixed into every checked column."""
    import dataclasses

    import pandera.polars as pa
    import polars as pl

    from fitsm_audit.workbook import validate
    from fitsm_audit.workbook.container import DEFAULT_LIMITS
    from fitsm_audit.workbook.load import load

    contract = load_contract()
    sample = Path(__file__).resolve().parents[1] / "samples" / "pizza-delivery.xlsx"
    loaded = load([str(sample)], contract, DEFAULT_LIMITS)
    spoiled_some = 0
    for ls in loaded.sheets.values():
        if ls.spec.kind == "fields" or ls.frame.height == 0:
            continue
        checked = [c for c in ls.spec.columns if c.name in ls.columns
                   and (c.required or validate.column_rules(c, contract))]  # fmt: skip
        for n, frame in enumerate((ls.frame, _spoiled(ls.frame, checked))):
            schema = validate.build_schema(ls.spec, contract, ls.columns)
            try:
                schema.validate(frame, lazy=True)
                by_pandera: set[str] = set()
            except pa.errors.SchemaErrors as exc:
                by_pandera = set(exc.failure_cases["column"].drop_nulls().to_list())
            gate = validate.failing_columns(frame, checked, contract)
            assert gate == by_pandera, (ls.spec.name, n, gate ^ by_pandera)
            if n == 0:
                assert gate == set(), ls.spec.name  # the sample is clean
            spoiled_some += len(gate)
            found = validate.validate_sheet(dataclasses.replace(ls, frame=frame), contract)
            assert {f.column for f in found} == {ls.spec.column(c).header for c in gate}
    assert spoiled_some > 100
    del pl


def _spoiled(frame: Any, checked: list[Any]) -> Any:
    """Every other checked column gets "??" in its first row; the rest a blank there (which
    fails only where the column is required)."""
    import polars as pl

    first = pl.int_range(pl.len()) == 0
    return frame.with_columns(
        pl.when(first).then(pl.lit("??" if i % 2 == 0 else None, dtype=pl.String)).otherwise(pl.col(c.name)).alias(c.name)
        for i, c in enumerate(checked)
    )
