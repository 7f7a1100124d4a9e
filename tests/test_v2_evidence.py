"""The evidence rules on the records contract version 2 added (issue 16), on real copies of the
sample: management-review actions tracked to closure, policy and plan communicated, KPI
follow-up, PR5 coverage per resource, PR8 by what each supplier supplies, and edition 3's GR3.1
(stakeholders and obligations) and PR1.2 (service proposals). A workbook made before the records
existed is not failed on them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from checkdata import column_letter

from fitsm_audit.assess import assess
from fitsm_audit.assess.result import RequirementResult
from fitsm_audit.workbook.pipeline import read_sms
from tests.test_documents_data import AS_OF, SAMPLE


def copy(tmp_path: Path, *changes: tuple[str, str, str, Any], drop_sheets: tuple[str, ...] = (),
         drop_columns: tuple[tuple[str, str], ...] = (), add: tuple[tuple[str, dict[str, Any]], ...] = ()) -> Path:  # fmt: skip
    """The sample with cells changed ((sheet, row ID, column, value)), rows added, sheets or
    columns removed (as a workbook made before them lacks them)."""
    wb = openpyxl.load_workbook(SAMPLE)
    for sheet, ident, column, value in changes:
        ws = wb[sheet]
        (row,) = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == ident]
        ws[f"{column_letter(sheet, column)}{row}"] = value
    for sheet, values in add:
        ws = wb[sheet]
        row = ws.max_row + 1
        for column, value in values.items():
            ws[f"{column_letter(sheet, column)}{row}"] = value
    for sheet, column in drop_columns:
        ws = wb[sheet]
        for t in list(ws.tables):
            del ws.tables[t]
        header = [c.value for c in ws[1]]
        (index,) = [i for i, h in enumerate(header, start=1) if str(h).rstrip(" *") == column]
        ws.delete_cols(index)
    for sheet in drop_sheets:
        del wb[sheet]
    path = tmp_path / f"sample-{len(list(tmp_path.iterdir()))}.xlsx"
    wb.save(path)
    return path


def assessed(path: Path, edition: str = "2") -> dict[str, RequirementResult]:
    check = read_sms([str(path)], AS_OF)
    result = assess(check.dataset, edition=edition, as_of=AS_OF, findings=[f.to_dict() for f in check.findings])
    return {r.id: r for r in result.requirements}


def text(r: RequirementResult) -> str:
    return " ".join(r.evidence)


def test_management_review_actions_are_tracked_to_closure(tmp_path: Path) -> None:
    """REV-004 (a management review) decided RACT-003: left open past its due date, GR1.1
    (edition 2) and GR1.3 (edition 3) say so at level 3 and name the action."""
    for edition, rid in (("2", "GR1.1"), ("3", "GR1.3")):
        assert "Review Actions" not in " ".join(assessed(SAMPLE, edition)[rid].failing_ids())
    late = copy(tmp_path, ("Review Actions", "RACT-003", "status", "in progress"),
                ("Review Actions", "RACT-003", "done_on", None))  # fmt: skip
    for edition, rid in (("2", "GR1.1"), ("3", "GR1.3")):
        r = assessed(late, edition)[rid]
        assert "RACT-003" in r.failing_ids() and (r.evidenced_level or 0) < 3, (edition, text(r))
        assert "action of a management review is open past its due date" in text(r)
    # a workbook made before Review Actions existed is not judged on it
    old = copy(tmp_path, drop_sheets=("Review Actions",))
    assert assessed(old)["GR1.1"].evidenced_level == assessed(SAMPLE)["GR1.1"].evidenced_level


def test_the_latest_management_review_needs_its_actions_recorded_for_level_4(tmp_path: Path) -> None:
    """REV-004 is the latest management review: without any action row naming it, GR1.3 stops at 3."""
    untracked = copy(tmp_path, ("Review Actions", "RACT-003", "review", "REV-002"),
                     ("Review Actions", "RACT-004", "review", "REV-002"))  # fmt: skip
    assert assessed(SAMPLE, "3")["GR1.3"].evidenced_level == 4
    r = assessed(untracked, "3")["GR1.3"]
    assert r.evidenced_level == 3 and "actions are tracked in Review Actions" in (r.blocking or "")


def test_the_plan_and_the_policy_must_be_communicated(tmp_path: Path) -> None:
    gr41 = assessed(SAMPLE)["GR4.1"]
    assert gr41.evidenced_level == 2 and "DOC-003" in gr41.failing_ids()  # planted: never sent round
    sent = copy(tmp_path, ("Documents", "DOC-003", "communicated_on", dt.datetime(2026, 2, 20)),
                ("Documents", "DOC-003", "audience", "all managers"))  # fmt: skip
    assert (assessed(sent)["GR4.1"].evidenced_level or 0) >= 3
    before_approval = copy(tmp_path, ("Documents", "DOC-003", "communicated_on", dt.datetime(2026, 1, 5)),
                           ("Documents", "DOC-003", "audience", "all managers"))  # fmt: skip
    assert "DOC-003" in assessed(before_approval)["GR4.1"].failing_ids()  # an earlier version was sent
    unsent_policy = copy(tmp_path, ("Documents", "DOC-002", "audience", None))
    assert "DOC-002" in assessed(unsent_policy)["GR1.2"].failing_ids()
    old = copy(tmp_path, drop_columns=(("Documents", "Communicated on"), ("Documents", "Audience")))
    assert "DOC-003" not in assessed(old)["GR4.1"].failing_ids()  # not recorded: not judged


def test_a_missed_kpi_is_followed_up_through_its_follow_up_column(tmp_path: Path) -> None:
    """KPI-015 (satisfaction, Q1) missed its target; IMP-008 names it as its source. Without that,
    GR6.1 asks for a follow-up, and naming IMP-008 in the KPI's Follow up column is one."""
    missing = "Private customer satisfaction"
    assert missing not in text(assessed(SAMPLE)["GR6.1"])
    unnamed = copy(tmp_path, ("Improvements", "IMP-008", "source_ref", "CMPL-001; SAT-001"))
    assert missing in text(assessed(unnamed)["GR6.1"])
    followed = copy(tmp_path, ("Improvements", "IMP-008", "source_ref", "CMPL-001; SAT-001"),
                    ("KPIs", "KPI-015", "follow_up", "IMP-008"))  # fmt: skip
    assert missing not in text(assessed(followed)["GR6.1"])


def test_capacity_coverage_counts_per_resource(tmp_path: Path) -> None:
    r = assessed(SAMPLE)["PR5.2"]
    assert "SVC-005" in r.failing_ids() and "CMP-012" in text(r) and "storage" in text(r)
    planned = copy(tmp_path, add=(("Capacity Resources", {"plan": "CAP-003", "resource": "Storage", "unit": "TiB",
                                                          "capacity": 2, "utilisation": 40, "threshold": 80}),))  # fmt: skip
    fixed = assessed(planned)["PR5.2"]
    assert "SVC-005" not in fixed.failing_ids() and "storage" not in text(fixed)
    # a workbook without the resources column plans per service, as before
    old = copy(tmp_path, drop_columns=(("Components", "Resources"),), drop_sheets=("Capacity Resources",))
    assert "SVC-005" not in assessed(old)["PR5.2"].failing_ids()


def test_a_supplier_of_services_counts_by_what_it_supplies(tmp_path: Path) -> None:
    r = assessed(SAMPLE)["PR8.1"]
    assert r.failing_ids() == ["SUP-009"] and "has an agreement for it" in text(r)
    agreed = copy(tmp_path, ("Suppliers", "SUP-009", "agreements", "UA-004"))
    assert "SUP-009" not in assessed(agreed)["PR8.1"].failing_ids()
    nothing = copy(tmp_path, ("Suppliers", "SUP-009", "supplies", None))
    assert "linked to a component, an agreement or what it supplies" in text(assessed(nothing)["PR8.1"])


def test_edition_3_gr3_1_from_stakeholders_and_obligations(tmp_path: Path) -> None:
    r = assessed(SAMPLE, "3")["GR3.1"]
    assert (r.evidenced_level, r.failing_ids()) == (2, ["STK-004"])  # planted: review overdue
    reviewed = copy(tmp_path, ("Stakeholders & Obligations", "STK-004", "last_review", dt.datetime(2026, 8, 1)))
    assert assessed(reviewed, "3")["GR3.1"].evidenced_level == 4
    no_legal = copy(tmp_path, ("Stakeholders & Obligations", "STK-003", "obligation_type", "other"),
                    ("Stakeholders & Obligations", "STK-004", "obligation_type", "other"))  # fmt: skip
    assert "no legal requirement is recorded" in text(assessed(no_legal, "3")["GR3.1"])
    old = copy(tmp_path, drop_sheets=("Stakeholders & Obligations",))
    before = assessed(old, "3")["GR3.1"]
    assert before.evidenced_level is None and before.level == before.claimed_level  # the claim stands


def test_edition_3_pr1_2_from_service_proposals(tmp_path: Path) -> None:
    r = assessed(SAMPLE, "3")["PR1.2"]
    assert (r.evidenced_level, r.failing_ids()) == (2, ["SPR-004"])  # planted: rejected unevaluated
    evaluated = copy(tmp_path, ("Service Proposals", "SPR-004", "evaluated_on", dt.datetime(2026, 5, 30)))
    assert (assessed(evaluated, "3")["PR1.2"].evidenced_level or 0) >= 3
    unplanned = copy(tmp_path, ("Service Proposals", "SPR-004", "evaluated_on", dt.datetime(2026, 5, 30)),
                     ("Service Proposals", "SPR-002", "sdtp", None))  # fmt: skip
    assert "SPR-002" in assessed(unplanned, "3")["PR1.2"].failing_ids()
    assert assessed(copy(tmp_path, drop_sheets=("Service Proposals",)), "3")["PR1.2"].evidenced_level is None
