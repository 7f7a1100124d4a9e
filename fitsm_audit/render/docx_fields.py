"""Word fields and page furniture: complex fields (TOC, PAGE, NUMPAGES) and the header rule."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def bottom_border(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "B0BEC5")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def field(
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


def field_end(paragraph: Any) -> None:
    r = OxmlElement("w:r")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r.append(end)
    paragraph._p.append(r)
