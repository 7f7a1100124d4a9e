"""Cell-level validation: pandera schemas derived from the contract, evaluated lazily.

Every column gets checks by its contract type (required, allowed values, dates, numbers and
ranges, yes/no, levels, processes, e-mail, ID form); pandera's polars backend runs them all and
returns every failing cell at once, which becomes one Finding per cell.

The same rules are first evaluated together in one polars pass (``failing_columns``): pandera
then runs on the columns that have a failing cell only. On a clean sheet that is one query
instead of one per check, which is most of the cost of a small workbook (issue 17).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


Rule = tuple[str, Callable[[Any], Any]]  # check name, function of the column expression -> ok


def _check(name: str, ok: Callable[[Any], Any]) -> pa.Check:
    """A pandera check from a function of the column expression; blank cells always pass."""
    import pandera.polars as pa
    import polars as pl

    def fn(data: Any) -> pl.LazyFrame:
        col = pl.col(data.key)
        return data.lazyframe.select(col.is_null() | ok(col))

    return pa.Check(fn, name=name)


def column_rules(col: Column, contract: Contract) -> list[Rule]:
    """The rules of one contract column by its type (none for free text)."""
    t = col.type
    rules: list[Rule] = []
    if t in ("enum", "process"):
        accepted = list(celltypes.enum_mapping(col, contract))
        rules.append((t, lambda c: c.str.to_lowercase().is_in(accepted)))
    elif t == "date":
        rules.append(("date", lambda c: celltypes.parse_date(c).is_not_null()))
    elif t in ("int", "number"):
        # one pass for type and range; the finding tells them apart (out-of-range when it is a number)
        parse = celltypes.parse_int if t == "int" else celltypes.parse_number
        lo = col.min if col.min is not None else float("-inf")
        hi = col.max if col.max is not None else float("inf")
        rules.append((t, lambda c: parse(c).is_between(lo, hi).fill_null(False)))
    elif t == "level":
        rules.append(("level", lambda c: celltypes.parse_int(c).is_in(list(celltypes.LEVELS)).fill_null(False)))
    elif t == "yesno":
        rules.append(("yesno", lambda c: celltypes.parse_yesno(c).is_not_null()))
    elif t == "email":
        rules.append(("email", lambda c: c.str.contains(celltypes.EMAIL_RE)))
    elif t == "id":
        rules.append(("id_form", lambda c: ~c.str.contains(r"[,;\n\r]")))
    return rules


def column_checks(col: Column, contract: Contract) -> list[pa.Check]:
    """The pandera checks of one contract column."""
    return [_check(name, ok) for name, ok in column_rules(col, contract)]


def failing_columns(frame: pl.DataFrame, columns: list[Column], contract: Contract) -> set[str]:
    """The checked columns with at least one failing cell, from one pass over the frame: a blank
    required cell or a filled cell that breaks a rule of its column. A column that is not text
    (which the reader never makes) counts as failing, so that pandera reports its type."""
    import polars as pl

    failing = {c.name for c in columns if frame.schema[c.name] != pl.String}
    tests = []
    for col in columns:
        if col.name in failing:
            continue
        c = pl.col(col.name)
        ok = [c.is_not_null().all()] if col.required else []  # null results count as failing: pandera decides
        ok += [(c.is_null() | rule(c)).all(ignore_nulls=False) for _, rule in column_rules(col, contract)]
        if ok:
            tests.append(pl.all_horizontal(ok).fill_null(False).alias(col.name))
    if tests:
        passed = frame.lazy().select(tests).collect().row(0, named=True)
        failing |= {name for name, ok in passed.items() if not ok}
    return failing


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
    present = set(loaded.columns)
    checked = [c for c in spec.columns if c.name in present and (c.required or column_rules(c, contract))]
    failing = failing_columns(frame, checked, contract)
    if not failing:
        return []
    schema = build_schema(spec, contract, failing)
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
