"""The DOCX path: Word styles, fields, fast tables, XML-safe text, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from test_render_html_pdf import small_document

from fitsm_audit.render.docx import render_docx
from fitsm_audit.render.docx_base import DocxBuilder


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    return render_docx(small_document(), {})


def test_headings_use_word_heading_styles(small_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(small_docx))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]
    assert ("Title", "Test document") in headings
    assert ("Heading 1", "First") in headings and ("Heading 2", "Inner") in headings
    assert ("Heading 1", "Document control") in headings


def test_toc_field_and_page_number_fields(small_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(small_docx))
    body_xml = document.element.xml
    assert 'TOC \\o "1-2"' in body_xml
    footer_xml = document.sections[0].footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml and "Page " in footer_xml
    assert document.sections[0].different_first_page_header_footer
    assert "Acme · Test document" in document.sections[0].header.paragraphs[0].text
    settings = document.settings.element.xml
    assert "updateFields" in settings


def test_document_control_and_tables_read_back(small_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(small_docx))
    control = next(t for t in document.tables if t.rows[0].cells[0].text == "Document")
    values = {r.cells[0].text: r.cells[1].text for r in control.rows}
    assert values["Version"] == "1.0" and values["Date (as of)"] == "2026-11-30"
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "ID")
    assert grid.style.name == "FitSM Table"
    assert grid.rows[1].cells[1].text == "Plain text\nnote Plain text"
    header_tr = grid.rows[0]._tr
    assert header_tr.trPr.find(qn("w:tblHeader")) is not None


def test_core_properties_come_from_as_of(small_docx: bytes) -> None:
    props = docx.Document(io.BytesIO(small_docx)).core_properties
    assert props.created == dt.datetime(2026, 11, 30, 0, 0, tzinfo=props.created.tzinfo)
    assert props.modified == props.created and props.author == "Acme"
    assert props.title == "Test document"


def test_zip_entries_are_dated_as_of_and_reruns_are_identical(small_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(small_docx)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 30, 0, 0, 0)}
    assert render_docx(small_document(), {}) == small_docx


def test_invalid_xml_characters_are_removed_with_a_warning(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="fitsm_audit"):
        data = render_docx(small_document("bad\x00text\x1b here"), {})
    assert "badtext here" in docx.Document(io.BytesIO(data)).tables[-1].rows[1].cells[1].text
    assert any("cannot hold" in r.getMessage() for r in caplog.records)


def test_large_tables_are_built_fast_and_read_back() -> None:
    builder = DocxBuilder()
    rows = [
        [f"R{i}", (f"text {i}", "bad" if i % 2 else "", [f"note {i}"], False), str(i)]
        for i in range(3000)
    ]
    start = time.perf_counter()
    builder.table(["A", "B", "C"], rows, [0.2, 0.6, 0.2], aligns=["left", "left", "right"])
    elapsed = time.perf_counter() - start
    data = builder.finish(dt.date(2026, 1, 1))
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert len(table.rows) == 3001
    last = table.rows[-1]._tr
    texts = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in last.findall(qn("w:tc"))]
    assert texts == ["R2999", "text 2999note 2999", "2999"]
    assert 'w:fill="F8D7D3"' in last.xml
    assert elapsed < 20  # linear: about 0.1 ms a row here; a quadratic build would take minutes
