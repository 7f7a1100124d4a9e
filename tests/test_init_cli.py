"""`fitsm-audit init` and `fitsm-audit columns`, run through the real click group."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import AREAS, AUXILIARY_SHEETS
from fitsm_audit.template.columns_doc import column_reference_markdown

CONTRACT = load_contract()


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(cli, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_writes_the_combined_workbook_and_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "fitsm.xlsx"
    code, out, _ = run(["init", str(target)], capsys)
    assert code == 0 and str(target) in out
    wb = openpyxl.load_workbook(target)
    assert [n for n in wb.sheetnames if n not in AUXILIARY_SHEETS] == CONTRACT.sheet_names()
    before = target.read_bytes()

    code, out, err = run(["init", str(target)], capsys)
    assert code == 2
    assert "already exists" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert target.read_bytes() == before

    target.write_bytes(b"user data")
    code, _, _ = run(["init", str(target), "--force"], capsys)
    assert code == 0 and target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fitsm.xlsx"]


def test_init_split_writes_one_workbook_per_area(tmp_path, capsys):
    folder = tmp_path / "books"
    code, out, _ = run(["init", str(folder), "--split"], capsys)
    assert code == 0
    files = sorted(p.name for p in folder.iterdir())
    assert files == sorted(AREAS.values()) and len(files) == 8 and "fitsm-operations.xlsx" in files
    seen: list[str] = []
    for area, name in AREAS.items():
        wb = openpyxl.load_workbook(folder / name, read_only=True)
        sheets = [n for n in wb.sheetnames if n not in AUXILIARY_SHEETS]
        assert sheets == [s.name for s in CONTRACT.sheets_of(area)]
        seen += sheets
        wb.close()
    assert sorted(seen) == sorted(CONTRACT.sheet_names())
    assert all(name in out for name in AREAS.values())

    code, _, err = run(["init", str(folder), "--split"], capsys)
    assert code == 2 and "already exists" in err
    assert run(["init", str(folder), "--split", "--force"], capsys)[0] == 0


def test_init_edition_3_prefills_82_requirements(tmp_path, capsys):
    target = tmp_path / "v3.xlsx"
    assert run(["init", str(target), "--edition", "3"], capsys)[0] == 0
    ws = openpyxl.load_workbook(target, read_only=True)["Assessment"]
    ids = [row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(ids) == 82


@pytest.mark.parametrize("name", ["fitsm.csv", "plain"])
def test_init_needs_an_xlsx_name(tmp_path, capsys, name):
    code, _, err = run(["init", str(tmp_path / name)], capsys)
    assert code == 2 and ".xlsx" in err
    assert list(tmp_path.iterdir()) == []


def test_init_folder_and_file_mix_ups(tmp_path, capsys):
    code, _, err = run(["init", str(tmp_path)], capsys)
    assert code == 2 and "folder" in err
    a_file = tmp_path / "f.xlsx"
    a_file.write_bytes(b"x")
    code, _, err = run(["init", str(a_file), "--split"], capsys)
    assert code == 2 and "--split needs a folder" in err


def test_columns_text_lists_every_sheet(capsys):
    code, out, _ = run(["columns"], capsys)
    assert code == 0
    for sheet in CONTRACT.sheets:
        assert sheet.name in out
    assert "SVC-" in out and "required" in out


def test_columns_markdown_matches_the_docs(capsys):
    code, out, _ = run(["columns", "--format", "markdown"], capsys)
    assert code == 0
    assert out == column_reference_markdown()
    root = Path(__file__).resolve().parent.parent
    assert (root / "docs" / "columns.md").read_text(encoding="utf-8") == out


def test_columns_one_sheet(capsys):
    code, out, _ = run(["columns", "--sheet", "agreements"], capsys)
    assert code == 0 and out.startswith("Agreements") and "Services  [" not in out
    assert "SLA / OLA / UA" in out
    code, _, err = run(["columns", "--sheet", "Nope"], capsys)
    assert code == 2 and "no sheet" in err


def test_commands_are_registered():
    assert {"init", "columns"} <= set(cli.commands)
