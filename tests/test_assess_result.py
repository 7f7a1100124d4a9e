"""The typed hand-over: the assessment's JSON form reads back into the same objects, the gaps and
their order are decided by the assessment, and the gap report follows them without a second
opinion."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from test_documents_data import sample

from fitsm_audit.assess.audit_result import AuditFinding
from fitsm_audit.assess.result import AssessmentResult, Recommendation, RequirementResult
from fitsm_audit.documents.build import gap_report_for
from fitsm_audit.documents.model import Table
from fitsm_audit.render import render


@pytest.fixture(scope="module")
def sampled() -> Any:
    return sample()


def as_saved(result: AssessmentResult) -> dict[str, Any]:
    """What ``assess --format json`` writes, read back."""
    loaded: dict[str, Any] = json.loads(json.dumps(result.to_dict(), default=str))
    return loaded


def test_json_reads_back_into_the_same_assessment(sampled: Any) -> None:
    _, result, _ = sampled
    again = AssessmentResult.from_dict(as_saved(result))
    assert again.to_dict() == result.to_dict()
    assert again.requirements == result.requirements and again.groups == result.groups
    assert again.kpis == result.kpis and again.labels == result.labels


def test_a_saved_assessment_renders_the_same_gap_report(sampled: Any) -> None:
    dataset, result, findings = sampled
    direct = render(gap_report_for(dataset, result, findings), ["html"])["html"]
    saved = AssessmentResult.from_dict(as_saved(result))
    assert render(gap_report_for(dataset, saved, findings), ["html"])["html"] == direct


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("status", "achieved", "not a status"),
        ("level", 5, "not a level"),
        ("claimed_level", True, "not a level"),
        ("recommendation", {"action": "A.", "priority": "urgent"}, "not a priority"),
    ],
)
def test_a_damaged_assessment_is_refused(sampled: Any, key: str, value: Any, says: str) -> None:
    _, result, _ = sampled
    data = as_saved(result)
    data["requirements"][0][key] = value
    with pytest.raises(ValueError, match=says):
        AssessmentResult.from_dict(data)
    del data["requirements"]
    with pytest.raises(ValueError, match="not an assessment"):
        AssessmentResult.from_dict(data)


def requirement(rid: str, level: int | None, status: str, priority: str = "", target: int = 3) -> RequirementResult:
    grade = {"high": "major nonconformity", "medium": "minor nonconformity", "low": "minor nonconformity"}
    return RequirementResult(
        id=rid, group=rid.split(".")[0], text=rid, source="seed", checks=(),
        evidenced_level=level, claimed_level=None, level=level, target=target, status=status,
        discrepancy=None, evidence=[],
        recommendation=Recommendation("Act.", "set up", priority) if priority else None,
        finding=AuditFinding(grade[priority], f"{rid} falls short.") if priority else None,
    )  # fmt: skip


def test_gaps_by_priority_then_shortfall_then_catalogue_order(sampled: Any) -> None:
    _, result, _ = sampled
    reqs = [
        requirement("GR1.1", 2, "not met", "medium"),
        requirement("GR1.2", 0, "not met", "medium"),
        requirement("GR2.1", 3, "met"),
        requirement("GR2.2", 2, "not met", "high"),
        requirement("GR3.1", None, "not assessed"),
        requirement("GR3.2", 2, "not met", "medium"),
        requirement("PR9.1", None, "out of scope"),
    ]
    made = dataclasses.replace(result, requirements=reqs)
    assert [r.id for r in made.gaps()] == ["GR2.2", "GR1.2", "GR1.1", "GR3.2", "GR3.1"]
    assert [r.shortfall for r in reqs] == [1, 3, 0, 1, 3, 1, 3]
    assert [r.is_gap for r in reqs] == [True, True, False, True, True, True, False]


def test_the_gap_report_follows_the_assessments_verdict(sampled: Any) -> None:
    """A requirement the assessment calls met is no gap in the report, whatever its level; one
    it calls not met is, even at its target level: the report never decides a verdict itself."""
    dataset, result, findings = sampled
    reqs = [
        requirement("GR1.1", 1, "met"),
        requirement("GR1.2", 3, "not met", "low"),
    ]
    made = dataclasses.replace(result, requirements=reqs)
    doc = gap_report_for(dataset, made, findings)
    assert doc.extra["gaps"] == ["GR1.2"]
    findings = next(b for b in doc.sections[2].blocks if isinstance(b, Table))
    assert [(row[0].text, row[1].text) for row in findings.rows] == [("GR1.2", "minor nonconformity")]
    results = doc.sections[1].subsections[0].blocks[1]
    assert [(row[0].text, row[5].text, row[5].tone) for row in results.rows] == [
        ("GR1.1", "met", "good"),
        ("GR1.2", "not met", "bad"),
    ]
