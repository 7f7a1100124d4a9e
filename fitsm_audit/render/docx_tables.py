"""The XML of a Word table: fixed layout and column widths, cell widths and paragraph properties,
and the schema order of ``<w:tblPr>`` children.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

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


def table_layout(tbl: Any, widths: list[int], *, header: bool) -> None:
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


def cell_width(tc: Any, width: int) -> None:
    tcpr = tc.get_or_add_tcPr()
    tcw = tcpr.find(qn("w:tcW"))
    if tcw is None:
        tcw = OxmlElement("w:tcW")
        tcpr.append(tcw)
    tcw.set(qn("w:w"), str(width))
    tcw.set(qn("w:type"), "dxa")


def para_props(p: Any, style_id: str, align: str) -> None:
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
