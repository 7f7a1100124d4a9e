"""Turn validated sheets into typed clean frames and the SMS model (Dataset)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fitsm_audit import celltypes
from fitsm_audit.contract import Contract, Sheet
from fitsm_audit.load import ROW, LoadedSheet
from fitsm_audit.model import Dataset, Record

if TYPE_CHECKING:
    import polars as pl


def clean_frame(loaded: LoadedSheet, contract: Contract) -> pl.DataFrame:
    """The sheet with every column parsed to its type; invalid cells become null."""
    import polars as pl

    spec = loaded.spec
    if spec.kind == "fields":
        return loaded.frame
    exprs = [pl.col(ROW)]
    for col in spec.columns:
        expr = celltypes.parse(col, contract, pl.col(col.name))
        if col.type == "reflist":
            expr = celltypes.split_list(pl.col(col.name)).fill_null(pl.lit([], dtype=pl.List(pl.String)))
        exprs.append(expr.alias(col.name))
    return loaded.frame.select(exprs)


def clean_fields(loaded: LoadedSheet, contract: Contract) -> tuple[dict[str, Any], dict[str, int]]:
    """Organisation field -> clean value, and field -> Excel row."""
    import polars as pl

    spec: Sheet = loaded.spec
    by_key = {f.name.replace("_", " "): f for f in spec.fields}
    values: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for rec in loaded.frame.iter_rows(named=True):
        name = rec.get("field")
        if not name:
            continue
        key = " ".join(str(name).lower().replace("_", " ").split())
        col = by_key.get(key)
        if col is None or col.name in values:
            continue
        rows[col.name] = int(rec[ROW])
        raw = rec.get("value")
        if raw is None:
            values[col.name] = None
            continue
        parsed = pl.select(celltypes.parse(col, contract, pl.lit(raw, dtype=pl.String))).item()
        values[col.name] = parsed
    return values, rows


def build_dataset(clean: dict[str, pl.DataFrame], fields: dict[str, Any], sources: dict[str, str]) -> Dataset:
    """Records per sheet from the clean frames."""
    ds = Dataset(fields=dict(fields), sources=dict(sources))
    for name, frame in clean.items():
        records = []
        for rec in frame.iter_rows(named=True):
            row = int(rec.pop(ROW))
            records.append(Record(name, row, rec))
        ds.tables[name] = records
    return ds
