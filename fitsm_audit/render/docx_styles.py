"""Word page set-up and styles: the document font, built-in Title/Heading styles, the paragraph
styles of the renderer and a custom table style (light grid, navy header row, banded rows).
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from fitsm_audit.render.fonts import DOCX_FALLBACK, DOCX_FAMILY

FONT = DOCX_FAMILY
INK = RGBColor(0x26, 0x32, 0x38)
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
BLUE = RGBColor(0x1F, 0x5F, 0x99)
GREY = RGBColor(0x54, 0x6E, 0x7A)
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_LR, MARGIN_T, MARGIN_B = Mm(18), Mm(22), Mm(20)
TEXT_WIDTH = PAGE_W - 2 * MARGIN_LR
TWIPS_PER_EMU = 1 / 635

# Cell shading per tone; the same colours as the PDF stylesheet.
TONE_FILL = {
    "lvl0": "F8D7D3",
    "lvl1": "FBE1C8",
    "lvl2": "FCF0BD",
    "lvl3": "DCEDC8",
    "lvl4": "C8E6C9",
    "good": "DCEDC8",
    "warn": "FCF0BD",
    "bad": "F8D7D3",
    "muted": "ECEFF1",
    "claim": "DDEBF7",  # met on the self-assessment alone: not evidenced
}
HEADER_FILL = "1F3A5F"
LABEL_FILL = "EEF2F6"
BORDER = "CFD8DC"
TABLE_STYLE = "FitSM Table"


def setup_page(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin = section.right_margin = MARGIN_LR
    section.top_margin, section.bottom_margin = MARGIN_T, MARGIN_B
    section.header_distance = section.footer_distance = Mm(9)


def _declare_font(doc: Any) -> None:
    """Declare the document font in the font table with Arial as its substitute.

    Word and LibreOffice use ``altName`` (and the Arial-equal PANOSE and metrics) where
    Liberation Sans is not installed, so the layout holds on Windows too.
    """
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    entry = (
        f'<w:font w:name="{FONT}"><w:altName w:val="{DOCX_FALLBACK}"/>'
        '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    ).encode()
    if entry not in part.blob:
        part._blob = part.blob.replace(b"</w:fonts>", entry + b"</w:fonts>")


def setup_styles(doc: Any) -> None:
    styles = doc.styles
    # Theme fonts override explicit ones in Word, so drop them from the defaults and styles.
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), FONT)
    _declare_font(doc)
    normal = styles["Normal"]
    normal.font.name, normal.font.size, normal.font.color.rgb = FONT, Pt(9.5), INK
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    specs = {
        "Title": (26, NAVY, True, 0, 6),
        "Subtitle": (14, INK, False, 0, 18),
        "Heading 1": (15, NAVY, True, 18, 6),
        "Heading 2": (12, NAVY, True, 12, 4),
        "Heading 3": (10.5, BLUE, True, 10, 3),
    }
    for name, (size, colour, bold, before, after) in specs.items():
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), bold
        style.font.color.rgb = colour
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if name.startswith("Heading"):
            fmt.keep_with_next = True
    _remove_border(styles["Title"])
    _paragraph_style(doc, "Lead", size=10.5)
    _paragraph_style(doc, "Note", size=8, colour=GREY)
    _paragraph_style(doc, "Gap", size=9.5, colour=RGBColor(0x8E, 0x24, 0x1B))
    _paragraph_style(doc, "Mark", size=40, colour=RGBColor(0xC6, 0x28, 0x28), bold=True)
    _paragraph_style(doc, "Table Text", size=8.3, after=0)
    _paragraph_style(doc, "Table Note", size=7.4, colour=GREY, after=0)
    _paragraph_style(
        doc, "Table Heading", size=8.3, after=0, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF)
    )
    _paragraph_style(doc, "Cover Kicker", size=12, colour=BLUE, after=4)
    caption = styles["Caption"]
    caption.font.size, caption.font.color.rgb, caption.font.bold = Pt(8), GREY, False
    caption.font.name = FONT
    _table_style(doc)


def _paragraph_style(
    doc: Any,
    name: str,
    *,
    size: float,
    colour: RGBColor = INK,
    after: float = 4,
    bold: bool = False,
) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size, style.font.color.rgb, style.font.bold = Pt(size), colour, bold
    style.paragraph_format.space_after = Pt(after)
    if after == 0:
        style.paragraph_format.line_spacing = 1.0


def _table_style(doc: Any) -> None:
    """A custom table style: light grid, navy header row, banded rows."""
    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Table Grid"]
    el = style.element
    tblPr = el.find(qn("w:tblPr"))
    if tblPr is None:
        tblPr = OxmlElement("w:tblPr")
        el.append(tblPr)
    tblPr.append(_borders("w:tblBorders", BORDER))
    mar = OxmlElement("w:tblCellMar")
    for side, width in (("top", 40), ("left", 90), ("bottom", 40), ("right", 90)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(width))
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    tblPr.append(mar)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "FFFFFF")
    rpr.append(colour)
    first.append(rpr)
    first.append(OxmlElement("w:tblPr"))
    tcpr = OxmlElement("w:tcPr")
    tcpr.append(shading(HEADER_FILL))
    first.append(tcpr)
    el.append(first)
    band = OxmlElement("w:tblStylePr")
    band.set(qn("w:type"), "band2Horz")
    band.append(OxmlElement("w:tblPr"))
    tcpr = OxmlElement("w:tcPr")
    tcpr.append(shading("F6F8FA"))
    band.append(tcpr)
    el.append(band)


def shading(fill: str) -> Any:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def _borders(tag: str, colour: str) -> Any:
    borders = OxmlElement(tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "4")
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), colour)
        borders.append(b)
    return borders


def _remove_border(style: Any) -> None:
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None:
        for el in ppr.findall(qn("w:pBdr")):
            ppr.remove(el)
