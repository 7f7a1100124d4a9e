"""Evidence checks for PR13 Release and deployment management (the Releases log of the operations
area). PR13.1 (a release policy) is not shown by the registers: the Documents register has no
release-policy type, so it rests on the self-assessment."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import filled, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.ops_queries import (
    CHANGES,
    RELEASES,
    covered,
    deployed,
    existing,
    opening,
    releases,
)
from fitsm_audit.assess.queries import measured

PR = "PR13"
NO_DEPLOYED = "no release deployed in the event window"


def check_release_planning(ctx: AssessmentContext) -> Evidence:
    """PR13.2: every release has a planned deployment date and names the changes it deploys."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, RELEASES, PR)) is not None:
        return early
    rows = releases(ctx)
    unlinked = [label(r) for r in rows if not existing(ctx, CHANGES, r["changes"])]
    l3 = [
        Condition(
            not unlinked, "every release names the changes (Changes IDs) it deploys", RELEASES, unlinked
        )
    ]
    return covered(
        ev,
        rows,
        lambda r: ctx.plan_date(r["planned"]) is not None,
        (RELEASES, "releases with a planned deployment date", "planned date blank"),
        "no release deployed in the event window or still to deploy",
        l3,
        measured(ctx, PR),
    )


def check_release_testing(ctx: AssessmentContext) -> Evidence:
    """PR13.3: every deployed release was built and tested before deployment."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, RELEASES, PR)) is not None:
        return early
    return covered(
        ev,
        deployed(ctx),
        lambda r: r["tested"] is True,
        (RELEASES, "deployed releases built and tested", "not tested"),
        NO_DEPLOYED,
        l4=measured(ctx, PR),
    )


def check_release_acceptance(ctx: AssessmentContext) -> Evidence:
    """PR13.4: every deployed release was accepted against its criteria by a named person."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, RELEASES, PR)) is not None:
        return early
    return covered(
        ev,
        deployed(ctx),
        lambda r: ctx.contact(r["acceptance_by"]),
        (RELEASES, "deployed releases accepted (Acceptance by)", "no acceptance"),
        NO_DEPLOYED,
        l4=measured(ctx, PR),
    )


def check_release_rollback(ctx: AssessmentContext) -> Evidence:
    """PR13.5: every deployed release had steps for failure (a rollback plan)."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, RELEASES, PR)) is not None:
        return early
    return covered(
        ev,
        deployed(ctx),
        lambda r: r["rollback_plan"] is True,
        (RELEASES, "deployed releases with a rollback plan", "no rollback plan"),
        NO_DEPLOYED,
        l4=measured(ctx, PR),
    )


def check_release_evaluation(ctx: AssessmentContext) -> Evidence:
    """PR13.6: every deployed release evaluated (outcome); failed ones followed up (D8)."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, RELEASES, PR)) is not None:
        return early
    rows = deployed(ctx)
    failed = [
        label(r)
        for r in rows
        if r["outcome"] in ("failed", "rolled back", "partially successful") and not ctx.follow_up(r)
    ]
    l3 = [
        Condition(not failed, "every release that did not fully succeed is followed up", RELEASES, failed)
    ]
    return covered(
        ev,
        rows,
        lambda r: filled(r["outcome"]),
        (RELEASES, "deployed releases evaluated (outcome)", "no outcome"),
        NO_DEPLOYED,
        l3,
        measured(ctx, PR),
    )
