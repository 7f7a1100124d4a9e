"""Writers for one register sheet (an Excel table) and for the field/value Organisation sheet."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from fitsm_audit.core.words import noun
from fitsm_audit.spec.contract import Column, Contract, Sheet
from fitsm_audit.template.style import (
    AREA_TAB_COLOURS,
    HEADER_HEIGHT,
    REQUIRED_FIELD_FILL,
    REQUIRED_FIELD_FONT,
    TOP_WRAP,
    fit_row_heights,
    header_text,
    set_text,
    setup_print,
    style_column,
    style_data_cell,
    style_header,
    widen_for_values,
    write_value,
)
from fitsm_audit.template.validation import (
    ListRegistry,
    column_validation,
    note_validation,
)

DV_LAST_ROW = 1000  # validations and input messages cover rows 2..1000 of a blank register
TABLE_STYLE = "TableStyleMedium2"
FIELDS_HEADER = ("Field", "Value", "Help")
_CELL_REF = re.compile(r"^([A-Za-z]{1,3}\d+|[RrCc]\d*|[Rr]\d*[Cc]\d*)$")


def table_name(sheet_name: str) -> str:
    """A valid Excel table name from a sheet name: ``Design & Transition`` -> ``DesignTransition``."""
    words = re.findall(r"[A-Za-z0-9]+", sheet_name)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Register"
    if not name[0].isalpha() or _CELL_REF.match(name):
        name = "T_" + name
    return name


def _table(ws: Worksheet, sheet_name: str, ncols: int, last_row: int) -> None:
    ref = f"A1:{get_column_letter(ncols)}{max(2, last_row)}"
    table = Table(displayName=table_name(sheet_name), ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name=TABLE_STYLE,
        showFirstColumn=False,
        showLastColumn=False,
        showRowStripes=True,
        showColumnStripes=False,
    )
    ws.add_table(table)


def _check_keys(sheet: Sheet, rows: Sequence[Mapping[str, object]]) -> None:
    known = set(sheet.column_names())
    for i, row in enumerate(rows, start=1):
        unknown = sorted(set(row) - known)
        if unknown:
            raise ValueError(
                f"{sheet.name} row {i}: unknown {noun(len(unknown), 'column')} {', '.join(unknown)}; "
                f"known: {', '.join(sheet.column_names())}"
            )


def ref_keys(contract: Contract, sheets: Sequence[Sheet]) -> dict[str, str]:
    """Sheets of this workbook that can feed a reference drop-down -> their ID column letter."""
    out: dict[str, str] = {}
    for sheet in sheets:
        key = sheet.key_column
        if sheet.kind == "register" and key:
            out[sheet.name] = get_column_letter(sheet.column_names().index(key) + 1)
    return out


def write_register(
    ws: Worksheet,
    sheet: Sheet,
    rows: Sequence[Mapping[str, object]],
    prefilled: Sequence[str],
    contract: Contract,
    lists: ListRegistry,
    refs: dict[str, str],
) -> None:
    """Header, rows, column styles, table, validations, frozen panes and print set-up of a register."""
    _check_keys(sheet, rows)
    columns = sheet.columns
    for idx, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=idx)
        set_text(cell, header_text(col))
        style_header(cell, col.required)
        style_column(ws, get_column_letter(idx), col)
    ws.row_dimensions[1].height = HEADER_HEIGHT
    for r, row in enumerate(rows or [{}], start=2):
        for idx, col in enumerate(columns, start=1):
            cell = ws.cell(row=r, column=idx)
            write_value(cell, row.get(col.name), col)
            style_data_cell(cell, col, prefilled=bool(rows) and col.name in prefilled)
    last_data = len(rows) + 1
    for idx, col in enumerate(columns, start=1):
        if col.type == "text":
            texts = [str(row[col.name]) for row in rows if isinstance(row.get(col.name), str)]
            widen_for_values(ws, get_column_letter(idx), texts)
    fit_row_heights(ws, 2, last_data)
    _table(ws, sheet.name, len(columns), last_data)
    last = max(DV_LAST_ROW, last_data)
    for idx, col in enumerate(columns, start=1):
        letter = get_column_letter(idx)
        label = f"{sheet.name} / {col.header}"
        ws.add_data_validation(
            column_validation(col, f"{letter}2:{letter}{last}", contract, lists, refs, label)
        )
    first_is_key = sheet.key_column is not None and columns[0].name == sheet.key_column
    ws.freeze_panes = "B2" if first_is_key else "A2"
    ws.sheet_properties.tabColor = AREA_TAB_COLOURS.get(sheet.workbook, "1F3864")
    setup_print(ws)


def _field_column(name: str) -> Column:
    return Column(name=name.lower(), type="text", help="", header=name)


def write_fields(
    ws: Worksheet,
    sheet: Sheet,
    values: Mapping[str, object],
    contract: Contract,
    lists: ListRegistry,
    refs: dict[str, str],
) -> None:
    """The Organisation-style sheet: one row per contract field with Field, Value and Help."""
    known = {f.name for f in sheet.fields}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{sheet.name}: unknown {noun(len(unknown), 'field')} {', '.join(unknown)}")
    for idx, text in enumerate(FIELDS_HEADER, start=1):
        cell = ws.cell(row=1, column=idx)
        set_text(cell, text)
        style_header(cell, required=idx < 3)
    ws.row_dimensions[1].height = HEADER_HEIGHT
    widths = {"A": 32.0, "B": 60.0, "C": 80.0}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
        ws.column_dimensions[letter].alignment = TOP_WRAP
    for r, field in enumerate(sheet.fields, start=2):
        name_cell = ws.cell(row=r, column=1)
        set_text(name_cell, field.header)  # no star here: readers match the field name as typed
        value_cell = ws.cell(row=r, column=2)
        write_value(value_cell, values.get(field.name), field)
        help_cell = ws.cell(row=r, column=3)
        set_text(help_cell, field.help)
        style_data_cell(name_cell, _field_column("Field"), prefilled=True)
        if field.required:
            name_cell.fill = REQUIRED_FIELD_FILL
            name_cell.font = REQUIRED_FIELD_FONT
        style_data_cell(value_cell, field)
        style_data_cell(help_cell, _field_column("Help"), prefilled=True)
        label = f"{sheet.name} / {field.header}"
        ws.add_data_validation(column_validation(field, f"B{r}", contract, lists, refs, label))
    last = len(sheet.fields) + 1
    fit_row_heights(ws, 2, last)
    ws.add_data_validation(
        note_validation(
            "Field",
            "The field name; keep it as it is. Required fields are shaded orange.",
            f"A2:A{last}",
        )
    )
    ws.add_data_validation(
        note_validation(
            "Help",
            "What to enter in the Value cell; fitsm-audit ignores this column.",
            f"C2:C{last}",
        )
    )
    _table(ws, sheet.name, len(FIELDS_HEADER), last)
    ws.freeze_panes = "B2"
    ws.sheet_properties.tabColor = AREA_TAB_COLOURS.get(sheet.workbook, "1F3864")
    setup_print(ws)
