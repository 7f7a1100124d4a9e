"""A sheet's raw cell grid shaped into a register: where the header row is, merged ranges
filled down their column, and numbers the fast reader lost put back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fitsm_audit.spec.contract import normalise_header
from fitsm_audit.workbook.container import SheetFacts

if TYPE_CHECKING:
    import polars as pl

HEADER_SEARCH_ROWS = 20


def find_header(
    df: pl.DataFrame, names: list[str], known: dict[str, str]
) -> tuple[int, dict[str, str]]:
    """The first row among the first rows whose cells name at least one contract column."""
    head = df.head(HEADER_SEARCH_ROWS)
    rows = head.rows(named=True)
    for rec in rows:
        cells = {n: rec[n] for n in names if rec[n] is not None}
        if not cells:
            continue
        matches = sum(1 for v in cells.values() if normalise_header(v) in known)
        if matches:
            return int(rec["__row"]), cells
    return 0, {}


def fill_merged(
    df: pl.DataFrame, names: list[str], absolute: list[int], facts: SheetFacts
) -> pl.DataFrame:
    """Fill each merged range down its first column from the top-left cell.

    A vertical merge groups rows (one owner for three services); the cells to the right of a
    horizontal merge stay blank, since they belong to other columns.
    """
    import polars as pl

    col_of = {a: n for n, a in zip(names, absolute, strict=True)}
    lists: dict[str, list[str | None]] = {}
    for r1, c1, r2, _c2 in facts.merged:
        name = col_of.get(c1)
        if name is None or r1 > df.height or r2 <= r1:
            continue
        values = lists.setdefault(name, df[name].to_list())
        top = values[r1 - 1]
        if top is None:
            continue
        end = min(r2, df.height)
        values[r1:end] = [top] * (end - r1)
    if not lists:
        return df
    return df.with_columns(
        pl.Series(name, values, dtype=pl.String) for name, values in lists.items()
    )


def restore_lost(
    df: pl.DataFrame, names: list[str], absolute: list[int], facts: SheetFacts
) -> pl.DataFrame:
    """Put back numbers the reader dropped (out-of-range dates), as text, so validation sees them."""
    import polars as pl

    col_of = {a: n for n, a in zip(names, absolute, strict=True)}
    for (row, col), raw in facts.big_numbers.items():
        name = col_of.get(col)
        if name is None or row > df.height or df[name][row - 1] is not None:
            continue
        values = df[name].to_list()
        values[row - 1] = raw
        df = df.with_columns(pl.Series(name, values, dtype=pl.String))
    return df
