"""Graded findings (docs/assessment-method.md, A3): every in-scope requirement below its target is
a major or minor nonconformity or an opportunity for improvement, stated as an auditor states it."""

from __future__ import annotations

from functools import cache

from fitsm_audit.assess.audit_result import AuditFinding
from fitsm_audit.assess.ladder import IMPROVEMENT, KEYSTONES, MAJOR, MINOR, Settings
from fitsm_audit.assess.result import RequirementResult

MAX_NAMED = 8  # records named in a statement; the finding's records list holds them all


@cache
def keystones(edition: str) -> frozenset[str]:
    """The keystone requirements of an edition: edition 2's list (ladder.KEYSTONES); in edition 3
    the requirements that map to one of them (v3 GR3.2, the scope statement, not v3 GR3.1, the
    stakeholder analysis that shares edition 2's ID)."""
    if edition == "2":
        return frozenset(KEYSTONES)
    from fitsm_audit.spec.catalogue import load_catalogue

    return frozenset(r.id for r in load_catalogue(edition).requirements if set(r.equivalents) & set(KEYSTONES))


def grade(
    req_id: str, group: str, level: int | None, target: int, na: bool, settings: Settings,
    keys: frozenset[str] = frozenset(KEYSTONES),
) -> str:
    """The grade of a requirement below ``target`` at ``level`` (None: no level at all; ``na``:
    the registers cannot show it)."""
    if level is None:
        return IMPROVEMENT if na else MAJOR
    if level >= settings.improvement_from:
        return IMPROVEMENT
    if level <= settings.major_at_or_below:
        return MAJOR
    direction = group in settings.direction_groups or req_id in keys
    if direction and level <= settings.direction_major_at_or_below:
        return MAJOR
    return MINOR


def expects(text: str) -> str:
    """What the requirement expects, in one line: its first line, without a trailing colon."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    if first.endswith(":"):  # "shall include:" and its bullets, in one line
        items = [ln.lstrip("-* ").rstrip(".;") for ln in lines[1:] if ln.startswith(("-", "*"))]
        if items:
            return f"{first} " + "; ".join(i[:1].lower() + i[1:] for i in items)
    return first.rstrip(":").rstrip(".")


def statement(req: RequirementResult) -> str:
    """Expected, found, shown by: one paragraph an auditor can check against the cells."""
    failing = [r for r in req.records if r.role == "fails"]
    if req.level is None:
        found = (
            f"the registers cannot show it ({req.na_reason}) and it is not self-assessed"
            if req.na_reason
            else "nothing shows it: no register evidence and no self-assessment"
        )
    else:
        on = " on the self-assessment alone" if req.basis == "claimed only" else ""
        found = f"level {req.level} against target {req.target}{on}"
    parts = [f"{req.id} expects: {expects(req.text)}.", f"Found: {found}."]
    by_why: dict[str, list[str]] = {}
    for r in failing:
        by_why.setdefault(r.why, []).append(r.named)
    shown = [f"{why}: {', '.join(names[:MAX_NAMED])}" for why, names in by_why.items()]
    more = sum(max(0, len(n) - MAX_NAMED) for n in by_why.values())
    if shown:
        parts.append("Shown by: " + "; ".join(shown) + (f" and {more} more" if more else "") + ".")
    elif missing := [t.removeprefix("missing: ") for t in req.evidence if t.startswith("missing: ")]:
        parts.append(f"What is missing: {'; '.join(missing)}.")  # sub-requirements, with their cells
    elif req.blocking and req.level is not None:
        parts.append(f"What is missing: {req.blocking.removeprefix('not yet: ')}.")
    return " ".join(parts)


def improvement(req: RequirementResult, settings: Settings) -> AuditFinding | None:
    """An opportunity for improvement for a met requirement whose next level fails on the
    evidence (rule A3); None where there is none to offer: not met, resting on the
    self-assessment, at level 4, or nothing named that blocks the next level."""
    if not settings.improve_met or req.is_gap or not req.in_scope or req.status != "met":
        return None
    if req.basis != "evidenced" or req.level is None or req.level >= 4 or not req.blocking:
        return None
    needs = req.blocking.removeprefix("not yet: ")
    parts = [
        f"{req.id} expects: {expects(req.text)}.",
        f"Found: level {req.level}, which meets target {req.target}.",
        f"Level {req.level + 1} needs: {needs}.",
    ]
    failing = [r.named for r in req.records if r.role == "fails"]
    if failing:
        more = len(failing) - MAX_NAMED
        parts.append("Shown by: " + ", ".join(failing[:MAX_NAMED]) + (f" and {more} more" if more > 0 else "") + ".")
    cells = [r.where for r in req.records if r.role == "fails"]
    return AuditFinding(IMPROVEMENT, " ".join(parts), cells)


def audit_finding(req: RequirementResult, settings: Settings, edition: str = "2") -> AuditFinding:
    """The graded finding of a requirement below its target."""
    graded = grade(req.id, req.group, req.level, req.target, req.na_reason is not None, settings,
                   keystones(edition))  # fmt: skip
    cells = [r.where for r in req.records if r.role == "fails"]
    return AuditFinding(graded, statement(req), cells)


__all__ = ["IMPROVEMENT", "MAJOR", "MINOR", "audit_finding", "grade", "improvement", "statement"]
