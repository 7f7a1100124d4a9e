"""Date arithmetic shared by every stage: month steps clamped to the month end, and sums that
saturate at the calendar's ends instead of overflowing (users type 9999-12-31 for "never")."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole ``months``, clamped to the target month's end (Jan 31 + 1 -> Feb 28/29);
    saturates at ``date.min`` / ``date.max``."""
    total = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(total, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    month = month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` (negative allowed), saturating at ``date.min`` / ``date.max``."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min
