"""Read workbooks into contract-shaped tables that remember every cell's address.

Cells are read with fastexcel (calamine, all values as text, absolute row numbers), from .xlsx
and .ods alike (the container screens and measures both first); headers are
matched to the contract case- and space-insensitively; blank rows are skipped; merged cells are
filled from their top-left cell; formulas without a cached value are flagged. Sheets from several
files are merged by name; the input files are only ever opened for reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.core.findings import DUPLICATE_EMPTY_SHEET, ERROR, WARNING, Finding, quote
from fitsm_audit.core.words import join_words, noun
from fitsm_audit.spec.contract import PREFILLED_COLUMNS, Contract, Sheet, normalise_header
from fitsm_audit.workbook.container import (
    DEFAULT_LIMITS,
    Container,
    Limits,
    SheetFacts,
    SheetPart,
    column_letters,
)
from fitsm_audit.workbook.contract_versions import missing_new_column
from fitsm_audit.workbook.grid import fill_merged, find_header, restore_lost

if TYPE_CHECKING:
    import polars as pl

ROW = "__row"  # the Excel row number of a data row
AUXILIARY_SHEETS = {"instructions", "lists", "readme", "read me"}


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
    # sheet (contract name, or the title of a sheet the contract does not know) -> its place in the
    # workbook order: contract sheets in the contract's order, other sheets after the one they follow
    order: dict[str, tuple[int, int]] = field(default_factory=dict)
    # contract sheet -> (title, file) of an unknown sheet whose name is close to it ("Supplier")
    lookalikes: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class _Copy:
    """One copy of a contract sheet as read, with the findings its reading produced."""

    sheet: LoadedSheet
    findings: list[Finding]
    filled: bool


SUGGEST_CUTOFF = 0.8  # difflib ratio of normalised names above which a name is offered as "did you mean"


def closest(name: str, candidates: dict[str, str]) -> str | None:
    """The candidate (normalised key -> display name) closest to ``name``, if close enough."""
    import difflib

    found = difflib.get_close_matches(normalise_header(name), list(candidates), n=1, cutoff=SUGGEST_CUTOFF)
    return candidates[found[0]] if found else None


def load(paths: list[str], contract: Contract, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read every file; raise WorkbookError on the first unreadable one.

    A sheet found more than once (in two files, or twice in one) is read from the copy that holds
    data; an empty copy (a blank template left in the folder) gives way with a warning, and two
    copies with data are an error naming both.
    """
    out = Loaded(files=list(paths))
    by_key = {normalise_header(s.name): s for s in contract.sheets}
    rank = {s.name: i for i, s in enumerate(contract.sheets)}
    copies: dict[str, list[_Copy]] = {}
    unknown: list[tuple[str, str, int]] = []  # (title, file, rank of the contract sheet before it) of other sheets
    for path in paths:
        _load_file(path, by_key, rank, limits, out, copies, unknown)
    with_data = {c.sheet.source for found in copies.values() for c in found if c.filled}
    for name, found in copies.items():
        chosen = _choose(name, found, with_data, out.findings)
        out.sheets[name] = chosen.sheet
        out.findings += chosen.findings
    # an unknown sheet may be a standard one renamed: offer the closest that is missing or empty
    wanting = {normalise_header(s.name): s.name for s in contract.sheets
               if s.name not in out.sheets or not has_data(out.sheets[s.name])}
    for seq, (title, path, after) in enumerate(unknown, start=1):
        guess = closest(title, wanting)
        message = f"Sheet {quote(title)} is not part of the FitSM workbooks and was ignored"
        if guess:
            out.lookalikes.setdefault(guess, (title, path))
            message += f"; did you mean {quote(guess)}?"
            hint = f"Rename it to {quote(guess)} if it holds that register."
        else:
            hint = ("Rename it to one of the standard sheet names (fitsm-audit columns lists them), or leave it "
                    "if it is a sheet of your own.")
        # listed beside the sheet it resembles, else after the standard sheet it follows in its file
        where = rank[guess] if guess else (after if after >= 0 else len(rank))
        out.order.setdefault(title, (where, seq))
        out.findings.append(Finding(WARNING, "unknown-sheet", title, None, None, None, guess, message, hint, path))
    return out


def _load_file(path: str, by_key: dict[str, Sheet], rank: dict[str, int], limits: Limits, out: Loaded,
               copies: dict[str, list[_Copy]], unknown: list[tuple[str, str, int]]) -> None:
    with Container(path, limits) as box:
        wanted: list[tuple[Sheet, SheetPart]] = []
        after = -1  # the contract sheet an unknown sheet follows in this file
        for part in box.sheets:
            key = normalise_header(part.name)
            spec = by_key.get(key)
            if spec is None:
                if key not in AUXILIARY_SHEETS:
                    unknown.append((part.name, path, after))
                continue
            after = rank[spec.name]
            out.order[spec.name] = (after, 0)
            wanted.append((spec, part))
        frames = _read_sheets(box, [part for _, part in wanted])
        for (spec, part), (df, absolute, facts) in zip(wanted, frames, strict=True):
            found: list[Finding] = []
            sheet = _shape(spec, path, part.name, df, absolute, facts, found)
            copies.setdefault(spec.name, []).append(_Copy(sheet, found, has_data(sheet)))


def has_data(sheet: LoadedSheet) -> bool:
    """Whether a sheet holds data of its own (not just the rows a blank template starts with)."""
    import polars as pl

    if not sheet.header_row:
        return False
    if sheet.spec.kind == "fields":
        return sheet.frame["value"].drop_nulls().len() > 0
    own = [c for c in sheet.spec.column_names() if c not in PREFILLED_COLUMNS.get(sheet.spec.name, ())]
    return bool(own) and sheet.frame.select(pl.any_horizontal(pl.col(c).is_not_null() for c in own).any()).item()


def _choose(name: str, found: list[_Copy], with_data: set[str], findings: list[Finding]) -> _Copy:
    """The copy of a sheet to read when it was found more than once (see :func:`load`).

    A copy with data wins; among empty copies, one from a file that holds data elsewhere wins
    over one from a file that is blank throughout (a template left in the folder).
    """
    if len(found) == 1:
        return found[0]
    same_titles = len({c.sheet.title for c in found}) == 1

    def where(c: _Copy) -> str:
        return c.sheet.source if same_titles else f"{c.sheet.source} (as {quote(c.sheet.title)})"

    filled = [c for c in found if c.filled]
    chosen = (filled or [c for c in found if c.sheet.source in with_data] or found)[0]
    others = [c for c in found if c is not chosen]
    places = join_words(dict.fromkeys(where(c) for c in found))
    if len(filled) > 1:
        ignored = [c for c in others if c.filled]
        findings.append(
            Finding(ERROR, "duplicate-sheet", name, None, None, None, chosen.sheet.source,
                    f"Sheet {quote(name)} appears {_times(len(found))} with data, in {places}; only the copy in "
                    f"{where(chosen)} was read",
                    "Keep each sheet in one workbook only: move the rows you need into one copy and delete the "
                    "other.", ignored[0].sheet.source)
        )
    elif filled:
        findings.append(
            Finding(WARNING, DUPLICATE_EMPTY_SHEET, name, None, None, None, chosen.sheet.source,
                    f"Sheet {quote(name)} appears {_times(len(found))}, in {places}; the filled copy in "
                    f"{where(chosen)} was read and the empty {noun(len(others), 'copy', 'copies')} in "
                    f"{join_words(where(c) for c in others)} ignored",
                    "Delete the empty copy, or move the blank workbook out of the folder.", others[0].sheet.source)
        )
    else:
        findings.append(
            Finding(WARNING, DUPLICATE_EMPTY_SHEET, name, None, None, None, chosen.sheet.source,
                    f"Sheet {quote(name)} appears {_times(len(found))}, in {places}, and every copy is empty; "
                    f"the copy in {where(chosen)} was read",
                    "Keep each sheet in one workbook only.", others[0].sheet.source)
        )
    return chosen


def _times(n: int) -> str:
    return {2: "twice", 3: "three times"}.get(n, f"{n} times")


def _read_sheets(box: Container, parts: list[SheetPart]) -> list[tuple[pl.DataFrame, list[int], SheetFacts]]:
    """Read sheets as text with absolute row numbers, two at a time (one reader per thread)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import fastexcel

    from fitsm_audit.workbook.ods import reader_source
    from fitsm_audit.workbook.xmlcells import open_reader, read_slowly

    local = threading.local()
    path = box.path
    source = reader_source(path, box.kind)

    def read(part: SheetPart) -> tuple[pl.DataFrame, list[int], SheetFacts]:
        facts = box.facts(part)  # size limits are checked here, before the reader inflates the sheet
        first: BaseException | None = None
        try:
            if facts.big_numbers:  # numbers beyond any date make the fast reader panic in date cells
                raise ValueError("numbers too large for the fast reader")
            if not hasattr(local, "reader"):  # a file the reader cannot open is tried once, not per sheet
                local.reader = open_reader(fastexcel.read_excel, source)
            if isinstance(local.reader, BaseException):
                raise local.reader
            sheet = local.reader.load_sheet(part.name, header_row=None, dtypes="string", skip_rows=0)
            absolute = [c.absolute_index + 1 for c in sheet.available_columns()]
            return sheet.to_polars(), absolute, facts
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:  # noqa: BLE001 - includes the reader's Rust panics
            first = exc
        try:  # the cell-by-cell reader copes with values the fast path cannot convert
            df, absolute = read_slowly(box, part)
            return df, absolute, facts
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:  # noqa: BLE001
            raise WorkbookError(path, f"sheet {part.name!r} cannot be read ({_short(first or exc)})") from None

    if len(parts) < 4 or box.kind == "ods":  # the .ods reader parses every sheet when it opens: one is enough
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
        df = fill_merged(df, names, absolute, facts)
    if facts.big_numbers:
        df = restore_lost(df, names, absolute, facts)

    wanted: tuple[str, ...] = ("field", "value") if spec.kind == "fields" else tuple(spec.column_names())
    known = {}
    if spec.kind == "fields":
        known = {"field": "field", "value": "value", "help": "help"}
    else:
        for col in spec.columns:
            known[normalise_header(col.header)] = col.name
            known[normalise_header(col.name)] = col.name

    header_row, header = find_header(df, names, known)
    loaded = LoadedSheet(spec, path, title, header_row, {}, df)
    if header_row == 0:
        findings.append(
            Finding(ERROR, "missing-header", spec.name, f"{loaded.cell('', 1)}", 1, None, None,
                    f"Sheet {quote(spec.name)} has no header row with the expected column names.",
                    "Copy the header row from a blank workbook (fitsm-audit init).")
        )
        header = {}
    columns: dict[str, int] = {}
    rename: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    for frame_col, text in header.items():
        abs_col = absolute[names.index(frame_col)]
        target = known.get(normalise_header(text))
        if target is None:
            unknown.append((abs_col, text))
            continue
        if target in columns:
            findings.append(
                Finding(ERROR, "duplicate-column", spec.name, f"{address(title, abs_col, header_row)}", header_row, text, text,
                        f"Column {quote(text)} appears twice on {spec.name}; only the first was read.",
                        "Delete or rename the second column.")
            )
            continue
        columns[target] = abs_col
        rename[frame_col] = target
    renames = _unknown_columns(spec, title, header_row, unknown, known, columns, findings)
    loaded.columns = columns

    data = df.filter(pl.col(ROW) > header_row).select([ROW, *rename]).rename(rename)
    if rename:
        data = data.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in rename.values()))
    for name in wanted:
        if name not in data.columns:
            data = data.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    loaded.frame = data.select([ROW, *wanted])
    if header_row:
        _missing_columns(loaded, findings, renames)
        _formula_findings(loaded, facts, findings)
    return loaded


def _header_of(spec: Sheet, name: str) -> str:
    return name.title() if spec.kind == "fields" else spec.column(name).header


def _unknown_columns(spec: Sheet, title: str, header_row: int, unknown: list[tuple[int, str]], known: dict[str, str],
                     columns: dict[str, int], findings: list[Finding]) -> dict[str, str]:
    """A warning for each column the contract does not know, with the closest missing column as
    "did you mean"; returns contract column -> the header that may be it."""
    missing = {key: name for key, name in known.items() if name not in columns and name != "help"}
    renames: dict[str, str] = {}
    for abs_col, text in unknown:
        guess = closest(text, missing)
        message = f"Column {quote(text)} is not part of the {spec.name} sheet, so its values were ignored"
        if guess:
            header = _header_of(spec, guess)
            renames.setdefault(guess, text)
            message += f"; did you mean {quote(header)}?"
            hint = f"Rename it to {quote(header)} if it holds that column."
        else:
            hint = ("Keep it if it is a column of your own, or rename it to a standard column "
                    "(fitsm-audit columns lists them).")
        findings.append(
            Finding(WARNING, "unknown-column", spec.name, address(title, abs_col, header_row), header_row, text,
                    text, message, hint)
        )
    return renames


def address(title: str, col: int, row: int) -> str:
    """A cell address as users read it: the sheet's own name, unquoted (``Services!E7``)."""
    return f"{title}!{column_letters(col)}{row}"


def _missing_columns(loaded: LoadedSheet, findings: list[Finding], renames: dict[str, str]) -> None:
    spec = loaded.spec

    def rename_hint(name: str, header: str) -> str:
        return f"The column {quote(renames[name])} may be it: rename it to {quote(header)}." if name in renames else ""

    if spec.kind == "fields":
        for name in ("field", "value"):
            if name not in loaded.columns:
                findings.append(
                    Finding(ERROR, "missing-column", spec.name, loaded.cell("", loaded.header_row), loaded.header_row,
                            name.title(), None, f"{spec.name} has no {quote(name.title())} column.",
                            rename_hint(name, name.title()) or "The sheet needs the columns Field and Value.")
                )
        return
    for col in spec.columns:
        if col.name in loaded.columns:
            continue
        if col.since > 1 and col.name not in renames:  # new in a later contract: older workbooks lack it
            findings.append(missing_new_column(loaded.spec.name, loaded.cell("", loaded.header_row), loaded.header_row, col))
            continue
        severity = ERROR if col.required else WARNING
        findings.append(
            Finding(severity, "missing-column", spec.name, loaded.cell("", loaded.header_row), loaded.header_row,
                    col.header, None,
                    f"{spec.name} has no {quote(col.header)} column{' (required)' if col.required else ''}.",
                    rename_hint(col.name, col.header) or f"Add a column headed {quote(col.header)}: {col.help}")
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
