"""Evidence checks of edition 3's GR1, one per requirement: an SMS owner (GR1.1) and management
reviews at planned intervals (GR1.3). Edition 2 judges both, with goals and the policy, in one
check (GR1.1); edition 3 splits them, so each is judged on its own conditions alone."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, blank, filled, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.followup_queries import record_conditions
from fitsm_audit.assess.queries import reviews_spaced, sms_owners
from fitsm_audit.core.words import count


def check_sms_owner(ctx: AssessmentContext) -> Evidence:
    """v3 GR1.1: one top-management member appointed as SMS owner, a person in People."""
    ev = EvidenceBuilder()
    owners, recorded = sms_owners(ctx)
    if not recorded:
        return ev.zero("Nothing recorded: no SMS owner in Organisation or Roles.")
    cov = Coverage()
    cov.add("one accountable SMS owner", len(owners) == 1)
    if len(owners) > 1:
        ev.say(f"two or more different people are named as SMS owner: {', '.join(sorted(owners))}")
    elif not owners:
        ev.say("the SMS owner named is no person in People")
    else:
        ev.say(f"SMS owner: {next(iter(owners))}")
    l4 = [Condition(ctx.monitored("SMS"), "the SMS is measured by a KPI")]
    return ev.done(cov.fraction, l4=l4, cov=cov)


def check_management_reviews(ctx: AssessmentContext) -> Evidence:
    """v3 GR1.3: management reviews held at planned intervals, each with an outcome."""
    ev = EvidenceBuilder()
    interval, planned = ctx.sms_interval("management_review_interval")
    reviews = ctx.reviews_by_type.get("management review", [])
    if not reviews:
        return ev.zero("Nothing recorded: no management review was ever held.")
    latest = reviews[0]
    cov = Coverage()
    cov.add(label(latest), ctx.recent(latest["date"], interval))
    ev.coverage(
        cov,
        f"latest management review within the interval ({count(interval, 'month')})",
        "management review overdue",
        "Reviews",
    )
    without_outcome = [label(r) for r in reviews if blank(r["outcome"])]
    if latest is not None and not ctx.recent(latest["date"], 2 * interval):
        ev.badly_overdue = True
    spaced = reviews_spaced(ctx, reviews, interval)
    l3 = [
        Condition(planned, "the management review interval is set"),
        Condition(filled(latest["outcome"]), "every management review records its outcome",
                  "Reviews", without_outcome),
    ]  # fmt: skip
    l4 = [Condition(spaced, "the two latest management reviews are at most one interval apart")]
    actions_l3, actions_l4 = record_conditions(ctx, latest)
    return ev.done(cov.fraction, l3=l3 + actions_l3, l4=l4 + actions_l4, cov=cov)
