"""How each contract column type is parsed from cell text, as polars expressions.

One definition serves both validation (is the cell valid?) and the clean model (what value does
it hold?), so the two cannot disagree. Cells arrive as stripped text (null when blank).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fitsm_audit.spec.contract import Column, Contract

if TYPE_CHECKING:
    import polars as pl

YES = ("yes", "y", "true", "1", "x")
NO = ("no", "n", "false", "0")
LEVELS = (0, 1, 2, 3, 4)
EMAIL_RE = r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$"
ISO_DATE_RE = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
SERIAL_RE = r"^\d{1,7}(?:\.\d+)?$"
MAX_SERIAL = 2958465  # 9999-12-31
LIST_SPLIT_RE = r"[;\n\r]"


def enum_mapping(col: Column, contract: Contract) -> dict[str, str]:
    """Lower-cased accepted spellings -> the canonical value, for enum and process columns."""
    if col.type == "process":
        mapping = contract.process_aliases()
        for extra in col.allow:
            mapping[extra.lower()] = extra
        return mapping
    return {v.lower(): v for v in col.values}


def parse_date(expr: pl.Expr) -> pl.Expr:
    """Text -> Date: ISO dates (with or without a time) and Excel serial numbers; else null."""
    import polars as pl

    iso = (
        pl.when(expr.str.contains(ISO_DATE_RE))
        .then(expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False))
        .otherwise(None)
    )
    serial_num = expr.cast(pl.Float64, strict=False)
    serial = (
        pl.when(expr.str.contains(SERIAL_RE) & (serial_num >= 1) & (serial_num <= MAX_SERIAL))
        # clipped first: polars computes the branch for every row, and a huge number (1E20)
        # would overflow the cast and fail the whole column instead of only its own cell
        .then(pl.lit(_epoch()) + pl.duration(days=serial_num.clip(0, MAX_SERIAL).floor().cast(pl.Int64)))
        .otherwise(None)
    )
    parsed = pl.coalesce(iso, serial.cast(pl.Date))
    return pl.when(parsed >= pl.lit(_first_day())).then(parsed).otherwise(None)


def _first_day() -> Any:
    import datetime

    return datetime.date(1900, 1, 1)


def _epoch() -> Any:
    import datetime

    return datetime.date(1899, 12, 30)


def parse_number(expr: pl.Expr) -> pl.Expr:
    import polars as pl

    value = expr.str.replace_all(r"[\s\u00a0]", "").cast(pl.Float64, strict=False)
    return pl.when(value.is_finite()).then(value).otherwise(None)


def parse_int(expr: pl.Expr) -> pl.Expr:
    import polars as pl

    value = parse_number(expr)
    return pl.when(value == value.floor()).then(value.cast(pl.Int64, strict=False)).otherwise(None)


def parse_yesno(expr: pl.Expr) -> pl.Expr:
    import polars as pl

    low = expr.str.to_lowercase()
    return pl.when(low.is_in(list(YES))).then(True).when(low.is_in(list(NO))).then(False).otherwise(None)


def parse(col: Column, contract: Contract, expr: pl.Expr) -> pl.Expr:
    """The clean value of a column: typed, canonical spelling, null when blank or invalid."""
    import polars as pl

    t = col.type
    if t in ("enum", "process"):
        mapping = enum_mapping(col, contract)
        return expr.str.to_lowercase().replace_strict(mapping, default=None, return_dtype=pl.String)
    if t == "date":
        return parse_date(expr)
    if t == "number":
        return _bounded(parse_number(expr), col)
    if t == "int":
        return _bounded(parse_int(expr), col)
    if t == "level":
        value = parse_int(expr)
        return pl.when(value.is_between(0, 4)).then(value).otherwise(None)
    if t == "yesno":
        return parse_yesno(expr)
    if t == "email":
        return pl.when(expr.str.contains(EMAIL_RE)).then(expr).otherwise(None)
    return expr


def _bounded(value: pl.Expr, col: Column) -> pl.Expr:
    import polars as pl

    ok = pl.lit(True)
    if col.min is not None:
        ok = ok & (value >= col.min)
    if col.max is not None:
        ok = ok & (value <= col.max)
    return pl.when(ok).then(value).otherwise(None)


def split_list(expr: pl.Expr) -> pl.Expr:
    """A list cell -> list of trimmed, non-empty IDs (separators: comma, semicolon, line break)."""
    import polars as pl

    return (
        expr.str.replace_all(LIST_SPLIT_RE, ",")
        .str.split(",")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element().str.len_chars() > 0))
    )


def expectation(col: Column) -> str:
    """What a valid value looks like, for hints."""
    t = col.type
    if t == "enum":
        return "use one of " + ", ".join(col.values)
    if t == "process":
        return "use a process ID PR1-PR14" + (" or " + ", ".join(col.allow) if col.allow else "")
    if t == "date":
        return "type a date (an Excel date, or text like 2026-03-31)"
    if t == "yesno":
        return "use yes or no"
    if t == "level":
        return "use a level 0, 1, 2, 3 or 4"
    if t in ("int", "number"):
        word = "a whole number" if t == "int" else "a number"
        if col.min is not None and col.max is not None:
            return f"type {word} from {_num(col.min)} to {_num(col.max)}"
        if col.min is not None:
            return f"type {word} of at least {_num(col.min)}"
        return f"type {word}"
    if t == "email":
        return "type an e-mail address like name@example.org"
    return col.help


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
