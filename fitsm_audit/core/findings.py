"""Findings: what check reports, one per problem, each pointing at a cell."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning
    code: str  # stable, e.g. invalid-enum
    sheet: str | None
    cell: str | None  # e.g. Agreements!F7
    row: int | None
    column: str | None  # the column header
    value: Any
    message: str
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "severity": self.severity, "code": self.code, "sheet": self.sheet, "cell": self.cell, "row": self.row,
            "column": self.column, "value": value, "message": self.message, "hint": self.hint,
        }

    def sort_key(self) -> tuple[Any, ...]:
        return (self.sheet or "", self.row or 0, self.cell or "", self.code)


MAX_PER_CHECK = 5_000  # findings listed per sheet and check; the rest are counted in one line


def capped(frame: Any, sheet: str, what: str, severity: str, out: list[Finding], cap: int = MAX_PER_CHECK) -> Any:
    """The first ``cap`` rows of a frame of failures; one extra finding counts the rest.

    Keeps a sheet of 150,000 bad rows from flooding the report (and memory) while every kind of
    problem still shows with its cells.
    """
    if frame.height <= cap:
        return frame
    out.append(
        Finding(severity, "too-many-findings", sheet, None, None, None, frame.height - cap,
                f"{frame.height - cap:,} more {what} on {sheet} are not listed (the first {cap:,} are)",
                "fix the listed cells first; the same problem repeats further down the sheet")
    )
    return frame.head(cap)


def summarise(findings: list[Finding], sheets: int, rows: int) -> dict[str, int]:
    """The JSON summary block."""
    counts = Counter(f.severity for f in findings)
    return {"errors": counts[ERROR], "warnings": counts[WARNING], "sheets": sheets, "rows": rows}


# C0 controls (but tab and line feed), DEL and the C1 controls (U+0080-U+009F, e.g. U+009B CSI)
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0, 9), *range(11, 32), *range(127, 160)]}


def printable(text: str) -> str:
    """Text with control characters shown as escapes, so they cannot disturb a terminal."""
    return text.translate(_CONTROL)


def quote(value: Any) -> str:
    """A cell value as shown in a message."""
    text = printable(str(value))
    if len(text) > 60:
        text = text[:57] + "..."
    return f'"{text}"'
