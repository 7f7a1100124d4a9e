"""Write FitSM-6 claims into a copy of an SMS workbook's Assessment sheet (``import-fitsm6``).

The workbook is screened, loaded with openpyxl and saved atomically under a new name; only the
Assessment rows of the imported requirements change (level, evidence, comment, and the assessor
and date where the FitSM-6 file gives them); a requirement without a row gets one at the end,
styled like the row above, with the sheet's table stretched over it. Every other sheet and cell
is left as it was; the input files are only ever read.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from fitsm_audit.core.cell_text import set_text
from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.core.findings import WARNING, Finding, quote
from fitsm_audit.spec.catalogue import EDITIONS, load_catalogue
from fitsm_audit.spec.contract import load_contract, normalise_header
from fitsm_audit.workbook.container import DEFAULT_LIMITS, Container, Limits
from fitsm_audit.workbook.fitsm6_import import Claim, Fitsm6Claims

HEADER_SEARCH_ROWS = 20
NEEDED = ("requirement", "level", "evidence", "comment")  # the columns the claims need


@dataclass
class Applied:
    updated: int = 0  # existing Assessment rows that took a claim
    added: int = 0  # rows added for requirements the sheet did not list
    assessor: str | None = None  # the People ID the claims are given by
    warnings: tuple[Finding, ...] = ()


def _sheet(wb: Any, name: str) -> Any:
    for ws in wb.worksheets:
        if normalise_header(ws.title) == normalise_header(name):
            return ws
    return None


def _header(ws: Any, sheet: str, key: str) -> tuple[int, dict[str, int]]:
    """The header row (the first that names ``key``) and contract column -> column number."""
    spec = load_contract().sheet(sheet)
    known: dict[str, str] = {}
    for col in spec.columns:
        known[normalise_header(col.header)] = col.name
        known[normalise_header(col.name)] = col.name
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_SEARCH_ROWS)):
        names = {
            c.column: known.get(normalise_header(c.value)) for c in row if isinstance(c.value, str)
        }
        if key in names.values():
            columns: dict[str, int] = {}
            for number, name in names.items():
                if name and name not in columns:
                    columns[name] = number
            return row[0].row, columns
    return 0, {}


def _people(wb: Any) -> dict[str, str]:
    """Lower-cased name -> People ID, from the workbook's People sheet (if it has one)."""
    ws = _sheet(wb, "People")
    if ws is None:
        return {}
    head, cols = _header(ws, "People", "id")
    if not head or "name" not in cols:
        return {}
    out: dict[str, str] = {}
    for r in range(head + 1, ws.max_row + 1):
        pid, name = ws.cell(r, cols["id"]).value, ws.cell(r, cols["name"]).value
        if isinstance(pid, str) and isinstance(name, str) and name.strip():
            out.setdefault(" ".join(name.split()).lower(), pid.strip())
    return out


def _rows(ws: Any, head: int, column: int) -> tuple[dict[str, int], int]:
    """Requirement (lower-cased) -> its row (the first wins), and the last row holding a code."""
    rows: dict[str, int] = {}
    last = head
    for r in range(head + 1, ws.max_row + 1):
        value = ws.cell(r, column).value
        if isinstance(value, str) and value.strip():
            rows.setdefault(value.strip().lower(), r)
            last = r
    return rows, last


def sheet_edition(codes: set[str]) -> str | None:
    """The edition whose own codes (those no other edition has) the sheet uses; None: undecided."""
    ids = {e: {r.id.lower() for r in load_catalogue(e).requirements} for e in EDITIONS}
    own = {e: ids[e] - set().union(*(ids[o] for o in EDITIONS if o != e)) for e in EDITIONS}
    found = [e for e in EDITIONS if own[e] & codes]
    return found[0] if len(found) == 1 else None


def _new_row(ws: Any, row: int, width: int) -> None:
    """Give a new row the look of the row above it."""
    from copy import copy

    if row <= 2:
        return
    for c in range(1, width + 1):
        above, cell = ws.cell(row - 1, c), ws.cell(row, c)
        if above.has_style:
            cell._style = copy(above._style)


def _stretch_tables(ws: Any, head: int, last: int) -> None:
    """Tables that start at the header row end at the last row now."""
    from openpyxl.utils.cell import range_boundaries

    for table in ws.tables.values():
        c1, r1, c2, r2 = range_boundaries(table.ref)
        if r1 == head and r2 < last:
            from openpyxl.utils import get_column_letter

            ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{last}"
            table.ref = ref
            if table.autoFilter is not None:
                table.autoFilter.ref = ref


def _write(
    ws: Any,
    row: int,
    cols: dict[str, int],
    claim: Claim,
    assessor: str | None,
    date: dt.date | None,
    set_assessor: bool,
) -> None:
    ws.cell(row, cols["level"]).value = claim.level
    set_text(ws.cell(row, cols["evidence"]), claim.evidence)
    set_text(ws.cell(row, cols["comment"]), claim.comment)
    if set_assessor and "assessor" in cols:
        set_text(ws.cell(row, cols["assessor"]), assessor)
    if date is not None and "date" in cols:
        cell = ws.cell(row, cols["date"])
        cell.value = date
        cell.number_format = "yyyy-mm-dd"


def _assessor(
    found: Fitsm6Claims, people: dict[str, str], sheet: str
) -> tuple[str | None, list[Finding]]:
    name = " ".join((found.lead_auditor or "").split())
    if not name:
        return None, []
    pid = people.get(name.lower())
    if pid:
        return pid, []
    return None, [Finding(WARNING, "fitsm6-unknown-assessor", sheet, None, None, "assessor", name,
                          f"the lead auditor {quote(name)} is not on the People sheet, so the imported rows name no assessor",
                          "Add the person to People and fill in the Assessor column", found.path)]  # fmt: skip


def apply_claims(
    found: Fitsm6Claims,
    workbook: str,
    out: str | os.PathLike[str],
    *,
    date: dt.date | None = None,
    force: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Applied:
    """Write the claims into a copy of ``workbook`` saved as ``out`` (atomically; refused when
    ``out`` exists and not ``force``). ``date``: the claims' date (default: the file's)."""
    import openpyxl

    from fitsm_audit.core.safe_output import atomic_save_workbook

    with Container(workbook, limits):
        pass  # the screen every input passes before a parser sees it
    wb = openpyxl.load_workbook(workbook)
    ws = _sheet(wb, "Assessment")
    if ws is None:
        raise WorkbookError(
            workbook, "has no Assessment sheet to import into (the sms workbook holds it)"
        )
    head, cols = _header(ws, "Assessment", "requirement")
    missing = [n for n in NEEDED if n not in cols]
    if not head or missing:
        what = ", ".join(
            load_contract().sheet("Assessment").column(n).header for n in missing or NEEDED
        )
        raise WorkbookError(workbook, f"the Assessment sheet has no {what} column; copy the header row "
                                      "from a blank workbook (fitsm-audit init)")  # fmt: skip
    assessor, warnings = _assessor(found, _people(wb), ws.title)
    rows, last = _rows(ws, head, cols["requirement"])
    used = sheet_edition(set(rows))
    if used is not None and used != found.edition:
        raise WorkbookError(
            workbook,
            f"its Assessment sheet uses the requirement codes of FitSM-1 edition {used}, "
            f"{found.path} those of edition {found.edition} (the same code means another "
            f"requirement there); export with --edition {used}, or import into a workbook of "
            f"edition {found.edition}",
        )
    texts = {r.id: r.text for r in load_catalogue(found.edition).requirements}
    result = Applied(assessor=assessor, warnings=tuple(warnings))
    when = date or found.date
    width = max(cols.values())
    for claim in found.claims:
        row = rows.get(claim.requirement.lower())
        if row is None:
            last += 1
            row = last
            _new_row(ws, row, width)
            set_text(ws.cell(row, cols["requirement"]), claim.requirement)
            if "text" in cols:
                set_text(ws.cell(row, cols["text"]), texts.get(claim.requirement))
            result.added += 1
        else:
            result.updated += 1
        _write(ws, row, cols, claim, assessor, when, set_assessor=bool(found.lead_auditor))
    _stretch_tables(ws, head, last)
    atomic_save_workbook(wb, out, force=force)
    return result
