"""Outputs are safe: no formulas from user text, no overwriting without --force, no half-written files,
and the input workbook is unchanged by every command."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "pizza-delivery.xlsx"
INJECTIONS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fitsm_audit", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


# IDs of rows that the sample's gaps list (they reach the results workbook's "Failing rows" column)
RENAMED = {"Services": "SVC-004", "Suppliers": "SUP-007", "Risks": "RSK-006", "Customers": "CUS-005"}


@pytest.fixture(scope="module")
def hostile_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with formula-like IDs on rows that fail a requirement, and a formula-like provider."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    for (sheet, old), new in zip(RENAMED.items(), INJECTIONS[1:], strict=False):
        for row in wb[sheet].iter_rows(min_row=2, max_col=1):
            if row[0].value == old:
                row[0].value = new
                row[0].data_type = "s"
    org = wb["Organisation"]
    for row in org.iter_rows(min_row=2):
        if str(row[0].value).strip().lower() == "provider":
            row[1].value = INJECTIONS[0]
            row[1].data_type = "s"
    wb.save(path)
    return path


def test_assess_xlsx_never_writes_formulas(hostile_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.xlsx"
    r = run("assess", str(hostile_sample), "--as-of", "2026-11-30", "--format", "xlsx", "-o", str(out))
    assert r.returncode in (0, 1), r.stderr
    wb = openpyxl.load_workbook(out)
    texts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    assert "=cmd|' /C calc'!A0" in texts  # the provider, as literal text
    for payload in INJECTIONS[1:4]:  # (a leading tab or CR is trimmed when the workbook is read)
        assert any(t.startswith(payload) for t in texts), payload  # a failing row ID, as literal text


def test_existing_outputs_are_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "results.xlsx"
    out.write_bytes(b"mine")
    r = run("assess", str(SAMPLE), "--as-of", "2026-11-30", "--format", "xlsx", "-o", str(out))
    assert r.returncode == 2 and "already exists" in r.stderr and "--force" in r.stderr
    assert out.read_bytes() == b"mine"
    r = run("assess", str(SAMPLE), "--as-of", "2026-11-30", "--format", "xlsx", "-o", str(out), "--force")
    assert r.returncode in (0, 1) and out.read_bytes()[:2] == b"PK"
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(b"mine too")
    assert run("init", str(blank)).returncode == 2 and blank.read_bytes() == b"mine too"


def test_report_refuses_to_overwrite_and_leaves_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "gap-report.docx").write_bytes(b"keep")
    r = run("report", str(SAMPLE), "--as-of", "2026-11-30", "-o", str(out), "--format", "docx")
    assert r.returncode == 2 and "already exists" in r.stderr
    assert (out / "gap-report.docx").read_bytes() == b"keep"
    assert sorted(p.name for p in out.iterdir()) == ["gap-report.docx"]


def test_assess_cannot_write_into_its_input(tmp_path: Path) -> None:
    copy = tmp_path / "sms.xlsx"
    shutil.copy(SAMPLE, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    r = run("assess", str(copy), "--as-of", "2026-11-30", "--format", "xlsx", "-o", str(copy), "--force")
    assert r.returncode == 2
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_every_command_leaves_the_input_unchanged(tmp_path: Path) -> None:
    copy = tmp_path / "sms.xlsx"
    shutil.copy(SAMPLE, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    for args in (["check"], ["assess"], ["plan", "-o", str(tmp_path / "p"), "--format", "docx"],
                 ["catalogue", "-o", str(tmp_path / "c"), "--format", "docx"]):
        r = run(args[0], str(copy), "--as-of", "2026-11-30", *args[1:])
        assert r.returncode in (0, 1), r.stderr
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
