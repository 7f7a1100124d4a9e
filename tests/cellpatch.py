"""Write one value into one cell of an .xlsx by rewriting the sheet XML (fast, no openpyxl round trip)."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

EPOCH = dt.date(1899, 12, 30)


def sheet_paths(xlsx: bytes) -> dict[str, str]:
    """Sheet name -> zip member of its XML."""
    import tempfile

    from fitsm_audit.workbook.container import (
        Container,  # reuse the tool's own workbook.xml reading
    )

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        fh.write(xlsx)
        fh.flush()
        with Container(fh.name) as box:
            return {p.name: p.path for p in box.sheets}


def cell_xml(ref: str, value: Any, style: str) -> str:
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and not (isinstance(value, float) and not math.isfinite(value)):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s}><v>{(value - EPOCH).days}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def patch(xlsx: bytes, member: str, ref: str, value: Any) -> bytes:
    """A copy of the workbook with cell ``ref`` of the sheet at ``member`` set to ``value``."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    xml = src.read(member).decode("utf-8")
    row = int(re.sub(r"[A-Z]", "", ref))
    cell_re = re.compile(rf'<c r="{ref}"(?:\s[^>]*)?(?:/>|>.*?</c>)', re.S)
    m = cell_re.search(xml)
    style = ""
    if m:
        sm = re.search(r'\ss="(\d+)"', m.group(0))
        style = sm.group(1) if sm else ""
        xml = xml[: m.start()] + cell_xml(ref, value, style) + xml[m.end():]
    else:
        row_re = re.compile(rf'(<row r="{row}"[^>]*>)(.*?)(</row>)', re.S)
        rm = row_re.search(xml)
        assert rm, f"row {row} not in sheet"
        xml = xml[: rm.end(2)] + cell_xml(ref, value, style) + xml[rm.end(2):]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = xml.encode("utf-8") if info.filename == member else src.read(info.filename)
            dst.writestr(info.filename, data)
    return out.getvalue()
