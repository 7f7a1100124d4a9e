"""check on the operations registers (PR9-PR13): references, date order, statuses and duplicates
at their cells, workbooks made before the registers existed, and the sample's operations data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from checkdata import AS_OF, DATA, FIELDS, column_letter, mutate

from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms
from tests.test_documents_data import SAMPLE

OPERATIONS = [s.name for s in load_contract().sheets_of("operations")]


@pytest.fixture(scope="module")
def valid_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ops") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def found(path: Path) -> list[tuple[str, str, str | None, str]]:
    return [(f.severity, f.code, f.cell, f.message) for f in read_sms([str(path)], AS_OF).findings]


def _set(sheet: str, column: str, value: Any, row: int = 2):
    def fn(wb: openpyxl.Workbook) -> None:
        wb[sheet][f"{column_letter(sheet, column)}{row}"] = value

    return fn


def test_the_operations_area_is_its_own_workbook_and_the_combined_one_has_it(valid_path: Path) -> None:
    assert OPERATIONS == ["Incident Priorities", "Incidents & Service Requests", "Problems",
                          "Configuration Items", "Changes", "Releases"]  # fmt: skip
    wb = openpyxl.load_workbook(valid_path)
    assert set(OPERATIONS) <= set(wb.sheetnames)
    assert [f for f in found(valid_path)] == []


CASES = [
    ("resolved before opened", "Incidents & Service Requests", "resolved", dt.date(2026, 8, 1), "date-order"),
    ("closed before resolved", "Incidents & Service Requests", "closed", dt.date(2026, 8, 31), "date-order"),
    ("implemented before approved", "Changes", "implemented_on", dt.date(2026, 8, 1), "date-order"),
    ("approved before requested", "Changes", "approved_on", dt.date(2026, 8, 1), "date-order"),
    ("problem closed before opened", "Problems", "closed", dt.date(2026, 8, 1), "date-order"),
    ("unknown status", "Incidents & Service Requests", "status", "parked", "invalid-enum"),
    ("unknown change type", "Changes", "type", "urgent", "invalid-enum"),
    ("unknown CI status", "Configuration Items", "status", "broken", "invalid-enum"),
    ("unknown problem", "Incidents & Service Requests", "problem", "PRB-404", "dangling-reference"),
    ("unknown release", "Changes", "release", "REL-404", "dangling-reference"),
    ("unknown CI in a change", "Changes", "items", "CI-001, CI-404", "dangling-reference"),
    ("unknown incident in a problem", "Problems", "incidents", "INC-404", "dangling-reference"),
    ("unknown SLA target of a priority", "Incident Priorities", "targets", "TGT-404", "dangling-reference"),
    ("major not yes/no", "Incidents & Service Requests", "major", "very", "invalid-yes-no"),
]


@pytest.mark.parametrize(("what", "sheet", "column", "value", "code"), CASES, ids=[c[0] for c in CASES])
def test_each_defect_is_found_at_its_cell(valid_path: Path, tmp_path: Path, what: str, sheet: str,
                                          column: str, value: Any, code: str) -> None:  # fmt: skip
    result = found(mutate(valid_path, tmp_path / "bad.xlsx", _set(sheet, column, value)))
    cell = f"{sheet}!{column_letter(sheet, column)}2"
    assert [(s, c, at) for s, c, at, _ in result] == [("error", code, cell)], result


def test_duplicate_ticket_ids_and_priorities_are_errors_naming_the_second_row(valid_path: Path, tmp_path: Path) -> None:
    def twice(wb: openpyxl.Workbook) -> None:
        for sheet in ("Incidents & Service Requests", "Incident Priorities"):
            ws = wb[sheet]
            for col in range(1, ws.max_column + 1):
                ws.cell(3, col, ws.cell(2, col).value)

    result = found(mutate(valid_path, tmp_path / "twice.xlsx", twice))
    dups = {(at, msg) for _, code, at, msg in result if code == "duplicate-id"}
    assert ("Incidents & Service Requests!A3", '"INC-001" is used twice in ID (first in row 2).') in dups
    assert ("Incident Priorities!A3", '"high" is used twice in Priority (first in row 2).') in dups
    assert {code for _, code, _, _ in result} <= {"duplicate-id", "table-range"}


def test_tool_ids_are_in_the_recommended_form(valid_path: Path, tmp_path: Path) -> None:
    """IDs from a ticketing tool (Jira SD-123, ServiceNow INC0010001) are not flagged; other forms are."""
    for ident, warned in (("SD-123", False), ("INC0010001", False), ("ticket 7", True)):
        path = mutate(valid_path, tmp_path / "ids.xlsx", _set("Incidents & Service Requests", "id", ident))
        codes = [c for _, c, _, _ in found(path)]
        assert ("id-pattern" in codes) is warned, (ident, codes)


def test_a_workbook_made_before_the_operations_registers_gets_one_warning(valid_path: Path, tmp_path: Path) -> None:
    def old(wb: openpyxl.Workbook) -> None:
        for name in OPERATIONS:
            del wb[name]

    result = read_sms([str(mutate(valid_path, tmp_path / "old.xlsx", old))], AS_OF)
    assert result.summary["errors"] == 0
    (warning,) = result.findings
    assert (warning.severity, warning.code) == ("warning", "missing-new-area")
    assert "The operations registers (added in version 2" in warning.message and "Changes" in warning.message
    assert "fitsm-operations.xlsx" in (warning.hint or "")


def test_a_sheet_missing_from_a_given_operations_workbook_is_a_warning(valid_path: Path, tmp_path: Path) -> None:
    result = read_sms([str(mutate(valid_path, tmp_path / "some.xlsx", lambda wb: wb.remove(wb["Releases"])))], AS_OF)
    assert [(f.severity, f.code, f.sheet) for f in result.findings] == [("warning", "missing-new-sheet", "Releases")]
    # the references into the missing sheet cannot be judged, so they are not called dangling
    assert result.summary["errors"] == 0


def test_the_sample_operations_registers_are_clean_but_for_the_planted_overdue_ci() -> None:
    result = read_sms([str(SAMPLE)], AS_OF)
    ops = [f for f in result.findings if f.sheet in OPERATIONS]
    assert [(f.code, f.cell) for f in ops] == [("review-overdue", "Configuration Items!H10")]
    assert ops[0].message.startswith("CI verification of CI-009 is overdue")
    counts = {name: len(result.dataset.rows(name)) for name in OPERATIONS}
    assert counts == {"Incident Priorities": 4, "Incidents & Service Requests": 22, "Problems": 4,
                      "Configuration Items": 16, "Changes": 8, "Releases": 3}  # fmt: skip
    failed = [c.id for c in result.dataset.rows("Changes") if c["outcome"] == "rolled back"]
    assert failed == ["CHG-003"]  # the payment SDK upgrade
