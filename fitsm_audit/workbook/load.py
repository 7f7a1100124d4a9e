"""Read workbooks into contract-shaped tables that remember every cell's address.

Cells are read with fastexcel (calamine, all values as text, absolute row numbers); headers are
matched to the contract case- and space-insensitively; blank rows are skipped; merged cells are
filled from their top-left cell; formulas without a cached value are flagged. Sheets from several
files are merged by name; the input files are only ever opened for reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fitsm_audit.container import (
    DEFAULT_LIMITS,
    Container,
    Limits,
    SheetFacts,
    SheetPart,
    column_letters,
)
from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.core.findings import ERROR, WARNING, Finding
from fitsm_audit.spec.contract import Contract, Sheet, normalise_header

if TYPE_CHECKING:
    import polars as pl

ROW = "__row"  # the Excel row number of a data row
AUXILIARY_SHEETS = {"instructions", "lists", "readme", "read me"}
HEADER_SEARCH_ROWS = 20


@dataclass
class LoadedSheet:
    """One contract sheet as read from a file."""

    spec: Sheet
    source: str
    title: str  # the sheet's name in the file
    header_row: int
    columns: dict[str, int]  # contract column name -> 1-based column index in the file
    frame: pl.DataFrame  # one String column per contract column (null = blank) + ROW

    def cell(self, column: str, row: int) -> str:
        """The address of a cell, e.g. ``Services!E7``; the header row's first cell if the column is missing."""
        col = self.columns.get(column)
        return address(self.title, col, row) if col else address(self.title, 1, self.header_row)


@dataclass
class Loaded:
    sheets: dict[str, LoadedSheet] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def load(paths: list[str], contract: Contract, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read every file; raise WorkbookError on the first unreadable one."""
    out = Loaded(files=list(paths))
    by_key = {normalise_header(s.name): s for s in contract.sheets}
    for path in paths:
        _load_file(path, contract, by_key, limits, out)
    return out


def _load_file(path: str, contract: Contract, by_key: dict[str, Sheet], limits: Limits, out: Loaded) -> None:
    with Container(path, limits) as box:
        wanted: list[tuple[Sheet, SheetPart]] = []
        seen_here: dict[str, str] = {}
        for part in box.sheets:
            key = normalise_header(part.name)
            spec = by_key.get(key)
            if spec is None:
                if key not in AUXILIARY_SHEETS:
                    out.findings.append(
                        Finding(WARNING, "unknown-sheet", part.name, None, None, None, None,
                                f"Sheet {part.name!r} in {path} is not part of the FitSM workbooks and was ignored",
                                "rename it to one of the standard sheet names (fitsm-audit columns lists them) or leave it")
                    )
                continue
            if spec.name in out.sheets or spec.name in seen_here:
                first = out.sheets[spec.name].source if spec.name in out.sheets else path
                out.findings.append(
                    Finding(ERROR, "duplicate-sheet", spec.name, None, None, None, part.name,
                            f"Sheet {spec.name!r} appears twice (in {first} and in {path}); only the first was read",
                            "keep each sheet in one workbook only")
                )
                continue
            seen_here[spec.name] = part.name
            wanted.append((spec, part))
        frames = _read_sheets(box, [part for _, part in wanted])
        for (spec, part), (df, absolute, facts) in zip(wanted, frames, strict=True):
            out.sheets[spec.name] = _shape(spec, path, part.name, df, absolute, facts, out.findings)


def _read_sheets(box: Container, parts: list[SheetPart]) -> list[tuple[pl.DataFrame, list[int], SheetFacts]]:
    """Read sheets as text with absolute row numbers, two at a time (one reader per thread)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import fastexcel

    local = threading.local()

    path = box.path

    def read(part: SheetPart) -> tuple[pl.DataFrame, list[int], SheetFacts]:
        facts = box.facts(part)  # size limits are checked here, before the reader inflates the sheet
        first: BaseException | None = None
        try:
            if facts.big_numbers:  # numbers beyond any date make the fast reader panic in date cells
                raise ValueError("numbers too large for the fast reader")
            if not hasattr(local, "reader"):
                local.reader = fastexcel.read_excel(path)
            sheet = local.reader.load_sheet(part.name, header_row=None, dtypes="string", skip_rows=0)
            absolute = [c.absolute_index + 1 for c in sheet.available_columns()]
            return sheet.to_polars(), absolute, facts
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:  # noqa: BLE001 - includes the reader's Rust panics
            first = exc
        try:  # the cell-by-cell reader copes with values the fast path cannot convert
            from fitsm_audit.workbook.xmlcells import read_sheet

            df, absolute = read_sheet(path, part.path)
            return df, absolute, facts
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:  # noqa: BLE001
            raise WorkbookError(path, f"sheet {part.name!r} cannot be read ({_short(first or exc)})") from None

    if len(parts) < 4:
        return [read(p) for p in parts]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(read, parts))


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _shape(spec: Sheet, path: str, title: str, df: pl.DataFrame, absolute: list[int], facts: SheetFacts,
           findings: list[Finding]) -> LoadedSheet:
    """Find the header row, map columns to the contract, keep non-blank data rows."""
    import polars as pl

    names = list(df.columns)
    df = df.with_columns(pl.col(n).str.strip_chars() for n in names)
    df = df.with_columns(pl.when(pl.col(n).str.len_chars() == 0).then(None).otherwise(pl.col(n)).alias(n) for n in names)
    df = df.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
    if facts.merged:
        df = _fill_merged(df, names, absolute, facts)
    if facts.big_numbers:
        df = _restore_lost(df, names, absolute, facts)

    wanted: tuple[str, ...] = ("field", "value") if spec.kind == "fields" else tuple(spec.column_names())
    known = {}
    if spec.kind == "fields":
        known = {"field": "field", "value": "value", "help": "help"}
    else:
        for col in spec.columns:
            known[normalise_header(col.header)] = col.name
            known[normalise_header(col.name)] = col.name

    header_row, header = _find_header(df, names, known)
    loaded = LoadedSheet(spec, path, title, header_row, {}, df)
    if header_row == 0:
        findings.append(
            Finding(ERROR, "missing-header", spec.name, f"{loaded.cell('', 1)}", 1, None, None,
                    f"Sheet {spec.name!r} has no header row with the expected column names.",
                    "Copy the header row from a blank workbook (fitsm-audit init).")
        )
        header = {}
    columns: dict[str, int] = {}
    rename: dict[str, str] = {}
    for frame_col, text in header.items():
        abs_col = absolute[names.index(frame_col)]
        target = known.get(normalise_header(text))
        if target is None:
            findings.append(
                Finding(WARNING, "unknown-column", spec.name, f"{address(title, abs_col, header_row)}", header_row, text, text,
                        f"Column {text!r} is not part of the {spec.name} sheet; its values were ignored.",
                        "Remove it or rename it to a standard column.")
            )
            continue
        if target in columns:
            findings.append(
                Finding(ERROR, "duplicate-column", spec.name, f"{address(title, abs_col, header_row)}", header_row, text, text,
                        f"Column {text!r} appears twice on {spec.name}; only the first was read.",
                        "Delete or rename the second column.")
            )
            continue
        columns[target] = abs_col
        rename[frame_col] = target
    loaded.columns = columns

    data = df.filter(pl.col(ROW) > header_row).select([ROW, *rename]).rename(rename)
    if rename:
        data = data.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in rename.values()))
    for name in wanted:
        if name not in data.columns:
            data = data.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    loaded.frame = data.select([ROW, *wanted])
    if header_row:
        _missing_columns(loaded, findings)
        _formula_findings(loaded, facts, findings)
    return loaded


def address(title: str, col: int, row: int) -> str:
    """A cell address as users read it: the sheet's own name, unquoted (``Services!E7``)."""
    return f"{title}!{column_letters(col)}{row}"


def _find_header(df: pl.DataFrame, names: list[str], known: dict[str, str]) -> tuple[int, dict[str, str]]:
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


def _fill_merged(df: pl.DataFrame, names: list[str], absolute: list[int], facts: SheetFacts) -> pl.DataFrame:
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
    return df.with_columns(pl.Series(name, values, dtype=pl.String) for name, values in lists.items())


def _restore_lost(df: pl.DataFrame, names: list[str], absolute: list[int], facts: SheetFacts) -> pl.DataFrame:
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


def _missing_columns(loaded: LoadedSheet, findings: list[Finding]) -> None:
    spec = loaded.spec
    if spec.kind == "fields":
        for name in ("field", "value"):
            if name not in loaded.columns:
                findings.append(
                    Finding(ERROR, "missing-column", spec.name, loaded.cell("", loaded.header_row), loaded.header_row,
                            name.title(), None, f"{spec.name} has no {name.title()!r} column.",
                            "The sheet needs the columns Field and Value.")
                )
        return
    for col in spec.columns:
        if col.name in loaded.columns:
            continue
        severity = ERROR if col.required else WARNING
        findings.append(
            Finding(severity, "missing-column", spec.name, loaded.cell("", loaded.header_row), loaded.header_row,
                    col.header, None,
                    f"{spec.name} has no {col.header!r} column{' (required)' if col.required else ''}.",
                    f"Add a column headed {col.header!r}: {col.help}")
        )


def _formula_findings(loaded: LoadedSheet, facts: SheetFacts, findings: list[Finding]) -> None:
    by_index = {v: k for k, v in loaded.columns.items()}
    for row, col in facts.formulas_without_value:
        name = by_index.get(col)
        if name is None or row <= loaded.header_row:
            continue
        header = loaded.spec.column(name).header if loaded.spec.kind != "fields" else name.title()
        findings.append(
            Finding(WARNING, "formula-no-value", loaded.spec.name, address(loaded.title, col, row), row, header, None,
                    "The cell holds a formula with no saved result, so its value cannot be read.",
                    "Open the workbook in Excel or LibreOffice and save it, or type the value.")
        )
