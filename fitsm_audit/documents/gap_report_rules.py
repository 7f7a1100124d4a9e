"""What the gap report reads from the assessment dictionary: gaps, priorities, tones, evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fitsm_audit.documents.common import text

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}  # the values of recommendation.priority
MAX_EVIDENCE_ITEMS = 3
MAX_EVIDENCE_CHARS = 280
_OUT_OF_SCOPE = {"out of scope", "n/a", "not applicable"}
_MET = {"met", "meets target", "ok", "achieved", "compliant", "above target"}
_GAP = {"not met", "not assessed", "gap", "below target"}


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    return None


def is_out_of_scope(req: Mapping[str, Any]) -> bool:
    return text(req.get("status")).lower() in _OUT_OF_SCOPE


def is_gap(req: Mapping[str, Any]) -> bool:
    """An in-scope requirement below its target level (or not assessed at all)."""
    status = text(req.get("status")).lower()
    if status in _OUT_OF_SCOPE or req.get("in_scope") is False:
        return False
    if status in _GAP:
        return True
    if status in _MET:
        return False
    level, target = as_int(req.get("level")), as_int(req.get("target"))
    return level is None or (target is not None and level < target)


def recommendation(req: Mapping[str, Any]) -> str:
    """The recommended action: ``recommendation.action`` of the assessment, or its text."""
    rec = req.get("recommendation")
    if isinstance(rec, Mapping):
        return text(rec.get("action") or rec.get("text"))
    return text(rec)


def priority(req: Mapping[str, Any]) -> str:
    """high, medium or low: the assessment's ``recommendation.priority`` (rule P of
    :mod:`fitsm_audit.assess.recommend`); blank when the assessment gives none."""
    rec = req.get("recommendation")
    given = text(rec.get("priority") if isinstance(rec, Mapping) else req.get("priority")).lower()
    return given if given in PRIORITY_RANK else ""


def gap_order(requirements: list[Mapping[str, Any]]) -> Any:
    position = {text(r.get("id")): i for i, r in enumerate(requirements)}

    def key(req: Mapping[str, Any]) -> tuple[int, int, int]:
        level, target = as_int(req.get("level")) or 0, as_int(req.get("target")) or 0
        rank = PRIORITY_RANK.get(priority(req), len(PRIORITY_RANK))
        return (rank, -(target - level), position[text(req.get("id"))])

    return key


def status_tone(req: Mapping[str, Any]) -> str:
    status = text(req.get("status")).lower()
    if status in _OUT_OF_SCOPE:
        return "muted"
    if status in _MET:
        return "good"
    if status == "not assessed":
        return "bad"
    level, target = as_int(req.get("level")), as_int(req.get("target"))
    if level is not None and target is not None:
        return "good" if level >= target else "warn" if level == target - 1 else "bad"
    return "bad"


def evidence_notes(req: Mapping[str, Any]) -> list[str]:
    items = req.get("evidence") or []
    if isinstance(items, (str, Mapping)):
        items = [items]
    lines = [_evidence_text(e) for e in items]
    lines = [ln for ln in lines if ln]
    notes = []
    for line in lines[:MAX_EVIDENCE_ITEMS]:
        short = line if len(line) <= MAX_EVIDENCE_CHARS else line[: MAX_EVIDENCE_CHARS - 1] + "…"
        notes.append(f"Evidence: {short}")
    if len(lines) > MAX_EVIDENCE_ITEMS:
        notes.append(f"(and {len(lines) - MAX_EVIDENCE_ITEMS} more evidence items)")
    if req.get("evidenced_level") is None and req.get("claimed_level") is not None:
        notes.append("Rests on the self-assessment: the registers cannot show this requirement.")
    if req.get("blocking") and not is_out_of_scope(req):
        notes.append(f"Blocks the next level: {text(req.get('blocking'))}")
    discrepancy = discrepancy_text(req)
    if discrepancy:
        notes.append(f"Discrepancy: {discrepancy}")
    return notes


def discrepancy_text(req: Mapping[str, Any]) -> str:
    value = req.get("discrepancy")
    if isinstance(value, Mapping):
        return text(value.get("message")) or "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    return text(value)


def _evidence_text(item: Any) -> str:
    if isinstance(item, Mapping):
        for key in ("text", "summary", "detail", "message", "condition"):
            if item.get(key):
                return text(item[key])
        return "; ".join(f"{k}: {text(v)}" for k, v in item.items() if v not in (None, "", []))
    return text(item)


def method_of(assessment: Mapping[str, Any]) -> Mapping[str, Any]:
    method = assessment.get("method")
    return method if isinstance(method, Mapping) else {}
