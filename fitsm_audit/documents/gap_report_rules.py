"""How the gap report words an assessed requirement: its tone, its action, its evidence notes.

Every verdict (status, gap, priority, the order of the gaps) is the assessment's
(:mod:`fitsm_audit.assess.result`); this module only decides how to show it.
"""

from __future__ import annotations

from fitsm_audit.assess.result import RequirementResult

MET_ON_CLAIM = "met on the self-assessment, not evidenced"


def status_text(req: RequirementResult) -> str:
    """The status as the report prints it: a met that rests on the claim alone says so."""
    return MET_ON_CLAIM if req.status == "met" and req.basis == "claimed only" else req.status


def recommendation(req: RequirementResult) -> str:
    """The recommended action of the assessment; blank when it gives none."""
    return req.recommendation.action if req.recommendation is not None else ""


def status_tone(req: RequirementResult) -> str:
    """muted out of scope, good when met on the evidence (claim: on the self-assessment alone),
    warn one level short, bad otherwise."""
    if req.status == "out of scope":
        return "muted"
    if req.status == "met":
        return "claim" if req.basis == "claimed only" else "good"
    if req.status == "not met" and req.shortfall == 1:
        return "warn"
    return "bad"


def evidence_notes(req: RequirementResult) -> list[str]:
    """Every evidence line, whole; the self-assessment's own evidence and comment; what blocks the
    next level; the discrepancy."""
    notes = [f"Evidence: {line}" for line in req.evidence if line]
    if req.rests_on_claim:
        notes.append("Rests on the self-assessment: the registers cannot show this requirement.")
    notes += self_assessment_notes(req)
    if req.blocking and req.in_scope:
        notes.append(f"Blocks the next level: {req.blocking}")
    if req.discrepancy is not None:
        notes.append(f"Discrepancy ({req.discrepancy.kind}): {req.discrepancy.message}")
    if req.comment_conflict:
        notes.append(f"Discrepancy (comment): {req.comment_conflict}")
    if req.source == "paraphrase":
        notes.append("Requirement text: our paraphrase, not the FitSM wording.")
    return notes


def self_assessment_notes(req: RequirementResult) -> list[str]:
    """The Assessment sheet's evidence and comment cells, with who assessed and when."""
    info = req.self_assessment or {}
    who = ", ".join(str(info[k]) for k in ("assessor", "date") if info.get(k))
    said = [
        f"{label}: {info[k]}"
        for k, label in (("evidence", "evidence"), ("comment", "comment"))
        if info.get(k)
    ]
    if not said:
        return []
    return [f"Self-assessment{f' ({who})' if who else ''}: " + "; ".join(said)]
