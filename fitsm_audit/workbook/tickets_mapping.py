"""Ticket mappings: how a ticketing tool's CSV export maps onto the operations registers.

A mapping is YAML (docs/import-tickets.md): which register a row goes to (one fixed register, or
by the value or the ID prefix in one column), which CSV column fills which contract column of
each register, value maps for enum and yes/no columns, and the date formats to try. The shipped
mappings (``jira``, ``servicenow``) live in ``fitsm_audit/data/ticket_mappings``. Every mistake
in a mapping is one ``MappingError`` naming the mapping and the key at fault.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from fitsm_audit.core.errors import FitsmAuditError
from fitsm_audit.spec.contract import Column, Sheet, load_contract

SHIPPED_DIR = "ticket_mappings"
TOP_KEYS = {"format", "name", "route", "register", "dates", "values", "registers"}
REGISTER_KEYS = {"columns", "values", "defaults"}
MAPPED_TYPES = ("id", "text", "enum", "yesno", "date", "int", "number", "ref", "reflist", "contact", "email")
YES_NO = ("yes", "no")


class MappingError(FitsmAuditError):
    """A ticket mapping that cannot be used (one line, exit 2)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"mapping {source}: {problem}")


def key(text: Any) -> str:
    """How CSV headers and values are matched: case- and whitespace-insensitive."""
    return " ".join(str(text).split()).lower()


@dataclass(frozen=True)
class Target:
    """Where a routed row goes: its register and contract values the route fixes."""

    register: str
    fixed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Register:
    """One register a mapping fills: contract column -> CSV header, value maps and defaults."""

    sheet: Sheet
    columns: dict[str, str]
    values: dict[str, dict[str, str]]
    defaults: dict[str, str]


@dataclass(frozen=True)
class Mapping:
    name: str
    source: str
    registers: dict[str, Register]
    dates: tuple[str, ...]
    route_column: str | None = None
    route_values: dict[str, Target] = field(default_factory=dict)
    route_prefixes: tuple[tuple[str, Target], ...] = ()  # longest prefix first
    fixed: Target | None = None

    def target(self, value: str) -> Target | None:
        """The register of a row whose route column holds ``value`` (None: not determinable)."""
        if self.fixed is not None:
            return self.fixed
        found = self.route_values.get(key(value))
        if found is not None:
            return found
        upper = value.strip().upper()
        for prefix, target in self.route_prefixes:
            if upper.startswith(prefix):
                return target
        return None


def shipped_names() -> list[str]:
    from fitsm_audit.core.resources import data_path

    return sorted(p.name[: -len(".yaml")] for p in data_path(SHIPPED_DIR).iterdir() if p.name.endswith(".yaml"))


def load_mapping(name_or_path: str) -> Mapping:
    """A shipped mapping by name (``jira``), or a mapping file; MappingError when unusable."""
    import yaml

    from fitsm_audit.core.resources import read_text

    if name_or_path.lower() in shipped_names():
        source, text = name_or_path.lower(), read_text(SHIPPED_DIR, f"{name_or_path.lower()}.yaml")
    elif os.path.isfile(name_or_path):
        source = name_or_path
        try:
            with open(name_or_path, encoding="utf-8-sig") as fh:
                text = fh.read(1_000_001)
        except (OSError, UnicodeDecodeError) as exc:
            raise MappingError(source, f"cannot be read ({exc})") from None
        if len(text) > 1_000_000:
            raise MappingError(source, "is larger than 1 MB; a mapping is a short YAML file")
    else:
        raise MappingError(name_or_path, f"no such file, and not one of the shipped mappings ({', '.join(shipped_names())})")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise MappingError(source, f"is not valid YAML{line}") from None
    return parse_mapping(data, source)


def _mapping_of(value: Any, source: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(source, f"{where} must be a mapping of names to values")
    return value


def _text(value: Any, source: str, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value).strip():
        raise MappingError(source, f"{where} must be a non-empty text")
    return str(value).strip()


def _operations_sheet(name: Any, source: str, where: str) -> Sheet:
    contract = load_contract()
    sheets = {key(s.name): s for s in contract.sheets if s.workbook == "operations" and s.key_column == "id"}
    found = sheets.get(key(name)) if isinstance(name, str) else None
    if found is None:
        allowed = ", ".join(s.name for s in sheets.values())
        raise MappingError(source, f"{where}: {name!r} is not a register tickets import into ({allowed})")
    return found


def _column(sheet: Sheet, name: Any, source: str, where: str) -> Column:
    for col in sheet.columns:
        if isinstance(name, str) and key(name) in (key(col.name), key(col.header)):
            return col
    names = ", ".join(c.name for c in sheet.columns)
    raise MappingError(source, f"{where}: {sheet.name} has no column {name!r} (its columns: {names})")


def _has(sheet: Sheet, name: Any) -> bool:
    return isinstance(name, str) and any(key(name) in (key(c.name), key(c.header)) for c in sheet.columns)


def contract_value(col: Column, value: str) -> str | None:
    """The contract's spelling of ``value`` for an enum or yes/no column (None: not allowed)."""
    allowed = col.values if col.type == "enum" else YES_NO if col.type == "yesno" else ()
    return next((v for v in allowed if key(v) == key(value)), None)


def _value_map(sheet: Sheet, raw: Any, source: str, where: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name, pairs in _mapping_of(raw, source, where).items():
        col = _column(sheet, name, source, where)
        if col.type not in ("enum", "yesno"):
            raise MappingError(source, f"{where}.{name}: only enum and yes/no columns take a value map")
        table: dict[str, str] = {}
        for given, wanted in _mapping_of(pairs, source, f"{where}.{name}").items():
            spelled = contract_value(col, _text(wanted, source, f"{where}.{name}.{given}"))
            if spelled is None:
                allowed = ", ".join(col.values or YES_NO)
                raise MappingError(source, f"{where}.{name}: {wanted!r} is not one of {allowed}")
            table[key(given)] = spelled
        out[col.name] = table
    return out


def _register(name: Any, raw: Any, shared: Any, source: str) -> Register:
    where = f"registers.{name}"
    sheet = _operations_sheet(name, source, where)
    body = _mapping_of(raw, source, where)
    unknown = set(body) - REGISTER_KEYS
    if unknown:
        raise MappingError(source, f"{where}: unknown key {sorted(unknown)[0]!r} (use {', '.join(sorted(REGISTER_KEYS))})")
    columns: dict[str, str] = {}
    for contract_name, header in _mapping_of(body.get("columns"), source, f"{where}.columns").items():
        col = _column(sheet, contract_name, source, f"{where}.columns")
        if col.type not in MAPPED_TYPES:
            raise MappingError(source, f"{where}.columns.{contract_name}: a {col.type} column cannot be imported")
        columns[col.name] = _text(header, source, f"{where}.columns.{contract_name}")
    if "id" not in columns:
        raise MappingError(source, f"{where}.columns must name the CSV column holding the ticket ID (id: ...)")
    own = {key(c.name) for c in sheet.columns} | {key(c.header) for c in sheet.columns}
    mine = {n: t for n, t in _mapping_of(shared, source, "values").items() if isinstance(n, str) and key(n) in own}
    values = _value_map(sheet, mine, source, "values")
    values = {c: t for c, t in values.items() if c in columns}  # shared maps apply where the column is mapped
    for col_name, table in _value_map(sheet, body.get("values"), source, f"{where}.values").items():
        values[col_name] = {**values.get(col_name, {}), **table}
    defaults: dict[str, str] = {}
    for contract_name, value in _mapping_of(body.get("defaults"), source, f"{where}.defaults").items():
        col = _column(sheet, contract_name, source, f"{where}.defaults")
        text = _text(value, source, f"{where}.defaults.{contract_name}")
        defaults[col.name] = _checked_value(col, text, source, f"{where}.defaults.{contract_name}")
    return Register(sheet=sheet, columns=columns, values=values, defaults=defaults)


def _checked_value(col: Column, text: str, source: str, where: str) -> str:
    if col.type in ("enum", "yesno"):
        spelled = contract_value(col, text)
        if spelled is None:
            raise MappingError(source, f"{where}: {text!r} is not one of {', '.join(col.values or YES_NO)}")
        return spelled
    return text


def _target(raw: Any, registers: dict[str, Register], source: str, where: str) -> Target:
    body = {"register": raw} if isinstance(raw, str) else _mapping_of(raw, source, where)
    sheet = _operations_sheet(body.get("register"), source, f"{where}.register")
    if sheet.name not in registers:
        raise MappingError(source, f"{where}: {sheet.name} has no entry under registers (its columns)")
    fixed: dict[str, str] = {}
    for name, value in _mapping_of(body.get("set"), source, f"{where}.set").items():
        col = _column(sheet, name, source, f"{where}.set")
        fixed[col.name] = _checked_value(col, _text(value, source, f"{where}.set.{name}"), source, f"{where}.set.{name}")
    unknown = set(body) - {"register", "set"}
    if unknown:
        raise MappingError(source, f"{where}: unknown key {sorted(unknown)[0]!r} (use register, set)")
    return Target(sheet.name, fixed)


def _dates(raw: Any, source: str) -> tuple[str, ...]:
    import datetime as dt

    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(f, str) and "%" in f for f in items):
        raise MappingError(source, "dates must be a list of strptime formats such as '%d/%m/%Y %H:%M'")
    for form in items:
        try:
            dt.datetime(2026, 11, 3, 14, 15).strftime(form)
            dt.datetime.strptime(dt.datetime(2026, 11, 3, 14, 15).strftime(form), form)
        except ValueError:
            raise MappingError(source, f"dates: {form!r} is not a strptime format") from None
    return tuple(items)


def parse_mapping(data: Any, source: str) -> Mapping:
    """A Mapping from its YAML data (MappingError naming the first mistake)."""
    if not isinstance(data, dict):
        raise MappingError(source, "must be a YAML mapping with registers: and route: or register:")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise MappingError(source, f"unknown key {sorted(unknown)[0]!r} (use {', '.join(sorted(TOP_KEYS))})")
    if data.get("format", 1) != 1:
        raise MappingError(source, f"format {data.get('format')!r} is not known; this version reads format 1")
    raw_registers = _mapping_of(data.get("registers"), source, "registers")
    if not raw_registers:
        raise MappingError(source, "registers: names no register to import into")
    registers: dict[str, Register] = {}
    for name, raw in raw_registers.items():
        reg = _register(name, raw, data.get("values"), source)
        registers[reg.sheet.name] = reg
    for shared in _mapping_of(data.get("values"), source, "values"):
        if not any(_has(reg.sheet, shared) for reg in registers.values()):
            raise MappingError(source, f"values: {shared!r} is a column of none of the registers")
    name = _text(data.get("name", source), source, "name")
    dates = _dates(data.get("dates"), source)
    if ("route" in data) == ("register" in data):
        raise MappingError(source, "give either register: (one register for every row) or route: (by a column)")
    if "register" in data:
        return Mapping(name, source, registers, dates, fixed=_target(data["register"], registers, source, "register"))
    route = _mapping_of(data["route"], source, "route")
    if set(route) - {"column", "values", "prefixes"}:
        raise MappingError(source, "route: takes column, values and prefixes")
    column = _text(route.get("column"), source, "route.column")
    values = {key(v): _target(t, registers, source, f"route.values.{v}")
              for v, t in _mapping_of(route.get("values"), source, "route.values").items()}  # fmt: skip
    prefixes = sorted(((str(p).strip().upper(), _target(t, registers, source, f"route.prefixes.{p}"))
                       for p, t in _mapping_of(route.get("prefixes"), source, "route.prefixes").items()),
                      key=lambda pair: -len(pair[0]))  # fmt: skip
    if not values and not prefixes:
        raise MappingError(source, "route: needs values: or prefixes: saying which register each row goes to")
    return Mapping(name, source, registers, dates, column, values, tuple(prefixes))


ID_RE_CACHE: dict[str, re.Pattern[str]] = {}


def id_pattern(col: Column) -> re.Pattern[str] | None:
    """The compiled ID pattern of a key column (None: any ID)."""
    if not col.pattern:
        return None
    if col.pattern not in ID_RE_CACHE:
        ID_RE_CACHE[col.pattern] = re.compile(col.pattern)
    return ID_RE_CACHE[col.pattern]
