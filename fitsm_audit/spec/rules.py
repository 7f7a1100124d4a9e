"""Domain rules that several stages apply, each defined once (docs/assessment-method.md D5, D6).

``check`` (workbook.crosscheck), ``assess`` and the documents all call these, so a review is due,
and an agreement is in force, on the same day whichever command asks. The functions take plain
values, not register rows, so every stage can use them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.core.dates import add_days, add_months

REVIEW_FALLBACK_MONTHS = 12  # a row whose review interval is blank is reviewed yearly (flagged)
AGREEMENT_ACTIVE = "active"


def as_date(value: Any) -> dt.date | None:
    """A date cell's value as a date (datetimes lose their time); anything else: None."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def interval_months(value: Any, fallback: int = REVIEW_FALLBACK_MONTHS) -> tuple[int, bool]:
    """A review interval in months, and whether it was planned (a positive whole number)."""
    planned = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return (value if planned else fallback), planned


def review_due_on(last: Any, interval: Any, base: Any = None,
                  fallback: int = REVIEW_FALLBACK_MONTHS) -> dt.date | None:
    """D6 style A: the day the next review is due, the last review (else ``base``, e.g. the
    signing date) plus the interval in calendar months; None when neither date is known."""
    start = as_date(last) or as_date(base)
    if start is None:
        return None
    return add_months(start, interval_months(interval, fallback)[0])


def overdue(due: dt.date, as_of: dt.date, grace_days: int = 0) -> bool:
    """A review due on ``due`` is overdue on ``as_of``: due (plus grace) is before the as-of date.
    A review due on the as-of date itself is still in date."""
    return add_days(due, grace_days) < as_of


def agreement_signed(signed_on: Any, as_of: dt.date) -> bool:
    """D5: signed on or before the as-of date."""
    day = as_date(signed_on)
    return day is not None and day <= as_of


def agreement_in_force(status: Any, signed_on: Any, valid_from: Any, valid_until: Any,
                       as_of: dt.date) -> bool:
    """D5: active, signed, and within its validity on the as-of date (both ends included)."""
    if status != AGREEMENT_ACTIVE or not agreement_signed(signed_on, as_of):
        return False
    start, end = as_date(valid_from), as_date(valid_until)
    return (start is None or start <= as_of) and (end is None or end >= as_of)
