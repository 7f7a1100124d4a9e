"""GR rules count their whole population, every in-scope process PR1-PR14: what the registers can
show is counted, what they cannot show is named in the evidence (D14, table T1)."""

from __future__ import annotations

from test_assess_checks_gr import run
from test_assess_fixture import D, drop, no_kpi, put, put_all

NOT_SHOWN_RECORDS = (
    "not shown by the registers: PR9, PR10, PR11, PR12 and PR13 are in scope, but the workbook has no "
    "register of their records (keep them in your own tools and show them to the auditor)"
)


def failing(ev) -> dict[str, list[str]]:  # noqa: ANN001
    return {f.condition: f.ids for f in ev.failing}


# ---------------------------------------------------------------------- GR2.3
def test_gr2_3_counts_pr14_and_names_the_in_scope_processes_it_cannot_show() -> None:
    ev = run("GR2.3")
    assert ev.level == 4 and (ev.covered, ev.population) == (9, 9)
    assert ev.texts[:2] == [
        "9 of 9 in-scope processes whose records the workbook holds (PR1-PR8, PR14) have outputs and "
        "recent activity records (100 %)",
        NOT_SHOWN_RECORDS,
    ]


def test_gr2_3_an_empty_improvements_register_is_pr14_without_outputs() -> None:
    ev = run("GR2.3", drop("Improvements"))
    assert ev.level == 2 and failing(ev) == {"outputs or activity records missing": ["PR14"]}
    assert "PR14: empty output register Improvements" in ev.texts


def test_gr2_3_old_improvements_are_pr14_without_recent_activity() -> None:
    ev = run("GR2.3", put_all("Improvements", raised_on=D(2023, 1, 1), closed_on=None))
    assert ev.level == 2 and ev.ids() == ["PR14"]


def test_gr2_3_level_4_needs_a_kpi_for_every_in_scope_process_also_pr9() -> None:
    ev = run("GR2.3", no_kpi("PR9"))
    assert ev.level == 3 and failing(ev) == {"not every in-scope process is measured by a KPI": ["PR9"]}


def test_gr2_3_out_of_scope_processes_are_neither_counted_nor_named() -> None:
    ev = run("GR2.3", *(put("Processes", p, in_scope=False) for p in ("PR9", "PR10", "PR11", "PR12", "PR13", "PR14")))
    assert (ev.covered, ev.population) == (8, 8)
    assert not any(t.startswith("not shown by the registers") for t in ev.texts)


# ---------------------------------------------------------------------- GR5.1
def test_gr5_1_an_in_scope_process_not_implemented_stops_level_3() -> None:
    """PR13 is planned for later, so its date does not count it as due; still, the SM plan is not
    implemented while an in-scope process is not (the sample's PR9)."""
    ev = run("GR5.1", put("Processes", "PR13", implementation_status="in progress", planned_date=D(2026, 3, 31)))
    assert (ev.level, ev.blocking) == (2, "not yet: every in-scope process is implemented (implementation status, planned date)")
    assert failing(ev) == {"not every in-scope process is implemented (implementation status, planned date)": ["PR13"]}


def test_gr5_1_a_process_without_a_status_is_named_once() -> None:
    ev = run("GR5.1", put("Processes", "PR13", implementation_status=None, planned_date=D(2026, 3, 31)))
    assert ev.level == 2
    assert failing(ev) == {"not every in-scope process has an implementation status": ["PR13"]}


def test_gr5_1_an_out_of_scope_process_not_implemented_does_not_count() -> None:
    ev = run("GR5.1", put("Processes", "PR13", in_scope=False, implementation_status="not started"))
    assert ev.level == 4


# ---------------------------------------------------------------------- GR5.2
def test_gr5_2_names_the_in_scope_processes_whose_recurring_activities_it_cannot_show() -> None:
    ev = run("GR5.2")
    assert ev.level == 4
    assert ev.texts[0].endswith("recurring activities of the in-scope processes are in date (100 %)")
    assert "PR1-PR8" not in ev.texts[0]
    assert ev.texts[1] == (
        "not shown by the registers: PR9, PR10, PR11, PR12, PR13 and PR14 are in scope, but the "
        "workbook records none of their recurring activities (PR14's improvements and their due "
        "dates count in GR7.1 and GR7.2)"
    )
