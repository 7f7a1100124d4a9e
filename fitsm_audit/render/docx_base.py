"""python-docx document builder: text, blocks, fast tables, header and footer, reproducible saving.

Everything a user edits afterwards is a real Word feature: built-in Title/Heading styles (so a table
of contents picks the headings up), a TOC field, PAGE/NUMPAGES fields, and a custom table style.
Tables are built row by row from a cloned ``<w:tr>``: ``table.add_row()`` costs about 2.5 ms a row
and ``table.cell(r, c)`` is quadratic (see the performance notes). The page set-up and styles are
in :mod:`.docx_styles`, the table XML in :mod:`.docx_tables`, the fields in :mod:`.docx_fields`.
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
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from fitsm_audit.core.words import count
from fitsm_audit.render.docx_fields import bottom_border, field, field_end
from fitsm_audit.render.docx_styles import (
    GREY,
    HEADER_FILL,
    LABEL_FILL,
    TABLE_STYLE,
    TEXT_WIDTH,
    TONE_FILL,
    TWIPS_PER_EMU,
    setup_page,
    setup_styles,
    shading,
)
from fitsm_audit.render.docx_tables import cell_width, para_props, table_layout
from fitsm_audit.render.text import strip_invalid_xml

log = logging.getLogger(__name__)


class DocxBuilder:
    """Builds one Word document; :meth:`finish` returns reproducible bytes."""

    def __init__(self, templates: str | None = None) -> None:
        """``templates``: the user's templates folder; its ``reference.docx``, when there is one,
        gives the styles (render/docx_reference.py)."""
        from fitsm_audit.render.docx_reference import apply_reference

        self.doc = new_docx()
        self.body = self.doc.element.body
        self.removed_chars = 0
        setup_page(self.doc)
        setup_styles(self.doc)
        apply_reference(self.doc, templates)

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
        table_layout(tbl, widths, header=headers is not None)
        template = tbl.findall(qn("w:tr"))[0]
        for tc, width in zip(template.findall(qn("w:tc")), widths, strict=False):
            cell_width(tc, width)
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
            tc.get_or_add_tcPr().append(shading(fill))
        p = tc.find(qn("w:p"))
        para_props(p, style, align)
        self._xml_runs(p, text, bold=bold)
        for note in notes:
            np_ = OxmlElement("w:p")
            para_props(np_, "TableNote", align)
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
        field(first, ' TOC \\o "1-2" \\h \\z \\u ', None, open_only=True)
        for level, title_text in entries:
            p = first if first is not None else self.doc.add_paragraph()
            first = None
            p.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            p.paragraph_format.space_after = Pt(2)
            p.add_run(self.clean(title_text))
        close = self.doc.add_paragraph()
        field_end(close)
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
        bottom_border(hp)
        fp = section.footer.paragraphs[0]
        fp.style = self.doc.styles["Footer"]
        # The template's Footer style has tab stops for US Letter; replace them for A4.
        for name in ("Header", "Footer"):
            self.doc.styles[name].paragraph_format.tab_stops.clear_all()
        fp.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        for piece in (self.clean(footer_text), "\tPage "):
            r = fp.add_run(piece)
            r.font.size, r.font.color.rgb = Pt(7.5), GREY
        field(fp, " PAGE ", "1", size=7.5)
        r = fp.add_run(" of ")
        r.font.size, r.font.color.rgb = Pt(7.5), GREY
        field(fp, " NUMPAGES ", "1", size=7.5)

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
                "%s: removed %s that a Word document cannot hold (control characters)",
                label,
                count(self.removed_chars, "character"),
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
