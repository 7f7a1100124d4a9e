"""The Service Level Measurements register: check's findings, the assessment's use of it (PR2,
PR3) and the service reports written from it, on real copies of the sample workbook."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fitsm_audit.spec.service_levels import compare_target, last_period, month_of, units_match
from fitsm_audit.workbook.pipeline import read_sms
from tests.test_documents_cli import run
from tests.test_documents_data import AS_OF, SAMPLE, pdf_text

SHEET = "Service Level Measurements"
COLUMNS = {"id": "A", "agreement": "B", "target": "C", "period_start": "D", "period_end": "E",
           "measured_value": "F", "unit": "G", "comment": "H", "follow_up": "I"}  # fmt: skip


def edited(tmp_path: Path, changes: dict[tuple[str, str], Any] | None = None, *, drop: bool = False,
           add: list[dict[str, Any]] | None = None, clear: tuple[str, ...] = ()) -> Path:  # fmt: skip
    """A copy of the sample with cells of the measurements sheet changed ((ID, column) -> value),
    rows added, rows cleared (by ID), or the sheet removed (a workbook made before the register
    existed)."""
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb[SHEET]
    assert [c.value for c in ws[1]][:3] == ["ID *", "Agreement *", "Target *"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for (ident, column), value in (changes or {}).items():
        ws[f"{COLUMNS[column]}{rows[ident]}"] = value
    for ident in clear:
        for letter in COLUMNS.values():
            ws[f"{letter}{rows[ident]}"] = None
    for extra in add or []:
        row = ws.max_row + 1
        for column, value in extra.items():
            ws[f"{COLUMNS[column]}{row}"] = value
    if drop:
        del wb[SHEET]
    path = tmp_path / "sms.xlsx"
    wb.save(path)
    return path


def findings(path: Path, code: str) -> list[Any]:
    return [f for f in read_sms([str(path)], AS_OF).findings if f.code == code]


# ---------------------------------------------------------------------------- the shared rules
def test_rules() -> None:
    nov30 = dt.date(2026, 11, 30)
    assert last_period("monthly", nov30) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert last_period("quarterly", nov30) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert last_period("half-yearly", nov30) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert last_period("yearly", nov30) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert last_period("weekly", nov30) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))  # a Monday to Sunday
    assert last_period("monthly", dt.date(2026, 1, 15)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert last_period("on demand", nov30) is None
    assert month_of("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month_of("2026-13") is None and month_of("October") is None
    assert compare_target(88.9, ">= 90") is False and compare_target(91, "≥ 90") is True
    assert units_match("", "% of orders") and units_match("%  of Orders", "% of orders")
    assert not units_match("minutes", "% of orders")


# ---------------------------------------------------------------------------- check
def test_sample_measurements_are_clean() -> None:
    result = read_sms([str(SAMPLE)], AS_OF)
    mine = [f for f in result.findings if f.sheet == SHEET]
    assert mine == []
    assert len(result.dataset.rows(SHEET)) == 142


def test_check_names_the_cell_of_each_measurement_problem(tmp_path) -> None:
    path = edited(tmp_path, {
        ("MEAS-012", "unit"): "minutes",  # TGT-002 is in % of orders
        ("MEAS-024", "agreement"): "SLA-002",  # TGT-004 belongs to SLA-001
        ("MEAS-005", "period_start"): dt.datetime(2026, 2, 15),  # inside MEAS-004's February
        ("MEAS-030", "target"): "TGT-999",  # no such target
        ("MEAS-031", "agreement"): "SLA-999",  # no such agreement
    })  # fmt: skip
    result = read_sms([str(path)], AS_OF)
    by_code = {(f.code, f.cell): f for f in result.findings if f.sheet == SHEET}
    unit = by_code[("measurement-unit", f"{SHEET}!G13")]
    assert unit.severity == "error" and '"minutes" is not the unit of TGT-002' in unit.message
    other = by_code[("measurement-agreement", f"{SHEET}!C25")]
    assert "TGT-004 is a target of SLA-001, not of SLA-002" in other.message
    overlap = by_code[("measurement-overlap", f"{SHEET}!D6")]
    assert "MEAS-005" in overlap.message and "MEAS-004" in overlap.message and "2026-02-28" in overlap.message
    assert ("dangling-reference", f"{SHEET}!C31") in by_code
    assert ("dangling-reference", f"{SHEET}!B32") in by_code
    assert [f.code for f in result.findings if f.severity == "error"].count("measurement-unit") == 1


def test_uncomparable_target_is_a_warning(tmp_path) -> None:
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["Targets"]
    header = [c.value for c in ws[1]]
    target_col = header.index("Target *") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "TGT-002")
    ws.cell(row, target_col).value = "as fast as possible"
    path = tmp_path / "sms.xlsx"
    wb.save(path)
    (found,) = findings(path, "target-not-comparable")
    assert found.severity == "warning" and found.cell == f"{SHEET}!C2"


def test_a_workbook_made_before_the_register_gets_a_warning_not_an_error(tmp_path) -> None:
    path = edited(tmp_path, drop=True)
    result = read_sms([str(path)], AS_OF)
    (missing,) = [f for f in result.findings if f.sheet == SHEET]
    assert (missing.severity, missing.code) == ("warning", "missing-new-sheet")
    assert "fitsm-audit init" in missing.hint
    assert result.summary["errors"] == 0


# ---------------------------------------------------------------------------- assess
def assessed(path: Path) -> dict[str, Any]:
    from fitsm_audit.assess import assess

    check = read_sms([str(path)], AS_OF)
    result = assess(check.dataset, edition="2", as_of=AS_OF, findings=[f.to_dict() for f in check.findings])
    return {r.id: r for r in result.requirements}


def test_a_due_report_without_measurements_of_its_month_fails_pr3_3(tmp_path) -> None:
    whole = assessed(SAMPLE)["PR3.3"]
    assert "no measurements" not in " ".join(whole.evidence) and whole.level == 4
    # SLA-004's October figures are not in: the corporate report RPT-002 due for October lacks them
    path = edited(tmp_path, clear=("MEAS-141", "MEAS-142"))
    pr33 = assessed(path)["PR3.3"]
    assert "RPT-002 is due for October 2026, no measurements of SLA-004 for it" in " ".join(pr33.evidence)
    assert pr33.level is not None and pr33.level < 4
    assert any(e.id == "RPT-002" and e.role == "fails" for e in pr33.records)
    # one of the two targets measured is enough to say the report had figures for SLA-004
    path = edited(tmp_path, clear=("MEAS-142",))
    assert "RPT-002" not in " ".join(assessed(path)["PR3.3"].evidence)


def test_measurements_are_the_evidence_that_targets_are_monitored(tmp_path) -> None:
    reqs = assessed(SAMPLE)
    pr24 = " ".join(reqs["PR2.4"].evidence)
    assert "8 missed target periods in the window" in pr24  # 3 quarterly rows + 5 monthly breaches
    # a breach without a follow-up is a failing record at the measurement's row
    path = edited(tmp_path, {("MEAS-047", "follow_up"): None})
    broken = assessed(path)["PR2.4"]
    assert "MEAS-047" in " ".join(broken.evidence)
    (failing,) = [e for e in broken.records if e.id == "MEAS-047" and e.role == "fails"]
    assert (failing.sheet, failing.row) == (SHEET, 48)  # the auditor samples the measurement's row
    assert failing.cell is not None and failing.cell.startswith(f"{SHEET}!")


def test_without_the_register_pr3_is_judged_as_before(tmp_path) -> None:
    path = edited(tmp_path, drop=True)
    assert "no measurements" not in " ".join(assessed(path)["PR3.3"].evidence)


# ---------------------------------------------------------------------------- service-report
def test_service_report_writes_one_report_per_agreement_latest_month(tmp_path, capsys) -> None:
    args = ["service-report", str(SAMPLE), "-o", str(tmp_path), "--as-of", AS_OF.isoformat(), "--format", "pdf"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "manifest.json",
        "service-report-SLA-001-2026-10.pdf",
        "service-report-SLA-002-2026-10.pdf",
        "service-report-SLA-003-2026-10.pdf",
        "service-report-SLA-004-2026-10.pdf",
    ]
    text = pdf_text((tmp_path / "service-report-SLA-001-2026-10.pdf").read_bytes())
    assert "Service targets in October 2026" in text
    assert "No target was breached in October 2026." in text
    assert "Breaches of the last 12 months" in text
    for breach in ("MEAS-003", "MEAS-008", "MEAS-046", "MEAS-047", "MEAS-071"):
        assert breach in text
    assert "CMPL-003" in text  # the loyalty-points complaint of September, linked to that breach


def test_service_report_for_a_month_and_agreement_docx(tmp_path, capsys) -> None:
    import docx

    args = ["service-report", str(SAMPLE), "-o", str(tmp_path), "--as-of", AS_OF.isoformat(),
            "--period", "2026-08", "--agreement", "SLA-002", "--format", "docx"]  # fmt: skip
    code, out, err = run(args, capsys)
    assert code == 0, err
    doc = docx.Document(io.BytesIO((tmp_path / "service-report-SLA-002-2026-08.docx").read_bytes()))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Service targets in August 2026" in headings and "Breaches in August 2026" in headings
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "breached" in cells  # TGT-013, the lunch window, 91 % against >= 95 %
    assert any("CMPL-002" in c for c in cells)  # the late board lunch of 19 August
    assert any("INC-009" in c for c in cells)  # ... and the van breakdown behind it
    assert not any("INC-006" in c or "INC-010" in c for c in cells)  # service requests, other months
    assert any(c.startswith("91 % of deliveries") for c in cells)
    assert len(doc.inline_shapes) == 1  # the chart of the last 12 months


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--period", "2026-13"], "--period '2026-13' is not a month; use the form 2026-10"),
        (["--agreement", "SLA-005"], "SLA-005 has no measurements on the Service Level Measurements sheet"),
        (["--agreement", "SLA-404"], "--agreement SLA-404: not on the Agreements sheet"),
        (["--period", "2024-01"], "no agreement has measurements for January 2024"),
    ],
)
def test_service_report_usage_errors_are_one_line(tmp_path, capsys, extra: list[str], says: str) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run(["service-report", str(SAMPLE), "-o", str(out_dir), "--as-of", AS_OF.isoformat(), *extra], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and says in err and "Traceback" not in err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_service_report_refuses_rows_with_errors(tmp_path, capsys) -> None:
    path = edited(tmp_path, {("MEAS-012", "unit"): "minutes"})
    out_dir = tmp_path / "out"
    shutil.rmtree(out_dir, ignore_errors=True)
    code, out, err = run(["service-report", str(path), "-o", str(out_dir), "--as-of", AS_OF.isoformat(),
                          "--agreement", "SLA-003"], capsys)  # fmt: skip
    assert code == 0, err  # SLA-003's rows are clean
    code, out, err = run(["service-report", str(path), "-o", str(out_dir), "--as-of", AS_OF.isoformat(),
                          "--agreement", "SLA-001", "--force"], capsys)  # fmt: skip
    assert code == 1 and "G13" in err
