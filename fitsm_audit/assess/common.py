"""Small pure helpers shared by every evidence check: blanks, dates, ratios and ID lists.

Nothing here knows about sheets; the register-aware definitions (D1-D9 in docs/assessment-method.md)
live in :mod:`fitsm_audit.assess.context`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from fitsm_audit.core.dates import add_days, add_months  # noqa: F401 - shared date arithmetic
from fitsm_audit.spec.service_levels import compare_target  # noqa: F401 - shared by the checks
from fitsm_audit.workbook.records import Record

ID_LIST_LIMIT = 20

# The key column that names a row of a sheet without an ``id`` column.
ROW_KEYS = {
    "Catalogue": "service",
    "Processes": "process",
    "Assessment": "requirement",
    "Agreement Terms": "agreement",
    "Roles": "person",
}


def blank(value: Any) -> bool:
    """Empty, whitespace only, or an empty list (D1 conventions)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set)):
        return not any(not blank(v) for v in value)
    return False


def filled(value: Any) -> bool:
    return not blank(value)


def key(value: Any) -> str:
    """The case-insensitive matching key of an ID."""
    if isinstance(value, str):
        return value.strip().lower()
    return str(value).strip().lower()


def as_list(value: Any) -> list[str]:
    """A reflist cell as a list of trimmed IDs (a plain string is split on , ; and line breaks)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[,;\n]", value) if p.strip()]
    if not isinstance(value, (list, tuple, set)):
        return []  # a wrongly typed cell counts as blank
    return [str(v).strip() for v in value if not blank(v)]


_SPLIT = re.compile(r"[,;\n]")


def keys(value: Any) -> list[str]:
    """The matching keys of a reflist cell (the hot path of every check: kept lean)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [p for p in (x.strip().lower() for x in _SPLIT.split(value)) if p]
    if isinstance(value, list):
        return [p for p in (v.strip().lower() for v in value if isinstance(v, str)) if p]
    return [key(v) for v in as_list(value)]


def truthy_text(value: Any) -> bool:
    """A text statement that counts: not blank and not a plain "no"."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    text = str(value).strip().lower()
    return bool(text) and text not in {"no", "n", "false", "0", "-", "none", "n/a"}


def label(rec: Record) -> str:
    """How a row is named in evidence: its ID, its key column, or sheet and row number."""
    if rec.id:
        return rec.id
    col = ROW_KEYS.get(rec.sheet)
    if col and isinstance(rec.values.get(col), str) and rec.values[col].strip():
        return str(rec.values[col]).strip()
    return f"{rec.sheet} row {rec.row}"


def labels(recs: Iterable[Record]) -> list[str]:
    return [label(r) for r in recs]


def id_list(ids: Iterable[str], limit: int = ID_LIST_LIMIT, sep: str = ", ") -> str:
    """The first ``limit`` IDs (or items), then "and N more"."""
    items = list(dict.fromkeys(ids))
    if len(items) <= limit:
        return sep.join(items)
    return f"{sep.join(items[:limit])} and {len(items) - limit:,} more"


def percent(k: int, n: int) -> str:
    """k/n as an integer percentage; never 0 or 100 unless exact."""
    if n <= 0:
        return "n/a"
    p = round(100 * k / n)
    if p == 0 and k > 0:
        p = 1
    if p == 100 and k < n:
        p = 99
    return f"{p} %"


def ratio_text(k: int, n: int) -> str:
    """ "k of n (p %)"."""
    return f"{k} of {n} ({percent(k, n)})"


@dataclass
class Coverage:
    """A population and the members that fail; the exact fraction drives the thresholds."""

    population: list[str] = field(default_factory=list)
    failing: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.population)

    @property
    def k(self) -> int:
        return self.n - len(self.failing)

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.k, self.n) if self.n else None

    def text(self) -> str:
        return ratio_text(self.k, self.n)

    def add(self, item: str, ok: bool) -> None:
        self.population.append(item)
        if not ok:
            self.failing.append(item)


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


