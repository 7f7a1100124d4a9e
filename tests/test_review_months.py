"""Review intervals are calendar months everywhere: a review held on 31 January with a 1-month
interval is due on 28 February (not 2 or 3 March), in check, assess and the documents alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from checkdata import DATA, FIELDS, column_letter, mutate
from test_assess_fixture import add, apply_all, drop, field, model, put

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.registry import BY_V2, CHECKS
from fitsm_audit.documents.agreement_context import next_review
from fitsm_audit.spec.rules import review_due_on
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms
from fitsm_audit.workbook.records import Record

D = dt.date
HELD = D(2026, 1, 31)
DUE = D(2026, 2, 28)  # one calendar month later, clamped to the month's end
LATE = D(2026, 3, 1)  # overdue by calendar months; still "in date" by 30 or 31 days


def test_the_shared_rule_steps_calendar_months() -> None:
    assert review_due_on(HELD, 1) == DUE
    assert review_due_on(None, 1, base=HELD) == DUE


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The check workbook with SLA-001 (row 2) reviewed on 31 January, every month."""
    base = tmp_path_factory.mktemp("months") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(base)

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["Agreements"]
        for column, value in (
            ("signed_on", D(2026, 1, 1)),
            ("valid_from", D(2026, 1, 1)),
            ("last_review", HELD),
            ("review_interval", 1),
        ):
            ws[f"{column_letter('Agreements', column)}2"] = value

    return mutate(base, base.with_name("monthly.xlsx"), change)


def _agreement_reviews(path: Path, as_of: dt.date) -> list[str]:
    result = read_sms([str(path)], as_of)
    return [f.message for f in result.findings if f.sheet == "Agreements" and f.code.startswith("review")]


def test_check_counts_calendar_months(monthly: Path) -> None:
    assert _agreement_reviews(monthly, DUE) == []
    assert _agreement_reviews(monthly, LATE) == [
        "Agreement review of SLA-001 is overdue: last 2026-01-31, due 2026-02-28 (every 1 month)."
    ]


def _sla_review_failing(as_of: dt.date) -> list[str]:
    ds = apply_all(model(), put("Agreements", "SLA-002", last_review=HELD, review_interval=1))
    ctx = AssessmentContext(ds, as_of)
    return CHECKS[BY_V2["PR2.3"]][0](ctx).ids()


def test_assess_counts_calendar_months() -> None:
    ctx = AssessmentContext(model(), DUE)
    due = ctx.review_due(HELD, 1)
    assert (due.ok, due.due) == (True, DUE)
    assert not AssessmentContext(model(), LATE).review_due(HELD, 1).ok
    assert "SLA-002" not in _sla_review_failing(DUE)
    assert "SLA-002" in _sla_review_failing(LATE)


def test_documents_count_calendar_months() -> None:
    row = Record("Agreements", 2, {"last_review": HELD, "review_interval": 1, "signed_on": D(2026, 1, 1)})
    assert next_review(row) == DUE


def _management_reviews(*dates: dt.date) -> int | None:
    ds = apply_all(
        model(),
        field(management_review_interval=1),
        drop("Reviews", where=lambda r: r["type"] == "management review"),
        *(add("Reviews", id=f"REV-9{i}", type="management review", date=d, outcome="ok")
          for i, d in enumerate(dates)),
    )
    return CHECKS[BY_V2["GR1.1"]][0](AssessmentContext(ds, D(2025, 6, 30))).level


def test_gr1_1_spacing_of_management_reviews_is_one_calendar_month() -> None:
    """30 April + 1 month = 30 May: a review on 31 May is more than one interval later (it used
    to pass as 31 days <= 1 x 31)."""
    assert _management_reviews(D(2025, 4, 30), D(2025, 5, 30)) == 4
    assert _management_reviews(D(2025, 4, 30), D(2025, 5, 31)) == 3


def test_the_remembered_review_dates_tell_true_from_1_and_a_text_from_a_list() -> None:
    """review_due remembers its answers by argument: an interval of TRUE (not planned, the
    fallback) and one of 1 month (planned) stay apart, and an unhashable value is still judged."""
    from fitsm_audit.workbook.records import Dataset

    ctx = AssessmentContext(Dataset(), D(2026, 3, 15), None)
    one = ctx.review_due(HELD, 1)
    assert one.planned and one.due == DUE and not one.ok
    flag = ctx.review_due(HELD, True)
    assert not flag.planned and flag.due != DUE
    assert ctx.review_due(HELD, 1) == one and ctx.review_due(HELD, 1.0).planned is False
    assert ctx.review_due(["2026-01-31"], 1).due is None  # a list is no date; judged, not kept
