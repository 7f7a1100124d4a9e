"""Branding: the provider's logo on covers and page headers (--logo), and one clear line for a
logo that is not an image, too large, or an SVG reaching outside itself."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pikepdf
from test_documents_cli import base, run

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c00"/></svg>'


def png(width: int = 40, height: int = 20) -> bytes:
    """A small red PNG, written by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _images_on(pdf_path: Path, page: int) -> int:
    """The raster images drawn on a page, inside form XObjects too (an SVG logo is a form of
    its own, so a page holding one counts its forms as well)."""
    def count(resources: pikepdf.Object) -> int:
        found = 0
        for _name, x in (resources.get("/XObject") or {}).items():
            if x.get("/Subtype") == "/Image":
                found += 1
            elif x.get("/Subtype") == "/Form" and "/Resources" in x:
                found += count(x.Resources)
        return found

    with pikepdf.open(pdf_path) as pdf:
        return count(pdf.pages[page].Resources)


def test_a_png_logo_is_on_the_cover_and_in_the_page_headers(tmp_path, capsys) -> None:
    import docx

    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    out = tmp_path / "out"
    code, _, err = run(base("plan", out, "--format", "pdf,docx", "--logo", str(logo)), capsys)
    assert code == 0, err
    assert _images_on(out / "sms-plan.pdf", 0) >= 1 and _images_on(out / "sms-plan.pdf", 2) >= 1
    document = docx.Document(str(out / "sms-plan.docx"))
    assert len(document.inline_shapes) >= 1  # the cover
    header_xml = document.sections[0].header._element.xml
    assert "<pic:pic" in header_xml or "graphicData" in header_xml


def test_an_svg_logo_goes_into_the_pdf_and_is_left_out_of_the_docx_with_a_warning(tmp_path, capsys) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    out = tmp_path / "out"
    code, _, err = run(base("plan", out, "--format", "pdf,docx", "--logo", str(logo)), capsys)
    assert code == 0 and "the SVG logo is shown in the PDF and HTML only" in err
    with pikepdf.open(out / "sms-plan.pdf") as pdf:  # the SVG's red rectangle, drawn on the cover
        contents = pdf.pages[0].Contents
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        cover = b"".join(stream.read_bytes() for stream in streams)
    assert b"0.8 0 0 rg" in cover


def test_a_bad_logo_is_one_line_and_nothing_is_written(tmp_path, capsys) -> None:
    cases = {
        "text.png": (b"just text", "not a PNG, JPEG or SVG image"),
        "big.png": (png() + b"\x00" * (2 * 1024 * 1024), "a logo may be at most 2 MB"),
        "linked.svg": (SVG.replace(b"<rect", b'<image href="file:///etc/passwd"/><rect'), "refers to something outside itself"),
        "script.svg": (SVG.replace(b"<rect", b"<script>alert(1)</script><rect"), "refers to something outside itself"),
    }  # fmt: skip
    for name, (data, message) in cases.items():
        logo = tmp_path / name
        logo.write_bytes(data)
        out = tmp_path / f"out-{name}"
        code, _, err = run(base("plan", out, "--format", "pdf", "--logo", str(logo)), capsys)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1, (name, err)
        assert not out.exists(), name





def _with_logo_cell(tmp_path: Path, value: str) -> tuple[Path, int]:
    """A copy of the sample whose Organisation sheet names a logo; the cell's row."""
    import openpyxl
    from test_documents_cli import SAMPLE

    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Organisation"]
    rows = [r for r in range(2, sheet.max_row + 1) if str(sheet.cell(row=r, column=1).value).lower() == "logo"]
    row = rows[0] if rows else sheet.max_row + 1  # the sample has the field's row, left blank
    sheet.cell(row=row, column=1, value=sheet.cell(row=row, column=1).value or "logo")
    sheet.cell(row=row, column=2, value=value)
    path = tmp_path / "sms" / "pizza.xlsx"
    path.parent.mkdir()
    book.save(path)
    return path, row


def test_the_organisation_sheet_names_the_logo_relative_to_the_workbook(tmp_path, capsys) -> None:
    workbook, _ = _with_logo_cell(tmp_path, "brand/logo.png")
    (workbook.parent / "brand").mkdir()
    (workbook.parent / "brand" / "logo.png").write_bytes(png())
    out = tmp_path / "out"
    code, _, err = run(["plan", str(workbook), "-o", str(out), "--format", "pdf"], capsys)
    assert code == 0, err
    assert _images_on(out / "sms-plan.pdf", 0) >= 1 and _images_on(out / "sms-plan.pdf", 2) >= 1
    plain = tmp_path / "plain"
    code, _, err = run(base("plan", plain, "--format", "pdf"), capsys)
    assert code == 0 and _images_on(plain / "sms-plan.pdf", 0) == 0  # no cell, no option: no logo


def test_a_bad_logo_cell_names_the_cell_and_the_option_overrides_it(tmp_path, capsys) -> None:
    workbook, row = _with_logo_cell(tmp_path, "missing.png")
    out = tmp_path / "out"
    code, _, err = run(["plan", str(workbook), "-o", str(out), "--format", "pdf"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert f'Organisation!B{row}: logo "missing.png": no such file' in err
    assert not out.exists()
    good = tmp_path / "good.png"
    good.write_bytes(png())
    code, _, err = run(["plan", str(workbook), "-o", str(out), "--format", "pdf", "--logo", str(good)], capsys)
    assert code == 0 and _images_on(out / "sms-plan.pdf", 0) >= 1, err
