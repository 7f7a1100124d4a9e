"""How the gap report words an assessed requirement: its tone, its action, its evidence notes.

Every verdict (status, gap, priority, the order of the gaps) is the assessment's
(:mod:`fitsm_audit.assess.result`); this module only decides how to show it.
"""

from __future__ import annotations

from fitsm_audit.assess.result import RequirementResult

MAX_EVIDENCE_ITEMS = 3
MAX_EVIDENCE_CHARS = 280


def recommendation(req: RequirementResult) -> str:
    """The recommended action of the assessment; blank when it gives none."""
    return req.recommendation.action if req.recommendation is not None else ""


def status_tone(req: RequirementResult) -> str:
    """muted out of scope, good when met, warn one level short, bad otherwise."""
    if req.status == "out of scope":
        return "muted"
    if req.status == "met":
        return "good"
    if req.status == "not met" and req.shortfall == 1:
        return "warn"
    return "bad"


def evidence_notes(req: RequirementResult) -> list[str]:
    lines = [line for line in req.evidence if line]
    notes = []
    for line in lines[:MAX_EVIDENCE_ITEMS]:
        short = line if len(line) <= MAX_EVIDENCE_CHARS else line[: MAX_EVIDENCE_CHARS - 1] + "…"
        notes.append(f"Evidence: {short}")
    if len(lines) > MAX_EVIDENCE_ITEMS:
        notes.append(f"(and {len(lines) - MAX_EVIDENCE_ITEMS} more evidence items)")
    if req.rests_on_claim:
        notes.append("Rests on the self-assessment: the registers cannot show this requirement.")
    if req.blocking and req.in_scope:
        notes.append(f"Blocks the next level: {req.blocking}")
    if req.discrepancy is not None:
        notes.append(f"Discrepancy: {req.discrepancy.message}")
    return notes
