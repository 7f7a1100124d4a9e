"""Cell-level validation: pandera schemas derived from the contract, evaluated lazily.

Every column gets checks by its contract type (required, allowed values, dates, numbers and
ranges, yes/no, levels, processes, e-mail, ID form); pandera's polars backend runs them all and
returns every failing cell at once, which becomes one Finding per cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from fitsm_audit.core.findings import ERROR, Finding, capped, quote
from fitsm_audit.core.words import lower_first
from fitsm_audit.spec.contract import Column, Contract, Sheet
from fitsm_audit.workbook import celltypes
from fitsm_audit.workbook.load import ROW, LoadedSheet

if TYPE_CHECKING:
    import pandera.polars as pa
    import polars as pl

# check name -> finding code
CODES = {
    "not_nullable": "missing-value",
    "enum": "invalid-enum",
    "process": "invalid-process",
    "date": "invalid-date",
    "int": "invalid-integer",
    "number": "invalid-number",
    "range": "out-of-range",
    "yesno": "invalid-yes-no",
    "level": "invalid-level",
    "email": "invalid-email",
    "id_form": "invalid-id",
}


def _check(name: str, ok: Any) -> pa.Check:
    """A pandera check from a function of the column expression; blank cells always pass."""
    import pandera.polars as pa
    import polars as pl

    def fn(data: Any) -> pl.LazyFrame:
        col = pl.col(data.key)
        return data.lazyframe.select(col.is_null() | ok(col))

    return pa.Check(fn, name=name)


def column_checks(col: Column, contract: Contract) -> list[pa.Check]:
    """The pandera checks of one contract column."""
    import polars as pl

    t = col.type
    checks: list[pa.Check] = []
    if t in ("enum", "process"):
        accepted = list(celltypes.enum_mapping(col, contract))
        checks.append(_check(t, lambda c: c.str.to_lowercase().is_in(accepted)))
    elif t == "date":
        checks.append(_check("date", lambda c: celltypes.parse_date(c).is_not_null()))
    elif t in ("int", "number"):
        # one pass for type and range; the finding tells them apart (out-of-range when it is a number)
        parse = celltypes.parse_int if t == "int" else celltypes.parse_number
        lo = col.min if col.min is not None else float("-inf")
        hi = col.max if col.max is not None else float("inf")
        checks.append(_check(t, lambda c: parse(c).is_between(lo, hi).fill_null(False)))
    elif t == "level":
        checks.append(_check("level", lambda c: celltypes.parse_int(c).is_in(list(celltypes.LEVELS)).fill_null(False)))
    elif t == "yesno":
        checks.append(_check("yesno", lambda c: celltypes.parse_yesno(c).is_not_null()))
    elif t == "email":
        checks.append(_check("email", lambda c: c.str.contains(celltypes.EMAIL_RE)))
    elif t == "id":
        checks.append(_check("id_form", lambda c: ~c.str.contains(r"[,;\n\r]")))
    del pl
    return checks


def build_schema(sheet: Sheet, contract: Contract, present: Iterable[str] | None = None) -> pa.DataFrameSchema:
    """The pandera schema of a register sheet (of its ``present`` columns, when given).

    Optional free-text columns have nothing to check and are left out, which saves a pass each.
    """
    import pandera.polars as pa
    import polars as pl

    wanted = set(present) if present is not None else {c.name for c in sheet.columns}
    columns = {}
    for col in sheet.columns:
        if col.name not in wanted:
            continue
        checks = column_checks(col, contract)
        if checks or col.required:
            columns[col.name] = pa.Column(pl.String, checks=checks, nullable=not col.required, required=True)
    return pa.DataFrameSchema(columns, name=sheet.name, strict=False)


def validate_sheet(loaded: LoadedSheet, contract: Contract) -> list[Finding]:
    """Every failing cell of one register sheet, as findings."""
    import pandera.polars as pa

    spec = loaded.spec
    if spec.kind == "fields" or loaded.frame.height == 0:
        return []
    frame = loaded.frame
    schema = build_schema(spec, contract, loaded.columns)
    if not schema.columns:
        return []
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        return _failures_to_findings(loaded, exc.failure_cases)


def _failures_to_findings(loaded: LoadedSheet, failures: pl.DataFrame) -> list[Finding]:
    rows = loaded.frame[ROW]
    out: list[Finding] = []
    failures = capped(failures, loaded.spec.name, "invalid cell", ERROR, out)
    for rec in failures.iter_rows(named=True):
        column = rec.get("column")
        index = rec.get("index")
        if column is None or index is None:
            continue
        col = loaded.spec.column(column)
        excel_row = int(rows[int(index)])
        value = rec.get("failure_case")
        code = CODES.get(rec["check"], "invalid-value")
        if code in ("invalid-integer", "invalid-number") and is_number(value, whole=code == "invalid-integer"):
            code = "out-of-range"
        out.append(cell_finding(loaded, col, excel_row, value, code))
    return out


def is_number(value: Any, whole: bool) -> bool:
    try:
        number = float(str(value).replace(" ", ""))
    except ValueError:
        return False
    return number == number and abs(number) != float("inf") and (not whole or number.is_integer())


def cell_finding(loaded: LoadedSheet, col: Column, row: int, value: Any, code: str) -> Finding:
    """A finding for one cell, with a message a manager understands."""
    header = col.header
    if code == "missing-value":
        message = f"{header} is required but empty"
        hint = celltypes.expectation(col) if col.type not in ("text", "id") else f"Fill it in: {lower_first(col.help)}"
    elif code == "invalid-enum":
        message = f"{quote(value)} is not a valid {header.lower()}"
        hint = celltypes.expectation(col)
    elif code == "out-of-range":
        message = f"{quote(value)} is outside the allowed range for {header.lower()}"
        hint = celltypes.expectation(col)
    elif code == "invalid-id":
        message = f"{quote(value)} is not a usable ID: IDs must not contain commas, semicolons or line breaks"
        hint = f"use an ID like {col.example}" if col.example else "use a short code without separators"
    else:
        kinds = {
            "invalid-date": "a date",
            "invalid-integer": "a whole number",
            "invalid-number": "a number",
            "invalid-yes-no": "yes or no",
            "invalid-level": "a level 0-4",
            "invalid-process": "a FitSM process",
            "invalid-email": "an e-mail address",
        }
        message = f"{quote(value)} is not {kinds.get(code, 'a valid value')} ({header.lower()})"
        hint = celltypes.expectation(col)
    return Finding(ERROR, code, loaded.spec.name, loaded.cell(col.name, row), row, header, value, message, hint)
