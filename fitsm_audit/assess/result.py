"""The assessment result: per requirement, per group, maturity, KPIs; and its JSON shape.

The documents read these objects, never a dictionary: every verdict (status, gap, priority, the
order of the gaps) is decided here, once. ``AssessmentResult.to_dict()`` is the JSON output:
``{"edition", "as_of", "requirements": [...], "groups": [...], "maturity": {...}, "kpis": [...],
"findings": [...]}`` plus the extra keys ``provider``, ``labels``, ``method`` and ``notes``;
``AssessmentResult.from_dict()`` reads it back (a saved ``assess --format json`` renders the same
gap report).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fitsm_audit.assess.audit_result import (
    Action,
    AuditFinding,
    EvidenceRecord,
    KpiTarget,
    Readiness,
)
from fitsm_audit.assess.evidence import Failing

STATUSES = ("met", "not met", "not assessed", "out of scope")
GAP_STATUSES = ("not met", "not assessed")
PRIORITIES = ("high", "medium", "low")  # rule P of docs/assessment-method.md, most urgent first


@dataclass(frozen=True)
class Recommendation:
    """What to do about a gap: the action, its kind (a check's advice or the generic one) and
    its priority (high, medium or low)."""

    action: str
    kind: str
    priority: str

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "kind": self.kind, "priority": self.priority}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        priority = str(data.get("priority") or "").lower()
        if priority not in PRIORITIES:
            raise ValueError(f"{priority!r} is not a priority; use one of {', '.join(PRIORITIES)}")
        return cls(str(data.get("action") or ""), str(data.get("kind") or ""), priority)


@dataclass(frozen=True)
class Discrepancy:
    """A self-assessed level other than the level the registers show: an over-claim (above) or an
    under-claim (below: the self-assessment to correct)."""

    claimed: int
    evidenced: int
    message: str

    @property
    def kind(self) -> str:
        return "over-claim" if self.claimed > self.evidenced else "under-claim"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "claimed": self.claimed, "evidenced": self.evidenced,
            "message": self.message,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Discrepancy:
        return cls(int(data["claimed"]), int(data["evidenced"]), str(data["message"]))


@dataclass
class RequirementResult:
    id: str
    group: str
    text: str
    source: str
    checks: tuple[str, ...]
    evidenced_level: int | None
    claimed_level: int | None
    level: int | None
    target: int
    status: str
    discrepancy: Discrepancy | None
    evidence: list[str]
    failing: list[Failing] = field(default_factory=list)
    blocking: str | None = None
    na_reason: str | None = None
    recommendation: Recommendation | None = None
    self_assessment: dict[str, Any] | None = None
    in_scope: bool = True
    records: list[EvidenceRecord] = field(default_factory=list)
    records_total: int = 0
    finding: AuditFinding | None = None
    comment_conflict: str | None = None  # a self-assessment comment naming rows the evidence does not cite

    def failing_ids(self) -> list[str]:
        return list(dict.fromkeys(i for f in self.failing for i in f.ids))

    @property
    def is_gap(self) -> bool:
        """In scope and below its target, or not assessed at all."""
        return self.in_scope and self.status in GAP_STATUSES

    @property
    def priority(self) -> str:
        """high, medium or low for a gap; blank when the assessment gives none."""
        return self.recommendation.priority if self.recommendation is not None else ""

    @property
    def shortfall(self) -> int:
        """Levels still to climb to the target (0 when met; a missing level counts as 0)."""
        return max(0, self.target - (self.level or 0))

    @property
    def basis(self) -> str:
        """evidenced (the registers show the level), claimed only (the self-assessment alone) or
        not assessed (no level)."""
        if self.level is None:
            return "not assessed"
        return "evidenced" if self.evidenced_level is not None else "claimed only"

    @property
    def rests_on_claim(self) -> bool:
        """The level comes from the self-assessment alone: no register check evidences it."""
        return self.evidenced_level is None and self.claimed_level is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "text": self.text,
            "evidenced_level": self.evidenced_level,
            "claimed_level": self.claimed_level,
            "level": self.level,
            "target": self.target,
            "status": self.status,
            "discrepancy": self.discrepancy.to_dict() if self.discrepancy else None,
            "evidence": list(self.evidence),
            "recommendation": self.recommendation.to_dict() if self.recommendation else None,
            "source": self.source,
            "checks": list(self.checks),
            "in_scope": self.in_scope,
            "failing": [f.to_dict() for f in self.failing],
            "failing_ids": self.failing_ids(),
            "blocking": self.blocking,
            "na_reason": self.na_reason,
            "self_assessment": self.self_assessment,
            "basis": self.basis,
            "records": [r.to_dict() for r in self.records],
            "records_total": self.records_total,
            "finding": self.finding.to_dict() if self.finding else None,
            "comment_conflict": self.comment_conflict,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RequirementResult:
        status = str(data["status"])
        if status not in STATUSES:
            raise ValueError(f"{status!r} is not a status; use one of {', '.join(STATUSES)}")
        rec, disc = data.get("recommendation"), data.get("discrepancy")
        return cls(
            id=str(data["id"]),
            group=str(data["group"]),
            text=str(data.get("text") or ""),
            source=str(data.get("source") or ""),
            checks=tuple(data.get("checks") or ()),
            evidenced_level=_level(data.get("evidenced_level")),
            claimed_level=_level(data.get("claimed_level")),
            level=_level(data.get("level")),
            target=int(data["target"]),
            status=status,
            discrepancy=Discrepancy.from_dict(disc) if disc else None,
            evidence=[str(e) for e in data.get("evidence") or []],
            failing=[Failing.from_dict(f) for f in data.get("failing") or []],
            blocking=data.get("blocking"),
            na_reason=data.get("na_reason"),
            recommendation=Recommendation.from_dict(rec) if rec else None,
            self_assessment=data.get("self_assessment"),
            in_scope=bool(data.get("in_scope", status != "out of scope")),
            records=[EvidenceRecord.from_dict(r) for r in data.get("records") or []],
            records_total=int(data.get("records_total") or 0),
            finding=AuditFinding.from_dict(data["finding"]) if data.get("finding") else None,
            comment_conflict=data.get("comment_conflict"),
        )


@dataclass
class GroupResult:
    id: str
    name: str
    kind: str  # GR or PR
    capability: int | None
    mean: float | None
    target: int
    in_scope: bool
    met: bool | None
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "capability": self.capability,
            "mean": self.mean,
            "target": self.target,
            "in_scope": self.in_scope,
            "met": self.met,
            "kind": self.kind,
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupResult:
        mean = data.get("mean")
        return cls(
            id=str(data["id"]),
            name=str(data.get("name") or ""),
            kind=str(data.get("kind") or str(data["id"])[:2]),
            capability=_level(data.get("capability")),
            mean=float(mean) if mean is not None else None,
            target=int(data["target"]),
            in_scope=bool(data.get("in_scope", True)),
            met=data.get("met"),
            counts=dict(data.get("counts") or {}),
        )


@dataclass
class Kpi:
    process: str
    name: str
    value: float | int | None
    unit: str
    note: str = ""
    origin: str = "seed"  # "seed": the training's KPI tables; "ours": our proposal

    def to_dict(self) -> dict[str, Any]:
        return {
            "process": self.process,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "note": self.note,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Kpi:
        return cls(
            process=str(data["process"]),
            name=str(data["name"]),
            value=data.get("value"),
            unit=str(data.get("unit") or ""),
            note=str(data.get("note") or ""),
            origin=str(data.get("origin") or "seed"),
        )


@dataclass
class AssessmentResult:
    edition: str
    as_of: dt.date
    provider: str | None
    requirements: list[RequirementResult]
    groups: list[GroupResult]
    maturity: dict[str, Any]
    kpis: list[Kpi]
    findings: list[dict[str, Any]]
    labels: dict[int, str]
    method: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    readiness: Readiness | None = None
    kpi_targets: list[KpiTarget] = field(default_factory=list)

    def requirement(self, req_id: str) -> RequirementResult:
        for r in self.requirements:
            if r.id == req_id:
                return r
        raise KeyError(req_id)

    def group(self, group_id: str) -> GroupResult:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def graded(self) -> list[RequirementResult]:
        """Every requirement with a graded finding: the gaps (most urgent first), then the met
        requirements with an opportunity for improvement, in catalogue order."""
        met = [r for r in self.requirements if r.finding is not None and not r.is_gap]
        return [r for r in self.gaps() if r.finding is not None] + met

    def gaps(self) -> list[RequirementResult]:
        """In-scope requirements below target, most urgent first: by priority (unrated last),
        then the larger shortfall, then catalogue order."""
        rank = {p: i for i, p in enumerate(PRIORITIES)}
        below = [(i, r) for i, r in enumerate(self.requirements) if r.is_gap]
        below.sort(key=lambda ir: (rank.get(ir[1].priority, len(rank)), -ir[1].shortfall, ir[0]))
        return [r for _, r in below]

    def in_scope_groups(self) -> list[GroupResult]:
        return [g for g in self.groups if g.in_scope]

    def groups_met(self) -> int:
        """How many in-scope groups meet their target."""
        return sum(1 for g in self.in_scope_groups() if g.met)

    def below_target(self, fail_under: int | None = None) -> list[GroupResult]:
        """In-scope groups below their target (or below ``fail_under`` when given)."""
        out = []
        for g in self.groups:
            if not g.in_scope or g.capability is None:
                continue
            if (fail_under is None and g.met is False) or (
                fail_under is not None and g.capability < fail_under
            ):
                out.append(g)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "as_of": self.as_of.isoformat(),
            "requirements": [r.to_dict() for r in self.requirements],
            "groups": [g.to_dict() for g in self.groups],
            "maturity": dict(self.maturity),
            "kpis": [k.to_dict() for k in self.kpis],
            "findings": list(self.findings),
            "provider": self.provider,
            "labels": {str(k): v for k, v in self.labels.items()},
            "method": self.method,
            "notes": list(self.notes),
            "readiness": self.readiness.to_dict() if self.readiness else None,
            "actions": [a.to_dict() for a in self.actions],
            "kpi_targets": [k.to_dict() for k in self.kpi_targets],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssessmentResult:
        """An assessment read back from its JSON form (``to_dict()``); ValueError when it is not one."""
        try:
            return cls(
                edition=str(data["edition"]),
                as_of=dt.date.fromisoformat(str(data["as_of"])[:10]),
                provider=data.get("provider"),
                requirements=[RequirementResult.from_dict(r) for r in data["requirements"]],
                groups=[GroupResult.from_dict(g) for g in data["groups"]],
                maturity=dict(data.get("maturity") or {}),
                kpis=[Kpi.from_dict(k) for k in data.get("kpis") or []],
                findings=[dict(f) for f in data.get("findings") or []],
                labels={int(k): str(v) for k, v in (data.get("labels") or {}).items()},
                method=dict(data.get("method") or {}),
                notes=[str(n) for n in data.get("notes") or []],
                actions=[Action.from_dict(a) for a in data.get("actions") or []],
                readiness=Readiness.from_dict(data["readiness"]) if data.get("readiness") else None,
                kpi_targets=[KpiTarget.from_dict(k) for k in data.get("kpi_targets") or []],
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not an assessment: {exc.__class__.__name__} {exc}") from exc


def _level(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 4:
        raise ValueError(f"{value!r} is not a level from 0 to 4")
    return int(value)
