"""What a failing row shows: the failing cell and its values, read from the workbook contract."""

from __future__ import annotations

import datetime as dt

from fitsm_audit.assess.row_facts import RowFacts, facts
from fitsm_audit.workbook.records import Dataset, Record

D = dt.date


def test_an_interval_review_gives_the_last_date_the_due_date_and_the_interval() -> None:
    rec = Record("Agreements", 4, {"id": "SLA-003", "last_review": D(2025, 1, 31), "review_interval": 1})
    assert facts(Dataset(), rec, "review overdue") == RowFacts(
        "last_review", "last agreement review 2025-01-31, due 2025-02-28, every 1 month"
    )  # calendar months: 31 January + 1 month is 28 February


def test_a_review_never_held_counts_from_the_base_date_or_says_none_is_recorded() -> None:
    signed = Record("Agreements", 5, {"id": "SLA-004", "signed_on": D(2025, 3, 1), "review_interval": None})
    assert facts(Dataset(), signed, "review overdue").detail == (
        "no agreement review yet, signed 2025-03-01, due 2026-03-01, no interval planned, 12 months assumed"
    )
    never = Record("Controls", 6, {"id": "CTL-001"})
    assert facts(Dataset(), never, "not reviewed within its interval") == RowFacts(
        "last_review", "no control review recorded"
    )


def test_an_interval_kept_in_organisation_is_read_from_there() -> None:
    ds = Dataset(fields={"risk_review_interval": 6})
    rec = Record("Risks", 9, {"id": "RSK-008", "last_review": D(2026, 1, 10)})
    assert facts(ds, rec, "not every risk was reviewed").detail == (
        "last risk review 2026-01-10, due 2026-07-10, every 6 months"
    )


def test_a_next_review_date_or_its_absence() -> None:
    dated = Record("Documents", 22, {"id": "DOC-021", "next_review": D(2026, 9, 15)})
    assert facts(Dataset(), dated, "review overdue or not dated") == RowFacts(
        "next_review", "next document review 2026-09-15"
    )
    undated = Record("Documents", 23, {"id": "DOC-022"})
    assert facts(Dataset(), undated, "review overdue or not dated").detail == "no next document review date"


def test_the_blank_columns_a_condition_names_are_the_failing_cells() -> None:
    rec = Record("Risks", 7, {"id": "RSK-006", "asset": "AST-001", "likelihood": None, "impact": 3, "owner": None})
    said = facts(Dataset(), rec, "not every risk has an existing asset, likelihood, impact, level, treatment and owner")
    assert said.column == "likelihood"
    assert said.detail.startswith("Likelihood, ") and said.detail.endswith(" are blank")
    assert "Impact" not in said.detail and "Asset" not in said.detail


def test_a_longer_column_name_wins_over_a_shorter_one_it_contains() -> None:
    rec = Record("Suppliers", 8, {"id": "SUP-007", "relationship_manager": None})
    assert facts(Dataset(), rec, "no relationship manager") == RowFacts(
        "relationship_manager", "Relationship manager is blank"
    )


def test_named_columns_that_are_filled_show_their_values() -> None:
    rec = Record("Processes", 10, {"process": "PR9", "implementation_status": "in progress",
                                   "planned_date": D(2027, 3, 31)})  # fmt: skip
    said = facts(Dataset(), rec, "not every in-scope process is implemented (implementation status, planned date)")
    assert said == RowFacts("implementation_status", "Implementation status: in progress, Planned date: 2027-03-31")


def test_a_named_column_that_is_filled_shows_its_value_and_an_unnamed_one_nothing() -> None:
    rec = Record("Processes", 10, {"process": "PR9", "in_scope": None, "implemented_on": D(2027, 3, 31)})
    assert facts(Dataset(), rec, "not every in-scope process is implemented") == RowFacts(
        "implemented_on", "Implemented on: 2027-03-31"
    )
    assert facts(Dataset(), rec, "availability not monitored") == RowFacts(None, "")
    assert facts(Dataset(), Record("Nowhere", 2, {}), "no owner") == RowFacts(None, "")
