"""The generic definitions: dates, ratios, the ladder thresholds, in-date rules, evaluation."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import (
    Coverage,
    add_months,
    as_list,
    blank,
    compare_target,
    id_list,
    percent,
    ratio_text,
    truthy_text,
)
from fitsm_audit.assess.evidence import Condition, grade
from fitsm_audit.assess.ladder import Settings
from fitsm_audit.workbook.records import Dataset, Record

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2025, 6, 30), -12, D(2024, 6, 30)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("k", "n", "text"),
    [
        (7, 9, "7 of 9 (78 %)"),
        (0, 5, "0 of 5 (0 %)"),
        (5, 5, "5 of 5 (100 %)"),
        (199, 200, "199 of 200 (99 %)"),
        (1, 300, "1 of 300 (1 %)"),
        (1, 2, "1 of 2 (50 %)"),
    ],
)
def test_ratio_never_rounds_to_0_or_100_unless_exact(k: int, n: int, text: str) -> None:
    assert ratio_text(k, n) == text


def test_percent_of_empty_population() -> None:
    assert percent(0, 0) == "n/a"


def test_id_list_stops_after_20() -> None:
    ids = [f"SVC-{i:03d}" for i in range(25)]
    assert id_list(ids).endswith("SVC-019 and 5 more")
    assert id_list(["A", "B", "A"]) == "A, B"


@pytest.mark.parametrize(
    ("measured", "target", "met"),
    [
        (99.5, ">= 99", True),
        (98.0, ">=99", False),
        (25, "<= 30", True),
        (31.0, "< 30", False),
        (5, "= 5", True),
        (99.9, "≥ 99.5 %", True),
        (3, "≤ 2", False),
        (1.5, "> 1,2", True),
        (10, "about 10", None),
        (None, ">= 1", None),
        (True, ">= 1", None),
    ],
)
def test_compare_target(measured: object, target: str, met: bool | None) -> None:
    assert compare_target(measured, target) is met


@pytest.mark.parametrize(
    ("value", "is_blank"),
    [
        (None, True),
        ("", True),
        ("  ", True),
        ([], True),
        (["", " "], True),
        ("x", False),
        (["A"], False),
        (0, False),
        (False, False),
    ],
)
def test_blank(value: object, is_blank: bool) -> None:
    assert blank(value) is is_blank


def test_list_cells_and_statements() -> None:
    assert as_list("SVC-001, SVC-002;SVC-003\nSVC-004") == [
        "SVC-001",
        "SVC-002",
        "SVC-003",
        "SVC-004",
    ]
    assert as_list(["A", " ", None]) == ["A"]
    assert truthy_text("we commit") and not truthy_text("no") and not truthy_text(" ")


# The generic ladder G: thresholds compare the exact fraction.
@pytest.mark.parametrize(
    ("fraction", "l3", "l4", "level"),
    [
        (Fraction(0), True, True, 1),
        (Fraction(49, 100), True, True, 1),
        (Fraction(1, 2), True, True, 2),
        (Fraction(99, 100), True, True, 2),
        (Fraction(999, 1000), True, True, 2),
        (Fraction(1), False, True, 2),
        (Fraction(1), True, False, 3),
        (Fraction(1), True, True, 4),
    ],
)
def test_generic_ladder(fraction: Fraction, l3: bool, l4: bool, level: int) -> None:
    got, blocking = grade(fraction, nothing=False, l3=[Condition(l3, "three")], l4=[Condition(l4, "four")])
    assert got == level
    assert (blocking is None) == (level == 4)


def test_ladder_nothing_empty_population_and_cap() -> None:
    assert grade(Fraction(1), nothing=True)[0] == 0
    assert grade(None, nothing=False)[0] == 1  # own rows, empty population (D10 d)
    assert grade(Fraction(1), nothing=False, cap=2) == (2, "level capped (see evidence)")


def test_coverage_counts() -> None:
    cov = Coverage()
    for item, ok in (("A", True), ("B", False), ("C", True)):
        cov.add(item, ok)
    assert (cov.k, cov.n, cov.failing, cov.fraction) == (2, 3, ["B"], Fraction(2, 3))


def _ctx(as_of: dt.date | None = None, **settings: object) -> AssessmentContext:
    as_of = as_of or D(2025, 6, 30)
    ds = Dataset(tables={"People": [Record("People", 2, {"id": "PER-001"})]})
    return AssessmentContext(ds, as_of, Settings(**settings))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("last", "interval", "base", "ok", "planned", "badly"),
    [
        (D(2025, 1, 1), 12, None, True, True, False),
        (D(2024, 6, 30), 12, None, True, True, False),  # due exactly on D
        (D(2024, 6, 29), 12, None, False, True, False),
        (D(2023, 6, 29), 12, None, False, True, True),  # more than one interval overdue
        (None, 12, D(2025, 1, 1), True, True, False),  # falls back to the start date
        (D(2025, 1, 1), None, None, True, False, False),  # interval not planned: 12 assumed
        (D(2025, 12, 1), 12, None, False, True, True),  # a review after D does not exist yet
        (None, 6, None, False, True, True),
    ],
)
def test_in_date_style_a(
    last: dt.date | None,
    interval: int | None,
    base: dt.date | None,
    ok: bool,
    planned: bool,
    badly: bool,
) -> None:
    due = _ctx().review_due(last, interval, base)
    assert (due.ok, due.planned, due.badly) == (ok, planned, badly)


def test_grace_days_extend_due_dates() -> None:
    assert not _ctx().review_due(D(2024, 6, 20), 12).ok
    assert _ctx(grace_days=15).review_due(D(2024, 6, 20), 12).ok


@pytest.mark.parametrize(
    ("approved_on", "next_review", "ok", "planned"),
    [
        (D(2025, 1, 1), D(2026, 1, 1), True, True),
        (D(2025, 1, 1), D(2025, 6, 30), True, True),
        (D(2024, 1, 1), D(2025, 6, 29), False, True),
        (D(2025, 1, 1), D(2030, 1, 1), True, False),  # more than 36 months ahead: not planned
        (D(2025, 1, 1), None, False, False),
    ],
)
def test_in_date_style_b(
    approved_on: dt.date, next_review: dt.date | None, ok: bool, planned: bool
) -> None:
    doc = Record("Documents", 2, {"approved_on": approved_on, "next_review": next_review})
    due = _ctx().document_review_due(doc)
    assert (due.ok, due.planned) == (ok, planned)


@pytest.mark.parametrize(
    ("values", "evaluated"),
    [
        ({"measured_value": 99.0, "target": ">= 98", "period_end": D(2025, 5, 31)}, True),
        ({"measured_value": 90.0, "target": ">= 98", "period_end": D(2025, 5, 31)}, True),  # missed
        (
            {"measured_value": 99.0, "target": "high", "period_end": D(2025, 5, 31)},
            False,
        ),  # met unknown
        (
            {"measured_value": 99.0, "target": "high", "period_end": D(2025, 5, 31), "met": True},
            True,
        ),
        (
            {"measured_value": None, "target": ">= 98", "period_end": D(2025, 5, 31), "met": True},
            False,
        ),
        (
            {"measured_value": 99.0, "target": ">= 98", "period_end": D(2024, 12, 1)},
            False,
        ),  # window
        (
            {"measured_value": 99.0, "target": ">= 98", "period_end": D(2025, 7, 31)},
            False,
        ),  # after D
    ],
)
def test_evaluated_targets(values: dict, evaluated: bool) -> None:
    assert _ctx().evaluated(Record("Targets", 2, values), 6) is evaluated


def test_recent_and_owner_rules() -> None:
    ctx = _ctx()
    assert ctx.recent(D(2024, 6, 30), 12) and not ctx.recent(D(2024, 6, 29), 12)
    assert not ctx.recent(D(2025, 7, 1), 12) and not ctx.recent("2025-06-01", 12)
    assert ctx.assigned("per-001") and not ctx.assigned("PER-002") and not ctx.assigned(None)
    assert ctx.contact("someone@example.org") and not ctx.contact("someone")


# Users type 9999-12-31 for "never" and 0001-01-01 for "always": date sums saturate, never overflow.
MAX, MIN = dt.date.max, dt.date.min


@pytest.mark.parametrize(
    ("as_of", "approved_on", "next_review", "grace", "ok", "badly"),
    [
        (D(2025, 6, 30), D(2025, 1, 1), MAX, 0, True, False),
        (D(2025, 6, 30), None, MAX, 30, True, False),
        (D(9999, 12, 15), D(9999, 1, 1), MAX, 30, True, False),
        (D(9999, 12, 15), D(2025, 1, 1), D(9999, 12, 1), 0, False, False),
        (D(1, 1, 2), None, MIN, 30, True, False),  # as_of - grace below date.min
        (MAX, None, D(2025, 1, 1), 0, False, True),
    ],
)
def test_in_date_style_b_saturates_at_the_calendar_ends(
    as_of: dt.date,
    approved_on: dt.date | None,
    next_review: dt.date,
    grace: int,
    ok: bool,
    badly: bool,
) -> None:
    doc = Record("Documents", 2, {"approved_on": approved_on, "next_review": next_review})
    due = _ctx(as_of, grace_days=grace).document_review_due(doc)
    assert (due.ok, due.badly) == (ok, badly)


@pytest.mark.parametrize(
    ("as_of", "last", "interval", "grace", "ok", "badly"),
    [
        (D(9999, 12, 15), D(9999, 6, 1), 12, 30, True, False),  # due saturates at date.max
        (D(9999, 12, 15), D(9999, 12, 1), 10**9, 1, True, False),  # a huge interval
        (MAX, D(2025, 1, 1), 12, 0, False, True),
        (D(1, 6, 1), D(1, 1, 1), 1, -30, False, True),
    ],
)
def test_in_date_style_a_saturates_at_the_calendar_ends(
    as_of: dt.date, last: dt.date, interval: int, grace: int, ok: bool, badly: bool
) -> None:
    due = _ctx(as_of, grace_days=grace).review_due(last, interval)
    assert (due.ok, due.badly) == (ok, badly)


@pytest.mark.parametrize(
    ("as_of", "frequency", "start"),
    [
        (D(1, 1, 3), "weekly", MIN),
        (D(1, 1, 3), "monthly", MIN),
        (D(9999, 12, 15), "daily", D(9999, 12, 13)),
        (D(2025, 3, 31), "monthly", D(2025, 2, 27)),
    ],
)
def test_report_period_start_saturates(as_of: dt.date, frequency: str, start: dt.date) -> None:
    from fitsm_audit.assess.queries import period_start

    assert period_start(_ctx(as_of, grace_days=1), frequency) == start
