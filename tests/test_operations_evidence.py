"""The operations registers evidence PR9-PR13 (checks/pr9.py ... pr13.py), on real workbooks.

Each workbook is the check tests' small SMS (tests/checkdata.py) with a clean operations area that
reaches level 4 on every operations check; each case breaks one record and expects the check to
fall and to name that record and its cell. A workbook made before the operations area keeps
PR9-PR13 on the self-assessment, as before.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from checkdata import AS_OF, DATA, FIELDS, column_letter

from fitsm_audit.assess import assess
from fitsm_audit.assess.ops_queries import OPS_SHEETS, TICKETS
from fitsm_audit.assess.registry import BY_V2, checks_for
from fitsm_audit.assess.result import AssessmentResult
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms

D = dt.date(2026, 9, 1)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


OPS: dict[str, list[dict[str, Any]]] = {
    "Incident Priorities": [
        {"priority": p, "criteria": f"{p} impact", "resolution_hours": h, "targets": ["TGT-001"]}
        for p, h in (("critical", 4), ("high", 8), ("medium", 24), ("low", 72))
    ],
    TICKETS: [
        {"id": "INC-001", "type": "incident", "summary": "Oven down", "service": "SVC-001",
         "priority": "high", "major": "no", "opened": D, "resolved": D, "closed": D,
         "status": "closed", "assignee": "PER-002", "problem": "PRB-001", "change": "CHG-001"},
        {"id": "INC-002", "type": "incident", "summary": "All ovens down", "service": "SVC-001",
         "priority": "critical", "major": "yes", "opened": D, "resolved": D, "closed": day(1),
         "status": "closed", "assignee": "PER-002", "problem": "PRB-001", "review_on": day(3)},
        {"id": "SR-003", "type": "service request", "summary": "New login", "priority": "low",
         "opened": D, "resolved": day(2), "closed": day(3), "status": "closed",
         "assignee": "PER-001"},
        {"id": "INC-004", "type": "incident", "summary": "Slow app", "priority": "medium",
         "opened": day(10), "resolved": day(11), "closed": day(12), "status": "closed",
         "assignee": "PER-002", "escalated_to": "Oven Co"},
    ],
    "Problems": [
        {"id": "PRB-001", "summary": "Oven firmware", "status": "known error", "known_error": "yes",
         "workaround": "restart", "root_cause": "firmware bug", "incidents": ["INC-001", "INC-002"],
         "opened": D, "owner": "PER-002", "last_review": day(30)},
        {"id": "PRB-002", "summary": "Slow app", "status": "closed", "root_cause": "config",
         "incidents": ["INC-004"], "opened": day(12), "closed": day(20), "owner": "PER-001"},
    ],
    "Configuration Items": [
        {"id": "CI-001", "type": "device", "name": "Oven controller", "item": "CMP-001",
         "owner": "PER-002", "status": "live", "verification_interval": 12, "last_verified": D,
         "related": ["CI-002"]},
        {"id": "CI-002", "type": "application", "name": "Order app", "item": "SVC-001",
         "owner": "PER-001", "status": "live", "verification_interval": 6, "last_verified": D},
    ],
    "Changes": [
        {"id": "CHG-001", "summary": "Firmware 2", "type": "normal", "items": ["CI-001"],
         "risk": "high", "requested": D, "approved_by": "PER-001", "approved_on": D,
         "planned_on": day(5), "implemented_on": day(5), "status": "closed",
         "outcome": "successful", "remediation_plan": "yes", "review": "yes", "release": "REL-001"},
        {"id": "CHG-002", "summary": "Hotfix", "type": "emergency", "items": ["CI-002", "SVC-001"],
         "risk": "medium", "requested": day(10), "approved_by": "PER-001", "approved_on": day(10),
         "planned_on": day(10), "implemented_on": day(10), "status": "closed",
         "outcome": "successful", "review": "yes"},
        {"id": "CHG-003", "summary": "Add user", "type": "standard", "items": ["CI-002"],
         "requested": day(20), "planned_on": day(20), "implemented_on": day(20),
         "status": "implemented", "outcome": "successful", "review": "yes"},
        {"id": "CHG-004", "summary": "Menu update", "type": "normal", "items": ["CI-001"],
         "risk": "low", "requested": day(30), "approved_by": "PER-001", "approved_on": day(30),
         "planned_on": dt.date(2026, 12, 10), "status": "approved"},
    ],
    "Releases": [
        {"id": "REL-001", "name": "Firmware 2", "changes": ["CHG-001"], "planned": day(5),
         "deployed": day(5), "tested": "yes", "acceptance_by": "PER-001", "rollback_plan": "yes",
         "baseline": "yes", "outcome": "successful"},
        {"id": "REL-002", "name": "Menu 3", "changes": ["CHG-004"], "planned": dt.date(2026, 12, 10)},
    ],
}  # fmt: skip
KPIS = [
    {"process": p, "kpi": f"{p} KPI", "target": ">= 90", "measured_value": 95, "period_end": D}
    for p in ("PR9", "PR10", "PR11", "PR12", "PR13")
]
OPS_REQS = [r for r, n in checks_for("2").items() if n and r.split(".")[0] in
            ("PR9", "PR10", "PR11", "PR12", "PR13")]  # fmt: skip


def data(change: Any = None, ops: bool = True) -> dict[str, list[dict[str, Any]]]:
    """The check tests' SMS with the clean operations area (``ops``), then ``change(data)``."""
    out = copy.deepcopy({k: v for k, v in DATA.items() if k not in OPS_SHEETS})
    out["KPIs"] = out["KPIs"] + copy.deepcopy(KPIS)
    if "id" in load_contract().sheet("KPIs").column_names():  # KPIs rows gain an ID
        for i, k in enumerate(out["KPIs"], start=1):
            k.setdefault("id", f"KPI-{i:03d}")
    if ops:
        out.update(copy.deepcopy(OPS))
    if change is not None:
        change(out)
    return out


def result_of(tmp_path: Path, rows: dict[str, list[dict[str, Any]]], sheets: list[str] | None = None
              ) -> AssessmentResult:  # fmt: skip
    path = tmp_path / "sms.xlsx"
    build_workbook(sheet_names=sheets, data=rows, fields=FIELDS).save(path)
    read = read_sms([str(path)], AS_OF)
    errors = [f.to_dict() for f in read.findings if f.severity == "error"]
    assert errors == []
    findings = [f.to_dict() for f in read.findings]
    return assess(read.dataset, as_of=AS_OF, findings=findings)


def row(rows: dict[str, list[dict[str, Any]]], sheet: str, ident: str) -> dict[str, Any]:
    return next(r for r in rows[sheet] if r.get("id") == ident or r.get("priority") == ident)


def put(sheet: str, ident: str, **values: Any) -> Any:
    def change(rows: dict[str, list[dict[str, Any]]]) -> None:
        row(rows, sheet, ident).update(values)

    return change


def add(sheet: str, **values: Any) -> Any:
    return lambda rows: rows[sheet].append(values)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> AssessmentResult:
    return result_of(tmp_path_factory.mktemp("clean"), data())


def test_every_operations_requirement_with_a_check_reaches_level_4_on_clean_records(
    clean: AssessmentResult,
) -> None:
    assert len(OPS_REQS) == 27  # PR9.5, PR9.6 and PR13.1 cannot be shown by the registers
    for rid in OPS_REQS:
        r = clean.requirement(rid)
        assert (rid, r.evidenced_level, r.basis, r.failing) == (rid, 4, "evidenced", [])
    for rid in ("PR9.5", "PR9.6", "PR13.1"):
        r = clean.requirement(rid)
        assert r.checks == () and r.evidenced_level is None
    assert {g: clean.group(g).capability for g in ("PR10", "PR11", "PR12")} == {
        "PR10": 4, "PR11": 4, "PR12": 4,
    }  # fmt: skip


# (requirement, change, level, failing sheet, failing ID, the column of the cell it points at:
# the blanked one; None where the trail points at the row's ID)
BROKEN = [
    ("PR9.1", put(TICKETS, "SR-003", priority=None), 2, TICKETS, "SR-003", "priority"),
    ("PR9.1", add(TICKETS, id="INC-009", type="incident", opened=day(40), status="new"), 2,
     TICKETS, "INC-009", "priority"),
    ("PR9.2", put(TICKETS, "INC-004", resolved=day(12)), 2, TICKETS, "INC-004", "resolved"),
    ("PR9.2", put("Incident Priorities", "low", targets=[]), 2, "Incident Priorities",
     "Incident Priorities row 5", "targets"),
    ("PR9.3", put(TICKETS, "INC-004", assignee=None), 1, TICKETS, "INC-004", "assignee"),
    ("PR9.4", put(TICKETS, "SR-003", closed=None), 2, TICKETS, "SR-003", "closed"),
    ("PR9.7", put(TICKETS, "INC-002", review_on=None), 1, TICKETS, "INC-002", "review_on"),
    ("PR10.1", put("Problems", "PRB-002", incidents=[]), 2, "Problems", "PRB-002", "incidents"),
    ("PR10.2", put("Problems", "PRB-002", root_cause=None), 2, "Problems", "PRB-002", "workaround"),
    ("PR10.3", put("Problems", "PRB-001", workaround=None), 1, "Problems", "PRB-001", "workaround"),
    ("PR10.4", put("Problems", "PRB-001", last_review=dt.date(2025, 9, 1)), 1, "Problems",
     "PRB-001", None),
    ("PR11.1", put("Configuration Items", "CI-002", status="planned", type="x"), 4, "", "", None),
    ("PR11.2", put("Configuration Items", "CI-002", owner=None), 2, "Configuration Items",
     "CI-002", "owner"),
    ("PR11.3", put("Configuration Items", "CI-001", related=[]), 1, "Configuration Items",
     "CI-001", None),
    ("PR11.4", put("Changes", "CHG-003", items=["SVC-001"]), 2, "Changes", "CHG-003", "items"),
    ("PR11.5", put("Configuration Items", "CI-002", last_verified=dt.date(2026, 1, 1)), 2,
     "Configuration Items", "CI-002", None),
    ("PR11.6", put("Releases", "REL-001", baseline="no"), 1, "Releases", "REL-001", None),
    ("PR12.1", put("Changes", "CHG-004", summary=None), 2, "Changes", "CHG-004", "summary"),
    ("PR12.2", put("Changes", "CHG-001", approved_by=None), 2, "Changes", "CHG-001",
     "approved_by"),
    ("PR12.3", put("Changes", "CHG-003", outcome=None), 2, "Changes", "CHG-003", "outcome"),
    ("PR12.4", put("Changes", "CHG-002", review="no"), 1, "Changes", "CHG-002", None),
    ("PR12.5", put("Changes", "CHG-002", risk=None), 2, "Changes", "CHG-002", "risk"),
    ("PR12.6", put("Changes", "CHG-004", planned_on=None), 2, "Changes", "CHG-004", "planned_on"),
    ("PR12.7", put("Changes", "CHG-001", remediation_plan="no"), 1, "Changes", "CHG-001", None),
    ("PR13.2", put("Releases", "REL-002", planned=None), 2, "Releases", "REL-002", "planned"),
    ("PR13.3", put("Releases", "REL-001", tested="no"), 1, "Releases", "REL-001", None),
    ("PR13.4", put("Releases", "REL-001", acceptance_by=None), 1, "Releases", "REL-001",
     "acceptance_by"),
    ("PR13.5", put("Releases", "REL-001", rollback_plan="no"), 1, "Releases", "REL-001", None),
    ("PR13.6", put("Releases", "REL-001", outcome=None), 1, "Releases", "REL-001", "outcome"),
]  # fmt: skip
BROKEN = [b for b in BROKEN if b[2] != 4]  # PR11.1: a CI's type is required; see its own test


@pytest.mark.parametrize(("rid", "change", "level", "sheet", "ident", "column"), BROKEN,
                         ids=[f"{b[0]}-{b[4]}" for b in BROKEN])  # fmt: skip
def test_a_broken_record_lowers_the_level_and_is_named_with_its_cell(
    tmp_path: Path, rid: str, change: Any, level: int, sheet: str, ident: str, column: str | None
) -> None:
    res = result_of(tmp_path, data(change))
    r = res.requirement(rid)
    assert (r.evidenced_level, r.basis) == (level, "evidenced")
    assert any(f.sheet == sheet and ident in f.ids for f in r.failing), r.failing
    fails = [x for x in r.records if x.role == "fails" and x.id == ident]
    assert fails and fails[0].sheet == sheet and fails[0].row is not None
    letter = column_letter(sheet, column or load_contract().sheet(sheet).column_names()[0])
    assert fails[0].cell == f"{sheet}!{letter}{fails[0].row}"
    assert r.finding is not None and ident in r.finding.statement


def test_a_ci_without_a_type_stops_pr11_1(tmp_path: Path) -> None:
    """``type`` is required, so check reports a blank one; assess still judges the rest."""
    path = tmp_path / "sms.xlsx"
    rows = data(put("Configuration Items", "CI-002", type=None))
    build_workbook(data=rows, fields=FIELDS).save(path)
    read = read_sms([str(path)], AS_OF)
    r = assess(read.dataset, as_of=AS_OF).requirement("PR11.1")
    assert r.evidenced_level == 2 and r.failing[0].ids == ["CI-002"]


def test_a_ticket_resolved_on_its_opening_day_meets_any_target(tmp_path: Path) -> None:
    """Dates only: the critical INC-002 (4 hours) resolved the day it was opened is in time; one
    day later it is late, and an open critical ticket a day old is late too."""
    late = put(TICKETS, "INC-002", resolved=day(1), closed=day(1))
    r = result_of(tmp_path, data(late)).requirement("PR9.2")
    assert r.evidenced_level == 2 and r.failing[0].ids == ["INC-002"]
    assert "3 of 4 tickets resolved within their priority's resolution time (75 %)" in r.evidence


def test_kpis_of_the_operations_area(clean: AssessmentResult) -> None:
    kpis = {(k.process, k.name): (k.value, k.note) for k in clean.kpis if k.process in
            ("PR9", "PR10", "PR11", "PR12", "PR13")}  # fmt: skip
    assert kpis == {
        ("PR9", "Tickets in the event window or open"): (4, "3 incidents, 1 other"),
        ("PR9", "Tickets resolved within their priority's resolution time"): (100.0, "4 of 4"),
        ("PR9", "Major incidents with a review"): (100.0, "1 of 1"),
        ("PR9", "Tickets escalated"): (25.0, "1 of 4"),
        ("PR10", "Problems with a known error"): (50.0, "1 of 2"),
        ("PR10", "Known errors with a workaround"): (100.0, "1 of 1"),
        ("PR11", "CI verification coverage (live CIs verified in date)"): (100.0, "2 of 2"),
        ("PR11", "CIs with relationships"): (100.0, "2 of 2"),
        ("PR12", "Change success rate"): (100.0, "3 of 3"),
        ("PR12", "Emergency changes"): (33.3, "1 of 3"),
        ("PR12", "Changes reviewed after implementation"): (100.0, "3 of 3"),
        ("PR13", "Releases with a rollback plan"): (100.0, "1 of 1"),
        ("PR13", "Release success rate"): (100.0, "1 of 1"),
    }


def test_kpis_follow_the_records(tmp_path: Path) -> None:
    def worse(rows: dict[str, list[dict[str, Any]]]) -> None:
        put("Changes", "CHG-002", outcome="failed")(rows)
        put(TICKETS, "INC-004", resolved=day(12))(rows)
        put("Releases", "REL-001", rollback_plan="no")(rows)

    kpis = {k.name: k.value for k in result_of(tmp_path, data(worse)).kpis}
    assert kpis["Change success rate"] == 66.7
    assert kpis["Tickets resolved within their priority's resolution time"] == 75.0
    assert kpis["Releases with a rollback plan"] == 0.0


SHEETS_BEFORE = [s.name for s in load_contract().sheets if s.name not in OPS_SHEETS]


def test_a_workbook_made_before_the_operations_area_keeps_pr9_to_pr13_on_the_claim(
    tmp_path: Path,
) -> None:
    def claims(rows: dict[str, list[dict[str, Any]]]) -> None:
        rows["Assessment"] = [{"requirement": r, "level": 3, "assessor": "PER-002", "date": D}
                              for r in ("PR9.1", "PR12.3")]  # fmt: skip

    res = result_of(tmp_path, data(claims, ops=False), SHEETS_BEFORE)
    for rid in OPS_REQS:
        r = res.requirement(rid)
        assert r.evidenced_level is None and r.na_reason is None and r.failing == []
        assert "self-assessment" in r.evidence[0]
    one, unclaimed = res.requirement("PR12.3"), res.requirement("PR10.1")
    assert (one.level, one.basis, one.status) == (3, "claimed only", "met")
    assert (unclaimed.level, unclaimed.basis, unclaimed.status) == (None, "not assessed", "not assessed")
    assert res.group("PR10").capability == 0  # unclaimed counts 0, as without a check
    assert unclaimed.finding is not None and unclaimed.finding.grade == "major nonconformity"
    assert one.recommendation is None
    assert [k for k in res.kpis if k.process in ("PR9", "PR10", "PR11", "PR12", "PR13")] == []


def test_an_operations_area_present_but_empty_is_judged_like_other_empty_registers(
    tmp_path: Path,
) -> None:
    def empty(rows: dict[str, list[dict[str, Any]]]) -> None:
        for sheet in OPS_SHEETS:
            rows[sheet] = []

    res = result_of(tmp_path, data(empty))
    levels = {rid: res.requirement(rid).evidenced_level for rid in OPS_REQS}
    assert set(levels.values()) == {0}, levels  # no approved PR9-PR13 definition: 0, not n/a
    assert res.requirement("PR11.1").evidence[0] == (
        "Nothing recorded: the Configuration Items register is empty."
    )


def test_an_empty_log_with_an_approved_definition_is_not_applicable(tmp_path: Path) -> None:
    def defined(rows: dict[str, list[dict[str, Any]]]) -> None:
        rows["Changes"], rows["Releases"] = [], []
        rows[TICKETS][0]["change"] = None
        rows["Processes"].append({**rows["Processes"][0], "process": "PR12", "name": "Change"})

    res = result_of(tmp_path, data(defined))
    r = res.requirement("PR12.3")
    assert r.evidenced_level is None and r.na_reason and "Changes log is empty" in r.na_reason
    assert res.requirement("PR13.3").evidenced_level == 0  # no approved PR13 definition


def test_edition_3_maps_the_operations_checks_where_the_activity_is_the_same() -> None:
    v3 = checks_for("3")
    assert v3["PR9.5"] == ("ticket_closure",) and v3["PR9.6"] == ("major_incidents",)
    assert v3["PR12.4"] == ("change_approval",) and v3["PR12.5"] == ("change_review",)
    assert v3["PR13.4"] == ("release_testing", "release_acceptance")
    assert v3["PR9.4"] == () and v3["PR13.2"] == ()
    assert BY_V2["PR11.6"] == "release_baseline"
    assert "release_baseline" not in {c for cs in v3.values() for c in cs}


def test_edition_3_judges_the_operations_records(tmp_path: Path) -> None:
    path = tmp_path / "sms.xlsx"
    build_workbook(data=data(put("Releases", "REL-001", acceptance_by=None)), fields=FIELDS).save(path)
    read = read_sms([str(path)], AS_OF)
    res = assess(read.dataset, edition="3", as_of=AS_OF)
    assert res.requirement("PR13.4").evidenced_level == 1
    assert res.requirement("PR13.5").evidenced_level == 4
    assert res.requirement("PR9.4").basis != "evidenced"


def test_the_gap_report_kpi_table_shows_the_operations_kpis(clean: AssessmentResult) -> None:
    from fitsm_audit.documents.gap_report_sections import kpis_section
    from fitsm_audit.documents.model import Table

    table = next(b for b in kpis_section(clean.kpis).blocks if isinstance(b, Table))
    shown = {(r[0].text, r[1].text): r[2].text for r in table.rows}
    assert shown[("PR12", "Emergency changes")] == "33.3"
    assert shown[("PR9", "Tickets resolved within their priority's resolution time")] == "100"
    assert shown[("PR13", "Releases with a rollback plan")] == "100"
