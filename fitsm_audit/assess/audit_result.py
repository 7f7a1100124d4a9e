"""The audit part of the assessment result: the records behind a level, graded findings, actions,
the readiness verdict and the recorded KPIs against their targets (docs/assessment-method.md, A1-A5). Each reads back from its JSON form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("supports", "fails")
GRADES = ("major nonconformity", "minor nonconformity", "opportunity for improvement")
VERDICTS = ("ready", "ready after minor actions", "not ready")
BASES = ("evidenced", "claimed only", "not assessed")


def _one_of(value: Any, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{value!r} is not a {what}; use one of {', '.join(allowed)}")
    return str(value)


@dataclass(frozen=True)
class EvidenceRecord:
    """One register row behind a level: it supports the level or fails a condition (``why``)."""

    sheet: str
    row: int | None  # the Excel row; None when the row could not be found
    id: str  # its ID or key (as the evidence names it)
    cell: str | None  # e.g. Agreements!A4: the cell that holds the ID or the failing value
    role: str  # supports | fails
    why: str
    detail: str = ""  # what the failing cell says: "last agreement review 2025-09-18, due ..."

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet, "row": self.row, "id": self.id, "cell": self.cell,
            "role": self.role, "why": self.why, "detail": self.detail,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvidenceRecord:
        row = data.get("row")
        return cls(
            str(data["sheet"]), int(row) if row is not None else None, str(data["id"]),
            data.get("cell"), _one_of(data.get("role"), ROLES, "record role"), str(data.get("why") or ""),
            str(data.get("detail") or ""),
        )  # fmt: skip

    @property
    def named(self) -> str:
        """The record as an action or finding names it: ``SLA-003 (Agreements!H4: last agreement
        review 2025-09-18, due 2026-09-18)``."""
        inside = ": ".join(p for p in (self.cell, self.detail) if p)
        return f"{self.id} ({inside})" if inside else self.id

    @property
    def where(self) -> str:
        """How a person finds it: the cell, else sheet and row, else the sheet."""
        if self.cell:
            return self.cell
        return f"{self.sheet} row {self.row}" if self.row else self.sheet


@dataclass(frozen=True)
class AuditFinding:
    """A requirement below its target, written as a certification auditor writes it."""

    grade: str  # one of GRADES
    statement: str  # what the requirement expects, what was found, which records show it
    records: list[str] = field(default_factory=list)  # cells (or IDs) of the failing records
    actions: list[str] = field(default_factory=list)  # the IDs of the actions that answer it
    shared_with: list[str] = field(default_factory=list)  # requirements whose finding has its cause

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade, "statement": self.statement, "records": list(self.records),
            "actions": list(self.actions), "shared_with": list(self.shared_with),
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditFinding:
        return cls(
            _one_of(data.get("grade"), GRADES, "grade"),
            str(data.get("statement") or ""),
            [str(r) for r in data.get("records") or []],
            [str(a) for a in data.get("actions") or []],
            [str(r) for r in data.get("shared_with") or []],
        )


@dataclass(frozen=True)
class Action:
    """One thing to do, for one or more requirements, by a named person, by a date."""

    id: str  # stable for the same workbook: A- and a digest of requirements and records
    requirements: list[str]
    what: str
    records: list[str]  # cells (or IDs) of the records to act on
    owner: str  # a People ID; never blank ("nobody named" shows in owner_source)
    owner_source: str  # e.g. "process manager of PR2", "SMS manager"
    due: dt.date
    priority: str  # high | medium | low
    grade: str = ""  # the gravest grade among its requirements' findings
    guidance: str = ""  # the general advice for the requirement (how, not what)
    status: str = ""  # open | in progress | done, as the user set it in the results workbook
    comment: str = ""  # the user's comment from the results workbook

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "requirements": list(self.requirements), "what": self.what,
            "records": list(self.records), "owner": self.owner, "owner_source": self.owner_source,
            "due": self.due.isoformat(), "priority": self.priority, "grade": self.grade,
            "guidance": self.guidance, "status": self.status, "comment": self.comment,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Action:
        return cls(
            id=str(data["id"]),
            requirements=[str(r) for r in data.get("requirements") or []],
            what=str(data.get("what") or ""),
            records=[str(r) for r in data.get("records") or []],
            owner=str(data.get("owner") or ""),
            owner_source=str(data.get("owner_source") or ""),
            due=dt.date.fromisoformat(str(data["due"])[:10]),
            priority=str(data.get("priority") or ""),
            grade=str(data.get("grade") or ""),
            guidance=str(data.get("guidance") or ""),
            status=str(data.get("status") or ""),
            comment=str(data.get("comment") or ""),
        )


@dataclass(frozen=True)
class Readiness:
    """Ready for the certification audit or not, and why (rule A5)."""

    verdict: str  # one of VERDICTS
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Readiness:
        return cls(
            _one_of(data.get("verdict"), VERDICTS, "verdict"),
            [str(r) for r in data.get("reasons") or []],
        )


@dataclass(frozen=True)
class KpiTarget:
    process: str
    name: str
    target: str
    value: float | int | None
    unit: str
    period_end: dt.date | None
    met: bool | None  # None: not measured, or the target is not "op number" and Met is blank
    cell: str | None  # the measured value's cell

    def to_dict(self) -> dict[str, Any]:
        return {
            "process": self.process, "name": self.name, "target": self.target,
            "value": self.value, "unit": self.unit,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "met": self.met, "cell": self.cell,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KpiTarget:
        end = data.get("period_end")
        return cls(
            str(data.get("process") or ""), str(data.get("name") or ""),
            str(data.get("target") or ""), data.get("value"), str(data.get("unit") or ""),
            dt.date.fromisoformat(str(end)[:10]) if end else None, data.get("met"), data.get("cell"),
        )  # fmt: skip
