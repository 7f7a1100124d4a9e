"""OpenDocument spreadsheets (.ods): the screening and the few facts the fast reader cannot see.

The fast reader (calamine) parses every sheet of ``content.xml`` at once and expands repeated
rows and columns, so whatever it would allocate is counted here first, in one streamed pass with
the expat parser (no tree is built; a DTD or an entity declaration is refused): the rows and
columns up to the last non-empty cell of each sheet, honouring ``table:number-rows-repeated``
and ``table:number-columns-repeated`` (the empty rows LibreOffice repeats to the sheet's end are
not data and do not count). The same pass gives the sheet list, merged ranges
(``table:number-columns-spanned`` / ``table:number-rows-spanned``) and formulas without a saved
value at the positions Excel gives the same cells (repeated and covered cells take their
columns), and, when the fast reader fails, the cells of one sheet as text.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.parsers import expat

from fitsm_audit.core.errors import WorkbookError

if TYPE_CHECKING:
    import polars as pl

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OTHER_KINDS = {  # what the mimetype of another OpenDocument file names
    b"application/vnd.oasis.opendocument.text": "an OpenDocument text document (.odt)",
    b"application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp)",
    b"application/vnd.oasis.opendocument.graphics": "an OpenDocument drawing (.odg)",
}
CONTENT = "content.xml"
MANIFEST = "META-INF/manifest.xml"
MAX_RANGES = 200_000  # merged ranges, or formulas without a value, on one sheet
_CHUNK = 1024 * 1024
_MANIFEST_BYTES = 4 * 1024 * 1024
_VALUES = (
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
)
_CELLS = ("table:table-cell", "table:covered-table-cell")
_READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error)


def mimetype(zf: zipfile.ZipFile) -> bytes | None:
    """The ``mimetype`` member of an OpenDocument file (None when there is none, or it is odd)."""
    try:
        if zf.getinfo("mimetype").file_size > 200:
            return None
        return zf.read("mimetype").strip()
    except (KeyError, *_READ_ERRORS):
        return None


def is_spreadsheet(kind: bytes | None) -> bool:
    """Whether a mimetype names an OpenDocument spreadsheet (or spreadsheet template)."""
    return kind is not None and kind.startswith(MIMETYPE)


def screen(path: str, zf: zipfile.ZipFile) -> None:
    """Refuse an encrypted (password-protected) spreadsheet, one with Basic macros, one without content."""
    names = zf.namelist()
    if MANIFEST in names:
        try:
            with zf.open(MANIFEST) as fh:
                manifest = fh.read(_MANIFEST_BYTES)
        except _READ_ERRORS as exc:
            raise WorkbookError(
                path, f"the spreadsheet is damaged: {MANIFEST} cannot be read ({exc})"
            ) from None
        if b"encryption-data" in manifest:
            raise WorkbookError(
                path,
                "the spreadsheet is password-protected (encrypted); save an unprotected copy and use that",
            )
    if any(_is_macro(n) for n in names):
        raise WorkbookError(
            path,
            "the spreadsheet contains macros (LibreOffice Basic); save a copy without macros and use that",
        )
    if CONTENT not in names:
        raise WorkbookError(path, f"the spreadsheet is damaged: it has no {CONTENT}")


def _is_macro(name: str) -> bool:
    """A Basic module (``Basic/Standard/Module1.xml``), not just the library lists LibreOffice writes."""
    parts = name.split("/")
    return (
        len(parts) == 3
        and parts[0] == "Basic"
        and parts[2].endswith(".xml")
        and parts[2] != "script-lb.xml"
    )


def unparsed(name: str) -> bool:
    """Parts nothing parses: Basic and dialog libraries (which carry a DOCTYPE by design)."""
    return name.startswith(("Basic/", "Dialogs/"))


@dataclass
class OdsSheet:
    """One sheet as the scan saw it: its extent up to the last non-empty cell, and its facts."""

    name: str
    style: str
    rows: int = 0  # the last non-empty row (1-based), 0 when the sheet is empty
    cols: int = 0  # the last non-empty column (1-based)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)  # (row, col)
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # only of the sheet collected


@dataclass
class _Cell:
    attrs: dict[str, str]
    repeat: int
    content: bool = False  # holds a paragraph or text (a comment does not count)
    has_text: bool = False
    text: list[str] = field(default_factory=list)  # only while collecting
    paragraphs: int = 0
    depth: int = 1  # element depth inside the cell
    note_depth: int = 0  # depth of the office:annotation (a comment) we are in, if any


def _count(raw: str | None) -> int:
    """A repeat or span count; ValueError when it is not a whole number."""
    if raw is None:
        return 1
    raw = raw.strip()
    if not raw.isdigit():
        raise ValueError(f"{raw[:20]!r} is not a count")
    return max(int(raw) if len(raw) <= 13 else 10**13, 1)


class Scan:
    """The expat handlers of one pass over content.xml (see the module doc)."""

    def __init__(
        self, path: str, max_rows: int, max_cells: int, collect: str | None = None
    ) -> None:
        self.path, self.max_rows, self.max_cells, self.collect = path, max_rows, max_cells, collect
        self.sheets: list[OdsSheet] = []
        self.hidden: set[str] = set()  # table styles that hide their sheet
        self.total = 0
        self._style = ""
        self._sheet: OdsSheet | None = None
        self._collecting = False
        self._depth = 0  # table:table elements open
        self._row: tuple[int, int] | None = None  # (first row, repeat) of the open row
        self._next_row = 1
        self._col = 0  # columns taken so far in the open row
        self._row_cols = 0  # the last non-empty column of the open row
        self._pending: list[tuple[str, int, int, int, str]] = []  # kind, col, cols, rows, text
        self._cell: _Cell | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self._cell is not None:
            self._cell_child(self._cell, name, attrs)
        elif name == "table:table":
            self._depth += 1
            if self._depth == 1 and "table:name" in attrs:
                self._sheet = OdsSheet(attrs["table:name"], attrs.get("table:style-name", ""))
                self._collecting = self._sheet.name == self.collect
                self._next_row = 1
        elif self._sheet is None or self._depth != 1:
            if name == "style:style":
                self._style = attrs.get("style:name", "")
            elif name == "style:table-properties" and attrs.get("table:display") == "false":
                self.hidden.add(self._style)
        elif name == "table:table-row":
            self._row = (self._next_row, self._checked(attrs, "table:number-rows-repeated"))
            self._col = self._row_cols = 0
            self._pending = []
        elif name in _CELLS and self._row is not None:
            self._cell = _Cell(attrs, self._checked(attrs, "table:number-columns-repeated"))

    def end(self, name: str) -> None:
        cell = self._cell
        if cell is not None:
            cell.depth -= 1
            if cell.depth < cell.note_depth:
                cell.note_depth = 0
            if cell.depth == 0:
                self._cell = None
                self._end_cell(cell)
        elif name == "table:table":
            self._depth -= 1
            if self._depth == 0 and self._sheet is not None:
                self._end_sheet(self._sheet)
                self._sheet = None
        elif (
            name == "table:table-row"
            and self._row is not None
            and self._sheet is not None
            and self._depth == 1
        ):
            self._end_row(self._sheet, *self._row)
            self._row = None

    def chars(self, data: str) -> None:
        cell = self._cell
        if cell is not None and cell.depth > 1 and not cell.note_depth:
            cell.content = True
            cell.has_text = cell.has_text or not data.isspace()
            if self._collecting:
                cell.text.append(data)

    def _checked(self, attrs: dict[str, str], name: str) -> int:
        try:
            return _count(attrs.get(name))
        except ValueError as exc:
            where = f"sheet {self._sheet.name!r}" if self._sheet else CONTENT
            raise WorkbookError(self.path, f"{where} is damaged ({name}={exc})") from None

    def _cell_child(self, cell: _Cell, name: str, attrs: dict[str, str]) -> None:
        cell.depth += 1
        if cell.note_depth:
            return
        if name == "office:annotation":
            cell.note_depth = cell.depth
            return
        cell.content = True
        if not self._collecting:
            return
        if name == "text:p" and cell.depth == 2:
            cell.text.append("\n" if cell.paragraphs else "")
            cell.paragraphs += 1
        elif name == "text:s":
            cell.text.append(" " * min(self._checked(attrs, "text:c"), 10_000))
        elif name in ("text:tab", "text:line-break"):
            cell.text.append("\t" if name == "text:tab" else "\n")

    def _end_cell(self, cell: _Cell) -> None:
        attrs = cell.attrs
        valued = any(k in attrs for k in _VALUES)
        formula = "table:formula" in attrs
        string = attrs.get("office:value-type") == "string"
        if valued or formula or string or cell.content:
            col = self._col + 1
            self._row_cols = self._col + cell.repeat
            spans = (
                self._checked(attrs, "table:number-columns-spanned"),
                self._checked(attrs, "table:number-rows-spanned"),
            )
            if spans != (1, 1):
                self._pending.append(("merge", col, *spans, ""))
            if formula and not valued and not (string and cell.has_text):
                self._pending.append(("formula", col, cell.repeat, 1, ""))
            if self._collecting:
                self._pending.append(("value", col, cell.repeat, 1, _value(attrs, cell)))
        self._col += cell.repeat

    def _end_row(self, sheet: OdsSheet, first: int, repeat: int) -> None:
        self._next_row = first + repeat
        if not self._row_cols:
            return  # an empty row (or the empty rows to the sheet's end): not data
        sheet.rows = first + repeat - 1
        sheet.cols = max(sheet.cols, self._row_cols)
        self._check(sheet)
        rows = range(first, first + repeat)
        for kind, col, cols, down, text in self._pending:
            if kind == "value":
                if text:
                    sheet.cells.update({(r, c): text for r in rows for c in range(col, col + cols)})
                continue
            found: list = sheet.merged if kind == "merge" else sheet.formulas_without_value
            if len(found) + repeat * (cols if kind == "formula" else 1) > MAX_RANGES:
                what = "merged ranges" if kind == "merge" else "formulas without a saved value"
                raise WorkbookError(
                    self.path, f"sheet {sheet.name!r} has more than {MAX_RANGES:,} {what}: refused"
                )
            if kind == "merge":
                sheet.merged += [(r, col, r + down - 1, col + cols - 1) for r in rows]
            else:
                sheet.formulas_without_value += [
                    (r, c) for r in rows for c in range(col, col + cols)
                ]

    def _check(self, sheet: OdsSheet) -> None:
        if sheet.rows > self.max_rows:
            raise WorkbookError(
                self.path,
                f"sheet {sheet.name!r} has {sheet.rows:,} rows, more than the limit of {self.max_rows:,} (raise it with --max-rows)",
            )
        if sheet.rows * sheet.cols > self.max_cells:
            raise WorkbookError(
                self.path,
                f"sheet {sheet.name!r} spans {sheet.rows:,} x {sheet.cols:,} cells, more than the limit of "
                f"{self.max_cells:,} (raise it with --max-cells)",
            )

    def _end_sheet(self, sheet: OdsSheet) -> None:
        self.total += sheet.rows * sheet.cols
        if self.total > self.max_cells:
            raise WorkbookError(
                self.path,
                f"the sheets span {self.total:,} cells together, more than the limit of {self.max_cells:,} "
                "(raise it with --max-cells)",
            )
        # only the first column of a range is filled down, so that is what the limit counts
        area = sum(max(min(r2, sheet.rows) - r1 + 1, 0) for r1, _c1, r2, _c2 in sheet.merged)
        if area > self.max_cells:
            raise WorkbookError(
                self.path,
                f"sheet {sheet.name!r} has merged ranges covering {area:,} cells, more than the limit of "
                f"{self.max_cells:,} (raise it with --max-cells)",
            )
        self.sheets.append(sheet)


def _value(attrs: dict[str, str], cell: _Cell) -> str:
    """A cell's value as text, as near as may be to the fast reader's."""
    kind = attrs.get("office:value-type", "")
    if kind == "boolean" or "office:boolean-value" in attrs:
        return "true" if attrs.get("office:boolean-value", "").lower() == "true" else "false"
    for key in ("office:date-value", "office:time-value", "office:string-value"):
        if key in attrs:
            return attrs[key]
    if "office:value" in attrs:
        raw = attrs["office:value"].strip()
        try:
            number = float(raw)
        except ValueError:
            return raw
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    return "".join(cell.text) if kind in ("", "string") else ""


def scan(
    path: str, zf: zipfile.ZipFile, max_rows: int, max_cells: int, collect: str | None = None
) -> Scan:
    """One streamed pass over content.xml; WorkbookError when it breaks a limit or is not well-formed."""
    scanner = Scan(path, max_rows, max_cells, collect)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.CharacterDataHandler = scanner.chars

    def refuse(*_args: object) -> None:
        raise WorkbookError(path, f"{CONTENT} declares a DTD or XML entities: refused as hostile")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        with zf.open(CONTENT) as fh:
            while chunk := fh.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise WorkbookError(
            path, f"the spreadsheet is damaged: {CONTENT} is not well-formed XML ({exc})"
        ) from None
    except _READ_ERRORS as exc:
        raise WorkbookError(
            path, f"the spreadsheet is damaged: {CONTENT} cannot be read ({exc})"
        ) from None
    return scanner


def reader_source(path: str, kind: str) -> str | bytes:
    """What to give the fast reader: it picks the format by the file's suffix, so a spreadsheet
    whose suffix names another format is given as bytes (which it recognises by content)."""
    if kind == "ods" and not path.lower().endswith((".ods", ".ots")):
        with open(path, "rb") as fh:
            return fh.read()
    return path


def read_sheet(
    path: str, name: str, max_rows: int, max_cells: int
) -> tuple[pl.DataFrame, list[int]]:
    """All cells of the sheet ``name`` as a text frame starting at A1, and its column numbers
    (the slow reader, for when the fast one fails)."""
    import polars as pl

    with zipfile.ZipFile(path) as zf:
        found = [
            s for s in scan(path, zf, max_rows, max_cells, collect=name).sheets if s.name == name
        ]
    cells = found[-1].cells if found else {}
    height = max((r for r, _ in cells), default=0)
    width = max((c for _, c in cells), default=0)
    columns = {
        f"c{j}": [cells.get((i, j)) for i in range(1, height + 1)] for j in range(1, width + 1)
    }
    return pl.DataFrame(columns, schema={k: pl.String for k in columns}), list(range(1, width + 1))
