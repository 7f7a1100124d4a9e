"""Findings: what check reports, one per problem, each pointing at a cell."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from fitsm_audit.core.words import is_are, noun, sentence

ERROR = "error"
WARNING = "warning"
# codes that text output folds into one line each (JSON keeps every finding)
EMPTY_REGISTER = "empty-register"  # all empty registers in one line
DUPLICATE_EMPTY_SHEET = "duplicate-empty-sheet"  # the empty copies one file holds of sheets read elsewhere


@dataclass(frozen=True)
class Finding:
    """One problem. ``message`` says what is wrong and ``hint`` what to do, each one whole sentence
    (made so here, whatever the caller wrote), so every output can print them one after the other."""

    severity: str  # error | warning
    code: str  # stable, e.g. invalid-enum
    sheet: str | None
    cell: str | None  # e.g. Agreements!F7
    row: int | None
    column: str | None  # the column header
    value: Any
    message: str
    hint: str = ""
    file: str | None = None  # the workbook it comes from, as given on the command line

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", sentence(self.message))
        object.__setattr__(self, "hint", sentence(self.hint))

    @property
    def text(self) -> str:
        """Message and hint as people read them: ``"x" is not a valid status. Use one of ...``."""
        return f"{self.message} {self.hint}" if self.hint else self.message

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "severity": self.severity, "code": self.code, "file": self.file, "sheet": self.sheet, "cell": self.cell,
            "row": self.row, "column": self.column, "value": value, "message": self.message, "hint": self.hint,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Finding:
        """A finding read back from ``to_dict()`` (a saved check or assessment)."""
        return cls(
            severity=str(data["severity"]), code=str(data.get("code") or ""), sheet=data.get("sheet"),
            cell=data.get("cell"), row=data.get("row"), column=data.get("column"), value=data.get("value"),
            message=str(data.get("message") or ""), hint=str(data.get("hint") or ""), file=data.get("file"),
        )


MAX_PER_CHECK = 5_000  # findings listed per sheet and check; the rest are counted in one line


def capped(frame: Any, sheet: str, what: str, severity: str, out: list[Finding], cap: int = MAX_PER_CHECK,
           many: str | None = None) -> Any:
    """The first ``cap`` rows of a frame of failures; one extra finding counts the rest.

    ``what`` names one failure (``invalid cell``; ``many`` its plural where the rules miss it).
    Keeps a sheet of 150,000 bad rows from flooding the report (and memory) while every kind of
    problem still shows with its cells.
    """
    if frame.height <= cap:
        return frame
    more = frame.height - cap
    out.append(
        Finding(severity, "too-many-findings", sheet, None, None, None, more,
                f"{more:,} more {noun(more, what, many)} on {sheet} {is_are(more)} not listed (the first {cap:,} are)",
                "Fix the listed cells first; the same problem repeats further down the sheet.")
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
