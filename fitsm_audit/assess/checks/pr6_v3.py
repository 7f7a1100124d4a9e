"""Edition 3's PR6.2 on its own: information security risks assessed at planned intervals.
Edition 2's PR6.2 check judges risks and controls together; edition 3 gives the controls their
own requirement (PR6.3, still judged by that check), so PR6.2 is judged on the risks alone."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import risk_review_ok, risks_incomplete
from fitsm_audit.core.words import count


def check_risk_assessment(ctx: AssessmentContext) -> Evidence:
    """v3 PR6.2: every risk reviewed within the risk review interval, each fully assessed."""
    ev = EvidenceBuilder()
    risks = ctx.rows("Risks")
    if not risks:
        return ev.zero("Nothing recorded: the Risks register is empty.")
    interval, planned = ctx.sms_interval("risk_review_interval")
    cov = Coverage()
    for r in risks:
        ok, badly = risk_review_ok(ctx, r)
        cov.add(label(r), ok)
        ev.badly_overdue |= not ok and badly
    ev.coverage(
        cov,
        f"risks reviewed in the last {count(interval, 'month')}",
        "risk review overdue or not dated",
        "Risks",
    )
    incomplete = risks_incomplete(ctx, risks)
    l3 = [
        Condition(planned, "the risk review interval is set"),
        Condition(
            not incomplete,
            "every risk has an existing asset, likelihood, impact, level, treatment and owner",
            "Risks",
            incomplete,
        ),
    ]
    l4 = [Condition(ctx.monitored("PR6"), "PR6 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
