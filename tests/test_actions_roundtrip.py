"""The results workbook round trip: assess writes the Actions sheet, the user fills in Status and
Comment, assess --actions and report --actions read them back by action ID; whatever the user
broke is a warning naming the cell, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pizza-delivery.xlsx"
AS_OF = ["--as-of", "2026-11-30"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_guarded(cli, list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("results") / "results.xlsx"
    assert run_guarded(cli, ["assess", str(SAMPLE), *AS_OF, "--format", "xlsx", "-o", str(path)]) == 1
    return path


def edited(results: Path, tmp_path: Path, edit) -> Path:  # noqa: ANN001
    wb = openpyxl.load_workbook(results)
    edit(wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def fill(wb: openpyxl.Workbook) -> None:
    ws = wb["Actions"]
    ws["K2"], ws["L2"] = "done", "Signed off by Anna on 2 Dec"
    ws["K3"] = "finished"
    ws.append(["A-FFFFFF", "PR1.1", "an action from another run"] + [None] * 7 + ["open", None])


def test_statuses_and_comments_come_back_by_action_id(
    capsys: pytest.CaptureFixture[str], results: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(results)
    first, second = wb["Actions"]["A2"].value, wb["Actions"]["A3"].value
    path = edited(results, tmp_path, fill)
    code, out, err = run(capsys, "assess", str(SAMPLE), *AS_OF, "--actions", str(path))
    assert code == 1 and "Traceback" not in err
    head = next(line for line in out.splitlines() if f" {first} " in line)
    assert head.endswith("[done]")
    assert "      comment: Signed off by Anna on 2 Dec" in out
    assert not next(line for line in out.splitlines() if f" {second} " in line).endswith("]")
    warnings = err.splitlines()
    assert f'fitsm-audit: warning: {path} Actions!K3: "finished" is not a valid status. Use one of open, in progress, done.' in warnings
    assert any("A-FFFFFF is no action of this assessment" in w and "Actions!K" in w for w in warnings)
    assert len(warnings) == 2


def test_a_new_results_workbook_keeps_the_statuses(
    capsys: pytest.CaptureFixture[str], results: Path, tmp_path: Path
) -> None:
    path = edited(results, tmp_path, fill)
    again = tmp_path / "again.xlsx"
    run(capsys, "assess", str(SAMPLE), *AS_OF, "--actions", str(path), "--format", "xlsx", "-o", str(again))
    ws = openpyxl.load_workbook(again)["Actions"]
    assert (ws["K2"].value, ws["L2"].value, ws["K3"].value) == ("done", "Signed off by Anna on 2 Dec", None)


def test_the_gap_report_shows_the_status_column(
    capsys: pytest.CaptureFixture[str], results: Path, tmp_path: Path
) -> None:
    path = edited(results, tmp_path, fill)
    out_dir = tmp_path / "docs"
    code, _, err = run(capsys, "report", str(SAMPLE), *AS_OF, "--actions", str(path), "-o", str(out_dir), "--format", "docx")
    assert code == 0 and '"finished" is not a valid status' in err
    document = docx.Document(io.BytesIO((out_dir / "gap-report.docx").read_bytes()))
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Action" and len(t.columns) == 6)
    assert plan.rows[0].cells[5].text == "Status"
    assert plan.rows[1].cells[5].text.startswith("done") and "Signed off by Anna" in plan.rows[1].cells[5].text
    assert plan.rows[2].cells[5].text.startswith("not set")


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda wb: wb["Actions"].delete_cols(11), "The Actions sheet has no Status column"),
        (lambda wb: wb.remove(wb["Actions"]), "has no Actions sheet"),
        (lambda wb: wb["Summary"].__setitem__("B2", "Other Pizza plc"), "holds the actions of Other Pizza plc"),
    ],
    ids=["status column deleted", "sheet removed", "another provider"],
)
def test_a_results_workbook_edited_into_nonsense_is_a_warning(
    capsys: pytest.CaptureFixture[str], results: Path, tmp_path: Path, edit, says: str  # noqa: ANN001
) -> None:
    path = edited(results, tmp_path, edit)
    code, out, err = run(capsys, "assess", str(SAMPLE), *AS_OF, "--actions", str(path), "--brief")
    assert code == 1 and "Traceback" not in err
    assert says in err and len(err.splitlines()) == 1
    assert "[done]" not in out and out.startswith("Readiness for certification:")


def test_an_actions_file_that_is_no_workbook_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bogus = tmp_path / "results.xlsx"
    bogus.write_text("Status,Comment\ndone,yes\n")
    code, out, err = run(capsys, "assess", str(SAMPLE), *AS_OF, "--actions", str(bogus))
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and str(bogus) in err
