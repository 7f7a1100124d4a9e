"""Evidence checks for PR12 Change management (the Changes log of the operations area)."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import filled, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.ops_queries import CHANGES, changes, covered, implemented, opening
from fitsm_audit.assess.queries import measured
from fitsm_audit.workbook.records import Record

PR = "PR12"
NO_CHANGE = "no change requested or implemented in the event window, or still open"
NO_IMPLEMENTED = "no change implemented in the event window"
APPROVED = ("approved", "scheduled", "implemented", "closed")


def check_change_classification(ctx: AssessmentContext) -> Evidence:
    """PR12.1: every change registered with what changes and classified by type."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CHANGES, PR)) is not None:
        return early
    return covered(
        ev,
        changes(ctx),
        lambda c: filled(c["type"]) and filled(c["summary"]),
        (CHANGES, "changes registered with a summary and classified (type)", "summary or type blank"),
        NO_CHANGE,
        l4=measured(ctx, PR),
    )


def _approved_before(ctx: AssessmentContext, c: Record) -> bool:
    approved, done = ctx.past(c["approved_on"]), ctx.past(c["implemented_on"])
    return (
        ctx.contact(c["approved_by"]) and approved is not None and (done is None or approved <= done)
    )


def check_change_approval(ctx: AssessmentContext) -> Evidence:
    """PR12.2: every implemented change other than a standard (pre-approved) one was approved by
    someone before its implementation; approved changes not yet implemented name the approver."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CHANGES, PR)) is not None:
        return early
    pending = [
        label(c)
        for c in changes(ctx)
        if c["status"] in ("approved", "scheduled") and not _approved_before(ctx, c)
    ]
    l3 = [
        Condition(
            not pending,
            "every approved or scheduled change names its approver and approval date",
            CHANGES,
            pending,
        )
    ]
    return covered(
        ev,
        [c for c in implemented(ctx) if c["type"] != "standard"],
        lambda c: _approved_before(ctx, c),
        (
            CHANGES,
            "implemented non-standard changes approved (approved_by, approved_on) before "
            "implementation",
            "not approved before implementation",
        ),
        NO_IMPLEMENTED,
        l3,
        measured(ctx, PR),
    )


def check_change_review(ctx: AssessmentContext) -> Evidence:
    """PR12.3: every implemented change reviewed after implementation, with its outcome."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CHANGES, PR)) is not None:
        return early
    return covered(
        ev,
        implemented(ctx),
        lambda c: c["review"] is True and filled(c["outcome"]),
        (
            CHANGES,
            "implemented changes reviewed after implementation with an outcome",
            "no post-implementation review or outcome",
        ),
        NO_IMPLEMENTED,
        l4=measured(ctx, PR),
    )


def check_emergency_changes(ctx: AssessmentContext) -> Evidence:
    """PR12.4: every implemented emergency change has an approver and a review."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CHANGES, PR)) is not None:
        return early
    return covered(
        ev,
        [c for c in implemented(ctx) if c["type"] == "emergency"],
        lambda c: ctx.contact(c["approved_by"]) and c["review"] is True,
        (
            CHANGES,
            "implemented emergency changes approved and reviewed",
            "emergency change not reviewed, or unapproved",
        ),
        "no emergency change implemented in the event window",
        l4=measured(ctx, PR),
    )


def check_change_risk(ctx: AssessmentContext) -> Evidence:
    """PR12.5: every non-standard change decided on (approved, rejected or beyond) has its risk
    assessed."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CHANGES, PR)) is not None:
        return early
    decided = (*APPROVED, "rejected")
    rows = [
        c
        for c in changes(ctx)
        if c["type"] != "standard" and (c["status"] in decided or ctx.past(c["approved_on"]))
    ]
    return covered(
        ev,
        rows,
        lambda c: filled(c["risk"]),
        (CHANGES, "non-standard changes decided on with their risk assessed", "risk blank"),
        "no non-standard change decided on in the event window",
        l4=measured(ctx, PR),
    )


def check_change_schedule(ctx: AssessmentContext) -> Evidence:
    """PR12.6: every approved change is on the change schedule (planned_on, not before approval)."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CHANGES, PR)) is not None:
        return early
    rows = [c for c in changes(ctx) if c["status"] in APPROVED or ctx.past(c["approved_on"])]

    def scheduled(c: Record) -> bool:
        planned, approved = ctx.plan_date(c["planned_on"]), ctx.past(c["approved_on"])
        return planned is not None and (approved is None or planned >= approved)

    return covered(
        ev,
        rows,
        scheduled,
        (
            CHANGES,
            "approved changes on the schedule with a planned date",
            "planned_on blank or before approval",
        ),
        "no approved change in the event window",
        l4=measured(ctx, PR),
    )


def check_change_remediation(ctx: AssessmentContext) -> Evidence:
    """PR12.7: every high-risk change has a remediation plan; failed ones are followed up."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CHANGES, PR)) is not None:
        return early
    failed = [
        label(c)
        for c in implemented(ctx)
        if c["outcome"] in ("failed", "rolled back") and not ctx.follow_up(c)
    ]
    l3 = [Condition(not failed, "every failed change is followed up", CHANGES, failed)]
    return covered(
        ev,
        [c for c in changes(ctx) if c["risk"] == "high" and c["status"] not in ("rejected", "cancelled")],
        lambda c: c["remediation_plan"] is True,
        (CHANGES, "high-risk changes with a remediation plan", "no remediation plan"),
        "no high-risk change in the event window",
        l3,
        measured(ctx, PR),
    )
