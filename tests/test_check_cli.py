"""check on the command line: exit codes, both output formats, unreadable inputs (one line, exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from checkdata import DATA, FIELDS

from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import build_workbook

SHEETS = len(load_contract().sheets)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fitsm_audit", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    good = d / "good.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(good)
    wb = openpyxl.load_workbook(good)
    wb["Services"]["E2"] = "launched"
    bad = d / "bad.xlsx"
    wb.save(bad)
    return {"good": good, "bad": bad, "dir": d}


def test_clean_workbook_exits_0(files: dict[str, Path]) -> None:
    r = run("check", str(files["good"]), "--as-of", "2026-11-30")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"no errors, 0 warnings in {SHEETS} sheets" in r.stdout


def test_errors_exit_1_text_grouped_by_sheet(files: dict[str, Path]) -> None:
    r = run("check", str(files["bad"]), "--as-of", "2026-11-30")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert "Services" in lines
    assert any('"launched" is not a valid status. Use one of in preparation, live, retired.' in ln and "E2" in ln
               for ln in lines)
    assert lines[-2].startswith("1 error, 0 warnings")
    assert lines[-1] == f"Fix the error above, then run: fitsm-audit assess {files['bad']}"


def test_json_shape(files: dict[str, Path]) -> None:
    r = run("check", str(files["bad"]), "--as-of", "2026-11-30", "--format", "json")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert set(doc) == {"findings", "summary"}
    assert set(doc["summary"]) == {"errors", "warnings", "sheets", "rows"}
    (finding,) = doc["findings"]
    assert list(finding) == ["severity", "code", "file", "sheet", "cell", "row", "column", "value", "message", "hint"]
    assert finding == {
        "severity": "error", "code": "invalid-enum", "file": str(files["bad"]), "sheet": "Services",
        "cell": "Services!E2", "row": 2, "column": "Status", "value": "launched",
        "message": '"launched" is not a valid status.', "hint": "Use one of in preparation, live, retired.",
    }
    assert doc["summary"] == {"errors": 1, "warnings": 0, "sheets": SHEETS, "rows": doc["summary"]["rows"]}


def test_folder_input_merges_split_workbooks(tmp_path: Path) -> None:
    from fitsm_audit.spec.contract import load_contract

    contract = load_contract()
    for wb_def in contract.workbooks:
        names = [s.name for s in contract.sheets_of(wb_def.id)]
        data = {k: v for k, v in DATA.items() if k in names}
        fields = FIELDS if "Organisation" in names else None
        build_workbook(sheet_names=names, data=data, fields=fields).save(tmp_path / f"{wb_def.id}.xlsx")
    r = run("check", str(tmp_path), "--as-of", "2026-11-30")
    assert r.returncode == 0, r.stdout
    assert "from 8 files" in r.stdout


def _encrypted_like(path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512
    path.write_bytes(ole)


UNREADABLE = {
    "missing": (lambda p: None, "file not found"),
    "empty": (lambda p: p.write_bytes(b""), "the file is empty"),
    "text": (lambda p: p.write_text("id,name\n1,x\n"), "not an Excel workbook"),
    "pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n%..."), "a PDF file"),
    "truncated": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 40), "corrupt"),
    "xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000), "legacy Excel 97-2003"),
    "encrypted": (_encrypted_like, "password-protected"),
    "docx": (lambda p: zipfile.ZipFile(p, "w").writestr("word/document.xml", "<w/>"), "Word document"),
    "no-workbook-part": (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"), "no xl/workbook.xml"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_input_one_line_exit_2(tmp_path: Path, case: str) -> None:
    make, expected = UNREADABLE[case]
    path = tmp_path / f"{case}.xlsx"
    make(path)
    r = run("check", str(path))
    assert r.returncode == 2
    assert r.stdout == ""
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and expected in err[0] and str(path) in err[0]
    assert "Traceback" not in r.stderr


def test_misuse_exits_2(tmp_path: Path) -> None:
    assert run("check").returncode == 2
    r = run("check", str(tmp_path))
    assert r.returncode == 2 and "holds no .xlsx workbook" in r.stderr
    r = run("check", str(tmp_path), "--as-of", "yesterday")
    assert r.returncode == 2


def test_help_is_instant_and_lists_commands() -> None:
    r = run("--help")
    assert r.returncode == 0
    assert "check" in r.stdout and "init" in r.stdout
