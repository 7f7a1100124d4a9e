"""Text written into a spreadsheet cell as a literal: never a formula, never a character the file
format refuses. One definition for the templates, the FitSM-6 import and the ticket import."""

from __future__ import annotations

import re
from typing import Any

MAX_CELL_TEXT = 32767  # Excel's limit for one cell
# Characters that make a spreadsheet treat typed text as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML cannot hold


def clean_text(text: str) -> str:
    """``text`` without the characters a cell cannot hold, cut to Excel's limit."""
    return ILLEGAL.sub("", text)[:MAX_CELL_TEXT]


def set_text(cell: Any, text: str | None) -> None:
    """A literal text cell (never a formula, quoted where it would read as one), or an empty one."""
    if text is None:
        cell.value = None
        return
    clean = clean_text(text)
    cell.value = clean
    cell.data_type = "s"
    cell.quotePrefix = clean.startswith(FORMULA_TRIGGERS)
