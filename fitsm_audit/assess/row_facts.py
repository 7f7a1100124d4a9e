"""What a failing row shows (docs/assessment-method.md, A1): the cell an auditor should look at
and the values there, in words, so an action says "last agreement review 2025-09-18, due
2026-09-18" and points at the review date, not only at the row's ID.

Both come from the workbook contract, not from a list per check: a condition about a review
reads the sheet's review rule (the same rule ``check`` warns by); any other condition names the
columns it speaks of ("no relationship manager", "has an asset, likelihood, ... and owner"), and
the row's blank ones among them are the failing cells.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from fitsm_audit.assess.common import blank
from fitsm_audit.core.words import count
from fitsm_audit.spec.contract import Column, ReviewRule, Sheet, load_contract
from fitsm_audit.spec.rules import as_date, interval_months, review_due_on
from fitsm_audit.workbook.records import Dataset, Record

_REVIEW = re.compile(r"\b(review\w*|evaluat\w*|reviewed)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_MINOR = {"on", "of", "the", "a", "an", "to", "by", "in", "id", "ids", "and"}
_SHOWN = 3  # columns named per row at most


@dataclass(frozen=True)
class RowFacts:
    """The column that holds the failing value (None: none in particular) and what it says."""

    column: str | None
    detail: str


def facts(dataset: Dataset, rec: Record, condition: str) -> RowFacts:
    """What ``rec`` shows about the failed ``condition``."""
    try:
        sheet = load_contract().sheet(rec.sheet)
    except KeyError:
        return RowFacts(None, "")
    if _REVIEW.search(condition):
        rule = next((r for r in sheet.review if _applies(r, sheet)), None)
        if rule is not None:
            return _review_facts(dataset, rec, rule)
    return _column_facts(rec, sheet, condition)


def _applies(rule: ReviewRule, sheet: Sheet) -> bool:
    names = set(sheet.column_names())
    return all(c in names for c in (rule.last, rule.due) if c)


def _day(value: Any) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def _review_facts(dataset: Dataset, rec: Record, rule: ReviewRule) -> RowFacts:
    if rule.kind == "next":
        nxt = _day(rec[rule.due or ""])
        said = f"next {rule.what} {nxt}" if nxt else f"no next {rule.what} date"
        return RowFacts(rule.due, said)
    raw = rec[rule.interval] if rule.interval else dataset.field(rule.interval_field or "")
    months, planned = interval_months(raw)
    every = f"every {count(months, 'month')}" if planned else f"no interval planned, {months} months assumed"
    last, base = _day(rec[rule.last or ""]), _day(rec[rule.base]) if rule.base else ""
    due = review_due_on(rec[rule.last or ""], raw, rec[rule.base] if rule.base else None)
    if last:
        said = f"last {rule.what} {last}"
    elif base:
        said = f"no {rule.what} yet, {_base_word(rule.base or '')} {base}"
    else:
        return RowFacts(rule.last, f"no {rule.what} recorded")
    return RowFacts(rule.last, f"{said}, due {_day(due) or 'unknown'}, {every}")


def _base_word(column: str) -> str:
    return column.replace("_on", "").replace("_", " ")


def _stems(text: str) -> set[str]:
    return {w[:6] for w in _WORD.findall(text.lower()) if w not in _MINOR}


_NAMED: dict[tuple[str, str], list[Column]] = {}  # (sheet, condition) -> its columns


def _named_columns(sheet: Sheet, condition: str) -> list[Column]:
    """The sheet's columns a condition speaks of, worked out once per sheet and condition."""
    if (sheet.name, condition) not in _NAMED:
        if len(_NAMED) > 10_000:  # conditions are few; a long-lived process stays bounded anyway
            _NAMED.clear()
        _NAMED[(sheet.name, condition)] = _find_named_columns(sheet, condition)
    return _NAMED[(sheet.name, condition)]


def _find_named_columns(sheet: Sheet, condition: str) -> list[Column]:
    """The sheet's columns the condition speaks of: every main word of the column's header
    appears in it (by its first six letters: "implemented" names "Implemented on"). Yes/no
    columns are left out: "in-scope" or "active" in a condition says which rows it is about."""
    said = _stems(condition)
    named = []
    for col in sheet.columns:
        if col.is_key or col.name == sheet.key_column or col.type == "yesno":
            continue
        words = _stems(col.header or col.name.replace("_", " "))
        if words and words <= said:
            named.append(col)
    # "relationship manager" speaks of that column, not also of a plain "manager"
    return [c for c in named if not any(_stems(c.header) < _stems(o.header) for o in named)]


def _column_facts(rec: Record, sheet: Sheet, condition: str) -> RowFacts:
    named = _named_columns(sheet, condition)
    empty = [c for c in named if blank(rec[c.name])]
    if empty:
        shown = ", ".join(c.header for c in empty[:_SHOWN])
        return RowFacts(empty[0].name, f"{shown} {'is' if len(empty) == 1 else 'are'} blank")
    if named:
        shown = ", ".join(f"{c.header}: {_text(rec[c.name])}" for c in named[:_SHOWN])
        return RowFacts(named[0].name, shown)
    return RowFacts(None, "")


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
