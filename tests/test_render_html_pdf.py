"""HTML templates (autoescape, strict) and the PDF path (asset fetcher, metadata, reproducibility)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from test_documents_data import pdf_metadata, pdf_text, weasyprint_logs

from fitsm_audit.documents.model import (
    Cell,
    Column,
    Document,
    DocumentControl,
    Paragraph,
    Section,
    Table,
)
from fitsm_audit.render import render
from fitsm_audit.render.html import environment, render_html, toc_entries
from fitsm_audit.render.pdf import AssetRefused, html_to_pdf, resolve_asset

HOSTILE = '<img src="file:///etc/passwd"> <script>alert(1)</script>'


def small_document(text: str = "Plain text", provider: str = "Acme") -> Document:
    control = DocumentControl("Test doc", "1.0", "draft", "Ann", "pending", "—", "2026-11-30")
    table = Table(
        [Column("ID", 1), Column("Text", 4)],
        [[Cell("R1", bold=True), Cell(text, tone="bad", notes=["note " + text])]],
    )
    return Document(
        kind="test",
        stem="test",
        title="Test document",
        subtitle="Sub",
        provider=provider,
        as_of=dt.date(2026, 11, 30),
        cover_facts=[("Provider", provider)],
        control=control,
        sections=[
            Section(
                "First",
                [Paragraph(text), table],
                subsections=[Section("Inner", [Paragraph("inner text")])],
            ),
            Section("Second", [Paragraph("second\nline")]),
        ],
    )


@pytest.fixture(scope="module")
def small_pdf() -> tuple[bytes, list[logging.LogRecord]]:
    with weasyprint_logs() as records:
        data = render(small_document(), ["pdf"])["pdf"]
    return data, records


def test_user_text_is_escaped_everywhere() -> None:
    html = render_html(small_document(HOSTILE, provider=HOSTILE), {}, standalone=True)
    assert '<img src="file:' not in html and "<script>" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html


def test_environment_is_strict_and_autoescaping() -> None:
    env = environment()
    assert env.autoescape is True
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing.attribute }}").render()


def test_control_characters_never_reach_the_html() -> None:
    html = render_html(small_document("bell\x07 and nul\x00 gone"), {}, standalone=False)
    assert "\x07" not in html and "\x00" not in html and "bell and nul gone" in html


def test_toc_anchors_match_the_headings() -> None:
    doc = small_document()
    html = render_html(doc, {}, standalone=False)
    entries = toc_entries(doc)
    assert [a for _, a, _ in entries] == ["s1", "s1-1", "s2"]
    for _, anchor, title in entries:
        assert f'id="{anchor}">{title}</h' in html


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/a.png",
        "data:image/png;base64,AAAA",
        "fitsm-asset:../fitsm_audit/data/contract.yaml",
        "fitsm-asset:document.html",
        "fitsm-asset:missing.css",
        "ftp://host/file.svg",
        "/etc/passwd",
    ],
)
def test_the_fetcher_refuses_everything_but_packaged_assets(url: str) -> None:
    with pytest.raises(AssetRefused):
        resolve_asset(url)


def test_the_fetcher_serves_packaged_assets_and_this_documents_charts() -> None:
    data, mime = resolve_asset("fitsm-asset:document.css")
    assert mime == "text/css" and b"@page" in data
    assert resolve_asset("fitsm-asset:charts/x.svg", {"x": b"<svg/>"}) == (
        b"<svg/>",
        "image/svg+xml",
    )


def test_raw_html_cannot_make_the_renderer_read_files() -> None:
    with weasyprint_logs() as records:
        pdf = html_to_pdf('<p>before</p><img src="file:///etc/passwd"><p>after</p>', "")
    assert "root:" not in pdf_text(pdf)
    assert any("refused" in r.getMessage() for r in records)


def test_pdf_has_page_numbers_metadata_and_no_warnings(small_pdf) -> None:
    data, records = small_pdf
    assert [r.getMessage() for r in records] == []
    text = pdf_text(data)
    assert "Page 2 of" in text and "Test document" in text and "Contents" in text
    meta = pdf_metadata(data)
    assert meta["/CreationDate"].startswith("D:20261130")
    assert meta["/ModDate"].startswith("D:20261130")
    assert meta["/Title"].startswith("Test document") and meta["/Author"] == "Acme"


def test_pdf_is_byte_identical_on_rerun(small_pdf) -> None:
    assert render(small_document(), ["pdf"])["pdf"] == small_pdf[0]


def test_the_kept_stylesheet_leaves_no_font_folder_and_nothing_on_stderr() -> None:
    """The stylesheet parsed once per process is dropped by an exit handler, while WeasyPrint is
    whole: its temporary font folder is gone before the interpreter tears down, and a process that
    rendered a PDF exits without a word on stderr."""
    import subprocess
    import sys

    code = (
        "import atexit, os\n"
        "from fitsm_audit.render import pdf\n"
        "pdf.html_to_pdf('<html><body><p>x</p></body></html>', 'p { color: black }')\n"
        "folders = [fc._folder for fc, _ in pdf._STYLES.values()]\n"
        "assert folders and all(os.path.isdir(f) for f in folders), folders\n"
        "atexit._run_exitfuncs()\n"
        "print(all(not os.path.exists(f) for f in folders))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "True", "")
