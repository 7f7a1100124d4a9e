"""Look and feel of the generated workbooks: colours, fonts, column widths and safe cell writing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from fitsm_audit.core.cell_text import FORMULA_TRIGGERS, MAX_CELL_TEXT
from fitsm_audit.spec.contract import Column

# Palette: navy for optional headers, burnt orange for required ones, grey for pre-filled cells.
NAVY = "1F3864"
ORANGE = "C55A11"
GREY_FILL = "EDEDED"
BORDER_GREY = "BFBFBF"
TEXT_GREY = "595959"
WHITE = "FFFFFF"
FONT_NAME = "Calibri"

DATE_FORMAT = "yyyy-mm-dd"
INT_FORMAT = "0"
REQUIRED_MARK = " *"
HEADER_HEIGHT = 33.0
LINE_HEIGHT = 15.0  # points per line of 11 pt text
CHARS_PER_WIDTH = 1.15  # average characters of 11 pt Calibri per unit of column width


AREA_TAB_COLOURS = {
    "sms": "1F3864",
    "portfolio": "2E75B6",
    "service-levels": "548235",
    "availability-capacity": "BF8F00",
    "security": "C00000",
    "customers": "7030A0",
    "suppliers": "C55A11",
    "operations": "375623",
}

_THIN = Side(style="thin", color=BORDER_GREY)
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=Side(style="medium", color=NAVY))
CELL_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FONT = Font(name=FONT_NAME, bold=True, color=WHITE, size=11)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_CENTER = Alignment(horizontal="center", vertical="top")
PREFILLED_FILL = PatternFill("solid", fgColor=GREY_FILL)
REQUIRED_FIELD_FILL = PatternFill("solid", fgColor="FBE5D6")
REQUIRED_FIELD_FONT = Font(name=FONT_NAME, bold=True)

# Columns that usually hold a sentence or a paragraph get more room.
_LONG_TEXT = {
    "description",
    "text",
    "evidence",
    "comment",
    "outcome",
    "acceptance_criteria",
    "requirements",
    "measures",
    "risks",
    "action",
    "actions",
    "follow_up",
    "value_proposition",
    "content",
    "purpose",
    "notes",
    "goal",
    "communication",
    "responsibilities",
    "threat",
    "vulnerability",
}
_SHORT_TEXT = {"version", "unit", "phone", "format", "target"}
_BASE_WIDTH = {
    "id": 13,
    "date": 13,
    "int": 11,
    "number": 12,
    "level": 9,
    "yesno": 9,
    "process": 11,
    "ref": 14,
    "reflist": 22,
    "contact": 20,
    "email": 28,
    "text": 22,
    "enum": 14,
}


def header_text(col: Column) -> str:
    """The header cell text: the contract header, with a star when the column is required."""
    return col.header + (REQUIRED_MARK if col.required else "")


def header_fill(required: bool) -> PatternFill:
    """Solid fill of a header cell."""
    return PatternFill("solid", fgColor=ORANGE if required else NAVY)


def style_header(cell: Cell, required: bool) -> None:
    """Apply the header look (bold white on colour, centred, wrapped, bordered)."""
    cell.font = HEADER_FONT
    cell.fill = header_fill(required)
    cell.alignment = HEADER_ALIGN
    cell.border = HEADER_BORDER


def column_width(col: Column) -> float:
    """A readable width for a column, from its type, header and allowed values."""
    width = float(_BASE_WIDTH.get(col.type, 18))
    if col.type == "text" and col.name in _LONG_TEXT:
        width = 42.0
    if col.type == "text" and col.name == "text":
        width = 70.0
    if col.type == "text" and col.name in _SHORT_TEXT:
        width = 12.0
    if col.values:
        width = max(width, min(34.0, max(len(v) for v in col.values) + 4.0))
    words = header_text(col).split()
    longest_word = max((len(w) for w in words), default=0)
    # Headers wrap onto at most two lines; make sure the longest word fits.
    return max(width, longest_word + 3.0, len(header_text(col)) / 2 + 3.0)


def data_alignment(col: Column) -> Alignment:
    """Alignment of data cells: short coded values centred, everything else wrapped at the top."""
    if col.type in {"date", "level", "yesno", "int", "number"}:
        return TOP_CENTER
    return TOP_WRAP


def number_format(col: Column) -> str | None:
    """The Excel number format of a column type, if it needs one."""
    if col.type == "date":
        return DATE_FORMAT
    if col.type in {"int", "level"}:
        return INT_FORMAT
    return None


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read this text as a formula or command."""
    return text.startswith(FORMULA_TRIGGERS)


def set_text(cell: Cell, text: str) -> None:
    """Store text as a literal string cell, never as a formula or error value."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(clean) > MAX_CELL_TEXT:
        raise ValueError(f"{cell.coordinate}: text longer than Excel's {MAX_CELL_TEXT} characters")
    cell.value = clean
    cell.data_type = "s"
    if is_formula_like(clean):
        cell.quotePrefix = True  # Excel keeps it as text even after the user edits the cell


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def write_value(cell: Cell, value: Any, col: Column | None = None) -> None:
    """Write one user value with the right type; lists are joined, text is guarded."""
    ctype = col.type if col else "text"
    if value is None or value == "":
        return
    if isinstance(value, bool):
        set_text(cell, "yes" if value else "no")
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        set_text(cell, ", ".join(str(v) for v in items))
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (int, float)):
        cell.value = value
    elif isinstance(value, str) and ctype == "date" and _ISO_DATE.match(value.strip()):
        try:
            cell.value = dt.date.fromisoformat(value.strip())
            cell.number_format = DATE_FORMAT
        except ValueError:
            set_text(cell, value)
    else:
        set_text(cell, str(value))
    fmt = number_format(col) if col else None
    if fmt and not isinstance(cell.value, str):
        cell.number_format = fmt


def style_column(ws: Worksheet, letter: str, col: Column) -> None:
    """Column-level width, alignment and number format, so rows the user adds look right too."""
    dim = ws.column_dimensions[letter]
    dim.width = column_width(col)
    dim.alignment = data_alignment(col)
    fmt = number_format(col)
    if fmt:
        dim.number_format = fmt


def style_data_cell(cell: Cell, col: Column, prefilled: bool = False) -> None:
    """Style one written data cell like its column (plus grey when the template filled it)."""
    cell.alignment = data_alignment(col)
    cell.border = CELL_BORDER
    fmt = number_format(col)
    if fmt and not isinstance(cell.value, str):
        cell.number_format = fmt
    if prefilled:
        cell.fill = PREFILLED_FILL


def setup_print(ws: Worksheet, landscape: bool = True, title_rows: str | None = "1:1") -> None:
    """A4, fit to page width, repeated header row, sheet name and page numbers in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.left.size = ws.oddFooter.right.size = 8


def text_lines(text: str, width: float) -> int:
    """How many lines a wrapped text needs in a column of this width (greedy word wrap)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH) - 1)
    total = 0
    for part in text.split("\n"):
        count, current = 1, 0
        for word in part.split():
            if current and current + 1 + len(word) > per_line:
                count += 1
                current = 0
            current += (1 if current else 0) + len(word)
            while current > per_line:  # a word longer than the line breaks inside
                count += 1
                current -= per_line
        total += count
    return total


def fit_row_heights(ws: Worksheet, first_row: int, last_row: int) -> None:
    """Set row heights so wrapped text shows in full (Excel and LibreOffice do not always fit them)."""
    for r in range(first_row, last_row + 1):
        lines = 1
        for cell in ws[r]:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = ws.column_dimensions[cell.column_letter].width or 8.43
                lines = max(lines, text_lines(cell.value, width))
        if lines > 1:
            ws.row_dimensions[r].height = LINE_HEIGHT * lines + 2.0


def widen_for_values(ws: Worksheet, letter: str, values: list[str], limit: float = 50.0) -> None:
    """Widen a column so short pre-filled values fit on one line (up to ``limit``)."""
    longest = max((len(v) for v in values), default=0)
    dim = ws.column_dimensions[letter]
    if longest + 2 <= limit and longest + 2 > (dim.width or 0):
        dim.width = float(longest + 2)
