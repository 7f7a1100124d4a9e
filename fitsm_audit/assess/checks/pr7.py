"""Evidence checks for PR7 Customer relationship management."""

from __future__ import annotations

import datetime as dt

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import (
    empty_log,
    measured,
    service_review_status,
    services_of_customer,
    zero_over,
)
from fitsm_audit.core.words import count

COMMS_SECTION = "communication, reporting and escalation"


def check_customers(ctx: AssessmentContext) -> Evidence:
    """PR7.1: the customers of every live service are known."""
    ev = EvidenceBuilder()
    if ctx.empty("Customers"):
        return ev.zero("Nothing recorded: the Customers register is empty.")
    if ctx.rows("Services") and not ctx.live:
        return ev.na("no in-scope service is live")
    cov = Coverage()
    for s in ctx.live:
        named = keys(s["customers"])
        cov.add(label(s), ctx.has_customers(s) and all(k in ctx.customers for k in named))
    ev.coverage(cov, "live services have known customers", "customers unknown", "Services")
    unknown: list[str] = []
    for sheet, col in (
        ("Services", "customers"),
        ("Complaints", "customer"),
        ("Satisfaction", "customer"),
    ):
        for r in ctx.rows(sheet):
            unknown += [i for i in keys(r[col]) if i not in ctx.customers]
    unknown += [
        key(a["counterparty"])
        for a in ctx.slas
        if not ctx.is_default(a)
        and isinstance(a["counterparty"], str)
        and key(a["counterparty"]) not in ctx.customers
    ]
    unknown = [u.upper() for u in dict.fromkeys(unknown)]
    ev.fail("customer ID not in Customers", "Customers", unknown)
    svc_of = services_of_customer(ctx)
    incomplete = [
        label(c)
        for c in ctx.active_customers
        if not (filled(c["name"]) and ctx.contact(c["contact"]) and svc_of.get(key(c.id or "")))
    ]
    l3 = [
        Condition(not unknown, "every customer ID used elsewhere is in Customers"),
        Condition(
            not incomplete,
            "every active customer has a name, a contact and a service",
            "Customers",
            incomplete,
        ),
    ]
    return ev.done(cov.fraction, l3=l3, l4=measured(ctx, "PR7"), cov=cov)


def _per_customer(ctx: AssessmentContext, ok, what: str, fail: str, l3: list[Condition] | None = None) -> Evidence:  # noqa: ANN001
    ev = EvidenceBuilder()
    if ctx.empty("Customers"):
        return ev.zero("Nothing recorded: the Customers register is empty.")
    cov = Coverage()
    for c in ctx.active_customers:
        cov.add(label(c), ok(c))
    if cov.n == 0:
        return ev.na("no active customer")
    ev.coverage(cov, f"active customers {what}", fail, "Customers")
    return ev.done(cov.fraction, l3=l3 or [], l4=measured(ctx, "PR7"), cov=cov)


def check_customer_contact(ctx: AssessmentContext) -> Evidence:
    """PR7.2: each customer has an account manager."""
    return _per_customer(
        ctx,
        lambda c: ctx.assigned(c["account_manager"]),
        "have an account manager",
        "no account manager",
    )


def check_customer_channels(ctx: AssessmentContext) -> Evidence:
    """PR7.3: communication channels agreed with each customer."""
    with_terms = {
        key(t["agreement"])
        for t in ctx.rows("Agreement Terms")
        if isinstance(t["agreement"], str) and t["section"] == COMMS_SECTION
    }
    missing = [
        label(a)
        for a in ctx.in_force_slas
        if not ctx.is_default(a) and key(a.id or "") not in with_terms
    ]
    l3 = [
        Condition(
            not missing,
            "every individual SLA states communication, reporting and escalation",
            "Agreements",
            missing,
        )
    ]
    return _per_customer(
        ctx,
        lambda c: filled(c["channels"]),
        "have agreed communication channels",
        "no channels",
        l3,
    )


def check_service_reviews(ctx: AssessmentContext) -> Evidence:
    """PR7.4: service reviews with customers at planned intervals."""
    ev = EvidenceBuilder()
    if ctx.empty("Customers"):
        return ev.zero("Nothing recorded: the Customers register is empty.")
    rows = service_review_status(ctx)
    if not rows and ctx.live:
        return ev.na("no active customer receives a live service (see PR7.1)")
    if not any(d.base for _, d in rows):
        return zero_over(
            ev,
            "No customer has a service review or an individual SLA to date reviews from.",
            len(rows),
        )
    cov, unplanned = Coverage(), list[str]()
    for c, due in rows:
        ev.in_date(cov, unplanned, label(c), due)
    ev.coverage(
        cov,
        "active customers of live services had a service review within their interval",
        "service review overdue",
        "Customers",
    )
    l3 = [
        Condition(not unplanned, "every customer has a planned review interval", "Customers", unplanned)
    ]
    return ev.done(cov.fraction, l3=l3, l4=measured(ctx, "PR7"), cov=cov)


def check_complaints(ctx: AssessmentContext) -> Evidence:
    """PR7.5: complaints recorded, owned and closed with an action in time."""
    ev = EvidenceBuilder()
    rows = [c for c in ctx.rows("Complaints") if ctx.past(c["received_on"])]
    cov = Coverage()
    for c in rows:
        closed = c["status"] == "closed" and ctx.past(c["closed_on"]) is not None
        if closed and not ctx.recent(c["received_on"], ctx.settings.event_window):
            continue
        ok = (
            isinstance(c["customer"], str)
            and key(c["customer"]) in ctx.customers
            and ctx.assigned(c["owner"])
            and (
                (closed and filled(c["action"]))
                or (not closed and ctx.within_days(c["received_on"], ctx.settings.complaint_open_days))
            )
        )
        cov.add(label(c), ok)
    if cov.n == 0:
        return empty_log(ctx, ev, "PR7", "Complaints")
    ev.coverage(
        cov,
        f"complaints of the last {count(ctx.settings.event_window, 'month')} (and open ones) are owned and "
        f"closed with an action, or open less than {count(ctx.settings.complaint_open_days, 'day')}",
        "not managed",
        "Complaints",
    )
    return ev.done(cov.fraction, l4=measured(ctx, "PR7"), cov=cov)


def check_satisfaction(ctx: AssessmentContext) -> Evidence:
    """PR7.6: satisfaction measured per customer and low scores followed up."""
    ev = EvidenceBuilder()
    surveys = [s for s in ctx.rows("Satisfaction") if ctx.past(s["date"])]
    if ctx.empty("Customers") or not (
        surveys or any(ctx.past(c["last_survey"]) for c in ctx.active_customers)
    ):
        reason = "Nothing recorded: no satisfaction survey date anywhere."
        return zero_over(ev, reason, len(ctx.active_customers))
    latest: dict[str, dt.date] = {}
    for s in surveys:
        if isinstance(s["customer"], str):
            k = key(s["customer"])
            latest[k] = max(latest.get(k, s["date"]), s["date"])
    cov = Coverage()
    for c in ctx.active_customers:
        dates = [d for d in (latest.get(key(c.id or "")), ctx.past(c["last_survey"])) if d]
        cov.add(label(c), bool(dates) and ctx.recent(max(dates), ctx.settings.periodic_check))
    if cov.n == 0:
        return ev.na("no active customer")
    ev.coverage(
        cov,
        f"active customers were surveyed in the last {count(ctx.settings.periodic_check, 'month')}",
        "not surveyed",
        "Customers",
    )
    window = [s for s in surveys if ctx.recent(s["date"], ctx.settings.periodic_check)]
    unscored = [label(s) for s in window if s["score"] is None]
    low = [
        label(s)
        for s in window
        if isinstance(s["score"], (int, float))
        and isinstance(s["target"], (int, float))
        and s["score"] < s["target"]
        and not ctx.follow_up(s)
    ]
    l3 = [
        Condition(not unscored, "every recent survey has a score", "Satisfaction", unscored),
        Condition(not low, "every score below its target has a follow-up", "Satisfaction", low),
    ]
    return ev.done(cov.fraction, l3=l3, l4=measured(ctx, "PR7"), cov=cov)
