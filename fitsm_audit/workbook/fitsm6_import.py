"""Read the claims of a FitSM-6 assessment file (``import-fitsm6``): per requirement code, the
capability score (column L of "3. Assessment"), the comment (M) and the evidence (N), in the
layout of :mod:`fitsm_audit.spec.fitsm6` (.xlsx or .ods).

The file is screened like every input (:class:`~fitsm_audit.workbook.container.Container`), then
read as text with fastexcel. A file in the layout with cells the import cannot take (a moved
column, an unknown requirement code, a score that is not 0-4) gives findings naming the cells; a
file that has none of the layout's sheets is not a FitSM-6 file at all (WorkbookError).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.core.findings import ERROR, WARNING, Finding, quote
from fitsm_audit.spec.catalogue import EDITIONS, load_catalogue
from fitsm_audit.spec.contract import normalise_header
from fitsm_audit.spec.fitsm6 import Fitsm6Layout, LayoutSheet, load_layout
from fitsm_audit.workbook.container import (
    DEFAULT_LIMITS,
    Container,
    Limits,
    SheetPart,
    column_letters,
)

Grid = dict[tuple[int, int], str]  # (row, column), both 1-based -> the cell's text (never blank)
READ_COLUMNS = ("requirement", "score", "comment", "evidence")  # what the import takes


@dataclass(frozen=True)
class Claim:
    """One requirement's claim as the file gives it (blank cells are None)."""

    requirement: str  # spelled as the catalogue spells it
    level: int | None
    comment: str | None
    evidence: str | None
    cell: str  # the cell of its code, e.g. "3. Assessment!E12"


@dataclass
class Fitsm6Claims:
    path: str
    edition: str
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0  # data rows read
    lead_auditor: str | None = None
    date: dt.date | None = None  # the assessment's as-of date (else the audit's end date)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


def _where(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{column_letters(col)}{row}"


def _finding(
    out: Fitsm6Claims,
    severity: str,
    code: str,
    sheet: str,
    row: int | None,
    col: int | None,
    value: Any,
    message: str,
    hint: str = "",
    column: str | None = None,
) -> None:
    cell = _where(sheet, row, col) if row and col else None
    out.findings.append(
        Finding(severity, code, sheet, cell, row, column, value, message, hint, out.path)
    )


def _grid(box: Container, reader: Any, part: SheetPart) -> Grid:
    """A sheet's non-blank cells as text: the fast reader, else the cell-by-cell one."""
    from fitsm_audit.workbook.xmlcells import read_slowly

    facts = box.facts(part)  # the size limits, checked before a reader inflates the sheet
    try:
        if isinstance(reader, BaseException) or facts.big_numbers:
            raise ValueError("not for the fast reader")
        sheet = reader.load_sheet(part.name, header_row=None, dtypes="string", skip_rows=0)
        columns, frame = (
            [c.absolute_index + 1 for c in sheet.available_columns()],
            sheet.to_polars(),
        )
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # noqa: BLE001 - includes the reader's Rust panics
        try:
            frame, columns = read_slowly(box, part)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:  # noqa: BLE001
            raise WorkbookError(
                box.path, f"sheet {part.name!r} cannot be read ({str(exc)[:160]})"
            ) from None
    grid: Grid = {}
    for r, values in enumerate(frame.iter_rows(), start=1):
        for col, value in zip(columns, values, strict=True):
            if value is not None and str(value).strip():
                grid[(r, col)] = str(value)
    return grid


def _open(
    path: str, layout: Fitsm6Layout, limits: Limits
) -> tuple[dict[str, str], dict[str, Grid]]:
    """Screen the file like every input (type, size, zip bombs, hostile XML), then read the sheets
    the import needs. Returns per layout sheet key the file's title of that sheet (matched case-
    and space-insensitively) and the grids read; WorkbookError when it holds none of them."""
    import fastexcel

    from fitsm_audit.workbook.ods import reader_source
    from fitsm_audit.workbook.xmlcells import open_reader

    with Container(path, limits) as box:
        parts = {normalise_header(p.name): p for p in box.sheets}
        found = {
            s.key: parts[normalise_header(s.name)]
            for s in layout.sheets
            if normalise_header(s.name) in parts
        }
        if not found:
            names = ", ".join(f'"{n}"' for n in layout.sheet_names())
            raise WorkbookError(
                path,
                f"not a FitSM-6 assessment: it has none of the sheets {names} (see docs/fitsm6.md)",
            )
        reader = open_reader(fastexcel.read_excel, reader_source(path, box.kind))
        grids = {
            key: _grid(box, reader, part)
            for key, part in found.items()
            if key in ("assessment", "audit")
        }
    return {key: part.name for key, part in found.items()}, grids


def _headers_ok(
    grid: Grid, spec: LayoutSheet, title: str, layout: Fitsm6Layout, out: Fitsm6Claims
) -> bool:
    """Each column the import reads must carry its header where the layout puts it."""
    row = layout.header_row
    texts = {c: normalise_header(v) for (r, c), v in grid.items() if r == row}
    ok = True
    for key in READ_COLUMNS:
        col = spec.column(key)
        if texts.get(col.number) == normalise_header(col.header):
            continue
        ok = False
        moved = [c for c, t in texts.items() if t == normalise_header(col.header)]
        hint = (
            f"{quote(col.header)} is in column {column_letters(moved[0])}; move it back to column {col.letter}"
            if moved
            else f"Put the header {quote(col.header)} in {col.letter}{row}"
        )
        got = grid.get((row, col.number))
        said = f"the header here is {quote(got)}" if got else "this header cell is blank"
        _finding(out, ERROR, "fitsm6-moved-column", title, row, col.number, got,
                 f"{said}, but the FitSM-6 layout has the {col.header} column here",
                 f"{hint} (the layout of docs/fitsm6.md)", col.header)  # fmt: skip
    return ok


def parse_score(text: str | None) -> int | None:
    """A capability score 0-4 from a cell's text ("3", "3.0"); None when blank; ValueError else."""
    if text is None or not text.strip():
        return None
    number = float(text.strip())
    if not number.is_integer() or not 0 <= number <= 4:
        raise ValueError(text)
    return int(number)


def _text(grid: Grid, row: int, col: int) -> str | None:
    value = grid.get((row, col))
    return value.strip() if value is not None and value.strip() else None


def _claims(
    grid: Grid, spec: LayoutSheet, title: str, layout: Fitsm6Layout, out: Fitsm6Claims
) -> None:
    """One claim per data row that names a requirement; a finding for each cell the import cannot take."""
    known = {r.id.lower(): r.id for r in load_catalogue(out.edition).requirements}
    cols = {k: spec.column(k).number for k in READ_COLUMNS}
    seen: dict[str, str] = {}
    last = max((r for r, _ in grid), default=0)
    for row in range(layout.first_data_row, last + 1):
        values = {k: _text(grid, row, c) for k, c in cols.items()}
        if not any(values.values()):
            continue
        out.rows += 1
        code, score = values["requirement"], values["score"]
        if code is None:
            _finding(out, ERROR, "fitsm6-no-requirement", title, row, cols["requirement"], None,
                     f"row {row} has a score, comment or evidence but no requirement code",
                     "Fill in the code (e.g. PR2.3) or clear the row")  # fmt: skip
            continue
        rid = known.get(code.lower())
        if rid is None:
            _finding(out, ERROR, "fitsm6-unknown-requirement", title, row, cols["requirement"], code,
                     f"{quote(code)} is not a requirement of FitSM-1 edition {out.edition}",
                     f"Use the codes that fitsm-audit requirements --edition {out.edition} lists")  # fmt: skip
            continue
        if rid in seen:
            _finding(out, ERROR, "fitsm6-duplicate-requirement", title, row, cols["requirement"], code,
                     f"{rid} is listed twice (first at {seen[rid]})", "Keep one row per requirement")  # fmt: skip
            continue
        seen[rid] = _where(title, row, cols["requirement"])
        try:
            level = parse_score(score)
        except ValueError:
            _finding(out, ERROR, "fitsm6-bad-score", title, row, cols["score"], score,
                     f"{quote(score)} is not a capability score", "Use a whole number 0-4, or leave it blank")  # fmt: skip
            continue
        out.claims.append(Claim(rid, level, values["comment"], values["evidence"], seen[rid]))


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _details(
    grid: Grid, spec: LayoutSheet, layout: Fitsm6Layout
) -> dict[str, tuple[str | None, int]]:
    """Audit detail key -> (its value, its row), found by the label in the label column."""
    labels = {normalise_header(d.label): d.key for d in layout.details}
    label_col, value_col = spec.column("label").number, spec.column("value").number
    out: dict[str, tuple[str | None, int]] = {}
    for (row, col), text in sorted(grid.items()):
        key = labels.get(normalise_header(text)) if col == label_col else None
        if key and key not in out:
            out[key] = (_text(grid, row, value_col), row)
    return out


def _edition(asked: str | None, stated: str | None, grid: Grid, spec: LayoutSheet) -> str:
    """--edition, else the edition the audit details state, else the edition that knows the codes."""
    if asked:
        return asked
    if stated and stated.strip().removesuffix(".0") in EDITIONS:
        return stated.strip().removesuffix(".0")
    col = spec.column("requirement").number
    codes = {v.strip().lower() for (_, c), v in grid.items() if c == col}
    known = {
        e: len(codes & {r.id.lower() for r in load_catalogue(e).requirements}) for e in EDITIONS
    }
    return max(EDITIONS, key=lambda e: (known[e], e == EDITIONS[0]))


def read_fitsm6(
    path: str, edition: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Fitsm6Claims:
    """The claims of a FitSM-6 file and the findings of its layout (errors: nothing may be imported)."""
    layout = load_layout()
    titles, grids = _open(path, layout, limits)
    spec = layout.sheet("assessment")
    details: dict[str, tuple[str | None, int]] = {}
    audit = layout.sheet("audit")
    if "audit" in titles:
        details = _details(grids["audit"], audit, layout)
    if "assessment" not in titles:
        out = Fitsm6Claims(path, edition or EDITIONS[0])
        _finding(out, ERROR, "fitsm6-missing-sheet", spec.name, None, None, None,
                 f"the sheet {quote(spec.name)} is missing: it holds the scores to import",
                 "Restore the sheet from the FitSM-6 file it came from")  # fmt: skip
        return out
    grid = grids["assessment"]
    out = Fitsm6Claims(path, _edition(edition, details.get("edition", (None, 0))[0], grid, spec))
    if "audit" not in titles:
        _finding(out, WARNING, "fitsm6-missing-sheet", audit.name, None, None, None,
                 f"the sheet {quote(audit.name)} is missing, so the imported rows keep their assessor and date",
                 "Give the date with --as-of")  # fmt: skip
    if _headers_ok(grid, spec, titles["assessment"], layout, out):
        _claims(grid, spec, titles["assessment"], layout, out)
    out.lead_auditor = details.get("lead_auditor", (None, 0))[0]
    for key in ("as_of", "end"):
        value, row = details.get(key, (None, 0))
        out.date = out.date or _date(value)
        if value and _date(value) is None:
            _finding(out, WARNING, "fitsm6-bad-date", titles["audit"], row, audit.column("value").number, value,
                     f"{quote(value)} is not a date", "Use the form 2026-11-30")  # fmt: skip
    return out
