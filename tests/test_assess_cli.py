"""``fitsm-audit assess`` and ``fitsm-audit requirements``: outputs, files and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.pipeline import read_sms

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pizza-delivery.xlsx"
AS_OF = dt.date(2026, 11, 30)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_guarded(cli, list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def checked() -> Any:
    return read_sms([str(SAMPLE)], AS_OF)


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, checked: Any) -> None:
    """Skip re-reading the sample workbook (the real read is covered once, below)."""
    from fitsm_audit.cli import commands_assess

    def fake(paths: tuple[str, ...], kwargs: dict[str, Any]) -> tuple[Any, dt.date]:
        return checked, AS_OF

    monkeypatch.setattr(commands_assess, "read_inputs", fake)


def test_json_end_to_end_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--as-of", "2026-11-30", "--format", "json")
    assert code == 1  # groups below target
    data = json.loads(out)
    assert len(data["requirements"]) == 85
    assert (
        sum(1 for r in data["requirements"] if r["evidenced_level"] is not None and r["evidence"])
        == 53
    )
    assert data["groups"] and data["kpis"] and data["maturity"]["headline"] == 1
    gaps = [r for r in data["requirements"] if r["status"] == "not met"]
    assert gaps and all(r["recommendation"]["action"] for r in gaps)


@pytest.mark.usefixtures("cached")
@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ([], 1),
        (["--fail-under", "0"], 0),
        (["--fail-under", "1"], 0),
        (["--fail-under", "2"], 1),
    ],
)
def test_exit_codes(capsys: pytest.CaptureFixture[str], extra: list[str], code: int) -> None:
    assert run(capsys, "assess", str(SAMPLE), "--brief", *extra)[0] == code


@pytest.mark.usefixtures("cached")
def test_edition_3_lists_82(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--edition", "3", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["edition"] == "3" and len(data["requirements"]) == 82


@pytest.mark.usefixtures("cached")
def test_text_output_has_groups_gaps_and_actions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", str(SAMPLE))
    assert code == 1
    assert "SMS maturity (lowest in-scope capability): 1 (initial), in PR9" in out
    assert "PR2   Service Level Management" in out
    assert "[high] PR2.2" in out and "not covered: SVC-004" in out
    assert "discrepancy: claimed level 3 (defined) but the registers show level 2" in out
    assert "keep up:" in out and "\x1b[" not in out  # no colour when not a terminal


@pytest.mark.usefixtures("cached")
def test_xlsx_results_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "results.xlsx"
    code, _, err = run(capsys, "assess", str(SAMPLE), "--format", "xlsx", "-o", str(target))
    assert code == 1 and "wrote" in err
    wb = load_workbook(target)
    assert wb.sheetnames == ["Summary", "Requirements", "KPIs", "Findings", "Method"]
    reqs = wb["Requirements"]
    assert reqs.max_row == 86 and reqs["A2"].value == "GR1.1"
    row = next(r for r in reqs.iter_rows(min_row=2, values_only=True) if r[0] == "PR2.2")
    assert row[3:8] == (2, 3, 2, 3, "not met") and "SVC-004" in row[10]
    assert wb["KPIs"].max_row > 30 and wb["Findings"].max_row == 5


@pytest.mark.usefixtures("cached")
def test_xlsx_needs_output_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "assess", str(SAMPLE), "--format", "xlsx")[0] == 2
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"keep me")
    code, _, err = run(capsys, "assess", str(SAMPLE), "--format", "xlsx", "-o", str(target))
    assert code == 2 and "already exists" in err and target.read_bytes() == b"keep me"
    code, _, _ = run(
        capsys, "assess", str(SAMPLE), "--format", "xlsx", "-o", str(target), "--force"
    )
    assert code == 1 and target.read_bytes()[:2] == b"PK"


@pytest.mark.usefixtures("cached")
def test_json_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--format", "json", "-o", str(target))
    assert code == 1 and out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["requirements"]) == 85


def test_never_writes_into_an_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy = tmp_path / "sms.xlsx"
    shutil.copy(SAMPLE, copy)
    before = copy.read_bytes()
    code, _, err = run(capsys, "assess", str(copy), "--format", "xlsx", "-o", str(copy), "--force")
    assert code == 2 and "input" in err and copy.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "missing.xlsx"],
        ["assess", "README.md"],
        ["assess", str(SAMPLE), "--as-of", "30/11/2026"],
        ["assess", str(SAMPLE), "--edition", "4"],
        ["assess", str(SAMPLE), "--fail-under", "5"],
        ["assess"],
    ],
)
def test_unusable_input_or_misuse_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and err and "Traceback" not in err


def test_not_a_workbook_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    code, _, err = run(capsys, "assess", str(bad))
    assert code == 2 and "bad.xlsx" in err


@pytest.mark.parametrize(("edition", "count"), [("2", 85), ("3", 82)])
def test_requirements_json(capsys: pytest.CaptureFixture[str], edition: str, count: int) -> None:
    code, out, _ = run(capsys, "requirements", "--edition", edition, "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data["requirements"]) == count
    evidenced = sum(1 for r in data["requirements"] if r["evidenced"])
    assert evidenced == (53 if edition == "2" else 50)
    pr22 = next(r for r in data["requirements"] if r["id"] == "PR2.2")
    assert pr22["checks"] == (
        ["sla_coverage"] if edition == "2" else ["sla_coverage", "sla_reviews"]
    )


def test_requirements_text_marks_paraphrases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "requirements")
    assert code == 0 and "85 requirements; 53 are evidenced" in out
    assert "* PR2.2  For all services delivered to customers, SLAs shall be in place." in out
    assert "PR9.1" in out and "[paraphrase]" in out and "CC BY 4.0" in out


def test_help_is_available(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--help")
    assert code == 0 and "--fail-under" in out and "--edition" in out
