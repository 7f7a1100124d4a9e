"""Reading a ticketing tool's CSV export row by row: UTF-8 (with or without BOM), comma,
semicolon or tab delimited (sniffed from the header line), quoted fields with line breaks.

Rows come one at a time with the CSV line they start on, so an export of any length is read in
constant memory. A file that is not CSV text (a workbook, a PDF, binary data, another encoding)
is a ``WorkbookError``: one line, exit 2.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from fitsm_audit.core.errors import WorkbookError

DELIMITERS = (",", ";", "\t")
FIELD_LIMIT = 1_000_000  # characters in one field (csv's default is 131072)
NOT_CSV = ("empty", "zip", "ole", "pdf", "html", "xml", "xml-spreadsheet", "excel-lock", "libreoffice-lock", "binary")


def screen(path: str) -> None:
    """Refuse what is not a text export, from the first bytes (before the csv module sees it)."""
    from fitsm_audit.core.filekind import identify

    try:
        kind = identify(path)
    except IsADirectoryError:
        raise WorkbookError(path, "is a folder, not a CSV export") from None
    except FileNotFoundError:
        raise WorkbookError(path, "no such file") from None
    except OSError as exc:
        raise WorkbookError(path, f"cannot be read ({exc.strerror or exc})") from None
    if kind.key in NOT_CSV:
        hint = "; export the tickets as CSV" if kind.key != "empty" else ""
        raise WorkbookError(path, f"is {kind.label}, not a CSV export{hint}")
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if b"\x00" in head:
        raise WorkbookError(path, "holds NUL bytes: a binary file or UTF-16 text, not a UTF-8 CSV export")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(head) < 65536 or exc.start < len(head) - 4:  # not merely a character cut at the end
            raise WorkbookError(path, "is not UTF-8 text; export the CSV as UTF-8") from None


def delimiter_of(header_line: str) -> str:
    """The delimiter the header line uses most (outside quotes); comma when it names one column."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class Export:
    """An open CSV export: its header and its rows with their starting line numbers."""

    def __init__(self, path: str) -> None:
        screen(path)
        self.path = path
        self._fh: IO[str] = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by close()
        try:
            first = self._fh.readline()
        except UnicodeDecodeError:
            self._fh.close()
            raise WorkbookError(path, "is not UTF-8 text; export the CSV as UTF-8") from None
        self._fh.seek(0)
        if first.startswith("\ufeff"):
            first = first[1:]
        self.delimiter = delimiter_of(first)
        csv.field_size_limit(FIELD_LIMIT)
        self._reader = csv.reader(self._fh, delimiter=self.delimiter, strict=False)
        self.header: list[str] = []
        self.header_line = 0
        for line, row in self._records():
            if any(cell.strip() for cell in row):
                self.header, self.header_line = [c.strip() for c in row], line
                break
        if not self.header:
            self._fh.close()
            raise WorkbookError(path, "holds no header row; is it an export?")

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        start = self._reader.line_num + 1
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise WorkbookError(self.path, f"line {start}: not readable as CSV ({exc})") from None
            except UnicodeDecodeError:
                raise WorkbookError(self.path, f"near line {start}: not UTF-8 text; export the CSV as UTF-8") from None
            yield start, row
            start = self._reader.line_num + 1

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The data rows after the header (blank rows skipped), with the line each starts on."""
        for line, row in self._records():
            if any(cell.strip() for cell in row):
                yield line, row

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

