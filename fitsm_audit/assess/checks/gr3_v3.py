"""Evidence check of edition 3's GR3.1: the stakeholders of the SMS and the legal, regulatory and
contractual requirements that apply, from the Stakeholders & Obligations register (contract
version 2). A workbook made before that register existed keeps the requirement on its
self-assessment, as before the check."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, blank, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import predates

SHEET = "Stakeholders & Obligations"
KINDS = ("legal", "regulatory", "contractual")
DEFAULT_INTERVAL = 12  # months, when a row sets none (the column's help says so)


def check_stakeholders(ctx: AssessmentContext) -> Evidence:
    """v3 GR3.1: every stakeholder requirement owned and reviewed within its interval; legal,
    regulatory and contractual requirements all considered, each with its source."""
    ev = EvidenceBuilder()
    if not ctx.ds.has(SHEET):
        return predates(SHEET)
    rows = ctx.rows(SHEET)
    if not rows:
        return ev.zero(f"Nothing recorded: the {SHEET} register is empty.")
    cov, stale = Coverage(), list[str]()
    for r in rows:
        due = ctx.review_due(r["last_review"], r["review_interval"] or DEFAULT_INTERVAL)
        if not due.ok:
            stale.append(label(r))
            ev.badly_overdue |= due.badly
        cov.add(label(r), due.ok and ctx.assigned(r["owner"]))
    ev.coverage(cov, "stakeholder requirements with an owner, reviewed within their interval",
                "no owner, or review overdue", SHEET)  # fmt: skip
    kinds = {r["obligation_type"] for r in rows}
    missing = [k for k in KINDS if k not in kinds]
    if missing:
        ev.say(f"no {' or '.join(missing)} requirement is recorded")
    unsourced = [label(r) for r in rows if blank(r["source"])]
    l3 = [
        Condition(not missing, "legal, regulatory and contractual requirements are all considered"),
        Condition(not unsourced, "every requirement names its source", SHEET, unsourced),
    ]
    l4 = [Condition(ctx.monitored("SMS"), "the SMS is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
