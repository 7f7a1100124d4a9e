"""The audit layer (docs/assessment-method.md A1-A5): records behind each level with their cells,
graded findings, actions with owner and due date, and the readiness verdict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from checkdata import column_letter
from test_assess_fixture import AS_OF, apply_all, drop, field, model, put

from fitsm_audit.assess import assess
from fitsm_audit.assess.result import AssessmentResult
from fitsm_audit.workbook.pipeline import read_sms

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pizza-delivery.xlsx"
SAMPLE_AS_OF = dt.date(2026, 11, 30)


def sample_result(path: Path = SAMPLE) -> AssessmentResult:
    checked = read_sms([str(path)], SAMPLE_AS_OF)
    return assess(checked.dataset, as_of=SAMPLE_AS_OF, findings=[f.to_dict() for f in checked.findings])


@pytest.fixture(scope="module")
def sample() -> AssessmentResult:
    return sample_result()


# ---------------------------------------------------------------------- A1 evidence trail
def test_records_name_the_failing_and_the_supporting_rows_by_cell(sample: AssessmentResult) -> None:
    r = sample.requirement("PR2.2")
    fails = [(x.id, x.cell, x.row, x.why) for x in r.records if x.role == "fails"]
    assert fails == [("SVC-004", "Services!A5", 5, "no SLA in force covers it")]
    supports = {x.id: x.cell for x in r.records if x.role == "supports"}
    assert supports.items() >= {"SVC-001": "Services!A2", "SVC-002": "Services!A3", "SVC-003": "Services!A4"}.items()
    assert "SVC-004" not in supports and r.records_total == len(r.records)


def test_a_moved_column_moves_the_cell(tmp_path: Path) -> None:
    """Cells are the user's own: with a column inserted before the IDs, SVC-004 is in column B."""
    wb = openpyxl.load_workbook(SAMPLE)
    wb["Services"].insert_cols(1)
    wb["Services"]["A1"] = "Notes"
    moved = tmp_path / "moved.xlsx"
    wb.save(moved)
    r = sample_result(moved).requirement("PR2.2")
    assert [(x.id, x.cell) for x in r.records if x.role == "fails"] == [("SVC-004", "Services!B5")]


def test_every_failing_row_and_twenty_supporting_rows_are_kept() -> None:
    many = model()
    services = many.tables["Services"]
    template = services[0]
    for i in range(40):
        services.append(type(template)("Services", 100 + i, {**template.values, "id": f"SVC-{500 + i}"}))
    r = assess(many, as_of=AS_OF).requirement("PR1.1")
    supports = [x for x in r.records if x.role == "supports"]
    assert len(supports) == 20 and r.records_total > 40


# ---------------------------------------------------------------------- A3 grading, A4 actions
def test_a_minor_gap_gets_a_graded_finding_and_an_action_for_its_process_manager() -> None:
    result = assess(apply_all(model(), put("Services", "SVC-001", owner=None)), as_of=AS_OF)
    r = result.requirement("PR1.1")
    assert r.level == 2 and r.finding is not None and r.finding.grade == "minor nonconformity"
    assert "SVC-001" in r.finding.statement and r.finding.statement.startswith("PR1.1 expects:")
    (action,) = [a for a in result.actions if "PR1.1" in a.requirements]
    assert "SVC-001" in action.what
    assert (action.owner, action.owner_source) == ("PER-002", "process manager of PR1")
    assert (action.priority, action.due) == ("medium", AS_OF + dt.timedelta(days=90))
    assert action.guidance  # the general advice survives beside the specific action


@pytest.mark.parametrize(
    ("mutations", "owner", "source"),
    [
        ([put("Processes", "PR1", manager=None), drop("Roles")], "PER-001", "process owner of PR1"),
        ([put("Processes", "PR1", manager=None, owner=None), drop("Roles")], "PER-002", "SMS manager"),
        (
            [put("Processes", "PR1", manager=None, owner=None), drop("Roles"), field(sms_manager=None)],
            "PER-001",
            "SMS owner",
        ),
    ],
)
def test_the_owner_falls_back_along_the_roles(mutations: list, owner: str, source: str) -> None:
    result = assess(apply_all(model(), put("Services", "SVC-001", owner=None), *mutations), as_of=AS_OF)
    (action,) = [a for a in result.actions if "PR1.1" in a.requirements]
    assert (action.owner, action.owner_source) == (owner, source)


def test_an_absent_requirement_is_a_major_nonconformity_due_in_30_days() -> None:
    result = assess(apply_all(model(), drop("Services")), as_of=AS_OF)
    r = result.requirement("PR1.1")
    assert r.level == 0 and r.finding is not None and r.finding.grade == "major nonconformity"
    first = result.actions[0]
    assert first.priority == "high" and first.due == AS_OF + dt.timedelta(days=30)
    assert result.readiness is not None and result.readiness.verdict == "not ready"
    first_reason = result.readiness.reasons[0]
    assert "major nonconformit" in first_reason and "PR1.1" in first_reason


def test_a_lapse_a_gr_requirement_lists_again_is_one_action(sample: AssessmentResult) -> None:
    """GR5.2 lists the overdue SLA-003, RSK-008 and CUS-005 that PR2.3, PR6.2 and PR7.4 fail
    already: it joins their actions instead of adding a second one."""
    by_record = {}
    for a in sample.actions:
        for cell in a.records:
            by_record.setdefault(cell, []).append(a)
    (sla,) = by_record[f"Agreements!{column_letter('Agreements', 'last_review')}4"]
    assert sla.requirements == ["PR2.3", "GR5.2"] and sla.what.startswith("Review overdue: SLA-003")
    assert not any(a.requirements == ["GR5.2"] for a in sample.actions)
    whats = [a.what for a in sample.actions]
    assert len(whats) == len(set(whats))  # no two actions say the same thing


def test_an_action_names_the_failing_cell_and_what_it_says(sample: AssessmentResult) -> None:
    """Not only the row's ID: the review date an auditor looks at, and its values."""
    last = column_letter("Agreements", "last_review")
    (sla,) = [a for a in sample.actions if "SLA-003" in a.what]
    assert sla.records == [f"Agreements!{last}4"]
    assert sla.what == (
        f"Review overdue: SLA-003 (Agreements!{last}4: last agreement review 2025-09-18, "
        "due 2026-09-18, every 12 months)"
    )
    manager = column_letter("Suppliers", "relationship_manager")
    (sup,) = [a for a in sample.actions if "SUP-007" in a.what]
    assert sup.what == f"No relationship manager: SUP-007 (Suppliers!{manager}8: Relationship manager is blank)"
    (rec,) = [r for r in sample.requirement("PR8.2").records if r.role == "fails"]
    assert (rec.cell, rec.detail) == (f"Suppliers!{manager}8", "Relationship manager is blank")


def test_a_blank_policy_statement_is_a_record_with_its_cell(sample: AssessmentResult) -> None:
    """GR1.2's missing commitment is the Organisation cell to fill, in the finding, the trail and
    the action; the finding quotes what the requirement lists, not only its first line."""
    gr12 = sample.requirement("GR1.2")
    (rec,) = [r for r in gr12.records if r.role == "fails"]
    assert (rec.sheet, rec.id, rec.cell, rec.detail) == (
        "Organisation", "Policy process approach", "Organisation!B10", "blank"
    )
    assert gr12.finding is not None
    assert gr12.finding.statement.startswith(
        "GR1.2 expects: The service management policy shall include: a commitment to fulfil "
        "customer service requirements;"
    )
    assert "Policy process approach (Organisation!B10: blank)" in gr12.finding.statement
    (action,) = [a for a in sample.actions if a.requirements == ["GR1.2"]]
    assert action.records == ["Organisation!B10"]


def test_a_met_requirement_whose_next_level_fails_is_an_opportunity_for_improvement(
    sample: AssessmentResult,
) -> None:
    gr61 = sample.requirement("GR6.1")
    assert gr61.status == "met" and gr61.level == 3 and gr61.finding is not None
    assert gr61.finding.grade == "opportunity for improvement"
    assert "Level 4 needs: every measured KPI has two evaluated periods (a trend)" in gr61.finding.statement
    (action,) = [a for a in sample.actions if "GR6.1" in a.requirements]
    assert action.priority == "low" and action.records == ["KPIs!C22"]
    assert gr61 in sample.graded() and gr61 not in sample.gaps()
    claimed = sample.requirement("PR14.1")  # met on the self-assessment alone: nothing to offer
    assert claimed.status == "met" and claimed.finding is None


def test_findings_sharing_a_cause_share_one_action(sample: AssessmentResult) -> None:
    """Catering (SVC-004) has no SLA (PR2.2) and no availability monitoring (PR4.4): one
    corrective action for both, and each finding names the other."""
    (svc,) = [a for a in sample.actions if "SVC-004" in a.what]
    assert svc.requirements == ["PR2.2", "PR4.4"]
    assert svc.what == "SVC-004 (Services!A5): no SLA in force covers it; availability not monitored"
    pr22, pr44 = sample.requirement("PR2.2").finding, sample.requirement("PR4.4").finding
    assert pr22 is not None and pr44 is not None
    assert (pr22.actions, pr22.shared_with) == ([svc.id], ["PR4.4"])
    assert (pr44.actions, pr44.shared_with) == ([svc.id], ["PR2.2"])
    lone = sample.requirement("PR8.2").finding
    assert lone is not None and lone.shared_with == [] and len(lone.actions) == 1


def test_action_ids_are_stable_and_the_plan_is_sorted(sample: AssessmentResult) -> None:
    again = sample_result()
    assert [a.id for a in again.actions] == [a.id for a in sample.actions]
    assert len({a.id for a in sample.actions}) == len(sample.actions)
    rank = {"high": 0, "medium": 1, "low": 2}
    keys = [(rank[a.priority], a.due) for a in sample.actions]
    assert keys == sorted(keys)
    assert all(a.owner and a.owner_source for a in sample.actions)


def test_a_requirement_the_registers_cannot_show_is_no_urgent_gap() -> None:
    """Not applicable from the registers and not self-assessed: an opportunity for improvement
    (self-assess it), low priority, never among the urgent actions."""
    ds = apply_all(model(), put_status_all_retired(), put("Assessment", "PR2.2", level=None))
    r = assess(ds, as_of=AS_OF).requirement("PR2.2")
    assert r.na_reason and r.level is None
    assert r.finding is not None and r.finding.grade == "opportunity for improvement"
    assert r.priority == "low"


def put_status_all_retired():  # noqa: ANN201
    def apply(ds):  # noqa: ANN001, ANN202
        for rec in ds.rows("Services"):
            rec.values["status"] = "retired"

    return apply


# ---------------------------------------------------------------------- A5 readiness
def test_readiness_verdicts() -> None:
    ready = assess(model(), as_of=AS_OF).readiness
    assert ready is not None and ready.verdict == "ready" and not ready.reasons[0].startswith("1 ")
    minor = assess(apply_all(model(), put("Services", "SVC-001", owner=None)), as_of=AS_OF).readiness
    assert minor is not None and minor.verdict == "ready after minor actions"
    assert minor.reasons[0] == "1 minor nonconformity: PR1.1"


def test_the_sample_is_ready_after_minor_actions_with_reasons(sample: AssessmentResult) -> None:
    assert sample.readiness is not None and sample.readiness.verdict == "ready after minor actions"
    reasons = " ".join(sample.readiness.reasons)
    assert "17 minor nonconformities" in reasons and "rest on the self-assessment alone" in reasons
    assert "claims more than the registers show: GR5.1, PR2.2, PR6.2, PR8.2" in reasons


def test_a_comment_naming_a_lapse_the_evidence_does_not_cite_is_a_discrepancy(
    sample: AssessmentResult,
) -> None:
    """PR3.3's self-assessment says "one late report in September (IMP-010)" while the evidence
    counts every report on schedule: the report shows the conflict instead of hiding it."""
    r = sample.requirement("PR3.3")
    assert r.comment_conflict is not None and "IMP-010 (Improvements)" in r.comment_conflict
    assert sample.readiness is not None
    assert any("comments name records the evidence does not cite: PR3.3" in x for x in sample.readiness.reasons)
    assert sum(1 for x in sample.requirements if x.comment_conflict) == 1


def test_recorded_kpis_are_shown_against_their_own_targets(sample: AssessmentResult) -> None:
    by_name = {k.name: k for k in sample.kpi_targets}
    late = by_name["Service reports delivered on time"]
    assert (late.process, late.target, late.value, late.met, late.cell) == ("PR3", ">= 95", 92.0, False, "KPIs!F9")
    assert sum(1 for k in sample.kpi_targets if k.met is False) == 5
    assert all(k.met is not None for k in sample.kpi_targets)


def test_the_gap_report_names_the_kpis_that_missed_their_target(sample: AssessmentResult) -> None:
    from fitsm_audit.documents.gap_report_sections import kpis_section
    from fitsm_audit.documents.model import Paragraph, Table

    section = kpis_section(sample.kpis, sample.kpi_targets)
    said = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert any(t.startswith("5 of 12 recorded KPIs missed their target") and "(PR3, 92 against >= 95)" in t for t in said)
    recorded = [b for b in section.blocks if isinstance(b, Table)][1]
    row = next(r for r in recorded.rows if r[1].text == "Service reports delivered on time")
    assert (row[2].text, row[3].text, row[5].text, row[5].tone, row[1].notes) == (">= 95", "92 %", "no", "bad", ["KPIs!F9"])


def test_the_sample_self_assessment_differs_from_the_evidence_only_where_planted(
    sample: AssessmentResult,
) -> None:
    """samples/README.md: four over-claims (three planted, GR5.1 from the rules) and two planted
    under-claims; every other claim matches the registers."""
    kinds: dict[str, list[str]] = {}
    for r in sample.requirements:
        if r.discrepancy is not None:
            kinds.setdefault(r.discrepancy.kind, []).append(r.id)
    assert kinds == {"over-claim": ["GR5.1", "PR2.2", "PR6.2", "PR8.2"], "under-claim": ["PR4.1", "PR8.3"]}
