"""Property test (issue 17): every column of every sheet filled at once with generated values,
numbers, dates, long and unicode text, formulas and error values, and ``check``, ``assess`` and
``report`` run on it as a user runs them: none of them crashes, and every finding and every
evidence record names a cell that exists in the workbook.

One example rewrites a whole row of each register (the first data row, and one row appended
after the last) and every Organisation value; the sample's other rows stay, so the checks that
join registers have something to join against.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from openpyxl.utils import column_index_from_string

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.spec.contract import load_contract

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples" / "pizza-delivery.xlsx").read_bytes()
CONTRACT = load_contract()
ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")

# XML 1.0 cannot carry most control characters; the rest of unicode is fair game
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"
                             + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13))), max_size=80)
value = st.one_of(
    st.none(),
    text,
    st.builds(lambda n, c: c * n, st.integers(min_value=1000, max_value=32000), st.sampled_from("xé€🍕 ")),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", '=HYPERLINK("http://example.org","x")', "=NOW()", "+1+1", "@x"]),
    st.sampled_from(ERRORS).map(lambda e: ("error", e)),
    st.sampled_from(["launched", "yes", "no", "SVC-001", "PER-001, PER-999", "2026-02-30", "31/12/2026", "-3"]),
)


def registers() -> list[tuple[str, list[str]]]:
    return [(s.name, s.column_names()) for s in CONTRACT.sheets if s.kind == "register"]


def _put(cell: Any, v: Any) -> None:
    if isinstance(v, tuple) and v and v[0] == "error":
        cell.value = v[1]
        cell.data_type = "e"
    else:
        cell.value = v


def filled_workbook(draw: Any, folder: Path) -> Path:
    """The sample with every contract column of two rows of each register, and every
    Organisation value, replaced by drawn values."""
    wb = openpyxl.load_workbook(io.BytesIO(SAMPLE))
    for sheet, columns in registers():
        ws = wb[sheet]
        for row in (2, ws.max_row + 1):
            for col in range(1, len(columns) + 1):
                _put(ws.cell(row=row, column=col), draw(value))
    org = wb["Organisation"]
    for row in range(2, org.max_row + 1):
        _put(org.cell(row=row, column=2), draw(value))
    path = folder / "filled.xlsx"
    wb.save(path)
    return path


CELL = re.compile(r"^(?P<sheet>.+)!(?P<col>[A-Z]{1,3})(?P<row>\d+)$")


def assert_real_cell(book: openpyxl.Workbook, cell: str | None, what: Any) -> None:
    if cell is None:
        return
    m = CELL.match(cell)
    assert m, (cell, what)
    assert m["sheet"] in book.sheetnames, (cell, what)
    ws = book[m["sheet"]]
    assert 1 <= int(m["row"]) <= ws.max_row, (cell, ws.max_row, what)
    assert 1 <= column_index_from_string(m["col"]) <= ws.max_column, (cell, ws.max_column, what)


def cli_run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(cli, args)
    out = capsys.readouterr()
    return code, out.out, out.err


@seed(20261207)
# a few whole workbooks, not shrunk (one example is three full runs); the single-cell tests
# (test_properties.py) explore the values one by one
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.generate])
@given(data=st.data())
def test_every_column_of_every_sheet(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory,
                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("filled")
    path = filled_workbook(data.draw, folder)
    book = openpyxl.load_workbook(path, read_only=False)

    code, out, err = cli_run(["check", str(path), "--format", "json", "--as-of", "2026-11-30"], capsys)
    assert code in (0, 1) and "internal error" not in err, err
    findings = json.loads(out)["findings"]
    assert findings, "a row of drawn values gives findings"
    for f in findings:
        assert_real_cell(book, f["cell"], f)

    code, out, err = cli_run(["assess", str(path), "--format", "json", "--as-of", "2026-11-30"], capsys)
    assert code in (0, 1) and "internal error" not in err, err
    result = json.loads(out)
    for f in result["findings"]:
        assert_real_cell(book, f["cell"], f)
    for req in result["requirements"]:
        for rec in req.get("records") or []:
            assert_real_cell(book, rec.get("cell"), (req["id"], rec))

    code, out, err = cli_run(["report", str(path), "-o", str(folder / "docs"), "--format", "docx", "--as-of",
                              "2026-11-30", "--allow-errors", "-q"], capsys)  # fmt: skip
    assert "internal error" not in err and "Traceback" not in err, err
    if code == 2:  # a value the report refuses (a logo file that is not there): one line, no file
        assert len(err.strip().splitlines()) == 1 and err.startswith("fitsm-audit: "), err
        assert not (folder / "docs" / "gap-report.docx").exists()
    else:
        assert code in (0, 1), err
        assert (folder / "docs" / "gap-report.docx").stat().st_size > 0
