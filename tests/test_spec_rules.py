"""The shared domain rules (spec.rules): one definition that check, assess and documents call."""

from __future__ import annotations

import datetime as dt

import pytest

from fitsm_audit.spec.rules import (
    REVIEW_FALLBACK_MONTHS,
    agreement_in_force,
    agreement_signed,
    interval_months,
    overdue,
    review_due_on,
)

D = dt.date


def test_review_due_steps_calendar_months_clamped_to_month_end() -> None:
    assert review_due_on(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert review_due_on(D(2026, 3, 15), 12) == D(2027, 3, 15)
    assert review_due_on(dt.datetime(2026, 3, 15, 9, 30), 3) == D(2026, 6, 15)


def test_review_due_falls_back_to_base_and_to_a_yearly_interval() -> None:
    assert review_due_on(None, 6, base=D(2026, 1, 10)) == D(2026, 7, 10)
    assert review_due_on(D(2026, 1, 10), None) == D(2027, 1, 10)
    assert review_due_on(None, 6) is None
    assert interval_months(None) == (REVIEW_FALLBACK_MONTHS, False)
    assert interval_months(0) == (12, False) and interval_months(True) == (12, False)
    assert interval_months(3) == (3, True)


@pytest.mark.parametrize(
    ("due", "as_of", "grace", "expected"),
    [
        (D(2026, 5, 1), D(2026, 5, 1), 0, False),  # due today: still in date
        (D(2026, 5, 1), D(2026, 5, 2), 0, True),  # one day late
        (D(2026, 5, 1), D(2026, 5, 8), 7, False),  # within the grace days
        (D(2026, 5, 1), D(2026, 5, 9), 7, True),
        (D.max, D(2026, 5, 9), 7, False),  # 9999-12-31 means never
    ],
)
def test_overdue_boundaries(due: dt.date, as_of: dt.date, grace: int, expected: bool) -> None:
    assert overdue(due, as_of, grace) is expected


@pytest.mark.parametrize(
    ("status", "signed", "start", "end", "expected"),
    [
        ("active", D(2026, 1, 1), D(2026, 1, 1), D(2026, 11, 30), True),  # ends on the as-of date
        ("active", D(2026, 1, 1), None, D(2026, 11, 29), False),  # ended the day before
        ("active", D(2026, 1, 1), D(2026, 12, 1), None, False),  # starts tomorrow
        ("active", D(2026, 11, 30), None, None, True),  # signed today, open-ended
        ("active", D(2026, 12, 1), None, None, False),  # signed in the future
        ("active", None, None, None, False),  # never signed: not in force
        ("draft", D(2026, 1, 1), None, None, False),
        ("Active", D(2026, 1, 1), None, None, False),  # statuses are cleaned to lower case first
    ],
)
def test_agreement_in_force(status, signed, start, end, expected) -> None:
    as_of = D(2026, 11, 30)
    assert agreement_in_force(status, signed, start, end, as_of) is expected
    assert agreement_signed(signed, as_of) is (signed is not None and signed <= as_of)


def test_documents_and_assess_share_the_in_force_rule() -> None:
    """An active UA that was never signed underpins nothing: the SLA document, the service
    catalogue and the assessment all ask workbook.agreements (issue: a UA counted as not in force
    by the assessment was shown as underpinning an SLA)."""
    from fitsm_audit.assess.assessment_context import AssessmentContext
    from fitsm_audit.documents import agreement_context
    from fitsm_audit.documents.agreement_context import AgreementContext
    from fitsm_audit.documents.service_catalogue import _Slas
    from fitsm_audit.workbook.records import Dataset, Record

    row = Record(
        "Agreements",
        2,
        {"id": "UA-001", "status": "active", "signed_on": None, "valid_from": None,
         "valid_until": None, "last_review": None, "review_interval": None},
    )
    signed = Record("Agreements", 3, {**row.values, "id": "UA-002", "signed_on": D(2026, 1, 31), "review_interval": 1})
    ds = Dataset(tables={"Agreements": [row, signed]})
    as_of = D(2026, 11, 30)
    tests = (AgreementContext(ds, as_of).in_force, _Slas(ds, as_of).in_force, AssessmentContext(ds, as_of).counts_in_force)
    assert [t(row) for t in tests] == [False, False, False]
    assert [t(signed) for t in tests] == [True, True, True]
    assert agreement_context.next_review(signed) == D(2026, 2, 28)  # calendar months, as check


def test_documents_and_assess_pick_the_same_register_row_for_a_document() -> None:
    """Which Documents row counts (D4): a controlled one over an earlier row that is only
    approved, a retired one never; the SMS plan's document control and assess agree."""
    from fitsm_audit.assess.context import RegisterContext
    from fitsm_audit.documents.common import best_document
    from fitsm_audit.workbook.records import Dataset, Record

    as_of = D(2026, 11, 30)
    base = {"type": "service management plan", "approved_by": "P-1", "approved_on": D(2026, 1, 5),
            "owner": "P-1", "version": "1.0", "location": "wiki", "next_review": D(2027, 1, 5)}
    rows = [
        Record("Documents", 2, {**base, "id": "DOC-1", "status": "retired"}),
        Record("Documents", 3, {**base, "id": "DOC-2", "status": "approved", "owner": None}),
        Record("Documents", 4, {**base, "id": "DOC-3", "status": "approved"}),
        Record("Documents", 5, {**base, "id": "DOC-4", "status": "draft"}),
    ]
    people = [Record("People", 2, {"id": "P-1", "name": "Ann"})]
    dataset = Dataset(tables={"Documents": rows, "People": people})
    chosen = best_document(dataset, "service management plan", as_of)
    assert chosen is not None and chosen.id == "DOC-3"
    assert RegisterContext(dataset, as_of).best_doc("service management plan") is chosen
