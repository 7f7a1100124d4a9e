"""``import-tickets``: a ticketing tool's CSV export into the operations registers of a copy of a
workbook (docs/import-tickets.md).

Two passes in bounded memory. The first streams the CSV through the mapping: each row becomes a
typed ticket, pickled to a temporary spool, or problems naming its line and column; only the last
occurrence of each ID is kept (so an export listing a ticket twice, or the same export imported
again, never duplicates a row). The second reads the spool back, matches assignees and owners to
People and keeps references that resolve, and writes: rows whose ID the register holds are
updated in place, the rest appended. The copy is saved atomically; the inputs are only read.
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.workbook.container import DEFAULT_LIMITS, Container, Limits
from fitsm_audit.workbook.tickets_csv import Export
from fitsm_audit.workbook.tickets_mapping import Mapping, key
from fitsm_audit.workbook.tickets_rows import Problem, RowMapper, Ticket
from fitsm_audit.workbook.tickets_xlsx import (
    SheetTarget,
    column_ids,
    find_sheet,
    header_of,
    save_with_rows,
)

MAX_LISTED = 1000  # problems kept to list; the rest are counted
PROGRESS_EVERY = 10_000
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
LIST_SPLIT = re.compile(r"\s*[,;\n]\s*")


@dataclass
class Imported:
    """What an import did, and the problems it met (the first MAX_LISTED of them)."""

    rows: int = 0  # data rows read from the CSV
    skipped: int = 0  # rows not imported (each has at least one problem)
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    missing_columns: list[str] = field(default_factory=list)

    def note(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)


@dataclass
class _Unresolved:
    column: str
    value: str
    first_line: int
    what: str
    rows: int = 0


class Resolver:
    """People and references as the workbook (plus this import) knows them."""

    def __init__(self, wb: Any, imported_ids: dict[str, set[str]]) -> None:
        contract = load_contract()
        self.people: dict[str, str] = {}
        people = find_sheet(wb, "People")
        if people is not None:
            spec = contract.sheet("People")
            head, cols = header_of(people, spec)
            wanted = [cols.get(n) for n in ("id", "name", "email")]
            if head and wanted[0]:
                for r in range(head + 1, people.max_row + 1):
                    pid, name, mail = (people.cell(r, c).value if c else None for c in wanted)
                    if isinstance(pid, str) and pid.strip():
                        for alias in (pid, name, mail):
                            if isinstance(alias, str) and alias.strip():
                                self.people.setdefault(key(alias), pid.strip())
        self.wb = wb
        self.imported = imported_ids
        self.ids: dict[str, set[str]] = {}
        self.unresolved: dict[tuple[str, str], _Unresolved] = {}

    def known(self, sheet: str) -> set[str]:
        if sheet not in self.ids:
            found = set(column_ids(self.wb, load_contract().sheet(sheet)))
            self.ids[sheet] = found | self.imported.get(sheet, set())
        return self.ids[sheet]

    def resolve(self, ticket: Ticket, headers: dict[str, str]) -> dict[str, Any]:
        spec = load_contract().sheet(ticket.sheet)
        values = dict(ticket.values)
        for name, value in ticket.values.items():
            col = spec.column(name)
            if col.type == "contact":
                pid = self.people.get(key(value))
                values[name] = pid or (value if EMAIL.match(value) else None)
            elif col.type in ("ref", "reflist"):
                parts = [p for p in LIST_SPLIT.split(value) if p] if col.type == "reflist" else [value]
                good = [p for p in parts if any(p.lower() in self.known(t) for t in col.refs)]
                for bad in (p for p in parts if p not in good):
                    self._miss(headers.get(name, col.header), bad, ticket.line, f"matches no ID on {' or '.join(col.refs)}")
                values[name] = ", ".join(good) or None
                continue
            else:
                continue
            if values[name] is None:
                self._miss(headers.get(name, col.header), value, ticket.line,
                           "matches no name, e-mail or ID on People and is no e-mail address")
        return {k: v for k, v in values.items() if v is not None}

    def _miss(self, column: str, value: str, line: int, what: str) -> None:
        entry = self.unresolved.setdefault((column, key(value)), _Unresolved(column, value, line, what))
        entry.rows += 1

    def problems(self) -> list[Problem]:
        """One problem per value that matched nothing (its first line, how many rows)."""
        out = []
        for u in self.unresolved.values():
            more = f" (and {u.rows - 1} more rows)" if u.rows > 1 else ""
            out.append(Problem(u.first_line, u.column, u.value, f"{u.what}; left blank{more}"))
        return out


def _first_pass(export: Export, mapping: Mapping, spool: IO[bytes], done: Imported,
                progress: Callable[[str], None]) -> dict[tuple[str, str], int]:  # fmt: skip
    """Map every row, spool the tickets, and return (sheet, id) -> the spool index that wins."""
    mapper = RowMapper(mapping, export.header)
    done.missing_columns = mapper.missing_columns()
    ids = [r.columns["id"] for r in mapping.registers.values()]
    if mapping.route_column in done.missing_columns or all(i in done.missing_columns for i in ids):
        needed, what = (mapping.route_column, "the register") if mapping.route_column in done.missing_columns else (ids[0], "ticket IDs")
        raise WorkbookError(export.path, f'has no column "{needed}", which the mapping {mapping.name} reads {what} '
                                         "from; is it an export of that tool, with its column names?")  # fmt: skip
    last: dict[tuple[str, str], int] = {}
    spooled = 0
    for line, row in export.rows():
        done.rows += 1
        if done.rows % PROGRESS_EVERY == 0:
            progress(f"{done.rows:,} rows read ...")
        ticket, problems = mapper.map(row, line)
        if ticket is None:
            done.skipped += 1
            for problem in problems:
                done.note(problem)
            continue
        last[(ticket.sheet, ticket.id.lower())] = spooled
        pickle.dump(ticket, spool, protocol=pickle.HIGHEST_PROTOCOL)
        spooled += 1
    return last


def import_tickets(
    csv_path: str,
    mapping: Mapping,
    workbook: str,
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[str], None] = lambda _m: None,
) -> Imported:
    """Import the CSV export at ``csv_path`` through ``mapping`` into a copy of ``workbook`` saved
    as ``out`` (atomically; refused when it exists and not ``force``)."""
    import openpyxl

    from fitsm_audit.core.safe_output import atomic_write

    done = Imported()
    with Export(csv_path) as export, tempfile.TemporaryFile() as spool:
        with Container(workbook, limits):
            pass  # the screen every input passes before a parser sees it
        try:
            wb = openpyxl.load_workbook(workbook)
        except (KeyboardInterrupt, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on files it cannot take
            raise WorkbookError(workbook, f"cannot be opened as an .xlsx workbook to copy ({type(exc).__name__}); "
                                          "import into an .xlsx workbook") from None  # fmt: skip
        last = _first_pass(export, mapping, spool, done, progress)
        if done.rows >= PROGRESS_EVERY:
            progress(f"{done.rows:,} rows read; writing {out} ...")
        imported: dict[str, set[str]] = {}
        for sheet, ticket_id in last:
            imported.setdefault(sheet, set()).add(ticket_id)
        targets = {s: SheetTarget(wb, load_contract().sheet(s), workbook) for s in imported}
        try:
            _second_pass(spool, last, targets, Resolver(wb, imported), mapping, done)
            atomic_write(out, lambda tmp: save_with_rows(wb, list(targets.values()), tmp), force=force)
        finally:
            for target in targets.values():
                target.close()
    for sheet, target in targets.items():
        done.added[sheet], done.updated[sheet] = target.added, target.updated
    return done


def _second_pass(spool: IO[bytes], last: dict[tuple[str, str], int], targets: dict[str, SheetTarget],
                 resolver: Resolver, mapping: Mapping, done: Imported) -> None:  # fmt: skip
    spool.seek(0)
    headers = {s: reg.columns for s, reg in mapping.registers.items()}
    index = 0
    while True:
        try:
            ticket: Ticket = pickle.load(spool)  # noqa: S301 - our own spool, written above
        except EOFError:
            break
        if last.get((ticket.sheet, ticket.id.lower())) == index:
            targets[ticket.sheet].put(resolver.resolve(ticket, headers[ticket.sheet]))
        index += 1
    for problem in resolver.problems():
        done.note(problem)
