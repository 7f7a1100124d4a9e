"""Domain rules that several stages apply, each defined once (docs/assessment-method.md D5, D6).

``check`` (workbook.crosscheck), ``assess`` and the documents all call these, so a review is due,
and an agreement is in force, on the same day whichever command asks. The functions take plain
values, not register rows, so every stage can use them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
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


# The SLA contents of the FitSM training ("Typical contents in an SLA", the seed's SLM slides), as
# the Agreement Terms sheet names its sections. The sheet holds all twelve, so all twelve are
# required: a section the sheet records for an agreement must say something (D5 "complete").
SLA_CONTENTS = (
    "service description",
    "service hours and exceptions",
    "service components and dependencies",
    "support",
    "service level targets",
    "limitations and constraints",
    "communication, reporting and escalation",
    "information security and data protection",
    "additional responsibilities of the provider",
    "customer responsibilities",
    "review",
    "glossary",
)
REQUIRED_SECTIONS = frozenset(SLA_CONTENTS)

# The sections a final agreement document must state, by agreement type (docs/documents.md).
# An SLA all twelve; an OLA or a UA, which a customer never reads, what the provider needs to rely
# on the other party: what is delivered, its support, targets, contacts and escalation, review; a
# UA with an outside supplier also its information security terms, an OLA inside the provider
# the components it supports.
AGREEMENT_SECTIONS: dict[str, tuple[str, ...]] = {
    "SLA": SLA_CONTENTS,
    "OLA": (
        "service description",
        "service components and dependencies",
        "support",
        "service level targets",
        "communication, reporting and escalation",
        "review",
    ),
    "UA": (
        "service description",
        "support",
        "service level targets",
        "communication, reporting and escalation",
        "information security and data protection",
        "review",
    ),
}

# Texts that agree nothing: the whole text is one of these (after trimming case, spaces, a final
# full stop and brackets around it) ...
_PLACEHOLDERS = frozenset({
    "tbd", "tba", "tbc", "todo", "to do", "xxx", "pending", "placeholder", "later", "open",
    "n/a", "n.a", "na", "not applicable", "none", "nil", "null", "empty", "blank",
})
# ... or it starts with a marker of text still to be written ("TBD: ask the customer").
_PLACEHOLDER_START = re.compile(
    r"^(?:tbd|tba|tbc|todo|xxx|lorem ipsum"
    r"|to be (?:defined|determined|decided|agreed|confirmed|completed|written|added|announced"
    r"|clarified|discussed|specified|negotiated|filled in)"
    r"|not (?:yet )?(?:agreed|defined|decided|written|specified|filled in|completed?)"
    r"|not yet)(?![a-z])"
)
_BRACKETS = {"(": ")", "[": "]", "<": ">", "{": "}"}


def placeholder(text: Any) -> bool:
    """D5: a section text that agrees nothing: blank, no letter or digit at all ("-", "?", "..."),
    one of the words that stand for "not written yet" (TBD, n/a, none, pending ...), or a text
    that starts with such a marker ("to be defined", "not yet agreed", "TBD: ..."). A template
    field in brackets ("[insert service hours]") counts too."""
    if text is None:
        return True
    norm = " ".join(str(text).split()).lower()
    while norm[:1] in _BRACKETS and norm.endswith(_BRACKETS[norm[0]]):
        inner = norm[1:-1].strip()
        if norm[0] in "[<{" and inner.startswith(("insert", "enter", "fill in", "add ", "describe")):
            return True
        norm = inner
    norm = norm.rstrip(".!:;, ").strip()
    if not any(c.isalnum() for c in norm):
        return True
    return norm in _PLACEHOLDERS or bool(_PLACEHOLDER_START.match(norm))


def section_unagreed(section: Any, text: Any) -> bool:
    """D5: an Agreement Terms row of a required section whose text is blank or a placeholder."""
    return (
        isinstance(section, str)
        and section.strip().lower() in REQUIRED_SECTIONS
        and placeholder(text)
    )


def unagreed_sections(terms: Iterable[tuple[Any, Any]]) -> list[int]:
    """The positions of the (section, text) rows of one agreement that keep it from being complete."""
    return [i for i, (section, text) in enumerate(terms) if section_unagreed(section, text)]


def agreement_complete(terms: Iterable[tuple[Any, Any]]) -> bool:
    """D5 *complete*: no required section the Agreement Terms sheet records for the agreement is
    blank or a placeholder. A section with no row is not judged (the seed lists the contents as
    "included or referenced": the text may live in the signed document), so an agreement with no
    Agreement Terms row at all is complete, as before this rule. ``check`` warns about every
    agreement in force that is not complete (agreement-incomplete); ``assess`` does not count it
    in force."""
    return not unagreed_sections(terms)
