"""What a file is, from its name and first bytes (the screen's wording rests on it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_documents_data import SAMPLE

from fitsm_audit.core.filekind import HEAD_BYTES, identify_bytes


@pytest.mark.parametrize(
    ("name", "head", "key"),
    [
        ("x.xlsx", b"PK\x03\x04rest", "zip"),
        ("~$x.xlsx", b"PK\x03\x04rest", "zip"),  # a real workbook is a workbook, whatever its name
        ("~$x.xlsx", b"\x05Alice     ", "excel-lock"),
        (".~lock.x.xlsx#", b"Alice,host,alice,30.11.2026 10:00,;", "libreoffice-lock"),
        ("x.xlsx", b"", "empty"),
        ("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        ("x.xlsx", b"%PDF-1.7\n", "pdf"),
        ("x.xlsx", b"id,name\nSVC-001,Delivery\n", "csv"),
        ("x.xlsx", "ID;Name\nSVC-001;Müller\n".encode("cp1252"), "csv"),  # a legacy 8-bit CSV
        ("x.xlsx", "ID\tName\nSVC-001\tDelivery\n".encode("utf-16"), "tsv"),  # Excel's "Unicode text"
        ("x.csv", b"just one column\nof values\n", "csv"),  # the name says so
        ("x.txt", b"Some notes.\nMore notes.\n", "text"),
        ("x.xls", b"<html><body><table><tr><td>1</td></tr></table>", "html"),
        ("x.xml", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
         "xml-spreadsheet"),
        ("x.xml", b'<?xml version="1.0"?><root/>', "xml"),
        ("x.bin", bytes(range(256)), "binary"),
    ],
)
def test_identify(name: str, head: bytes, key: str) -> None:
    assert identify_bytes(name, head).key == key


def test_a_line_cut_at_the_end_of_the_head_does_not_decide() -> None:
    row = b"x" * 3000 + b",Delivery,live\n"  # long rows: the head holds two and a half
    head = (row * 3)[:HEAD_BYTES]
    assert head.count(b"\n") == 2 and identify_bytes("x.xlsx", head).key == "csv"


def test_a_workbook_called_like_a_lock_file_is_read(tmp_path: Path) -> None:
    book = tmp_path / "~$copy.xlsx"
    shutil.copy(SAMPLE, book)
    r = subprocess.run([sys.executable, "-m", "fitsm_audit", "check", str(book), "--as-of", "2026-11-30"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert "lock file" not in r.stderr
