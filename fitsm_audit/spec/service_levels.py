"""Service level rules that check, assess and the service reports share, each defined once
(docs/assessment-method.md D7, docs/documents.md "Service reports").

* whether a measured value meets a target written "op number" (``>= 99.5``, ``<= 30``);
* whether a measurement's unit is its target's unit;
* the reporting period a report of a given frequency last had to cover, and calendar months as
  the periods of the service reports.

Plain values in, plain values out, so every stage can call them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from fitsm_audit.core.dates import add_days, add_months

_TARGET_RE = re.compile(r"^\s*(>=|<=|=>|=<|≥|≤|>|<|==|=)\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*$")
_OPS = {"=>": ">=", "=<": "<=", "≥": ">=", "≤": "<=", "==": "="}

# the frequencies of the Reports register whose periods are calendar periods (on demand has none)
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}


def parse_target(target: Any) -> tuple[str, float] | None:
    """``(operator, number)`` of a target written "op number"; None when it is not in that form."""
    if not isinstance(target, str):
        return None
    m = _TARGET_RE.match(target)
    if not m:
        return None
    op = _OPS.get(m.group(1), m.group(1))
    return op, float(m.group(2).replace(",", "."))


def compare_target(measured: Any, target: Any) -> bool | None:
    """Whether ``measured`` meets a target written "op number" (>=, <=, >, <, = or symbols)."""
    if not isinstance(measured, (int, float)) or isinstance(measured, bool):
        return None
    parsed = parse_target(target)
    if parsed is None:
        return None
    op, num = parsed
    return {
        ">=": measured >= num,
        "<=": measured <= num,
        ">": measured > num,
        "<": measured < num,
        "=": measured == num,
    }[op]


def unit_key(unit: Any) -> str:
    """How units are compared: case and spacing do not matter (``% of Orders`` = ``%  of orders``)."""
    return " ".join(str(unit or "").lower().split())


def units_match(measured_unit: Any, target_unit: Any) -> bool:
    """A blank measurement unit means the target's; otherwise both must say the same."""
    return not unit_key(measured_unit) or unit_key(measured_unit) == unit_key(target_unit)


def last_period(frequency: Any, as_of: dt.date) -> tuple[dt.date, dt.date] | None:
    """The last whole period a report of ``frequency`` covers, ended before ``as_of``: for a monthly
    report on 30 November the October month, for a quarterly one the July-September quarter
    (calendar quarters, halves and years; weeks from Monday; a day for daily). None for on demand
    or an unknown frequency."""
    if frequency == "daily":
        day = add_days(as_of, -1)
        return day, day
    if frequency == "weekly":
        monday = add_days(as_of, -as_of.weekday() - 7)
        return monday, add_days(monday, 6)
    months = PERIOD_MONTHS.get(str(frequency or ""))
    if months is None:
        return None
    first_month = ((as_of.month - 1) // months) * months + 1  # the period as_of falls in
    start = add_months(dt.date(as_of.year, first_month, 1), -months)
    end = add_days(add_months(start, months), -1)
    return start, end


def overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    """Whether two closed date ranges share a day."""
    return a[0] <= b[1] and b[0] <= a[1]


def month_of(text: str) -> tuple[dt.date, dt.date] | None:
    """``2026-10`` -> (2026-10-01, 2026-10-31); None when the text is not a year and month."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def month_key(day: dt.date) -> str:
    """The period label of the month ``day`` falls in: ``2026-10``."""
    return f"{day.year:04d}-{day.month:02d}"
