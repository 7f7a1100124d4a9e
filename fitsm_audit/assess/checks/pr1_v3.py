"""Evidence check of edition 3's PR1.2: proposals for new, changed or retired services evaluated
before they are decided, from the Service Proposals register (contract version 2). A workbook made
before that register existed keeps the requirement on its self-assessment."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, blank, filled, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import measured, predates

SHEET = "Service Proposals"


def check_service_proposals(ctx: AssessmentContext) -> Evidence:
    """v3 PR1.2: every decided proposal was evaluated (a date) and decided by a person; approved
    new services and changes are carried out by a design and transition package."""
    ev = EvidenceBuilder()
    if not ctx.ds.has(SHEET):
        return predates(SHEET)
    rows = ctx.rows(SHEET)
    if not rows:
        return ev.zero(f"Nothing recorded: the {SHEET} register is empty.")
    decided = [r for r in rows if r["decision"] not in (None, "pending")]
    pending = len(rows) - len(decided)
    if not decided:
        return ev.na(f"no proposal has been decided yet ({pending} pending)")
    cov = Coverage()
    for r in decided:
        cov.add(label(r), filled(r["evaluated_on"]) and ctx.assigned(r["decided_by"]))
    ev.coverage(cov, "decided proposals evaluated before the decision, by a named person",
                "decided without a recorded evaluation or decider", SHEET)  # fmt: skip
    unplanned = [label(r) for r in decided
                 if r["decision"] == "approved" and r["kind"] in ("new", "change") and blank(r["sdtp"])]  # fmt: skip
    l3 = [Condition(not unplanned, "every approved new service or change has a design and transition "
                    "package", SHEET, unplanned)]  # fmt: skip
    return ev.done(cov.fraction, l3=l3, l4=measured(ctx, "PR1"), cov=cov)
