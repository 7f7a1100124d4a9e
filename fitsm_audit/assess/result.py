"""The assessment result: per requirement, per group, maturity, KPIs; and its JSON shape.

``AssessmentResult.to_dict()`` is the contract with the gap report and the JSON output:
``{"edition", "as_of", "requirements": [...], "groups": [...], "maturity": {...}, "kpis": [...],
"findings": [...]}`` plus the extra keys ``provider``, ``labels``, ``method`` and ``notes``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fitsm_audit.assess.evidence import Failing

STATUSES = ("met", "not met", "not assessed", "out of scope")


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
    discrepancy: dict[str, Any] | None
    evidence: list[str]
    failing: list[Failing] = field(default_factory=list)
    blocking: str | None = None
    na_reason: str | None = None
    recommendation: dict[str, Any] | None = None
    self_assessment: dict[str, Any] | None = None
    in_scope: bool = True

    def failing_ids(self) -> list[str]:
        return list(dict.fromkeys(i for f in self.failing for i in f.ids))

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
            "discrepancy": self.discrepancy,
            "evidence": list(self.evidence),
            "recommendation": self.recommendation,
            "source": self.source,
            "checks": list(self.checks),
            "in_scope": self.in_scope,
            "failing": [f.to_dict() for f in self.failing],
            "failing_ids": self.failing_ids(),
            "blocking": self.blocking,
            "na_reason": self.na_reason,
            "self_assessment": self.self_assessment,
        }


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

    def gaps(self) -> list[RequirementResult]:
        """In-scope requirements below target, highest priority first."""
        order = {"high": 0, "medium": 1, "low": 2}
        below = [
            r for r in self.requirements if r.status in ("not met", "not assessed") and r.in_scope
        ]
        return sorted(
            below, key=lambda r: order.get((r.recommendation or {}).get("priority", ""), 3)
        )

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
        }
