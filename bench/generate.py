"""Generate a large, valid FitSM workbook for benchmarks (and a dirty twin with bad cells).

    python bench/generate.py --rows 10000 --out bench/out

writes ``large-clean.xlsx`` (every sheet; 10,000 rows in each main register) and
``large-dirty.xlsx`` (the same with about 3,000 bad cells: wrong enums, bad dates, dangling
references, text in number columns). Deterministic for a given --rows and --seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
from typing import Any

from fitsm_audit.spec.contract import Column, load_contract

MAIN_REGISTERS = ("Services", "Components", "Agreements", "Targets", "Assets", "Risks", "Customers", "Suppliers")
SMALL_ROWS = 20
PEOPLE = 200
AS_OF = dt.date(2026, 11, 30)


def _ids(sheet: str, n: int) -> list[str]:
    col = next((c for c in load_contract().sheet(sheet).columns if c.type == "id"), None)
    prefix = (col.example or "X-001").split("-")[0] if col else "X"
    if sheet == "Agreements":
        return [f"{'SLA' if i % 3 == 0 else 'OLA' if i % 3 == 1 else 'UA'}-{i + 1:05d}" for i in range(n)]
    return [f"{prefix}-{i + 1:05d}" for i in range(n)]


def _value(col: Column, i: int, rng: random.Random, ids: dict[str, list[str]]) -> Any:
    t = col.type
    if t in ("enum",):
        return col.values[i % len(col.values)]
    if t == "process":
        return f"PR{i % 14 + 1}"
    if t == "yesno":
        return "yes" if i % 5 else "no"
    if t == "date":
        return AS_OF - dt.timedelta(days=rng.randint(1, 300))
    if t == "int" and "interval" in col.name:
        return rng.randint(12, 24)
    if t == "int":
        lo, hi = int(col.min or 1), int(min(col.max or 24, 24))
        return rng.randint(max(lo, 1), max(hi, lo))
    if t == "level":
        return i % 5
    if t == "number":
        return round(rng.uniform(0, 100), 1)
    if t == "email":
        return f"person{i}@example.org"
    if t in ("ref", "contact"):
        pool = ids.get(col.refs[0] if col.refs else "People") or ids["People"]
        return pool[rng.randrange(len(pool))]
    if t == "reflist":
        pool = ids.get(col.refs[0]) or ids["People"]
        return ", ".join(pool[rng.randrange(len(pool))] for _ in range(2))
    return f"{col.header} text {i} " + "lorem ipsum " * (i % 3)


def rows_for(sheet: str, n: int, rng: random.Random, ids: dict[str, list[str]]) -> list[dict[str, Any]]:
    spec = load_contract().sheet(sheet)
    out = []
    for i in range(n):
        row = {}
        for col in spec.columns:
            if col.type == "id":
                row[col.name] = ids[sheet][i]
            elif col.unique and col.type == "ref":
                row[col.name] = ids[col.refs[0]][i % len(ids[col.refs[0]])]
            elif sheet == "Processes" and col.name == "process":
                row[col.name] = f"PR{i + 1}"
            else:
                row[col.name] = _value(col, i, rng, ids)
        out.append(row)
    return out


def generate(rows: int, out_dir: str, seed: int = 7) -> tuple[str, str]:
    """Write the clean and dirty workbooks; return their paths."""
    from openpyxl import Workbook

    contract = load_contract()
    rng = random.Random(seed)
    sizes = {s.name: (rows if s.name in MAIN_REGISTERS else SMALL_ROWS) for s in contract.sheets}
    sizes["People"], sizes["Processes"] = PEOPLE, 14
    sizes["Catalogue"] = min(rows, sizes["Services"])
    sizes["Assessment"] = 0
    ids = {name: _ids(name, n) for name, n in sizes.items()}
    data = {s.name: rows_for(s.name, sizes[s.name], rng, ids) for s in contract.sheets if s.kind != "fields"}
    for r in data["Agreements"]:
        r["valid_from"], r["valid_until"] = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
    for r in data["Complaints"]:
        r["received_on"], r["closed_on"] = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
    os.makedirs(out_dir, exist_ok=True)
    clean = os.path.join(out_dir, "large-clean.xlsx")
    dirty = os.path.join(out_dir, "large-dirty.xlsx")
    for path, bad in ((clean, 0), (dirty, 3000)):
        wb = Workbook(write_only=True)
        org = wb.create_sheet("Organisation")
        org.append(["Field", "Value", "Help"])
        org.append(["provider", "Benchmark Provider", ""])
        org.append(["sms_owner", ids["People"][0], ""])
        bad_cells = _bad_cells(data, bad, rng)
        for spec in contract.sheets:
            if spec.kind == "fields":
                continue
            ws = wb.create_sheet(spec.name)
            ws.append([c.header for c in spec.columns])
            for i, row in enumerate(data[spec.name]):
                values = [row.get(c.name) for c in spec.columns]
                for j, bad_value in bad_cells.get((spec.name, i), ()):
                    values[j] = bad_value
                ws.append(values)
        wb.save(path)
    return clean, dirty


def _bad_cells(data: dict[str, list[dict[str, Any]]], n: int, rng: random.Random) -> dict[tuple[str, int], list[tuple[int, Any]]]:
    """About n bad cells spread over the main registers."""
    out: dict[tuple[str, int], list[tuple[int, Any]]] = {}
    contract = load_contract()
    for k in range(n):
        sheet = MAIN_REGISTERS[k % len(MAIN_REGISTERS)]
        spec = contract.sheet(sheet)
        cols = [(j, c) for j, c in enumerate(spec.columns) if c.type in ("enum", "date", "ref", "int", "number")]
        j, col = cols[k % len(cols)]
        bad = {"enum": "launched", "date": "31/02/2026", "ref": "NOPE-1", "int": "twelve", "number": "n/a"}[col.type]
        i = rng.randrange(len(data[sheet]))
        out.setdefault((sheet, i), []).append((j, bad))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out"))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    for path in generate(args.rows, args.out, args.seed):
        print(path)


if __name__ == "__main__":
    main()
