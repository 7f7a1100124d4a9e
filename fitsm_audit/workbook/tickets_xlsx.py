"""Writing imported tickets into a copy of a workbook without holding them all as cells.

Rows whose ID the register already holds are updated in place through openpyxl (as many as the
workbook had). New rows are written as worksheet XML to a temporary file as they come; after
openpyxl has saved the copy, the saved sheet's ``<sheetData>`` is spliced with them while the
package is copied entry by entry. So 100,000 new tickets cost disk, not memory.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from copy import copy
from typing import IO, Any
from xml.sax.saxutils import escape

from fitsm_audit.core.cell_text import FORMULA_TRIGGERS, clean_text, set_text
from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.spec.contract import Sheet, normalise_header

HEADER_SEARCH_ROWS = 20
EPOCH = dt.date(1899, 12, 30)
DATE_FORMAT = "yyyy-mm-dd"
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')


def find_sheet(wb: Any, name: str) -> Any:
    for ws in wb.worksheets:
        if normalise_header(ws.title) == normalise_header(name):
            return ws
    return None


def header_of(ws: Any, spec: Sheet) -> tuple[int, dict[str, int]]:
    """The header row (the first naming the key column) and contract column -> column number."""
    known: dict[str, str] = {}
    for col in spec.columns:
        known[normalise_header(col.header)] = col.name
        known[normalise_header(col.name)] = col.name
    key = spec.key_column
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_SEARCH_ROWS)):
        names = {c.column: known.get(normalise_header(c.value)) for c in row if isinstance(c.value, str)}
        if key in names.values():
            columns: dict[str, int] = {}
            for number, name in names.items():
                if name and name not in columns:
                    columns[name] = number
            return row[0].row, columns
    return 0, {}


def column_ids(wb: Any, spec: Sheet) -> dict[str, int]:
    """Lower-cased key -> row of a register in the workbook (empty when it has no such sheet)."""
    ws = find_sheet(wb, spec.name)
    key = spec.key_column
    if ws is None or key is None:
        return {}
    head, cols = header_of(ws, spec)
    if not head:
        return {}
    out: dict[str, int] = {}
    for (value,) in ws.iter_rows(min_row=head + 1, min_col=cols[key], max_col=cols[key], values_only=True):
        head += 1
        if value is not None and str(value).strip():
            out.setdefault(str(value).strip().lower(), head)
    return out


class SheetTarget:
    """One register of the copy: existing rows updated in place, new rows spooled as XML."""

    def __init__(self, wb: Any, spec: Sheet, workbook: str) -> None:
        self.spec = spec
        self.ws = ws = find_sheet(wb, spec.name)
        if ws is None:
            raise WorkbookError(workbook, f"has no {spec.name} sheet to import into (the operations "
                                          "workbook of fitsm-audit init holds it)")  # fmt: skip
        self.head, self.cols = header_of(ws, spec)
        if not self.head:
            raise WorkbookError(workbook, f"the {ws.title} sheet has no ID column; copy the header row "
                                          "from a blank workbook (fitsm-audit init)")  # fmt: skip
        self.rows = column_ids(wb, spec)
        self.end = max((r for (r, _c), cell in ws._cells.items() if cell.value is not None), default=self.head)
        self.end = max(self.end, self.head)
        self.next = self.end + 1
        self.styles = self._styles()
        from openpyxl.utils import get_column_letter

        self.letters = {number: get_column_letter(number) for number in self.cols.values()}
        self.added = self.updated = 0
        self.spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by close()

    def _styles(self) -> dict[int, tuple[int, int]]:
        """Column -> (style id, style id with quote prefix) for new rows: the first blank row's
        look (a blank template's styled row), else the last row's; dates get a date format."""
        from openpyxl.cell.cell import Cell
        from openpyxl.styles.numbers import is_date_format

        ws = self.ws
        model = self.end + 1 if any(ws._cells.get((self.end + 1, c)) for c in self.cols.values()) else self.end
        out: dict[int, tuple[int, int]] = {}
        for name, number in self.cols.items():
            probe = Cell(ws, row=1, column=number)
            source = ws._cells.get((model, number)) if model > self.head else None
            if source is not None:
                probe._style = copy(source._style)
            if self.spec.column(name).type == "date" and not is_date_format(probe.number_format):
                probe.number_format = DATE_FORMAT
            plain = probe.style_id
            probe.quotePrefix = True
            out[number] = (plain, probe.style_id)
        for r, c in [k for k in ws._cells if k[0] > self.end]:
            del ws._cells[(r, c)]  # blank styled placeholder rows make way for the new ones
        return out

    def put(self, values: dict[str, Any]) -> None:
        row = self.rows.get(str(values["id"]).lower())
        if row is not None:
            self._update(row, values)
            self.updated += 1
            return
        self.spool.write(self._row_xml(self.next, values))
        self.next += 1
        self.added += 1

    def _update(self, row: int, values: dict[str, Any]) -> None:
        for name, value in values.items():
            number = self.cols.get(name)
            if number is None:
                continue
            cell = self.ws.cell(row, number)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
                if isinstance(value, dt.date):
                    from openpyxl.styles.numbers import is_date_format

                    if not is_date_format(cell.number_format):
                        cell.number_format = DATE_FORMAT

    def _row_xml(self, row: int, values: dict[str, Any]) -> str:
        cells = []
        for name, number in sorted(((n, self.cols[n]) for n in values if n in self.cols), key=lambda p: p[1]):
            value = values[name]
            ref = f"{self.letters[number]}{row}"
            plain, quoted = self.styles[number]
            if isinstance(value, str):
                text = clean_text(value)
                style = quoted if text.startswith(FORMULA_TRIGGERS) else plain
                cells.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                             f"{escape(text)}</t></is></c>")  # fmt: skip
            elif isinstance(value, dt.date):
                cells.append(f'<c r="{ref}" s="{plain}"><v>{(value - EPOCH).days}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="{plain}"><v>{value!r}</v></c>')
        return f'<row r="{row}">{"".join(cells)}</row>'

    def finish(self) -> None:
        """Stretch the tables that start at the header row over the new rows."""
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import range_boundaries

        last = self.next - 1
        for table in self.ws.tables.values():
            c1, r1, c2, r2 = range_boundaries(table.ref)
            if r1 == self.head and r2 < last:
                ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{last}"
                table.ref = ref
                if table.autoFilter is not None:
                    table.autoFilter.ref = ref

    def close(self) -> None:
        self.spool.close()


def _members(zin: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its worksheet part in the package."""
    from xml.etree import ElementTree as ET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ET.fromstring(zin.read("xl/workbook.xml"))  # noqa: S314 - written by openpyxl just now
    rels = ET.fromstring(zin.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel_ns}id"), "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def _splice(text: str, target: SheetTarget, zout: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    from openpyxl.utils import get_column_letter

    last = target.next - 1
    width = max([target.ws.max_column, *target.cols.values()])
    text = _DIMENSION.sub(f'<dimension ref="A1:{get_column_letter(width)}{last}"/>', text, count=1)
    if "</sheetData>" in text:
        head, tail = text.split("</sheetData>", 1)
        tail = "</sheetData>" + tail
    else:
        head, tail = text.split("<sheetData/>", 1) if "<sheetData/>" in text else (text, "")
        head, tail = head + "<sheetData>", "</sheetData>" + tail
    with zout.open(info, "w", force_zip64=True) as out:
        out.write(head.encode("utf-8"))
        target.spool.seek(0)
        while chunk := target.spool.read(1 << 20):
            out.write(chunk.encode("utf-8"))
        out.write(tail.encode("utf-8"))


def save_with_rows(wb: Any, targets: list[SheetTarget], path: str | os.PathLike[str]) -> None:
    """Save ``wb`` to ``path`` with each target's spooled new rows in its sheet."""
    for target in targets:
        target.finish()
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".tickets.", suffix=".xlsx", delete=False) as fh:
        base = fh.name
    try:
        wb.save(base)
        with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            parts = _members(zin)
            by_part = {parts[t.ws.title]: t for t in targets if t.added and t.ws.title in parts}
            for info in zin.infolist():
                new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                new.compress_type = zipfile.ZIP_DEFLATED
                if info.filename in by_part:
                    _splice(zin.read(info).decode("utf-8"), by_part[info.filename], zout, new)
                    continue
                with zin.open(info) as src, zout.open(new, "w", force_zip64=True) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    finally:
        os.unlink(base)
