"""Turn validated sheets into typed clean frames and the SMS model (Dataset)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fitsm_audit.spec.contract import Column, Contract, load_contract
from fitsm_audit.workbook import celltypes
from fitsm_audit.workbook.load import ROW, LoadedSheet
from fitsm_audit.workbook.records import Dataset, Record, SheetLayout

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


def field_rows(loaded: LoadedSheet) -> list[tuple[int, str, Column | None, str | None]]:
    """The Organisation sheet's rows: (Excel row, field name as typed, its contract field or None, raw value)."""
    by_key = {f.name.replace("_", " "): f for f in loaded.spec.fields}
    out = []
    for rec in loaded.frame.iter_rows(named=True):
        name = rec.get("field")
        if name:
            key = " ".join(str(name).lower().replace("_", " ").split())
            out.append((int(rec[ROW]), str(name), by_key.get(key), rec.get("value")))
    return out


def parse_value(col: Column, contract: Contract, raw: str) -> Any:
    """One cell's text parsed by its column type (None when invalid), as in :func:`clean_frame`."""
    import polars as pl

    return pl.select(celltypes.parse(col, contract, pl.lit(raw, dtype=pl.String))).item()


def clean_fields(loaded: LoadedSheet, contract: Contract) -> dict[str, Any]:
    """Organisation field -> clean value (the first row of a field counts)."""
    values: dict[str, Any] = {}
    for _row, _name, col, raw in field_rows(loaded):
        if col is not None and col.name not in values:
            values[col.name] = None if raw is None else parse_value(col, contract, raw)
    return values


def layout_of(loaded: LoadedSheet) -> SheetLayout:
    """Where the sheet's cells are in its file (for evidence that names cells)."""
    from fitsm_audit.workbook.container import column_letters

    rows = {}
    if loaded.spec.kind == "fields":
        for row, _name, col, _raw in field_rows(loaded):
            if col is not None and col.name not in rows:
                rows[col.name] = row
    columns = {name: column_letters(index) for name, index in loaded.columns.items()}
    return SheetLayout(loaded.title, columns, rows)


def build_dataset(clean: dict[str, pl.DataFrame], fields: dict[str, Any], sources: dict[str, str],
                  layouts: dict[str, SheetLayout] | None = None) -> Dataset:
    """Records per sheet from the clean frames (built column by column: a third of the time of
    a named row iterator on 10,000-row registers)."""
    ds = Dataset(fields=dict(fields), sources=dict(sources), layouts=dict(layouts or {}))
    for name, frame in clean.items():
        names = [c for c in frame.columns if c != ROW]
        rows = frame.get_column(ROW).to_list()
        if not names:
            ds.tables[name] = [Record(name, int(row), {}) for row in rows]
            continue
        columns = [_shared(frame.get_column(c)) for c in names]
        ds.tables[name] = [Record(name, int(row), dict(zip(names, values, strict=True)))
                           for row, values in zip(rows, zip(*columns, strict=True), strict=True)]  # fmt: skip
        if _typed(name, frame):
            ds.typed.add(name)
    return ds


def _shared(column: pl.Series) -> list[Any]:
    """A column's values, each repeated text or date one object (statuses, owners, processes and
    review dates repeat down a register: a 10,000-row register holds far fewer distinct values);
    lists stay one per row, since a caller may change its own."""
    import polars as pl

    values = column.to_list()
    if column.dtype in (pl.String, pl.Date) and len(values) > 1:
        seen: dict[Any, Any] = {}
        values = [seen.setdefault(v, v) for v in values]
    return values


def _typed(sheet: str, frame: pl.DataFrame) -> bool:
    """Whether the frame's schema alone proves every value of the sheet has its contract
    column's clean Python type (str, bool, date, int, float, list of str)."""
    import polars as pl

    try:
        spec = load_contract().sheet(sheet)
    except KeyError:
        return False
    expected = {
        "yesno": (pl.Boolean,), "date": (pl.Date,), "int": (pl.Int64,), "level": (pl.Int64,),
        "number": (pl.Float64, pl.Int64), "reflist": (pl.List(pl.String),),
    }  # fmt: skip
    schema = frame.schema
    for col in spec.columns:
        if col.name in schema and schema[col.name] not in expected.get(col.type, (pl.String,)):
            return False
    return True
