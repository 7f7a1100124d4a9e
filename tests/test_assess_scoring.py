"""Evidence x self-assessment, discrepancies, roll-up, recommendations, editions, JSON shape."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from test_assess_fixture import AS_OF, D, apply_all, drop, model, no_kpi, put

from fitsm_audit.assess import assess
from fitsm_audit.assess.grading import grade
from fitsm_audit.assess.ladder import Settings
from fitsm_audit.assess.registry import checks_for
from fitsm_audit.spec.catalogue import load_catalogue
from fitsm_audit.workbook.records import Dataset, Record


def result_with(*mutations, claims: int | None = 4, edition: str = "2", **kw):  # noqa: ANN002, ANN003
    return assess(apply_all(model(edition, claims), *mutations), edition=edition, as_of=AS_OF, **kw)


# (evidence mutation, claimed level, evidenced, level, discrepancy kind)
COMBINE = [
    ([], 4, 4, 4, None),
    ([], 2, 4, 4, "under-claim"),  # a modest claim does not lower what the registers show
    ([put("Services", "SVC-001", owner=None)], 4, 2, 2, "over-claim"),  # claim above evidence
    ([put("Services", "SVC-001", owner=None)], 2, 2, 2, None),
    ([put("Services", "SVC-001", owner=None)], None, 2, 2, None),  # evidence alone
]


@pytest.mark.parametrize(("mutations", "claim", "evidenced", "level", "kind"), COMBINE)
def test_the_evidence_decides_and_claims_either_side_are_discrepancies(
    mutations: list, claim: int | None, evidenced: int, level: int, kind: str | None
) -> None:
    res = result_with(*mutations, put("Assessment", "PR1.1", level=claim))
    r = res.requirement("PR1.1")
    assert (r.evidenced_level, r.claimed_level, r.level, r.basis) == (evidenced, claim, level, "evidenced")
    assert (r.discrepancy.kind if r.discrepancy else None) == kind
    if kind == "over-claim":
        assert r.discrepancy is not None and r.discrepancy.to_dict() == {
            "kind": "over-claim",
            "claimed": 4,
            "evidenced": 2,
            "message": "claimed level 4 (managed) but the registers show level 2 (repeatable)",
        }
    if kind == "under-claim":
        assert r.discrepancy is not None and r.discrepancy.message.endswith(
            "but the registers show level 4 (managed): correct the self-assessment"
        )


def test_requirement_without_check_rests_on_claim() -> None:
    res = result_with(put("Assessment", "PR12.3", level=1))
    r = res.requirement("PR12.3")
    assert (r.evidenced_level, r.claimed_level, r.level, r.status) == (None, 1, 1, "not met")
    assert r.basis == "claimed only" and "self-assessment" in r.evidence[0]
    assert r.recommendation is not None and r.recommendation.to_dict() == {
        "action": "Define how changes are requested, assessed, approved and reviewed, "
        "including emergency changes.",
        "kind": "set up",
        "priority": "medium",
    }  # PR12 (change management) has no register check: the group's own set-up action
    assert r.finding is not None and r.finding.grade == "minor nonconformity"
    assert "on the self-assessment alone" in r.finding.statement


def test_not_applicable_evidence_uses_the_claim_or_stays_out_of_the_roll_up() -> None:
    na = put("Services", "SVC-003", status="live")  # nothing in preparation: PR1.2 n/a
    r = result_with(na).requirement("PR1.2")
    assert (r.evidenced_level, r.level, r.status) == (None, 4, "met") and r.na_reason
    res = result_with(na, drop("Assessment", where=lambda row: row["requirement"] == "PR1.2"))
    assert res.requirement("PR1.2").status == "not assessed"
    assert res.group("PR1").capability == 4  # n/a without a claim does not drag the group down


def test_unassessed_requirement_counts_as_0_in_the_group() -> None:
    res = result_with(drop("Assessment", where=lambda row: row["requirement"] == "PR9.1"))
    assert res.requirement("PR9.1").status == "not assessed"
    assert res.group("PR9").capability == 0 and res.group("PR9").met is False
    assert res.maturity["headline"] == 0 and res.maturity["lowest"] == ["PR9"]


def test_out_of_scope_process_and_requirement() -> None:
    res = result_with(
        put("Processes", "PR5", in_scope=False), put("Assessment", "PR1.4", in_scope=False)
    )
    assert all(
        r.status == "out of scope" and r.level is None and r.recommendation is None
        for r in res.requirements
        if r.group == "PR5"
    )
    g = res.group("PR5")
    assert (g.in_scope, g.capability, g.met) == (False, None, None)
    assert res.maturity["profile"]["PR5"] is None
    assert res.requirement("PR1.4").status == "out of scope"
    assert res.group("PR1").capability == 4


def test_roll_up_min_mean_and_process_target() -> None:
    res = result_with(
        no_kpi("PR7"),
        put("Customers", "CUS-002", account_manager=None),
        put("Processes", "PR7", target_level=4),
    )
    g = res.group("PR7")
    assert (g.capability, g.target, g.met) == (2, 4, False)
    assert g.mean == pytest.approx((2 + 3 * 5) / 6, abs=0.01)
    assert g.counts == {
        "met": 0,
        "not met": 6,
        "not assessed": 0,
        "out of scope": 0,
        "discrepancies": 6,
    }
    assert [x.id for x in res.below_target()] == ["GR6", "PR7"]  # GR6.1: PR7 is not measured
    assert [x.id for x in res.below_target(fail_under=3)] == ["GR6", "PR7"]
    assert res.below_target(fail_under=2) == []


@pytest.mark.parametrize(
    ("req", "level", "target", "na", "expected"),
    [
        ("PR3.1", 0, 3, False, "major nonconformity"),  # absent
        ("PR3.1", None, 3, False, "major nonconformity"),  # neither evidenced nor claimed
        ("PR3.1", None, 3, True, "opportunity for improvement"),  # the registers cannot show it
        ("PR3.1", 1, 3, False, "minor nonconformity"),
        ("PR3.1", 2, 3, False, "minor nonconformity"),
        ("PR2.2", 1, 3, False, "major nonconformity"),  # keystone at level 1
        ("PR2.2", 2, 3, False, "minor nonconformity"),
        ("GR1.3", 1, 3, False, "major nonconformity"),  # GR1: the SMS without direction
        ("GR2.4", 2, 3, False, "minor nonconformity"),
        ("GR5.1", 1, 3, False, "minor nonconformity"),
        ("PR3.1", 3, 4, False, "opportunity for improvement"),  # conformity shown
    ],
)
def test_grading_rule(req: str, level: int | None, target: int, na: bool, expected: str) -> None:
    assert grade(req, req.split(".")[0], level, target, na, Settings()) == expected


def test_grading_is_configurable() -> None:
    strict = Settings(major_at_or_below=1, direction_groups=("GR1", "GR2", "GR5"))
    assert grade("PR3.1", "PR3", 1, 3, False, strict) == "major nonconformity"
    assert grade("GR5.1", "GR5", 1, 3, False, strict) == "major nonconformity"
    assert grade("PR3.1", "PR3", 3, 4, False, Settings(improvement_from=4)) == "minor nonconformity"


def test_recommendation_kinds_follow_the_level() -> None:
    res = result_with(
        no_kpi("PR3"),
        put("Reports", "RPT-001", purpose=None),
        put("Processes", "PR3", target_level=4),
    )
    assert res.requirement("PR3.2").recommendation.kind == "set up"  # level 1
    rec = res.requirement("PR3.1").recommendation
    assert rec is not None and rec.to_dict() == {
        "action": "Record a KPI for PR3 with a target and measure it every period, so the requirement "
        "is managed, not only defined.",
        "kind": "measure",
        "priority": "low",
    }
    res2 = result_with(put("Reports", "RPT-001", owner=None))
    rec = res2.requirement("PR3.1").recommendation
    assert rec is not None and (rec.kind, rec.priority) == ("keep up", "medium")
    assert res2.requirement("PR3.3").recommendation is None  # met


def test_json_shape_is_exactly_as_documented() -> None:
    data = result_with(put("Services", "SVC-001", owner=None)).to_dict()
    assert {"edition", "as_of", "requirements", "groups", "maturity", "kpis", "findings"} <= set(
        data
    )
    assert data["edition"] == "2" and data["as_of"] == "2025-06-30"
    req = data["requirements"][0]
    assert {
        "id",
        "group",
        "text",
        "evidenced_level",
        "claimed_level",
        "level",
        "target",
        "status",
        "discrepancy",
        "evidence",
        "recommendation",
    } <= set(req)
    assert {"id", "name", "capability", "mean", "target", "in_scope", "met"} <= set(
        data["groups"][0]
    )
    assert {"headline", "profile"} <= set(data["maturity"])
    assert {"process", "name", "value", "unit"} <= set(data["kpis"][0])
    pr11 = next(r for r in data["requirements"] if r["id"] == "PR1.1")
    assert pr11["failing_ids"] == ["SVC-001"]
    assert pr11["failing"] == [
        {"condition": "not fully specified", "sheet": "Services", "ids": ["SVC-001"]}
    ]
    import json

    json.dumps(data)  # serialisable as it stands


def test_labels_are_configurable() -> None:
    res = result_with(put("Services", "SVC-001", owner=None), labels={2: "partial"})
    assert res.requirement("PR1.1").discrepancy.message.endswith("level 2 (partial)")
    assert res.to_dict()["method"]["scale"]["2"] == "partial"


def test_method_lists_thresholds_and_every_ladder() -> None:
    method = result_with().method
    assert method["thresholds"] == {"partial": 0.5, "complete": 1.0}
    assert len(method["ladders"]) == sum(1 for n in checks_for("2").values() if n) and set(method["ladders"]["PR2.2"]) == {"sla_coverage"}
    assert method["defaults"]["measure_window"] == 6


def test_edition_3_covers_its_82_ids_and_takes_the_lowest_mapped_level() -> None:
    res = result_with(put("Agreements", "SLA-002", review_interval=None), edition="3")
    assert [r.id for r in res.requirements] == [r.id for r in load_catalogue("3").requirements]
    r = res.requirement("PR2.2")  # v3 PR2.2 = v2 PR2.2 (4) and PR2.3 (2)
    assert (r.evidenced_level, r.checks) == (2, ("sla_coverage", "sla_reviews"))
    assert any(t.startswith("[sla reviews]") for t in r.evidence)
    assert r.blocking.startswith("sla reviews:")
    assert res.requirement("GR3.1").checks == ("stakeholders",)  # Stakeholders & Obligations (contract v2)


def test_kpi_with_empty_denominator_is_null_with_reason() -> None:
    res = result_with(drop("Agreements"))
    k = next(k for k in res.kpis if k.name.startswith("Frequency of SLA reviews"))
    assert k.value is None and k.note == "no in-force SLA"
    assert next(k for k in res.kpis if k.name == "Number of SLAs").value == 0


def test_processes_missing_rows_are_noted() -> None:
    res = result_with(drop("Processes", where=lambda r: r["process"] == "PR12"))
    assert any("PR12" in n for n in res.notes)


def test_empty_dataset_assesses_without_error() -> None:
    res = assess(Dataset(), as_of=AS_OF)
    assert len(res.requirements) == 85
    assert sum(1 for r in res.requirements if r.evidenced_level == 0) >= 50
    assert res.maturity["headline"] == 0


def _garbage(rng: random.Random) -> object:
    return rng.choice(
        [
            None,
            "",
            "x",
            "PER-001",
            0,
            -3,
            7.5,
            True,
            False,
            D(2025, 1, 1),
            D(2030, 12, 31),
            ["A", "B"],
            [],
            "SVC-001",
            "active",
            "<= 5",
        ]
    )


@pytest.mark.parametrize("seed", range(6))
def test_wrongly_typed_cells_never_crash(seed: int) -> None:
    """assess never stops on data errors: any value in any cell still gives a result."""
    rng = random.Random(seed)
    ds = model()
    for rows in ds.tables.values():
        for rec in rows:
            for col in list(rec.values):
                if rng.random() < 0.3:
                    rec.values[col] = _garbage(rng)
    for name in list(ds.fields):
        if rng.random() < 0.3:
            ds.fields[name] = _garbage(rng)
    res = assess(ds, as_of=AS_OF)
    assert len(res.to_dict()["requirements"]) == 85
    res3 = assess(ds, edition="3", as_of=dt.date(2026, 1, 1))
    assert len(res3.requirements) == 82


def test_large_register_stays_fast() -> None:
    import time

    ds = model()
    base = ds.tables["Services"][0].values
    ds.tables["Services"] += [
        Record("Services", 10 + i, {**base, "id": f"SVC-{i + 100:05d}"}) for i in range(5000)
    ]
    ds.tables["Customers"] += [
        Record(
            "Customers", 10 + i, {**ds.tables["Customers"][0].values, "id": f"CUS-{i + 100:05d}"}
        )
        for i in range(5000)
    ]
    start = time.perf_counter()
    assess(ds, as_of=AS_OF)
    assert time.perf_counter() - start < 5  # linear, not quadratic (about 0.3 s)


def test_future_dated_records_are_ignored() -> None:
    later = put("Reviews", "REV-001", date=D(2025, 12, 1))  # a review held after the as-of date
    assert result_with(later).requirement("GR1.1").evidenced_level == 2


def test_edition_2_self_assessment_is_mapped_for_edition_3() -> None:
    ds = apply_all(
        model("2"), put("Assessment", "PR2.3", level=1), put("Assessment", "GR3.1", level=0)
    )
    res = assess(ds, edition="3", as_of=AS_OF)
    assert res.requirement("PR2.2").claimed_level == 1  # lowest of v2 PR2.2 (4) and PR2.3 (1)
    assert res.requirement("GR3.2").claimed_level == 0  # v3 GR3.2 is v2 GR3.1 (scope)
    assert res.requirement("GR3.1").claimed_level is None  # stakeholders: no v2 equivalent
    assert any("edition 2 requirement IDs" in n for n in res.notes)
    same = assess(model("3"), edition="3", as_of=AS_OF)
    assert same.requirement("GR3.1").claimed_level == 4
    assert not any("requirement IDs" in n for n in same.notes)


def _notes_with(*rows: dict, edition: str = "2") -> list[str]:
    from test_assess_fixture import add

    return result_with(*(add("Assessment", **r) for r in rows), edition=edition).notes


def test_unknown_requirement_ids_are_named_in_the_notes() -> None:
    notes = _notes_with({"requirement": "GR1.9", "level": 3}, {"requirement": "XX"})
    (note,) = [n for n in notes if "no FitSM-1 edition" in n]
    assert "GR1.9 (row 87, claimed level 3)" in note and "XX (row 88)" in note
    assert not any("no FitSM-1 edition" in n for n in result_with().notes)


def test_ids_of_either_edition_are_valid_but_an_unused_claim_is_named() -> None:
    # GR1.3 exists only in edition 3: valid, not unknown; its claim cannot count for edition 2
    notes = _notes_with({"requirement": "gr1.3 ", "level": 2})
    assert not any("no FitSM-1 edition" in n for n in notes)
    assert any("not used" in n and "gr1.3 (row 87, claimed level 2)" in n for n in notes), notes


def test_repeated_and_id_less_claims_are_named() -> None:
    notes = _notes_with({"requirement": "PR1.1", "level": 0}, {"requirement": None, "level": 1})
    assert any("more than once" in n and "PR1.1 (row 87, claimed level 0)" in n for n in notes)
    assert any("row 88 claims a level but names no requirement" in n for n in notes), notes
