"""python-docx helpers: Word styles, fields, header and footer, fast tables, reproducible saving.

Everything a user edits afterwards is a real Word feature: built-in Title/Heading styles (so a table
of contents picks the headings up), a TOC field, PAGE/NUMPAGES fields, and a custom table style.
Tables are built row by row from a cloned ``<w:tr>``: ``table.add_row()`` costs about 2.5 ms a row
and ``table.cell(r, c)`` is quadratic (see the performance notes).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Sequence
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from fitsm_audit.render.fonts import DOCX_FALLBACK, DOCX_FAMILY
from fitsm_audit.render.text import strip_invalid_xml

log = logging.getLogger(__name__)

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
}
HEADER_FILL = "1F3A5F"
LABEL_FILL = "EEF2F6"
BORDER = "CFD8DC"
TABLE_STYLE = "FitSM Table"


class DocxBuilder:
    """Builds one Word document; :meth:`finish` returns reproducible bytes."""

    def __init__(self) -> None:
        self.doc = new_docx()
        self.body = self.doc.element.body
        self.removed_chars = 0
        self._setup_page()
        self._setup_styles()

    # ------------------------------------------------------------------ text
    def clean(self, value: Any) -> str:
        """Text without characters XML cannot hold (counted for one warning at the end)."""
        cleaned, removed = strip_invalid_xml("" if value is None else str(value))
        self.removed_chars += removed
        return cleaned

    def _runs(self, paragraph: Any, value: Any, *, bold: bool = False) -> None:
        """Add text to a paragraph, turning line feeds into line breaks."""
        for i, line in enumerate(self.clean(value).split("\n")):
            run = paragraph.add_run(line)
            if bold:
                run.bold = True
            if i:
                run._r.insert(0, OxmlElement("w:br"))

    # ------------------------------------------------------------------ set-up
    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAGE_W, PAGE_H
        section.left_margin = section.right_margin = MARGIN_LR
        section.top_margin, section.bottom_margin = MARGIN_T, MARGIN_B
        section.header_distance = section.footer_distance = Mm(9)

    def _declare_font(self) -> None:
        """Declare the document font in the font table with Arial as its substitute.

        Word and LibreOffice use ``altName`` (and the Arial-equal PANOSE and metrics) where
        Liberation Sans is not installed, so the layout holds on Windows too.
        """
        part = next(p for p in self.doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
        entry = (
            f'<w:font w:name="{FONT}"><w:altName w:val="{DOCX_FALLBACK}"/>'
            '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
            '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        ).encode()
        if entry not in part.blob:
            part._blob = part.blob.replace(b"</w:fonts>", entry + b"</w:fonts>")

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        # Theme fonts override explicit ones in Word, so drop them from the defaults and styles.
        for rfonts in self.doc.styles.element.iter(qn("w:rFonts")):
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                rfonts.set(qn(attr), FONT)
        self._declare_font()
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
        self._paragraph_style("Lead", size=10.5)
        self._paragraph_style("Note", size=8, colour=GREY)
        self._paragraph_style("Gap", size=9.5, colour=RGBColor(0x8E, 0x24, 0x1B))
        self._paragraph_style("Table Text", size=8.3, after=0)
        self._paragraph_style("Table Note", size=7.4, colour=GREY, after=0)
        self._paragraph_style(
            "Table Heading", size=8.3, after=0, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF)
        )
        self._paragraph_style("Cover Kicker", size=12, colour=BLUE, after=4)
        caption = styles["Caption"]
        caption.font.size, caption.font.color.rgb, caption.font.bold = Pt(8), GREY, False
        caption.font.name = FONT
        self._table_style()

    def _paragraph_style(
        self,
        name: str,
        *,
        size: float,
        colour: RGBColor = INK,
        after: float = 4,
        bold: bool = False,
    ) -> None:
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles["Normal"]
        style.font.size, style.font.color.rgb, style.font.bold = Pt(size), colour, bold
        style.paragraph_format.space_after = Pt(after)
        if after == 0:
            style.paragraph_format.line_spacing = 1.0

    def _table_style(self) -> None:
        """A custom table style: light grid, navy header row, banded rows."""
        style = self.doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        style.base_style = self.doc.styles["Table Grid"]
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
        tcpr.append(_shading(HEADER_FILL))
        first.append(tcpr)
        el.append(first)
        band = OxmlElement("w:tblStylePr")
        band.set(qn("w:type"), "band2Horz")
        band.append(OxmlElement("w:tblPr"))
        tcpr = OxmlElement("w:tcPr")
        tcpr.append(_shading("F6F8FA"))
        band.append(tcpr)
        el.append(band)

    # ------------------------------------------------------------------ blocks
    def heading(self, value: str, level: int) -> None:
        self.doc.add_heading(self.clean(value), level=level)

    def paragraph(self, value: Any, style: str = "Normal", *, bold: bool = False) -> Any:
        p = self.doc.add_paragraph(style=style)
        self._runs(p, value, bold=bold)
        return p

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.paragraph(item, "List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def picture(self, png: bytes, width: Any = None) -> None:
        self.doc.add_picture(io.BytesIO(png), width=width or Cm(16.5))
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True

    def table(
        self,
        headers: Sequence[str] | None,
        rows: Sequence[Sequence[Any]],
        fractions: Sequence[float],
        *,
        aligns: Sequence[str] | None = None,
        label_column: bool = False,
    ) -> Any:
        """A table built by cloning one template row per data row.

        Each row item is a plain value or a ``(text, tone, notes, bold)`` tuple. ``headers=None``
        gives a label/value table (the first column shaded) instead of a header row.
        """
        ncols = len(fractions)
        widths = [int(TEXT_WIDTH * f * TWIPS_PER_EMU) for f in fractions]
        aligns = aligns or ["left"] * ncols
        table = self.doc.add_table(rows=1, cols=ncols)
        table.style = self.doc.styles[TABLE_STYLE]
        tbl = table._tbl
        _table_layout(tbl, widths, header=headers is not None)
        template = tbl.findall(qn("w:tr"))[0]
        for tc, width in zip(template.findall(qn("w:tc")), widths, strict=False):
            _cell_width(tc, width)
        if headers is not None:
            header = copy.deepcopy(template)
            trpr = header.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
            trpr.append(OxmlElement("w:cantSplit"))
            for tc, text, align in zip(header.findall(qn("w:tc")), headers, aligns, strict=False):
                self._fill(tc, (text, "header", [], False), "TableHeading", align)
            tbl.append(header)
        else:
            look = tbl.tblPr.find(qn("w:tblLook"))
            if look is not None:
                look.set(qn("w:firstRow"), "0")
                look.set(qn("w:noHBand"), "1")
        for row in rows:
            tr = copy.deepcopy(template)
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for i, (tc, item, align) in enumerate(
                zip(tr.findall(qn("w:tc")), row, aligns, strict=False)
            ):
                cell = item if isinstance(item, tuple) else (item, "", [], False)
                if label_column and i == 0:
                    cell = (cell[0], "label", cell[2], True)
                self._fill(tc, cell, "TableText", align)
            tbl.append(tr)
        tbl.remove(template)
        return table

    def _fill(
        self, tc: Any, cell: tuple[Any, str, list[str], bool], style: str, align: str
    ) -> None:
        text, tone, notes, bold = cell
        fill = {"label": LABEL_FILL, "header": HEADER_FILL}.get(tone) or TONE_FILL.get(tone)
        if fill:
            tc.get_or_add_tcPr().append(_shading(fill))
        p = tc.find(qn("w:p"))
        _para_props(p, style, align)
        self._xml_runs(p, text, bold=bold)
        for note in notes:
            np_ = OxmlElement("w:p")
            _para_props(np_, "TableNote", align)
            self._xml_runs(np_, note)
            tc.append(np_)

    def _xml_runs(self, p: Any, value: Any, *, bold: bool = False) -> None:
        r = OxmlElement("w:r")
        if bold:
            rpr = OxmlElement("w:rPr")
            rpr.append(OxmlElement("w:b"))
            r.append(rpr)
        for i, line in enumerate(self.clean(value).split("\n")):
            if i:
                r.append(OxmlElement("w:br"))
            t = OxmlElement("w:t")
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
        p.append(r)

    # ------------------------------------------------------------------ fields and page furniture
    def toc(self, entries: Sequence[tuple[int, str]], title: str = "Contents") -> None:
        """A TOC field over heading levels 1-2, pre-filled with the headings (Word adds page numbers
        when it updates fields, which it is asked to do on opening)."""
        self.paragraph(title, "TOC Heading")
        first: Any = self.doc.add_paragraph()
        _field(first, ' TOC \\o "1-2" \\h \\z \\u ', None, open_only=True)
        for level, title_text in entries:
            p = first if first is not None else self.doc.add_paragraph()
            first = None
            p.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            p.paragraph_format.space_after = Pt(2)
            p.add_run(self.clean(title_text))
        close = self.doc.add_paragraph()
        _field_end(close)
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    def header_footer(self, header_text: str, footer_text: str) -> None:
        """Running header and a footer with "Page X of Y"; the first (cover) page has neither."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        hp = section.header.paragraphs[0]
        hp.style = self.doc.styles["Header"]
        run = hp.add_run(self.clean(header_text))
        run.font.size, run.font.color.rgb = Pt(7.5), GREY
        _bottom_border(hp)
        fp = section.footer.paragraphs[0]
        fp.style = self.doc.styles["Footer"]
        # The template's Footer style has tab stops for US Letter; replace them for A4.
        for name in ("Header", "Footer"):
            self.doc.styles[name].paragraph_format.tab_stops.clear_all()
        fp.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        for piece in (self.clean(footer_text), "\tPage "):
            r = fp.add_run(piece)
            r.font.size, r.font.color.rgb = Pt(7.5), GREY
        _field(fp, " PAGE ", "1", size=7.5)
        r = fp.add_run(" of ")
        r.font.size, r.font.color.rgb = Pt(7.5), GREY
        _field(fp, " NUMPAGES ", "1", size=7.5)

    def new_section(self) -> None:
        self.doc.add_section(WD_SECTION.NEW_PAGE)

    # ------------------------------------------------------------------ output
    def core_properties(
        self, *, title: str, subject: str, author: str, keywords: str, as_of: dt.date
    ) -> None:
        cp = self.doc.core_properties
        stamp = dt.datetime(as_of.year, as_of.month, as_of.day, 0, 0, 0)
        cp.title, cp.subject, cp.author = self.clean(title), self.clean(subject), self.clean(author)
        cp.keywords, cp.comments = self.clean(keywords), "Generated by fitsm-audit"
        cp.last_modified_by, cp.revision = "fitsm-audit", 1
        cp.created = cp.modified = cp.last_printed = stamp
        cp.category, cp.language = "FitSM", "en"

    def finish(self, as_of: dt.date, label: str = "document") -> bytes:
        """The document as bytes: zip entries dated ``as_of``, so a rerun gives the same bytes."""
        if self.removed_chars:
            log.warning(
                "%s: removed %d character(s) that a Word document cannot hold (control characters)",
                label,
                self.removed_chars,
            )
        raw = io.BytesIO()
        self.doc.save(raw)
        return rezip(raw.getvalue(), as_of)


def rezip(data: bytes, day: dt.date) -> bytes:
    """The same zip with every entry dated ``day`` 00:00 (python-docx stamps the current time)."""
    out = io.BytesIO()
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------- XML helpers
# Schema order of <w:tblPr> children; Word rejects files whose children are out of order.
_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


def insert_in_order(tblPr: Any, child: Any) -> None:
    """Insert a <w:tblPr> child at its schema position, replacing one of the same kind."""
    name = child.tag.rsplit("}", 1)[-1]
    for old in tblPr.findall(child.tag):
        tblPr.remove(old)
    rank = _TBLPR_ORDER.index(name)
    for i, existing in enumerate(tblPr):
        other = existing.tag.rsplit("}", 1)[-1]
        if other in _TBLPR_ORDER and _TBLPR_ORDER.index(other) > rank:
            tblPr.insert(i, child)
            return
    tblPr.append(child)


def _shading(fill: str) -> Any:
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


def _bottom_border(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "B0BEC5")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _table_layout(tbl: Any, widths: list[int], *, header: bool) -> None:
    tblPr = tbl.tblPr
    w = tblPr.find(qn("w:tblW"))
    if w is None:
        w = OxmlElement("w:tblW")
        tblPr.append(w)
    w.set(qn("w:w"), str(sum(widths)))
    w.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert_in_order(tblPr, layout)
    look = tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstRow"), "1" if header else "0")
        look.set(qn("w:noHBand"), "0")
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:val"), "0420" if header else "0400")
    grid = tbl.find(qn("w:tblGrid"))
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(width))


def _cell_width(tc: Any, width: int) -> None:
    tcpr = tc.get_or_add_tcPr()
    tcw = tcpr.find(qn("w:tcW"))
    if tcw is None:
        tcw = OxmlElement("w:tcW")
        tcpr.append(tcw)
    tcw.set(qn("w:w"), str(width))
    tcw.set(qn("w:type"), "dxa")


def _para_props(p: Any, style_id: str, align: str) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    ps = OxmlElement("w:pStyle")
    ps.set(qn("w:val"), style_id)
    ppr.insert(0, ps)
    if align in ("center", "right"):
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), align)
        ppr.append(jc)


def _field(
    paragraph: Any,
    instruction: str,
    result: str | None,
    *,
    size: float | None = None,
    open_only: bool = False,
) -> None:
    """Append a complex field (begin, instruction, separate, result, end) to a paragraph."""

    def run_with(child: Any) -> Any:
        r = OxmlElement("w:r")
        if size:
            rpr = OxmlElement("w:rPr")
            col = OxmlElement("w:color")
            col.set(qn("w:val"), "546E7A")
            rpr.append(col)
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(int(size * 2)))
            rpr.append(sz)
            r.append(rpr)
        r.append(child)
        paragraph._p.append(r)
        return r

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if open_only:
        begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = instruction
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    if open_only:
        return
    t = OxmlElement("w:t")
    t.text = result or ""
    run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _field_end(paragraph: Any) -> None:
    r = OxmlElement("w:r")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r.append(end)
    paragraph._p.append(r)
