"""``init --upgrade``: a copy of a workbook made under an earlier contract, in today's layout.

The copy is the standard workbook of the same areas (a combined workbook gets every area, the new
ones too) filled with every value of the old one: each register row under its column (wherever the
old sheet had it), the Organisation fields, columns the contract does not know (kept to the right
of the table, under their own headers) and sheets it does not know (copied as values). The input
is only read; the copy is written atomically and never over an existing file without ``force``.

Values are the ones the file shows (a formula's saved result), so what ``check`` reads from the
copy is what it read from the original, plus the sheets and columns that were missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitsm_audit.core.errors import UsageError
from fitsm_audit.core.safe_output import atomic_save_workbook
from fitsm_audit.spec.contract import Contract, Sheet, load_contract, normalise_header
from fitsm_audit.template.build import AUXILIARY_SHEETS, build_workbook
from fitsm_audit.workbook.load import LoadedSheet, load


@dataclass
class Upgrade:
    """What the copy gained and kept."""

    path: Path
    added_sheets: list[str] = field(default_factory=list)
    added_columns: dict[str, list[str]] = field(default_factory=dict)  # sheet -> column headers
    rows: int = 0
    kept_sheets: list[str] = field(default_factory=list)  # sheets the contract does not know
    numbered: dict[str, tuple[str, str]] = field(default_factory=dict)  # sheet -> first and last new ID


@dataclass
class _Sheet:
    rows: list[dict[str, Any]] = field(default_factory=list)
    extra_headers: list[str] = field(default_factory=list)
    extra_rows: list[list[Any]] = field(default_factory=list)


def upgrade_workbook(src: str, out: str, *, force: bool = False, edition: str = "2") -> Upgrade:
    """Write the upgraded copy of ``src`` to ``out`` (see the module docstring)."""
    import openpyxl

    if not src.lower().endswith((".xlsx", ".xlsm")):
        raise UsageError(f"{src}: init --upgrade reads .xlsx workbooks; save it as .xlsx first")
    contract = load_contract()
    loaded = load([src], contract)  # screens the file first: hostile input never reaches openpyxl
    if not loaded.sheets:
        raise UsageError(f"{src}: no sheet of the FitSM workbooks in it, so there is nothing to upgrade")
    areas = _areas(contract, {ls.spec.workbook for ls in loaded.sheets.values()})
    wanted = [s for s in contract.sheets if s.workbook in areas]
    old = openpyxl.load_workbook(src, data_only=True)
    data: dict[str, list[dict[str, Any]]] = {}
    extras: dict[str, _Sheet] = {}
    fields: dict[str, Any] = {}
    result = Upgrade(Path(out))
    for sheet in wanted:
        ls = loaded.sheets.get(sheet.name)
        if ls is None:
            result.added_sheets.append(sheet.name)
            continue
        missing = [c.header for c in sheet.columns if c.name not in ls.columns]
        if missing and sheet.kind != "fields":
            result.added_columns[sheet.name] = missing
        if sheet.kind == "fields":
            fields = _fields(old[ls.title], ls, sheet)
            continue
        read = _register(old[ls.title], ls)
        _number_rows(sheet, ls, read, result)
        result.rows += len(read.rows)
        if read.rows or sheet.name not in ("Assessment", "Processes"):  # empty: the template's rows
            data[sheet.name] = read.rows
        if read.extra_headers:
            extras[sheet.name] = read
    wb = build_workbook([s.name for s in wanted], data=data, fields=fields, edition=edition)
    for name, read in extras.items():
        _append_columns(wb[name], len(contract.sheet(name).columns), read)
    known = {ls.title for ls in loaded.sheets.values()} | set(AUXILIARY_SHEETS)
    for ws in old.worksheets:
        if ws.title not in known and ws.title not in wb.sheetnames:
            copy = wb.create_sheet(ws.title)
            for values in ws.iter_rows(values_only=True):
                copy.append(list(values))
            result.kept_sheets.append(ws.title)
    atomic_save_workbook(wb, out, force=force)
    return result


def _areas(contract: Contract, present: set[str]) -> set[str]:
    """The areas of the copy: those present, and every area when all areas of the first contract
    version are there (a combined workbook, which gains the areas added since)."""
    first = {w.id for w in contract.workbooks if min(s.since for s in contract.sheets_of(w.id)) <= 1}
    return {w.id for w in contract.workbooks} if first <= present else present


def _fields(ws: Any, ls: LoadedSheet, sheet: Sheet) -> dict[str, Any]:
    by_header = {normalise_header(f.header): f.name for f in sheet.fields}
    by_header.update({normalise_header(f.name): f.name for f in sheet.fields})
    name_col, value_col = ls.columns.get("field", 1), ls.columns.get("value", 2)
    out: dict[str, Any] = {}
    for row in ws.iter_rows(min_row=ls.header_row + 1, values_only=True):
        label = row[name_col - 1] if len(row) >= name_col else None
        name = by_header.get(normalise_header(str(label).rstrip(" *"))) if label is not None else None
        if name and name not in out and len(row) >= value_col and row[value_col - 1] not in (None, ""):
            out[name] = row[value_col - 1]
    return out


def _register(ws: Any, ls: LoadedSheet) -> _Sheet:
    """Every non-blank row below the header: contract columns by name, the other headed columns
    in their order."""
    header = next(ws.iter_rows(min_row=ls.header_row, max_row=ls.header_row, values_only=True), ())
    used = set(ls.columns.values())
    other = [i for i, h in enumerate(header, start=1) if i not in used and h not in (None, "")]
    read = _Sheet(extra_headers=[str(header[i - 1]) for i in other])
    for row in ws.iter_rows(min_row=ls.header_row + 1, values_only=True):
        values = {name: row[i - 1] if i <= len(row) else None for name, i in ls.columns.items()}
        extra = [row[i - 1] if i <= len(row) else None for i in other]
        if all(v in (None, "") for v in values.values()) and all(v in (None, "") for v in extra):
            continue
        read.rows.append({k: v for k, v in values.items() if v not in (None, "")})
        read.extra_rows.append(extra)
    return read


def _number_rows(sheet: Sheet, ls: LoadedSheet, read: _Sheet, result: Upgrade) -> None:
    """A required ID column the old sheet lacked gets IDs in the contract's form (KPI-001, ...):
    new values in a new column, so every old value stays as it was."""
    key = sheet.key_column
    if key is None or key in ls.columns or not read.rows:
        return
    col = sheet.column(key)
    prefix = (col.example or "ID-001").rstrip("0123456789")
    for n, row in enumerate(read.rows, start=1):
        row[key] = f"{prefix}{n:03d}"
    result.numbered[sheet.name] = (read.rows[0][key], read.rows[-1][key])


def _append_columns(ws: Any, width: int, read: _Sheet) -> None:
    """The old sheet's own columns, right of the table: header in row 1, values row by row."""
    from fitsm_audit.template.style import set_text, write_value

    for j, header in enumerate(read.extra_headers, start=width + 1):
        set_text(ws.cell(row=1, column=j), header)
        for r, values in enumerate(read.extra_rows, start=2):
            write_value(ws.cell(row=r, column=j), values[j - width - 1])
