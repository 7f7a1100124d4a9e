"""The FitSM-6 exchange layout: which sheet, row and column holds what, as typed objects.

The data is the ``fitsm6:`` block of ``data/contract.yaml``; ``assess --format fitsm6`` writes it
and ``import-fitsm6`` reads it back (docs/fitsm6.md). Code names columns by key (``score``,
``evidence``), never by letter, so moving a column is a change to the data alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fitsm_audit.core.resources import read_yaml

# the keys the writer and the importer rely on, per sheet
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "scope": ("process", "certification_goal", "custom_goal", "scope"),
    "assessment": (
        "goal",
        "process",
        "abbreviation",
        "requirement",
        "text",
        "level_0",
        "level_1",
        "level_2",
        "level_3",
        "level_4",
        "score",
        "comment",
        "evidence",
    ),  # fmt: skip
    "conclusions": ("process", "capability", "target", "met"),
    "audit": ("label", "value"),
}
DETAIL_KEYS = ("auditee", "lead_auditor", "scope", "start", "end", "as_of", "edition", "tool")
_LETTERS = re.compile(r"^[A-Z]{1,2}$")


def column_number(letters: str) -> int:
    """1-based column number of column letters (``A`` -> 1, ``N`` -> 14)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


@dataclass(frozen=True)
class LayoutColumn:
    key: str
    letter: str
    header: str
    width: float

    @property
    def number(self) -> int:
        return column_number(self.letter)


@dataclass(frozen=True)
class LayoutSheet:
    key: str
    name: str
    title: str
    columns: tuple[LayoutColumn, ...]

    def column(self, key: str) -> LayoutColumn:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name} has no column {key!r}")


@dataclass(frozen=True)
class Detail:
    """One row of the audit details sheet: what it holds (key) and its label in column B."""

    key: str
    label: str


@dataclass(frozen=True)
class Fitsm6Layout:
    title_row: int
    subtitle_row: int
    header_row: int
    abbreviations: dict[str, str]  # GR1 -> TMC (the processes' codes come from the contract)
    scope_values: dict[str, str]  # in / out -> the cell text
    met_values: dict[str, str]  # yes / no -> the cell text
    sheets: tuple[LayoutSheet, ...]
    details: tuple[Detail, ...]

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def sheet(self, key: str) -> LayoutSheet:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def detail_row(self, key: str) -> int:
        """The row of an audit detail (the details run down from the first data row)."""
        for i, d in enumerate(self.details):
            if d.key == key:
                return self.first_data_row + i
        raise KeyError(key)

    def detail_label(self, key: str) -> str:
        return next(d.label for d in self.details if d.key == key)


def _sheet(raw: dict[str, Any]) -> LayoutSheet:
    key = str(raw["key"])
    columns = tuple(
        LayoutColumn(str(c["key"]), str(c["column"]), str(c["header"]), float(c.get("width", 12)))
        for c in raw["columns"]
    )
    letters = [c.letter for c in columns]
    bad = [x for x in letters if not _LETTERS.match(x)]
    if bad or len(set(letters)) != len(letters):
        raise ValueError(f"fitsm6 sheet {key!r}: column letters must be unique A-ZZ, got {letters}")
    missing = [k for k in REQUIRED_KEYS.get(key, ()) if k not in {c.key for c in columns}]
    if missing:
        raise ValueError(f"fitsm6 sheet {key!r} lacks the columns {', '.join(missing)}")
    return LayoutSheet(key, str(raw["name"]), str(raw.get("title") or raw["name"]), columns)


def parse_layout(data: dict[str, Any]) -> Fitsm6Layout:
    """The layout from its YAML data; ValueError when a sheet, column or detail the code needs is missing."""
    sheets = tuple(_sheet(s) for s in data["sheets"])
    missing = [k for k in REQUIRED_KEYS if k not in {s.key for s in sheets}]
    details = tuple(Detail(str(d["key"]), str(d["label"])) for d in data["details"])
    missing += [k for k in DETAIL_KEYS if k not in {d.key for d in details}]
    if missing:
        raise ValueError(f"the fitsm6 layout lacks {', '.join(missing)}")
    rows = int(data["title_row"]), int(data["subtitle_row"]), int(data["header_row"])
    if not rows[0] < rows[2] or not rows[1] < rows[2]:
        raise ValueError("the fitsm6 title rows must come before the header row")
    return Fitsm6Layout(
        title_row=rows[0],
        subtitle_row=rows[1],
        header_row=rows[2],
        abbreviations={str(k): str(v) for k, v in data["abbreviations"].items()},
        scope_values={str(k): str(v) for k, v in data["scope_values"].items()},
        met_values={str(k): str(v) for k, v in data["met_values"].items()},
        sheets=sheets,
        details=details,
    )


def process_label(group_id: str, title: str) -> str:
    """A process as the layout names it: ``GR1: Top Management Commitment & Responsibility``."""
    return f"{group_id}: {title}" if title else group_id


def abbreviation(group_id: str) -> str:
    """A group's abbreviation: the layout's for GR1-GR7, the contract's process code for PR1-PR14."""
    from fitsm_audit.spec.contract import load_contract

    own = load_layout().abbreviations.get(group_id)
    if own:
        return own
    codes = {p.id: p.code for p in load_contract().processes}
    return codes.get(group_id, group_id)


@lru_cache(maxsize=1)
def load_layout() -> Fitsm6Layout:
    """The packaged FitSM-6 layout (the ``fitsm6:`` block of the contract)."""
    return parse_layout(read_yaml("contract.yaml")["fitsm6"])
