"""The SMS model: clean, typed records built from validated sheets.

Every later stage (assess, report) reads a :class:`Dataset`. Values are normalised by the
column's contract type: text/id/ref/contact/email -> ``str``; enum -> the contract's spelling;
process -> ``PR1`` ... ``PR14`` (or ``SMS``); yesno -> ``bool``; date -> ``datetime.date``;
int/level -> ``int``; number -> ``float``; reflist -> ``list[str]``. Blank and invalid cells
(reported by ``check``) are ``None`` (``[]`` for reflist).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Record:
    """One data row of a register sheet."""

    sheet: str
    row: int  # the Excel row number
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    @property
    def id(self) -> str | None:
        """The row's identifier (``id`` column, or None)."""
        value = self.values.get("id")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's cells are in its file: its own title and each contract column's letter."""

    title: str
    columns: dict[str, str]  # contract column name -> column letters in the file
    field_rows: dict[str, int] = field(default_factory=dict)  # Organisation: field -> Excel row

    def cell(self, column: str, row: int) -> str | None:
        letters = self.columns.get(column)
        return f"{self.title}!{letters}{row}" if letters else None


@dataclass
class Dataset:
    """All sheets of one SMS, merged from one or more workbooks."""

    tables: dict[str, list[Record]] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # sheet -> file it came from
    layouts: dict[str, SheetLayout] = field(default_factory=dict)  # sheet -> its cells' places
    # sheets whose every value has its column's clean Python type, proven by the typed frame
    # they were built from (workbook.clean); the assessment's type guard skips them
    typed: set[str] = field(default_factory=set)

    def cell(self, sheet: str, column: str, row: int) -> str | None:
        """The address of a cell as users read it (``Services!E7``); None when not known."""
        layout = self.layouts.get(sheet)
        return layout.cell(column, row) if layout else None

    def field_cell(self, name: str) -> str | None:
        """The value cell of an Organisation field (``Organisation!B5``); None when not given."""
        layout = self.layouts.get("Organisation")
        row = layout.field_rows.get(name) if layout else None
        return layout.cell("value", row) if layout and row else None

    def has(self, sheet: str) -> bool:
        """Whether the sheet was provided (it may still have no rows)."""
        return sheet in self.tables or (sheet == "Organisation" and "Organisation" in self.sources)

    def rows(self, sheet: str) -> list[Record]:
        """The sheet's records; an empty list when the sheet is absent."""
        return self.tables.get(sheet, [])

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def by_key(self, sheet: str, key: str = "id") -> dict[str, Record]:
        """Records indexed by the lower-cased value of ``key`` (first row wins on duplicates)."""
        out: dict[str, Record] = {}
        for rec in self.rows(sheet):
            value = rec.values.get(key)
            if isinstance(value, str) and value.lower() not in out:
                out[value.lower()] = rec
        return out

    def field(self, name: str, default: Any = None) -> Any:
        """A value of the Organisation field/value sheet."""
        value = self.fields.get(name)
        return default if value is None else value
