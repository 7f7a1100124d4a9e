"""The workbook contract: every sheet and column of the standard FitSM workbooks, as typed objects.

The data lives in ``data/contract.yaml``; templates, validation, the column reference and the
assessment all read it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fitsm_audit.core.resources import read_yaml

COLUMN_TYPES = (
    "id",
    "text",
    "enum",
    "yesno",
    "date",
    "int",
    "number",
    "level",
    "process",
    "ref",
    "reflist",
    "contact",
    "email",
)

# columns a blank template fills in itself (Assessment: one row per requirement; Processes: PR1-PR14);
# a copy of these sheets holds data of its own only where other columns are filled
PREFILLED_COLUMNS: dict[str, tuple[str, ...]] = {"Assessment": ("requirement", "text"), "Processes": ("process", "name")}

# what happens to a column the contract does not know; the Instructions sheet, the column reference
# and check's unknown-column warning all say this
EXTRA_COLUMNS = (
    "Extra columns of your own may be added on the right: check warns about each one and ignores its values."
)

_ACRONYMS = {"id": "ID", "sla": "SLA", "kpi": "KPI", "sdtp": "SDTP", "sms": "SMS"}


def header_for(name: str) -> str:
    """The display header of a snake_case column name: ``sla_kind`` -> ``SLA kind``."""
    words = [_ACRONYMS.get(w, w) for w in name.split("_")]
    first = words[0]
    words[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(words)


def normalise_header(text: str) -> str:
    """Key used to match headers: case-, space- and underscore-insensitive."""
    return re.sub(r"[\s_]+", " ", str(text).replace("*", "")).strip().lower()


@dataclass(frozen=True)
class Column:
    """One column of a register sheet (or one field of a field/value sheet)."""

    name: str
    type: str
    help: str
    required: bool = False
    unique: bool = False
    values: tuple[str, ...] = ()
    pattern: str | None = None
    example: str | None = None
    refs: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    allow: tuple[str, ...] = ()
    header: str = ""
    since: int = 1  # the contract version that added the column: workbooks made before may lack it

    @property
    def is_key(self) -> bool:
        return self.type == "id"

    def allowed_text(self) -> str:
        """The allowed values as a user-facing list."""
        return ", ".join(self.values)


@dataclass(frozen=True)
class ReviewRule:
    """A review-interval rule: rows whose review is overdue against --as-of get a warning."""

    kind: str  # "interval" (last date + interval months) or "next" (next review date)
    what: str
    last: str | None = None
    base: str | None = None
    interval: str | None = None
    interval_field: str | None = None
    due: str | None = None
    when: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    name: str
    workbook: str
    help: str
    kind: str = "register"  # "register" or "fields"
    columns: tuple[Column, ...] = ()
    fields: tuple[Column, ...] = ()
    key: str | None = None
    review: tuple[ReviewRule, ...] = ()
    order: tuple[tuple[str, str], ...] = ()
    since: int = 1  # the contract version that added the sheet: workbooks made before may lack it

    @property
    def key_column(self) -> str | None:
        """The column that identifies a row (an ``id`` column, or the declared key)."""
        if self.key:
            return self.key
        for col in self.columns:
            if col.type == "id":
                return col.name
        return None

    def column(self, name: str) -> Column:
        for col in self.columns or self.fields:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class Workbook:
    id: str
    title: str
    help: str


@dataclass(frozen=True)
class Process:
    id: str
    code: str
    name: str


@dataclass(frozen=True)
class Contract:
    version: int
    processes: tuple[Process, ...]
    workbooks: tuple[Workbook, ...]
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheets_of(self, workbook: str) -> list[Sheet]:
        return [s for s in self.sheets if s.workbook == workbook]

    def workbook(self, wb_id: str) -> Workbook:
        for w in self.workbooks:
            if w.id == wb_id:
                return w
        raise KeyError(wb_id)

    def process_aliases(self) -> dict[str, str]:
        """Map lower-cased process IDs, codes and names to the process ID (PR1 ... PR14)."""
        out: dict[str, str] = {}
        for p in self.processes:
            for alias in (p.id, p.code, p.name):
                out[alias.lower()] = p.id
        return out


def _column(raw: dict[str, Any]) -> Column:
    ctype = raw["type"]
    if ctype not in COLUMN_TYPES:
        raise ValueError(f"unknown column type {ctype!r} for {raw['name']}")
    return Column(
        name=raw["name"],
        type=ctype,
        help=raw["help"],
        required=bool(raw.get("required", ctype == "id")),
        unique=bool(raw.get("unique", ctype == "id")),
        values=tuple(str(v) for v in raw.get("values", ())),
        pattern=raw.get("pattern"),
        example=raw.get("example"),
        refs=tuple(raw.get("refs", ())),
        min=raw.get("min"),
        max=raw.get("max"),
        allow=tuple(raw.get("allow", ())),
        header=raw.get("header") or header_for(raw["name"]),
        since=int(raw.get("since", 1)),
    )


def _review(raw: dict[str, Any]) -> ReviewRule:
    when = {k: tuple(str(x) for x in v) for k, v in (raw.get("when") or {}).items()}
    return ReviewRule(
        kind=raw["kind"],
        what=raw["what"],
        last=raw.get("last"),
        base=raw.get("base"),
        interval=raw.get("interval"),
        interval_field=raw.get("interval_field"),
        due=raw.get("due"),
        when=when,
    )


def parse_contract(data: dict[str, Any]) -> Contract:
    """Build a Contract from its YAML data."""
    sheets = []
    for raw in data["sheets"]:
        sheets.append(
            Sheet(
                name=raw["name"],
                workbook=raw["workbook"],
                help=raw["help"],
                kind=raw.get("kind", "register"),
                columns=tuple(_column(c) for c in raw.get("columns", ())),
                fields=tuple(_column(c) for c in raw.get("fields", ())),
                key=raw.get("key"),
                review=tuple(_review(r) for r in raw.get("review", ())),
                order=tuple((o["first"], o["then"]) for o in raw.get("order", ())),
                since=int(raw.get("since", 1)),
            )
        )
    return Contract(
        version=int(data["version"]),
        processes=tuple(Process(**p) for p in data["processes"]),
        workbooks=tuple(Workbook(**w) for w in data["workbooks"]),
        sheets=tuple(sheets),
    )


@lru_cache(maxsize=1)
def load_contract() -> Contract:
    """The packaged workbook contract."""
    return parse_contract(read_yaml("contract.yaml"))
