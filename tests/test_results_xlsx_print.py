"""The results workbook prints: every sheet landscape, one page wide, header row repeated, page
header and footer; wrapped rows tall enough; a styled summary with a heat map and a chart."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from test_documents_data import SAMPLE

from fitsm_audit.assess import assess
from fitsm_audit.render.assessment_xlsx import write_xlsx
from fitsm_audit.workbook.pipeline import read_sms

AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    result = assess(read_sms([str(SAMPLE)], AS_OF).dataset, as_of=AS_OF)
    path = tmp_path_factory.mktemp("xlsx") / "results.xlsx"
    write_xlsx(result, path)
    return load_workbook(path)


def test_every_sheet_prints_one_page_wide_with_its_header_row_and_page_numbers(book) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.oddHeader.left.text == "Pronto Pizza Ltd.", ws.title
        assert "2026-11-30" in ws.oddHeader.right.text, ws.title
        assert ws.oddFooter.right.text == "Page &P of &N", ws.title
        if ws.title != "Summary":
            assert ws.print_title_rows == "$1:$1", ws.title
            assert ws.freeze_panes == "A2" and (ws.auto_filter.ref or ws.max_row == 1), ws.title


def test_wrapped_rows_are_tall_enough_for_their_text(book) -> None:
    findings = book["Findings"]
    statement_rows = [r for r in range(2, findings.max_row + 1) if len(str(findings.cell(r, 3).value or "")) > 300]
    assert statement_rows
    for r in statement_rows:
        assert (findings.row_dimensions[r].height or 0) >= 60, r


def test_the_summary_shows_the_verdict_a_heat_map_and_a_chart(book) -> None:
    ws = book["Summary"]
    assert ws["B1"].value == "ready after minor actions" and ws["B1"].fill.fgColor.rgb.endswith("FFEB9C")
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert any(r.type == "colorScale" for r in rules)
    assert len(ws._charts) == 1
