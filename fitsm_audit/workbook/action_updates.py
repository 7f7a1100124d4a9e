"""Read back what a user wrote into a results workbook's Actions sheet: each action's Status and
Comment, matched by action ID (``assess --actions`` and ``report --actions``).

The file is screened like any input workbook first (not a workbook, damaged, encrypted, hostile:
one WorkbookError). Whatever is wrong inside it is a finding naming the cell; the rest is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.core.findings import WARNING, Finding
from fitsm_audit.workbook.container import DEFAULT_LIMITS, Container, Limits, column_letters, sniff

SHEET = "Actions"
STATUSES = ("open", "in progress", "done")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class ActionUpdate:
    status: str  # open | in progress | done | "" (not set)
    comment: str
    cell: str  # the Status cell it was read from


@dataclass
class ActionUpdates:
    """The updates of one results workbook, by action ID, and what was wrong in it."""

    path: str
    provider: str
    by_id: dict[str, ActionUpdate] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def warn(self, code: str, cell: str | None, value: Any, message: str, hint: str = "") -> None:
        self.findings.append(
            Finding(WARNING, code, SHEET, cell, None, None, value, message, hint, self.path)
        )


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_action_updates(path: str, limits: Limits = DEFAULT_LIMITS) -> ActionUpdates:
    """The Status and Comment of every action row of the results workbook at ``path``."""
    sniff(path)
    with Container(path, limits):
        pass  # the same screen as every input: size, zip bombs, DTDs, encryption
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure is one line for the user
        raise WorkbookError(path, f"the results workbook cannot be read ({exc.__class__.__name__})") from None
    try:
        provider = _provider(wb)
        out = ActionUpdates(path, provider)
        if SHEET not in wb.sheetnames:
            out.warn("actions-sheet-missing", None, None, f"{path} has no {SHEET} sheet",
                     "use the results workbook written by assess --format xlsx")
            return out
        _read_rows(wb[SHEET], out)
        return out
    finally:
        wb.close()


def _provider(wb: Any) -> str:
    if "Summary" not in wb.sheetnames:
        return ""
    for row in wb["Summary"].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
        if row and _text(row[0]).lower() == "provider":
            return _text(row[1] if len(row) > 1 else None)
    return ""


def _read_rows(ws: Any, out: ActionUpdates) -> None:
    rows = ws.iter_rows(values_only=True)
    header = [_text(v).lower() for v in next(rows, ())]
    where: dict[str, int] = {n: header.index(n) for n in ("id", "status", "comment") if n in header}
    for name in ("id", "status"):
        if name not in where:
            out.warn("actions-column-missing", f"{SHEET}!A1", None,
                     f"the {SHEET} sheet has no {name.capitalize()} column",
                     "keep the columns as assess wrote them; the statuses are not read")
            return  # fmt: skip
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            out.warn("actions-too-many", None, None, f"only the first {MAX_ROWS} action rows are read")
            return
        _read_row(row, number, where, out)


def _read_row(row: tuple[Any, ...], number: int, where: dict[str, int], out: ActionUpdates) -> None:
    def at(name: str) -> Any:
        i = where.get(name)
        return row[i] if i is not None and i < len(row) else None

    ident, status, comment = _text(at("id")), _text(at("status")).lower(), _text(at("comment"))
    status_cell = f"{SHEET}!{column_letters(where['status'] + 1)}{number}"
    if not ident:
        if status or comment:
            out.warn("action-without-id", f"{SHEET}!{column_letters(where['id'] + 1)}{number}", None,
                     "a status or comment on a row without an action ID is not used")
        return  # fmt: skip
    if status and status not in STATUSES:
        out.warn("invalid-action-status", status_cell, at("status"),
                 f'"{_text(at("status"))}" is not a valid status',
                 f"use one of {', '.join(STATUSES)}")  # fmt: skip
        status = ""
    if ident in out.by_id:
        out.warn("duplicate-action", status_cell, ident, f"{ident} is listed twice; the first row counts")
        return
    out.by_id[ident] = ActionUpdate(status, comment, status_cell)
