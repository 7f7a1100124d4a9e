"""Evidence checks for PR6 Information security management."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label, percent
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import (
    empty_log,
    implemented_controls,
    is_policies,
    risk_review_ok,
    risks_incomplete,
)
from fitsm_audit.core.words import count

CONTROL_TYPES = ("physical", "technical", "organisational")


def check_is_policies(ctx: AssessmentContext) -> Evidence:
    """PR6.1: information security policies defined and under control."""
    ev = EvidenceBuilder()
    docs = is_policies(ctx)
    if not docs:
        return ev.zero("Nothing recorded: no information security policy in Documents.")
    cov = Coverage()
    for d in docs:
        cov.add(label(d), ctx.controlled(d))
    ev.coverage(
        cov,
        "registered information security policies are controlled (approved, owned, "
        "versioned, published, in date)",
        "not controlled",
        "Documents",
    )
    l4 = [Condition(ctx.monitored("PR6"), "PR6 is measured by a KPI")]
    return ev.done(cov.fraction, l4=l4, cov=cov)


def check_security_controls(ctx: AssessmentContext) -> Evidence:
    """PR6.2: implemented controls against every risk that needs reducing."""
    ev = EvidenceBuilder()
    risks, controls = ctx.rows("Risks"), ctx.rows("Controls")
    if not risks and not controls:
        return ev.zero("Nothing recorded: Risks and Controls are both empty.")
    by_id = ctx.ds.by_key("Controls")
    if not risks:
        ev.say(f"{count(len(controls), 'control')} recorded, but no risk {'it treats' if len(controls) == 1 else 'they treat'}")
        return ev.done(Coverage(["risks"], ["risks"]).fraction)
    cov = Coverage()
    for r in risks:
        if r["treatment"] not in (None, "reduce"):
            continue
        ok = any(
            (c := by_id.get(k)) is not None and c["status"] == "implemented"
            for k in keys(r["controls"])
        )
        cov.add(label(r), ok)
    if cov.n:
        ev.coverage(
            cov, "risks to reduce have an implemented control", "no implemented control", "Risks"
        )
    else:
        ev.say("no risk is to be reduced (all accepted, transferred or avoided)")
    incomplete, stale = risks_incomplete(ctx, risks), []
    for r in risks:
        ok, badly = risk_review_ok(ctx, r)
        if not ok:
            stale.append(label(r))
            ev.badly_overdue |= badly
    loose = [label(c) for c in controls if not (c["type"] and ctx.assigned(c["owner"]))]
    types = {c["type"] for c in implemented_controls(ctx)}
    missing_types = [t for t in CONTROL_TYPES if t not in types]
    interval, _ = ctx.sms_interval("risk_review_interval")
    l3 = [
        Condition(
            not incomplete,
            "every risk has an existing asset, likelihood, impact, level, treatment and owner",
            "Risks",
            incomplete,
        ),
        Condition(not stale, f"every risk was reviewed in the last {count(interval, 'month')}", "Risks", stale),
        Condition(not loose, "every control has a type and an owner", "Controls", loose),
        Condition(
            not missing_types,
            f"implemented controls of all three types exist (missing: {', '.join(missing_types)})"
            if missing_types
            else "implemented controls of all three types",
        ),
    ]
    l4 = [Condition(ctx.monitored("PR6"), "PR6 is measured by a KPI")]
    fraction = cov.fraction if cov.n else Coverage(["none needed"]).fraction
    return ev.done(fraction, l3=l3, l4=l4, cov=cov)


def check_security_reviews(ctx: AssessmentContext) -> Evidence:
    """PR6.3: approved IS policies and implemented controls reviewed at planned intervals."""
    ev = EvidenceBuilder()
    policies = [d for d in is_policies(ctx) if ctx.approved(d)]
    controls = implemented_controls(ctx)
    if not policies and not controls:
        return ev.zero("Nothing recorded: no approved IS policy and no implemented control.")
    cov, unplanned = Coverage(), list[str]()
    for d in policies:
        ev.in_date(cov, unplanned, label(d), ctx.document_review_due(d))
    for c in controls:
        ev.in_date(cov, unplanned, label(c), ctx.review_due(c["last_review"], c["review_interval"]))
    ev.say(
        f"{cov.k} of {cov.n} approved IS policies and implemented controls are reviewed in date "
        f"({percent(cov.k, cov.n)})"
    )
    # each row under its own sheet: the policies are Documents rows, the controls Controls rows
    docs = {label(d) for d in policies}
    ev.fail("policy review overdue", "Documents", [i for i in cov.failing if i in docs])
    ev.fail("control review overdue", "Controls", [i for i in cov.failing if i not in docs])
    l3 = [
        Condition(
            not any(i in docs for i in unplanned),
            "every policy has a planned next review",
            "Documents",
            [i for i in unplanned if i in docs],
        ),
        Condition(
            not any(i not in docs for i in unplanned),
            "every control has a planned review interval",
            "Controls",
            [i for i in unplanned if i not in docs],
        ),
    ]
    l4 = [Condition(ctx.monitored("PR6"), "PR6 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_security_events(ctx: AssessmentContext) -> Evidence:
    """PR6.4: security events prioritised and handled within their priority's limit."""
    ev = EvidenceBuilder()
    events = [e for e in ctx.rows("Security Events") if ctx.past(e["reported_on"])]
    if not events:
        return empty_log(ctx, ev, "PR6", "Security Events")
    cov, unfollowed = Coverage(), []
    for e in events:
        closed = e["status"] == "closed" and ctx.past(e["closed_on"]) is not None
        if closed and not ctx.recent(e["reported_on"], ctx.settings.event_window):
            continue  # closed long ago: outside the population
        limit = ctx.settings.event_open_days.get(e["priority"] or "")
        managed = (
            limit is not None
            and ctx.assigned(e["handler"])
            and (closed or ctx.within_days(e["reported_on"], limit))
        )
        cov.add(label(e), managed)
        if closed and e["incident"] is True and not ctx.follow_up(e):
            unfollowed.append(label(e))
    if cov.n == 0:
        return empty_log(ctx, EvidenceBuilder(), "PR6", "Security Events")
    ev.coverage(
        cov,
        f"security events of the last {count(ctx.settings.event_window, 'month')} (and open ones) are "
        "prioritised, assigned and closed within their limit",
        "not handled in time",
        "Security Events",
    )
    l3 = [
        Condition(not unfollowed, "every closed incident has a follow-up", "Security Events", unfollowed)
    ]
    l4 = [Condition(ctx.monitored("PR6"), "PR6 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_access_control(ctx: AssessmentContext) -> Evidence:
    """PR6.5: access rights to the systems holding information assets are reviewed."""
    ev = EvidenceBuilder()
    reviews = [r for r in ctx.rows("Access Reviews") if ctx.past(r["date"])]
    if not reviews:
        return ev.zero("Nothing recorded: no access review.")
    systems: dict[str, str] = {}
    for a in ctx.rows("Assets"):
        for k in keys(a["components"]):
            if k in ctx.components:
                systems.setdefault(k, ctx.components[k].id or k)
    basis = "components holding information assets"
    if not systems:
        basis = "components of live services"
        for s in ctx.live:
            for c in ctx.components_of.get(key(s.id or ""), []):
                if c.id:
                    systems.setdefault(key(c.id), c.id)
    reviewed = {
        key(r["system"])
        for r in reviews
        if isinstance(r["system"], str)
        and ctx.assigned(r["reviewer"])
        and r["result"]
        and ctx.recent(r["date"], ctx.settings.periodic_check)
    }
    cov = Coverage()
    for k, name in systems.items():
        cov.add(name, k in reviewed)
    if cov.n == 0:
        return ev.na("no component holds an information asset or supports a live service")
    ev.coverage(
        cov,
        f"{basis} had an access review in the last {count(ctx.settings.periodic_check, 'month')}",
        "no recent access review",
        "Access Reviews",
    )
    open_findings = [
        label(r) for r in reviews if r["result"] == "findings" and not filled(r["actions"])
    ]
    l3 = [
        Condition(
            not open_findings,
            "every review with findings records its actions",
            "Access Reviews",
            open_findings,
        )
    ]
    l4 = [Condition(ctx.monitored("PR6"), "PR6 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
