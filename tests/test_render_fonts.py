"""The packaged font: every PDF is set in it alone, subset one way on every machine; DOCX and the
charts name it too."""

from __future__ import annotations

import io

import pytest
from test_render_html_pdf import small_document

from fitsm_audit.render import render
from fitsm_audit.render.fonts import (
    CSS_FAMILY,
    DOCX_FALLBACK,
    DOCX_FAMILY,
    FACES,
    font_face_css,
    font_file,
    pin_font_subsetting,
)


def embedded_fonts(data: bytes) -> dict[str, bytes]:
    """BaseFont name -> the embedded font file of every font a PDF uses."""
    import pypdf

    out: dict[str, bytes] = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            out[str(font["/BaseFont"])] = descriptor["/FontFile2"].get_object().get_data()
    return out


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render(small_document(), ["pdf"])["pdf"]


def test_every_face_is_packaged_with_its_licence() -> None:
    from fontTools.ttLib import TTFont

    for face in FACES:
        with font_file(face).open("rb") as fh:
            names = TTFont(fh)["name"]
        assert names.getDebugName(1) == DOCX_FAMILY, face.file
    licence = font_file(FACES[0]).parent / "LICENSE.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")
    css = font_face_css("fitsm-asset")
    assert css.count("@font-face") == 4 and "fitsm-asset:fonts/LiberationSans-BoldItalic.ttf" in css


def test_pdf_uses_the_packaged_font_alone(pdf: bytes) -> None:
    fonts = embedded_fonts(pdf)
    family = CSS_FAMILY.replace(" ", "-")
    assert fonts, "the PDF embeds no font"
    # subset tag, then our family: regular and bold (the small document has both)
    assert sorted(name.split("+", 1)[1] for name in fonts) == [family, f"{family}-Bold"]


def test_subset_keeps_the_font_timestamp_and_glyph_ids(pdf: bytes) -> None:
    """fontTools would stamp the subset with the clock; the pin keeps the font's own date, and
    glyph IDs stay where the page content expects them."""
    from fontTools.ttLib import TTFont

    with font_file(FACES[0]).open("rb") as fh:
        original = TTFont(fh)
    regular = next(data for name, data in embedded_fonts(pdf).items() if not name.endswith("Bold"))
    subset = TTFont(io.BytesIO(regular))
    assert subset["head"].modified == original["head"].modified
    # glyph IDs retained: each letter of the text has its outline at its original ID
    kept, order, cmap = subset.getGlyphOrder(), original.getGlyphOrder(), original.getBestCmap()
    for letter in "Plain text":
        gid = original.getGlyphID(cmap[ord(letter)])
        assert subset["hmtx"][kept[gid]] == original["hmtx"][order[gid]], letter
        if letter != " ":
            assert subset["glyf"][kept[gid]].numberOfContours > 0, letter
    assert len(regular) < 0.5 * len(font_file(FACES[0]).read_bytes())  # it is a subset


def test_pdf_bytes_do_not_depend_on_harfbuzz_subset(pdf: bytes, monkeypatch) -> None:
    """With HarfBuzz-Subset hidden from WeasyPrint the bytes are the same as with it."""
    from weasyprint.pdf import fonts as pdf_fonts

    monkeypatch.setattr(pdf_fonts, "harfbuzz_subset", None)
    assert render(small_document(), ["pdf"])["pdf"] == pdf


def test_pin_replaces_weasyprint_subsetting() -> None:
    from weasyprint.pdf.fonts import Font

    pin_font_subsetting()
    assert Font.subset.__module__ == "fitsm_audit.render.fonts"


def test_docx_names_the_family_with_arial_as_substitute() -> None:
    import zipfile

    import docx

    data = render(small_document(), ["docx"])["docx"]
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == DOCX_FAMILY
    assert document.styles["Heading 1"].font.name == DOCX_FAMILY
    table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert f'<w:font w:name="{DOCX_FAMILY}"><w:altName w:val="{DOCX_FALLBACK}"/>' in table
    assert table.count(f'w:name="{DOCX_FAMILY}"') == 1


def test_chart_svg_names_the_packaged_family() -> None:
    from fitsm_audit.documents.model import CapabilitySeries, Chart
    from fitsm_audit.render.charts import render_chart

    chart = Chart("profile", CapabilitySeries([("GR1", 2.0, 3, True)]), "Capability", "a bar")
    svg = render_chart(chart, "svg").decode()
    assert f"'{CSS_FAMILY}'" in svg
    assert "DejaVu" not in svg and f"'{DOCX_FAMILY}'" not in svg
