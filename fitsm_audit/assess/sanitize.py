"""A wrongly typed cell counts as blank (docs/assessment-method.md), enforced in one place.

``check`` reports bad cells and the model normally hands over clean values; this pass makes
``assess`` safe on any Dataset (built by hand, by another tool, or from a partly broken workbook):
every value of a contract column that is not of the column's Python type becomes None (a list
column: []). Valid data passes through untouched and the input Dataset is never modified.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from fitsm_audit.workbook.records import Dataset, Record

_STR = ("id", "enum", "ref", "contact", "email", "process")


def _fix(kind: str, value: Any) -> tuple[bool, Any]:
    """(changed, value) for one cell of column type ``kind``."""
    if value is None:
        return False, None
    if kind in _STR:
        return (False, value) if isinstance(value, str) else (True, None)
    if kind == "text":
        if isinstance(value, str):
            return False, value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return True, str(value)
        return True, None
    if kind == "yesno":
        return (False, value) if isinstance(value, bool) else (True, None)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return True, value.date()
        return (False, value) if isinstance(value, dt.date) else (True, None)
    if kind in ("int", "level"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return (False, value) if ok else (True, None)
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return (False, value) if ok else (True, None)
    if kind == "reflist":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return False, value
        if isinstance(value, (list, tuple)):
            return True, [v for v in value if isinstance(v, str)]
        return True, []
    return False, value


@lru_cache(maxsize=1)
def column_types() -> dict[str, dict[str, str]]:
    """Sheet -> column -> contract type (the Organisation sheet: field -> type)."""
    from fitsm_audit.spec.contract import load_contract

    out: dict[str, dict[str, str]] = {}
    for sheet in load_contract().sheets:
        cols = sheet.fields if sheet.kind == "fields" else sheet.columns
        out[sheet.name] = {c.name: c.type for c in cols}
    return out


# The exact Python types a clean value of each column type has (fast path; bool is not an int).
_OK: dict[str, tuple[type, ...]] = {
    **{k: (str,) for k in (*_STR, "text")},
    "yesno": (bool,),
    "date": (dt.date,),
    "int": (int,),
    "level": (int,),
    "number": (float, int),
}


def _clean_values(values: dict[str, Any], types: dict[str, str]) -> dict[str, Any] | None:
    fixed: dict[str, Any] | None = None
    for name, value in values.items():
        if value is None:
            continue
        kind = types.get(name)
        if kind is None:
            continue
        ok = _OK.get(kind)
        if ok is not None and type(value) in ok:
            continue
        if kind == "reflist" and type(value) is list and all(type(v) is str for v in value):
            continue
        changed, new = _fix(kind, value)
        if changed:
            if fixed is None:
                fixed = dict(values)
            fixed[name] = new
    return fixed


def sanitize(ds: Dataset) -> Dataset:
    """The dataset with every wrongly typed contract cell blanked (the same object if all is clean)."""
    types = column_types()
    tables: dict[str, list[Record]] = {}
    changed = False
    for sheet, rows in ds.tables.items():
        if sheet in ds.typed:  # built from a typed frame: nothing to guard
            tables[sheet] = rows
            continue
        sheet_types = types.get(sheet, {})
        out = []
        for rec in rows:
            fixed = _clean_values(rec.values, sheet_types)
            if fixed is None:
                out.append(rec)
            else:
                changed = True
                out.append(Record(rec.sheet, rec.row, fixed))
        tables[sheet] = out
    fields = _clean_values(ds.fields, types.get("Organisation", {}))
    if not changed and fields is None:
        return ds
    return Dataset(
        tables=tables,
        fields=fields if fields is not None else dict(ds.fields),
        sources=dict(ds.sources),
        layouts=dict(ds.layouts),
        typed=set(ds.typed),
    )
