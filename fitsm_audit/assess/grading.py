"""Graded findings (docs/assessment-method.md, A3): every in-scope requirement below its target is
a major or minor nonconformity or an opportunity for improvement, stated as an auditor states it."""

from __future__ import annotations

from fitsm_audit.assess.audit_result import AuditFinding, EvidenceRecord
from fitsm_audit.assess.ladder import IMPROVEMENT, KEYSTONES, MAJOR, MINOR, Settings

MAX_NAMED = 8  # records named in a statement; the finding's records list holds them all


def grade(
    req_id: str, group: str, level: int | None, target: int, na: bool, settings: Settings
) -> str:
    """The grade of a requirement below ``target`` at ``level`` (None: no level at all; ``na``:
    the registers cannot show it)."""
    if level is None:
        return IMPROVEMENT if na else MAJOR
    if level >= settings.improvement_from:
        return IMPROVEMENT
    if level <= settings.major_at_or_below:
        return MAJOR
    direction = group in settings.direction_groups or req_id in KEYSTONES
    if direction and level <= settings.direction_major_at_or_below:
        return MAJOR
    return MINOR


def expects(text: str) -> str:
    """What the requirement expects, in one line: its first line, without a trailing colon."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first.rstrip(":").rstrip(".")


def statement(
    req_id: str,
    text: str,
    level: int | None,
    target: int,
    basis: str,
    blocking: str | None,
    na_reason: str | None,
    records: list[EvidenceRecord],
) -> str:
    """Expected, found, shown by: one paragraph an auditor can check against the cells."""
    failing = [r for r in records if r.role == "fails"]
    if level is None:
        found = (
            f"the registers cannot show it ({na_reason}) and it is not self-assessed"
            if na_reason
            else "nothing shows it: no register evidence and no self-assessment"
        )
    else:
        on = " on the self-assessment alone" if basis == "claimed only" else ""
        found = f"level {level} against target {target}{on}"
    parts = [f"{req_id} expects: {expects(text)}.", f"Found: {found}."]
    by_why: dict[str, list[str]] = {}
    for r in failing:
        by_why.setdefault(r.why, []).append(r.id if not r.cell else f"{r.id} ({r.cell})")
    shown = [f"{why}: {', '.join(names[:MAX_NAMED])}" for why, names in by_why.items()]
    more = sum(max(0, len(n) - MAX_NAMED) for n in by_why.values())
    if shown:
        parts.append("Shown by: " + "; ".join(shown) + (f" and {more} more" if more else "") + ".")
    elif blocking and level is not None:
        parts.append(f"What is missing: {blocking.removeprefix('not yet: ')}.")
    return " ".join(parts)


def audit_finding(
    req_id: str,
    group: str,
    text: str,
    level: int | None,
    target: int,
    basis: str,
    blocking: str | None,
    na_reason: str | None,
    records: list[EvidenceRecord],
    settings: Settings,
) -> AuditFinding:
    graded = grade(req_id, group, level, target, na_reason is not None, settings)
    said = statement(req_id, text, level, target, basis, blocking, na_reason, records)
    cells = [r.where for r in records if r.role == "fails"]
    return AuditFinding(graded, said, cells)


__all__ = ["IMPROVEMENT", "MAJOR", "MINOR", "audit_finding", "grade", "statement"]
