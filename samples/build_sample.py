"""Build the pizza delivery sample workbook from its YAML data.

    python samples/build_sample.py             validate the YAML, then write samples/pizza-delivery.xlsx
    python samples/build_sample.py --check     verify the committed workbook matches the YAML (cell values)
    python samples/build_sample.py --validate  validate the YAML only

The data lives in ``samples/pizza-delivery/``: one YAML file per workbook area, each mapping a sheet
name to a list of rows keyed by the contract's snake_case column names (``sms.yaml`` also holds the
``Organisation`` fields). The ``Assessment`` sheet is generated from ``assessment.yaml`` and the
FitSM-1 edition 2 requirement catalogue: one row per requirement.

The YAML is checked against the workbook contract before anything is written (every sheet and
column exists, required values present, types and enum values valid, IDs unique and in their
documented form, every reference resolves, date order rules hold, stated ``met`` values agree with
measured value and target). Broken data is refused with a list of problems and exit code 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "pizza-delivery"
OUTPUT = HERE / "pizza-delivery.xlsx"
AREAS = (
    "sms",
    "portfolio",
    "service-levels",
    "availability-capacity",
    "security",
    "customers",
    "suppliers",
    "operations",
)
ASSESSMENT_FILE = "assessment.yaml"
EDITION = "2"
AS_OF = dt.date(2026, 11, 30)  # the as-of date the sample is written for (review timeliness)
TITLE = "Pronto Pizza Ltd.: FitSM registers (fitsm-audit sample)"

EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
TARGET_RE = re.compile(r"^\s*(>=|<=|>|<|=|≥|≤)\s*(-?\d+(?:\.\d+)?)\s*$")


class SampleError(Exception):
    """The sample data is inconsistent; ``problems`` lists every issue found."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the sample data")
        self.problems = problems


# ---------------------------------------------------------------------------- loading
def load_yaml_data(
    data_dir: Path = DATA_DIR,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any], dict[str, Any]]:
    """Read the area files: (sheet -> rows, Organisation fields, assessment table)."""
    data: dict[str, list[dict[str, Any]]] = {}
    fields: dict[str, Any] = {}
    for area in AREAS:
        path = data_dir / f"{area}.yaml"
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(content, dict):
            raise SampleError([f"{path.name}: expected a mapping of sheet name -> rows"])
        for sheet, rows in content.items():
            if sheet == "Organisation":
                fields = {k: v for k, v in (rows or {}).items() if v is not None}
                continue
            if sheet in data:
                raise SampleError([f"{path.name}: sheet {sheet!r} defined twice"])
            data[sheet] = [
                {k: v for k, v in row.items() if v is not None and v != []} for row in rows or []
            ]
    assessment = yaml.safe_load((data_dir / ASSESSMENT_FILE).read_text(encoding="utf-8")) or {}
    return data, fields, assessment


def assessment_rows(assessment: dict[str, Any], edition: str = EDITION) -> list[dict[str, Any]]:
    """One Assessment row per catalogue requirement, from the small per-requirement table."""
    from fitsm_audit.spec.catalogue import load_catalogue

    catalogue = load_catalogue(edition)
    table: dict[str, dict[str, Any]] = assessment.get("requirements") or {}
    out_of_scope = set(assessment.get("out_of_scope") or ())
    problems = [
        f"assessment.yaml: {rid} is not a requirement of edition {edition}"
        for rid in table
        if rid not in {r.id for r in catalogue.requirements}
    ]
    rows = []
    for req in catalogue.requirements:
        entry = table.get(req.id)
        if entry is None:
            problems.append(f"assessment.yaml: no entry for {req.id}")
            continue
        row: dict[str, Any] = {
            "requirement": req.id,
            "text": req.text,
            "in_scope": entry.get("in_scope", req.group not in out_of_scope),
            "level": entry.get("level"),
            "evidence": entry.get("evidence"),
            "comment": entry.get("comment"),
            "assessor": entry.get("assessor", assessment.get("assessor")),
            "date": entry.get("date", assessment.get("date")),
        }
        rows.append({k: v for k, v in row.items() if v is not None})
    if problems:
        raise SampleError(problems)
    return rows


def sample_data(
    data_dir: Path = DATA_DIR,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """The complete, validated sample: (sheet -> rows including Assessment, Organisation fields)."""
    data, fields, assessment = load_yaml_data(data_dir)
    data["Assessment"] = assessment_rows(assessment)
    problems = validate(data, fields)
    if problems:
        raise SampleError(problems)
    return data, fields


# ---------------------------------------------------------------------------- validation
def validate(data: dict[str, list[dict[str, Any]]], fields: dict[str, Any]) -> list[str]:
    """Every problem that would make `fitsm-audit check` report an error (and a few stricter ones)."""
    from fitsm_audit.spec.contract import load_contract

    contract = load_contract()
    problems: list[str] = []
    register_names = {s.name for s in contract.sheets if s.kind != "fields"}
    for given in data:
        if given not in register_names:
            problems.append(f"{given}: not a register sheet of the contract")
    for name in sorted(register_names - set(data)):
        problems.append(f"{name}: sheet missing from the sample")

    # keys of every sheet, for references
    keys: dict[str, set[str]] = {}
    for sheet in contract.sheets:
        if sheet.kind == "fields" or sheet.name not in data:
            continue
        key = sheet.key_column
        keys[sheet.name] = {
            str(r[key]).lower() for r in data[sheet.name] if key and r.get(key) is not None
        }

    # Organisation fields
    spec = contract.sheet("Organisation")
    known = {f.name: f for f in spec.fields}
    for name, value in fields.items():
        col = known.get(name)
        if col is None:
            problems.append(f"Organisation: unknown field {name!r}")
            continue
        problems += [f"Organisation[{name}]: {p}" for p in _check_value(col, value, contract, keys)]
    for col in spec.fields:
        if col.required and col.name not in fields:
            problems.append(f"Organisation: required field {col.name!r} missing")

    for sheet in contract.sheets:
        if sheet.kind == "fields" or sheet.name not in data:
            continue
        columns = {c.name: c for c in sheet.columns}
        seen: dict[str, dict[str, int]] = {}
        for index, row in enumerate(data[sheet.name], start=1):
            label = f"{sheet.name} row {index}" + (
                f" ({row[sheet.key_column]})"
                if sheet.key_column and sheet.key_column in row
                else ""
            )
            for name in row:
                if name not in columns:
                    problems.append(f"{label}: unknown column {name!r}")
            for col in sheet.columns:
                value = row.get(col.name)
                if value is None or value == "":
                    if col.required:
                        problems.append(f"{label}: required column {col.name!r} is blank")
                    continue
                problems += [
                    f"{label}, {col.name}: {p}" for p in _check_value(col, value, contract, keys)
                ]
                if col.unique or col.type == "id":
                    k = str(value).lower()
                    firsts = seen.setdefault(col.name, {})
                    if k in firsts:
                        problems.append(f"{label}: {col.name} {value!r} duplicates row {firsts[k]}")
                    firsts.setdefault(k, index)
            for first, then in sheet.order:
                a, b = row.get(first), row.get(then)
                if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
                    problems.append(f"{label}: {then} {b} is before {first} {a}")
            if "met" in row and sheet.name in ("Targets", "KPIs"):
                computed = _met(row.get("target"), row.get("measured_value"))
                if computed is not None and computed != row["met"]:
                    problems.append(
                        f"{label}: met={row['met']} disagrees with {row.get('measured_value')} vs {row.get('target')}"
                    )
    problems += _sample_rules(data, fields, contract)
    return problems


def _check_value(col: Any, value: Any, contract: Any, keys: dict[str, set[str]]) -> list[str]:
    t = col.type
    out: list[str] = []
    if t in ("id", "text"):
        if not isinstance(value, str):
            out.append(
                f"expected text, got {type(value).__name__} {value!r} (quote it in the YAML)"
            )
        elif t == "id" and col.pattern and not re.fullmatch(col.pattern, value):
            out.append(f"{value!r} does not follow the ID form {col.example}")
    elif t == "enum":
        if value not in col.values:
            out.append(f"{value!r} is not one of {', '.join(col.values)}")
    elif t == "process":
        ids = {p.id for p in contract.processes} | set(col.allow)
        if value not in ids:
            out.append(f"{value!r} is not a process ID")
    elif t == "yesno":
        if not isinstance(value, bool):
            out.append(f"expected yes/no, got {value!r}")
    elif t == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            out.append(f"expected a date, got {value!r}")
    elif t in ("int", "level", "number"):
        ok_types = (int,) if t in ("int", "level") else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_types):
            out.append(f"expected a {'whole ' if t != 'number' else ''}number, got {value!r}")
        else:
            lo, hi = (0, 4) if t == "level" else (col.min, col.max)
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                out.append(f"{value} is out of range {lo}..{hi}")
    elif t == "email":
        if not (isinstance(value, str) and EMAIL_RE.match(value)):
            out.append(f"{value!r} is not an e-mail address")
    elif t in ("ref", "contact"):
        if not isinstance(value, str):
            out.append(f"expected an ID, got {value!r}")
        elif t == "contact" and EMAIL_RE.match(value):
            pass
        else:
            targets = list(col.refs) or ["People"]
            if not any(value.lower() in keys.get(s, set()) for s in targets):
                out.append(f"{value!r} matches no ID on {' or '.join(targets)}")
    elif t == "reflist":
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            out.append(f"expected a list of IDs, got {value!r}")
        else:
            for v in value:
                if not any(v.lower() in keys.get(s, set()) for s in col.refs):
                    out.append(f"{v!r} matches no ID on {' or '.join(col.refs)}")
    return out


def _met(target: Any, measured: Any) -> bool | None:
    m = TARGET_RE.match(str(target or ""))
    if not m or not isinstance(measured, (int, float)):
        return None
    op, limit = m.group(1), float(m.group(2))
    return {
        ">=": measured >= limit,
        "≥": measured >= limit,
        "<=": measured <= limit,
        "≤": measured <= limit,
        ">": measured > limit,
        "<": measured < limit,
        "=": measured == limit,
    }[op]


def _sample_rules(
    data: dict[str, list[dict[str, Any]]], fields: dict[str, Any], contract: Any
) -> list[str]:
    """Completeness rules of this sample beyond the contract."""
    problems = []
    processes = {r["process"] for r in data.get("Processes", [])}
    missing = [p.id for p in contract.processes if p.id not in processes]
    if missing:
        problems.append(f"Processes: no row for {', '.join(missing)}")
    from fitsm_audit.spec.catalogue import load_catalogue

    n = len(load_catalogue(EDITION).requirements)
    if len(data.get("Assessment", [])) != n:
        problems.append(f"Assessment: {len(data.get('Assessment', []))} rows, expected {n}")
    # every dated record lies on or before the as-of date, except plans and due dates
    future_ok = {
        "timing",
        "next_review",
        "planned_date",
        "planned_on",
        "planned",
        "due",
        "go_live",
        "valid_until",
    }
    for sheet, rows in data.items():
        for row in rows:
            for name, value in row.items():
                if isinstance(value, dt.date) and value > AS_OF and name not in future_ok:
                    problems.append(
                        f"{sheet} {row.get('id') or ''}: {name} {value} is after the as-of date {AS_OF}"
                    )
    return problems


def overdue_reviews(
    data: dict[str, list[dict[str, Any]]], fields: dict[str, Any], as_of: dt.date = AS_OF
) -> list[str]:
    """The review-rule warnings `check` should raise for the sample (as '<sheet> <ID>')."""
    from fitsm_audit.spec.contract import load_contract

    out = []
    for sheet in load_contract().sheets:
        for rule in sheet.review:
            for row in data.get(sheet.name, []):
                if any((row.get(c) or "") not in allowed for c, allowed in rule.when.items()):
                    continue
                label = f"{sheet.name} {row.get('id') or row.get(sheet.key_column or '', '?')}"
                if rule.kind == "next":
                    due = row.get(rule.due or "")
                    if due is None or due < as_of:
                        out.append(label)
                    continue
                base = row.get(rule.last or "") or (row.get(rule.base) if rule.base else None)
                interval = (
                    row.get(rule.interval)
                    if rule.interval
                    else fields.get(rule.interval_field or "")
                )
                if base is None or as_of > _add_months(base, int(interval or 12)):
                    out.append(label)
    return out


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# ---------------------------------------------------------------------------- building
def build(data_dir: Path = DATA_DIR) -> Any:
    """The sample as an openpyxl Workbook (validated first)."""
    from fitsm_audit.template.build import build_workbook

    data, fields = sample_data(data_dir)
    return build_workbook(sheet_names=None, data=data, fields=fields, edition=EDITION, title=TITLE)


def workbook_bytes(wb: Any) -> bytes:
    """The .xlsx bytes with the template's fixed timestamps (workbook properties and zip entries),
    so rebuilding from unchanged YAML gives a byte-identical file."""
    from fitsm_audit.template.build import workbook_bytes as fixed_bytes

    return fixed_bytes(wb)


def save(wb: Any, path: Path) -> None:
    """Write atomically (temporary file in the same folder, then rename)."""
    from fitsm_audit.core.safe_output import atomic_write

    atomic_write(path, workbook_bytes(wb), force=True)


# ---------------------------------------------------------------------------- comparing
def sheet_values(path_or_wb: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Sheet name -> rows of cell values (trailing empty rows dropped)."""
    from openpyxl import Workbook, load_workbook

    wb = (
        path_or_wb
        if isinstance(path_or_wb, Workbook)
        else load_workbook(path_or_wb, read_only=True)
    )
    out: dict[str, list[tuple[Any, ...]]] = {}
    for ws in wb.worksheets:
        rows = [tuple(_norm(v) for v in row) for row in ws.iter_rows(values_only=True)]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        out[ws.title] = rows
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def differences(
    expected: dict[str, list[tuple[Any, ...]]], actual: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    """Human-readable differences between two sheet_values() results (first few per sheet)."""
    out: list[str] = []
    if list(expected) != list(actual):
        out.append(f"sheets differ: expected {list(expected)}, found {list(actual)}")
    for name in expected:
        if name not in actual:
            continue
        a, b = expected[name], actual[name]
        if len(a) != len(b):
            out.append(f"{name}: {len(a)} rows expected, {len(b)} found")
        shown = 0
        for r, (ra, rb) in enumerate(zip(a, b, strict=False), start=1):
            if ra != rb and shown < 3:
                out.append(f"{name} row {r}: expected {ra!r}, found {rb!r}")
                shown += 1
    return out


# ---------------------------------------------------------------------------- CLI
def _print_problems(problems: Iterable[str]) -> None:
    for p in problems:
        print(f"  - {p}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="verify the committed workbook matches the YAML"
    )
    mode.add_argument("--validate", action="store_true", help="validate the YAML only")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="workbook to write or check")
    args = parser.parse_args(argv)

    try:
        data, fields = sample_data()
    except SampleError as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        _print_problems(exc.problems)
        return 1
    if args.validate:
        rows = sum(len(r) for r in data.values())
        print(f"sample data valid: {len(data)} sheets, {rows} rows")
        print(
            f"reviews overdue as of {AS_OF}: {', '.join(overdue_reviews(data, fields)) or 'none'}"
        )
        return 0
    try:
        wb = build()
    except ImportError as exc:
        print(
            f"error: cannot build the workbook ({exc}); the data itself is valid", file=sys.stderr
        )
        return 2
    if args.check:
        if not args.output.exists():
            print(
                f"error: {args.output} does not exist; run python samples/build_sample.py",
                file=sys.stderr,
            )
            return 1
        diffs = differences(sheet_values(io.BytesIO(workbook_bytes(wb))), sheet_values(args.output))
        if diffs:
            print(
                f"{args.output} is out of date with the YAML; run python samples/build_sample.py",
                file=sys.stderr,
            )
            _print_problems(diffs)
            return 1
        print(f"{args.output} is up to date")
        return 0
    save(wb, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
