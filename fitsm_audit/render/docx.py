"""A view-model :class:`~fitsm_audit.documents.model.Document` as a Word document."""

from __future__ import annotations

from docx.shared import Cm

from fitsm_audit.documents.model import (
    Block,
    Bullets,
    Cell,
    Chart,
    Document,
    Facts,
    Paragraph,
    Section,
    Signatures,
    Stats,
    Table,
)
from fitsm_audit.render.docx_base import DocxBuilder
from fitsm_audit.render.docx_tables import insert_in_order
from fitsm_audit.render.html import toc_entries

_PARAGRAPH_STYLES = {"body": "Normal", "lead": "Lead", "note": "Note", "gap": "Gap"}


def render_docx(doc: Document, charts_png: dict[str, bytes]) -> bytes:
    """The document as .docx bytes; ``charts_png`` maps chart names to PNG images."""
    b = DocxBuilder(doc.templates)
    b.header_footer(
        doc.header_text,
        f"{doc.control.identifier} · version {doc.control.version} · as of {doc.control.date}",
    )
    _cover(b, doc)
    b.heading("Document control", 1)
    b.table(None, doc.control.rows(), [0.3, 0.7], label_column=True)
    if doc.control.source == "generated":
        b.paragraph(
            "This document was generated from the registers and is not yet in the document "
            "register. Register it in the Documents sheet to put it under document control.",
            "Note",
        )
    if doc.control.note:
        b.paragraph(doc.control.note, "Note")
    if doc.toc:
        b.toc([(level, title) for level, _anchor, title in toc_entries(doc) if level <= 2])
    for i, section in enumerate(doc.sections):
        if doc.chapter_breaks or i == 0:
            b.page_break()
        _section(b, section, 1, charts_png)
    b.core_properties(
        title=doc.title,
        subject=doc.subtitle,
        author=doc.provider,
        keywords=", ".join(doc.keywords),
        as_of=doc.as_of,
    )
    return b.finish(doc.as_of, label=doc.stem)


def _cover(b: DocxBuilder, doc: Document) -> None:
    picture = _raster_logo(doc)
    if picture is not None:
        import io

        from docx.shared import Cm

        b.doc.add_picture(io.BytesIO(picture), height=Cm(2.2))
        header = b.doc.sections[0].header.paragraphs[0]
        run = header.insert_paragraph_before().add_run()
        run.add_picture(io.BytesIO(picture), height=Cm(0.6))
    for _ in range(4 if picture is None else 2):
        b.paragraph("")
    b.paragraph(doc.provider.upper(), "Cover Kicker")
    b.paragraph(doc.title, "Title")
    b.paragraph(doc.subtitle, "Subtitle")
    if doc.summary:
        b.paragraph(doc.summary, "Lead")
    b.table(None, doc.cover_facts, [0.32, 0.68], label_column=True)
    for mark in doc.marks:  # the running header repeats it on every later page
        b.paragraph(mark, "Mark")
    for note in doc.mark_notes:
        b.paragraph(note, "Gap")
    b.page_break()


def _raster_logo(doc: Document) -> bytes | None:
    """The logo for Word: PNG or JPEG; an SVG logo is left out of the DOCX (Word documents
    written by python-docx take raster images only) with a warning."""
    if doc.logo is None:
        return None
    if doc.logo.suffix == "svg":
        import logging

        logging.getLogger(__name__).warning(
            "%s: the SVG logo is shown in the PDF and HTML only; give a PNG for the DOCX", doc.stem
        )
        return None
    return doc.logo.data


def _section(b: DocxBuilder, section: Section, level: int, charts: dict[str, bytes]) -> None:
    if section.new_page and level > 1:
        b.page_break()
    b.heading(section.title, min(level, 3))
    for block in section.blocks:
        _block(b, block, charts)
    for sub in section.subsections:
        _section(b, sub, level + 1, charts)


def _block(b: DocxBuilder, block: Block, charts: dict[str, bytes]) -> None:
    if isinstance(block, Paragraph):
        b.paragraph(block.text, _PARAGRAPH_STYLES.get(block.style, "Normal"))
    elif isinstance(block, Bullets):
        b.bullets(block.items)
    elif isinstance(block, Facts):
        b.table(None, block.pairs, [0.3, 0.7], label_column=True)
        b.paragraph("", "Note")
    elif isinstance(block, Table):
        _table(b, block)
    elif isinstance(block, Chart):
        b.picture(charts[block.name], width=Cm(17))
        b.paragraph(block.caption, "Caption")
    elif isinstance(block, Stats):
        b.table(
            [s.label for s in block.items],
            [[(s.value, s.tone, [], True) for s in block.items]],
            [1.0 / len(block.items)] * len(block.items),
            aligns=["center"] * len(block.items),
        )
        b.paragraph("", "Note")
    elif isinstance(block, Signatures):
        _signatures(b, block)


def _table(b: DocxBuilder, t: Table) -> None:
    if t.caption:
        p = b.paragraph(t.caption, "Caption")
        p.paragraph_format.keep_with_next = True
    if not t.rows:
        b.paragraph(t.empty, "Note")
    else:
        b.table(
            [c.header for c in t.columns],
            [[_cell(c) for c in row] for row in t.rows],
            t.fractions,
            aligns=[c.align for c in t.columns],
        )
    b.paragraph(t.note, "Note")


def _cell(c: Cell) -> tuple[str, str, list[str], bool]:
    return (c.text, c.tone, c.notes, c.bold)


def _signatures(b: DocxBuilder, block: Signatures) -> None:
    rows = [
        [p.side for p in block.parties],
        [p.organisation for p in block.parties],
        ["\n\n\nSignature: ______________________________" for _ in block.parties],
        [p.name or "Name: ____________________" for p in block.parties],
        [p.role for p in block.parties],
        [f"Date: {p.signed_on or '____________________'}" for p in block.parties],
    ]
    rows = [row + [""] * (2 - len(row)) for row in rows]  # one party: keep the half width
    table = b.table(
        None, [[(v, "", [], i in (0, 3)) for v in row] for i, row in enumerate(rows)], [0.5, 0.5]
    )
    _no_borders(table)


def _no_borders(table: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    insert_in_order(table._tbl.tblPr, borders)  # type: ignore[attr-defined]
