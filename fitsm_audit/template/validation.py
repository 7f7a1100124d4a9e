"""Data validation of the generated workbooks: drop-down lists, type checks and input messages."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fitsm_audit.spec.contract import Column, Contract

LISTS_SHEET = "Lists"
PROMPT_LIMIT = 255  # Excel's limit for an input message
TITLE_LIMIT = 32  # Excel's limit for input and error titles
ERROR_LIMIT = 225  # Excel's limit for an error message
INLINE_LIST_LIMIT = 255  # Excel's limit for an inline list ("a,b,c")
LEVELS = ("0", "1", "2", "3", "4")
YESNO = ("yes", "no")
DATE_MIN = "DATE(1900,1,1)"
DATE_MAX = "DATE(9999,12,31)"
NUMBER_MIN = "-999999999999"
NUMBER_MAX = "999999999999"


def truncate(text: str, limit: int) -> str:
    """Shorten text to at most ``limit`` characters, cutting at a word and adding an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "\u2026"


def _fmt(num: float | None) -> str:
    """A contract bound as Excel formula text (no trailing .0)."""
    if num is None:
        return ""
    return str(int(num)) if float(num).is_integer() else repr(float(num))


def prompt_for(col: Column) -> str:
    """The input message of a column: its help text plus what the cell accepts."""
    parts = ["Required." if col.required else "", col.help]
    if col.type == "id":
        if col.example and col.example not in col.help:
            parts.append(f"Form: {col.example}.")
        parts.append("Never reuse an ID.")
    elif col.type == "date":
        parts.append("Enter a date, e.g. 2026-03-31.")
    elif col.type in {"enum", "yesno", "level", "process"}:
        parts.append("Pick a value from the drop-down list.")
    elif col.type in {"int", "number"} and (col.min is not None or col.max is not None):
        parts.append(f"Range: {_fmt(col.min) or 'any'} to {_fmt(col.max) or 'any'}.")
    elif col.type == "reflist":
        parts.append("Separate several IDs with commas.")
    elif col.type == "contact":
        parts.append("A People ID or an e-mail address.")
    return truncate(" ".join(p for p in parts if p), PROMPT_LIMIT)


class ListRegistry:
    """The hidden Lists sheet: holds value lists too long (or too comma-rich) for inline lists."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.ws: Worksheet | None = None
        self.ranges: dict[tuple[str, ...], str] = {}

    def formula(self, label: str, values: Sequence[str]) -> str:
        """Formula1 for a list validation of these values (inline when Excel allows it)."""
        inline = ",".join(values)
        if not any("," in v or '"' in v for v in values) and len(inline) + 2 <= INLINE_LIST_LIMIT:
            return f'"{inline}"'
        key = tuple(values)
        if key not in self.ranges:
            self.ranges[key] = self._add(label, values)
        return self.ranges[key]

    def _add(self, label: str, values: Sequence[str]) -> str:
        if self.ws is None:
            self.ws = self.wb.create_sheet(LISTS_SHEET)
            self.ws.sheet_state = "hidden"
        col = len(self.ranges) + 1
        letter = get_column_letter(col)
        self.ws.cell(row=1, column=col, value=label)
        for i, value in enumerate(values, start=2):
            cell = self.ws.cell(row=i, column=col, value=value)
            cell.data_type = "s"
        self.ws.column_dimensions[letter].width = max(len(v) for v in values) + 2
        last = len(values) + 1
        return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"


def list_values(col: Column, contract: Contract) -> tuple[str, ...]:
    """The drop-down values of an enum, yes/no, level or process column."""
    if col.type == "enum":
        return col.values
    if col.type == "yesno":
        return YESNO
    if col.type == "level":
        return LEVELS
    if col.type == "process":
        return tuple(p.id for p in contract.processes) + col.allow
    return ()


def _base(col: Column) -> DataValidation:
    return DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle=truncate(col.header, TITLE_LIMIT),
        prompt=prompt_for(col),
    )


def _error(dv: DataValidation, title: str, message: str, style: str = "stop") -> None:
    dv.showErrorMessage = True
    dv.errorStyle = style
    dv.errorTitle = truncate(title, TITLE_LIMIT)
    dv.error = truncate(message, ERROR_LIMIT)


def ref_list_formula(target_sheet: str, key_letter: str) -> str:
    """A list formula over the IDs entered so far in another sheet (grows with the register)."""
    sheet = quote_sheetname(target_sheet)
    return (
        f"OFFSET({sheet}!${key_letter}$2,0,0,"
        f"MAX(1,COUNTA({sheet}!${key_letter}:${key_letter})-1),1)"
    )


def column_validation(
    col: Column,
    cells: str,
    contract: Contract,
    lists: ListRegistry,
    ref_keys: dict[str, str],
    label: str,
) -> DataValidation:
    """The one data validation of a column (or Organisation value cell), input message included.

    ``cells`` is the range, e.g. ``C2:C1000``; ``ref_keys`` maps sheets in this workbook to the
    column letter of their ID column (for reference drop-downs); ``label`` names a Lists column.
    """
    dv = _base(col)
    first = cells.split(":")[0]
    values = list_values(col, contract)
    if values:
        dv.type = "list"
        dv.formula1 = lists.formula(label, values)
        if col.type == "process":
            _error(dv, "Unknown process", "Use a process ID PR1-PR14 from the list.", "warning")
        else:
            _error(dv, "Not in the list", "Choose one of the values in the drop-down list.")
    elif col.type == "date":
        dv.type, dv.operator, dv.formula1, dv.formula2 = "date", "between", DATE_MIN, DATE_MAX
        _error(dv, "Not a date", "Enter a date such as 2026-03-31.")
    elif col.type in {"int", "number"}:
        dv.type = "whole" if col.type == "int" else "decimal"
        lo, hi = _fmt(col.min), _fmt(col.max)
        if lo and hi:
            dv.operator, dv.formula1, dv.formula2 = "between", lo, hi
        elif lo:
            dv.operator, dv.formula1 = "greaterThanOrEqual", lo
        elif hi:
            dv.operator, dv.formula1 = "lessThanOrEqual", hi
        else:
            dv.operator, dv.formula1, dv.formula2 = "between", NUMBER_MIN, NUMBER_MAX
        kind = "a whole number" if col.type == "int" else "a number"
        rng = f" from {lo or 'any'} to {hi or 'any'}" if (lo or hi) else ""
        _error(dv, "Not a valid number", f"Enter {kind}{rng}.")
    elif col.type == "ref" and len(col.refs) == 1 and col.refs[0] in ref_keys:
        target = col.refs[0]
        dv.type, dv.formula1 = "list", ref_list_formula(target, ref_keys[target])
        _error(
            dv,
            "Unknown ID",
            f"This ID is not on the {target} sheet yet. Keep it only if you add it there.",
            "warning",
        )
    elif col.type in {"id", "text"} and col.unique:
        min_col, min_row, _, max_row = range_boundaries(cells)
        letter = get_column_letter(min_col)
        dv.type = "custom"
        dv.formula1 = f"COUNTIF(${letter}${min_row}:${letter}${max_row},{first})<=1"
        _error(dv, "Duplicate", "This value is already used in this column; it must be unique.")
    elif col.type == "email":
        dv.type, dv.formula1 = "custom", f'ISNUMBER(SEARCH("@",{first}))'
        _error(dv, "Not an e-mail address", "An e-mail address contains an @.", "warning")
    dv.add(cells)
    return dv


def note_validation(title: str, prompt: str, cells: str) -> DataValidation:
    """An input message only (no restriction), for guidance columns."""
    dv = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle=truncate(title, TITLE_LIMIT),
        prompt=truncate(prompt, PROMPT_LIMIT),
    )
    dv.add(cells)
    return dv
