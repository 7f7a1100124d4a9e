"""One CSV row through a ticket mapping: the register it goes to and its typed contract values.

A row the mapping cannot take (no ID, an ID the register does not accept, an unknown status or
priority, a date in none of the mapping's formats, no register for it, a required value missing)
gives ``Problem``s naming its CSV line and column, and no ``Ticket``: nothing of it is imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fitsm_audit.spec.contract import Column
from fitsm_audit.workbook.tickets_mapping import (
    YES_NO,
    Mapping,
    Register,
    contract_value,
    id_pattern,
    key,
)

YES_WORDS = {"yes", "y", "true", "1"}
NO_WORDS = {"no", "n", "false", "0"}
FIRST_YEAR, LAST_YEAR = 1900, 2199
MAX_SHOWN = 80  # characters of a value quoted in a problem


@dataclass(frozen=True)
class Problem:
    """Why a CSV cell (or row) could not be imported."""

    line: int | None
    column: str | None  # the CSV header
    value: str | None
    text: str

    def render(self, path: str) -> str:
        from fitsm_audit.core.findings import printable

        where = f"{path}:{self.line}" if self.line else path
        if self.column is None:
            return printable(f"{where} {self.text}")
        value = " ".join((self.value or "").split())  # one line per problem, whatever the cell holds
        value = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 3] + "..."
        cell = f' "{self.column}": "{value}"' if value else f' "{self.column}"'
        return printable(f"{where}{cell} {self.text}")


@dataclass(frozen=True)
class Ticket:
    """A row ready for its register: contract column -> text, date or number."""

    sheet: str
    id: str
    line: int
    values: dict[str, Any]


@lru_cache(maxsize=8192)  # exports repeat their dates; strptime is the slow part of a row
def parse_date(text: str, formats: tuple[str, ...]) -> dt.date | None:
    """The date of ``text`` in the first of ``formats`` that reads it, else ISO 8601 (None: none)."""
    for form in formats:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return parsed.date()


class RowMapper:
    """Maps the rows of one CSV export (its header given) through a mapping."""

    def __init__(self, mapping: Mapping, header: list[str]) -> None:
        self.mapping = mapping
        self.index: dict[str, int] = {}
        for i, name in enumerate(header):
            self.index.setdefault(key(name), i)
        self.route = self.index.get(key(mapping.route_column)) if mapping.route_column else None
        # per register: (contract column, CSV header, CSV index or None)
        self.fields = {
            name: [(reg.sheet.column(c), h, self.index.get(key(h))) for c, h in reg.columns.items()]
            for name, reg in mapping.registers.items()
        }

    def missing_columns(self) -> list[str]:
        """CSV columns the mapping names that the export does not have (route and IDs first)."""
        wanted = [self.mapping.route_column] if self.mapping.route_column else []
        wanted += [reg.columns["id"] for reg in self.mapping.registers.values()]
        wanted += [h for reg in self.mapping.registers.values() for h in reg.columns.values()]
        out: list[str] = []
        for header in wanted:
            if header and key(header) not in self.index and header not in out:
                out.append(header)
        return out

    def map(self, row: list[str], line: int) -> tuple[Ticket | None, list[Problem]]:
        if self.mapping.fixed is not None:
            target = self.mapping.fixed
        else:
            routed = _cell(row, self.route)
            found = self.mapping.target(routed) if routed else None
            if found is None:
                what = f"does not say which register the row goes to (the mapping {self.mapping.name} routes "
                return None, [Problem(line, self.mapping.route_column, routed,
                                      what + "by this column; add the value under route:)" if routed else what + "by this column, which is empty)")]  # fmt: skip
            target = found
        reg = self.mapping.registers[target.register]
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for col, header, index in self.fields[target.register]:
            raw = " ".join(_cell(row, index).split()) if col.type != "text" else _cell(row, index).strip()
            if not raw:
                raw = reg.defaults.get(col.name, "")
            if not raw:
                continue
            value, problem = self._value(col, reg, raw)
            if problem:
                problems.append(Problem(line, header, raw, problem))
            else:
                values[col.name] = value
        values.update(target.fixed)
        problems += _order(reg, values, line)
        failed = {key(p.column) for p in problems if p.column}
        problems += [p for p in _missing(reg, values, line) if not p.column or key(p.column) not in failed]
        if problems:
            return None, problems
        return Ticket(target.register, str(values["id"]), line, values), []

    def _value(self, col: Column, reg: Register, raw: str) -> tuple[Any, str | None]:
        """The typed value of ``raw`` for ``col``, or why there is none."""
        if col.type == "id":
            pattern = id_pattern(col)
            if pattern is not None and not pattern.fullmatch(raw):
                return None, f"is not an ID {reg.sheet.name} accepts (letters, an optional hyphen, digits: {col.example})"
            return raw, None
        if col.type in ("enum", "yesno"):
            return _choice(col, reg, raw)
        if col.type == "date":
            day = parse_date(raw, self.mapping.dates)
            if day is None:
                forms = ", ".join(self.mapping.dates) or "none"
                return None, f"is not a date in any of the mapping's formats ({forms}; or ISO 8601)"
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                return None, f"is a date in the year {day.year}, which cannot be right"
            return day, None
        if col.type in ("int", "number"):
            return _number(col, raw)
        return raw, None  # text, contact, email, ref, reflist: resolved when written


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _choice(col: Column, reg: Register, raw: str) -> tuple[Any, str | None]:
    table = reg.values.get(col.name, {})
    spelled = table.get(key(raw)) or contract_value(col, raw)
    if spelled is None and col.type == "yesno":
        spelled = "yes" if key(raw) in YES_WORDS else "no" if key(raw) in NO_WORDS else None
    if spelled is None:
        allowed = ", ".join(col.values or YES_NO)
        return None, (f"is not a {col.header.lower()} the mapping knows for {reg.sheet.name} "
                      f"(map it to one of {allowed} under values: {col.name})")  # fmt: skip
    return spelled, None


def _number(col: Column, raw: str) -> tuple[Any, str | None]:
    try:
        number = float(raw.replace(",", ".")) if raw.count(",") == 1 and "." not in raw else float(raw)
    except ValueError:
        return None, "is not a number"
    if number != number or number in (float("inf"), float("-inf")):
        return None, "is not a number"
    if col.type == "int":
        if number != int(number):
            return None, "is not a whole number"
        number = int(number)
    if (col.min is not None and number < col.min) or (col.max is not None and number > col.max):
        return None, f"is outside {col.min:g} to {col.max:g}" if col.max is not None else f"is below {col.min:g}"
    return number, None


def _order(reg: Register, values: dict[str, Any], line: int) -> list[Problem]:
    """Dates in the wrong order (resolved before opened ...), as the contract orders them."""
    out: list[Problem] = []
    for first, then in reg.sheet.order:
        if first in values and then in values and values[then] < values[first]:
            header = reg.columns.get(then, reg.sheet.column(then).header)
            before = reg.columns.get(first, reg.sheet.column(first).header)
            out.append(Problem(line, header, values[then].isoformat(), f'is before "{before}" ({values[first].isoformat()})'))
    return out


def _missing(reg: Register, values: dict[str, Any], line: int) -> list[Problem]:
    out: list[Problem] = []
    for col in reg.sheet.columns:
        if col.required and col.name not in values:
            header = reg.columns.get(col.name)
            if header:
                out.append(Problem(line, header, None, f"is empty; {reg.sheet.name} needs {col.header} on every row"))
            else:
                out.append(Problem(line, None, None, f"has no {col.header}, which {reg.sheet.name} needs on every row "
                                                     "(the mapping fills it from no column: add it under columns: or defaults:)"))  # fmt: skip
    return out
