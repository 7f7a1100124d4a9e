"""The packaged sample grown to about ROWS rows in each of its registers, clean and dirty.

    python bench/grow.py --rows 10000 [--out bench/out]

writes ``grown-ROWS-clean.xlsx`` and ``grown-ROWS-dirty.xlsx``. Every register that has rows of
its own (an ID column, or rows that belong to a grown register, such as the Catalogue entries of
services and the terms of agreements) is filled with whole copies of the sample's rows (ROWS rounded down to a whole copy): copy ``c`` of
the sample is a whole pizza company again, its IDs numbered on (``SVC-001`` .. ``SVC-007``, then
``SVC-008`` ..) and its references pointing at the rows of the same copy. The fixed lists (Roles,
Processes, Assessment, Incident Priorities, Lists) and the Organisation fields stay as they are.

- **clean**: the grown IDs keep the sample's form (``SVC-1234``), so the grown workbook is as
  valid as the sample; what is left are warnings (overdue reviews repeated in every copy).
- **dirty**: every grown ID is off the form (``svc 1234``), and so is every reference to one, so
  each grown row carries at least one finding.

Deterministic: the same ROWS give byte-identical workbooks. Used by bench_check.py,
bench_documents.py and bench_growth.py; cached in bench/out.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLE = os.path.join(ROOT, "samples", "pizza-delivery.xlsx")
FIXED = {"Roles", "Processes", "Assessment", "Incident Priorities"}
ID = re.compile(r"^([A-Z]+)-(\d+)$")
TOKEN = re.compile(r"[A-Z]+-\d+")


def paths(rows: int, out_dir: str) -> tuple[str, str]:
    return (os.path.join(out_dir, f"grown-{rows}-clean.xlsx"), os.path.join(out_dir, f"grown-{rows}-dirty.xlsx"))


def ensure(rows: int, out_dir: str = os.path.join(HERE, "out")) -> tuple[str, str]:
    """The clean and dirty grown workbooks, written when missing."""
    clean, dirty = paths(rows, out_dir)
    if not (os.path.exists(clean) and os.path.exists(dirty)):
        print(f"growing the sample to {rows:,} rows per register in {out_dir} ...", flush=True)
        grow(rows, out_dir)
    return clean, dirty


class _Plan:
    """Which sheets grow, how many copies of each, and how IDs are renumbered."""

    def __init__(self, sheets: dict[str, list[list[Any]]], rows: int) -> None:
        from fitsm_audit.spec.contract import load_contract

        contract = load_contract()
        self.specs = {s.name: s for s in contract.sheets}
        self.sheets = sheets
        self.columns: dict[str, list[Any]] = {}  # sheet -> contract column per sample column
        self.ids: dict[str, dict[str, int]] = {}  # grown sheet -> sample ID -> its number
        self.stride: dict[str, int] = {}
        for name, grid in sheets.items():
            spec = self.specs.get(name)
            if spec is None or spec.kind != "register" or name in FIXED or len(grid) < 2:
                continue
            by_header = {c.header.lower(): c for c in spec.columns}
            self.columns[name] = [by_header.get(str(h).replace("*", "").strip().lower()) for h in grid[0]]
            id_col = next((j for j, c in enumerate(self.columns[name]) if c is not None and c.type == "id"), None)
            if id_col is None:
                continue
            numbers = {}
            for row in grid[1:]:
                m = ID.match(str(row[id_col]))
                if m:
                    numbers[str(row[id_col])] = int(m.group(2))
            self.ids[name] = numbers
            self.stride[name] = max(numbers.values())
        # whole copies only, so every reference of a copy has its row: ROWS rounded down to a copy
        self.copies = {name: max(1, rows // (len(sheets[name]) - 1)) for name in self.columns}
        for name, cols in self.columns.items():
            if name in self.ids:
                continue
            parents = [c.refs[0] for c in cols if c is not None and c.type == "ref" and c.refs and c.refs[0] in self.ids]
            if parents:  # rows that belong to a grown register: as many copies as it has
                self.copies[name] = min(self.copies[name], self.copies[parents[0]])

    def renamed(self, sheet: str, ident: str, copy: int, dirty: bool) -> str:
        m = ID.match(ident)
        if copy == 0 or m is None or ident not in self.ids.get(sheet, {}):
            return ident
        if copy >= self.copies[sheet]:
            copy %= self.copies[sheet]
            if copy == 0:
                return ident
        number = int(m.group(2)) + copy * self.stride[sheet]
        return f"{m.group(1).lower()} {number}" if dirty else f"{m.group(1)}-{number:03d}"

    def rows_of(self, sheet: str, dirty: bool) -> Iterator[list[Any]]:
        grid = self.sheets[sheet]
        if sheet not in self.columns:
            yield from grid
            return
        yield grid[0]
        body = grid[1:]
        cols = self.columns[sheet]
        for copy in range(self.copies[sheet]):
            for row in body:
                out = list(row)
                for j, col in enumerate(cols):
                    if col is None or j >= len(out) or not isinstance(out[j], str):
                        continue
                    if col.type == "id":
                        out[j] = self.renamed(sheet, out[j], copy, dirty)
                    elif col.type in ("ref", "reflist", "contact") and col.refs:
                        target = col.refs[0]
                        if target in self.ids:
                            out[j] = TOKEN.sub(lambda m, t=target, c=copy: self.renamed(t, m.group(0), c, dirty), out[j])
                yield out


def _read(path: str) -> dict[str, list[list[Any]]]:
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(path)
    out = {}
    for name in book.sheet_names:
        grid = book.get_sheet_by_name(name).to_python()
        while grid and all(v in ("", None) for v in grid[-1]):
            grid.pop()
        out[name] = [[None if v == "" else v for v in row] for row in grid]
    return out


def grow(rows: int, out_dir: str) -> tuple[str, str]:
    """Write the clean and dirty grown workbooks into ``out_dir``; return their paths."""
    from openpyxl import Workbook

    sheets = _read(SAMPLE)
    plan = _Plan(sheets, rows)
    os.makedirs(out_dir, exist_ok=True)
    clean, dirty = paths(rows, out_dir)
    for path, is_dirty in ((clean, False), (dirty, True)):
        book = Workbook(write_only=True)
        for name in sheets:
            sheet = book.create_sheet(name)
            for row in plan.rows_of(name, is_dirty):
                sheet.append(row)
        tmp = path + ".tmp"
        book.save(tmp)
        os.replace(tmp, path)
    return clean, dirty


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    args = ap.parse_args()
    for path in grow(args.rows, args.out):
        print(path)


if __name__ == "__main__":
    main()
