"""Evidence checks for PR1 Service portfolio management."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import referenced_services
from fitsm_audit.core.words import count

# Columns that name services (second item: the column may also name components).

SPEC_COLUMNS = ("name", "description", "value_proposition", "status")


def check_portfolio(ctx: AssessmentContext) -> Evidence:
    """PR1.1: every live or in-preparation service specified, nothing unknown, reviewed."""
    ev = EvidenceBuilder()
    if ctx.empty("Services"):
        return ev.zero("Nothing recorded: the Services register is empty.")
    cov = Coverage()
    for s in ctx.live + ctx.prep:
        ok = all(filled(s[c]) for c in SPEC_COLUMNS) and ctx.assigned(s["owner"])
        cov.add(label(s), ok)
    if cov.n == 0:
        return ev.na("no in-scope service is live or in preparation")
    ev.coverage(
        cov,
        "live or in-preparation services are fully specified (name, description, "
        "value proposition, status, owner)",
        "not fully specified",
        "Services",
    )
    _, unknown = referenced_services(ctx)
    ev.fail("referenced service not in the portfolio", "Services", unknown.values())
    interval, planned = ctx.sms_interval("portfolio_review_interval")
    latest = ctx.latest_review("service portfolio review")
    reviewed = latest is not None and ctx.recent(latest["date"], interval)
    ev.say(
        f"latest service portfolio review: {latest['date']}"
        if latest is not None
        else "no service portfolio review recorded"
    )
    if not planned:
        ev.say(f"portfolio review interval not set; {count(interval, 'month')} assumed")
    if latest is not None and not ctx.recent(latest["date"], 2 * interval):
        ev.badly_overdue = True
    l3 = [
        Condition(not unknown, "every referenced service is in the portfolio"),
        Condition(reviewed, f"a service portfolio review within {count(interval, 'month')}"),
    ]
    l4 = [Condition(ctx.monitored("PR1"), "PR1 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def open_sdtps(ctx: AssessmentContext) -> list:
    return [d for d in ctx.rows("Design & Transition") if d["status"] != "cancelled"]


def sdtp_approved(ctx: AssessmentContext, d) -> bool:  # noqa: ANN001 - a Record
    return ctx.assigned(d["approved_by"]) and ctx.past(d["approved_on"]) is not None


def check_transition_planned(ctx: AssessmentContext) -> Evidence:
    """PR1.2: services in preparation (and changed services) have an SDTP."""
    ev = EvidenceBuilder()
    if ctx.empty("Services"):
        return ev.zero("Nothing recorded: the Services register is empty.")
    sdtps = open_sdtps(ctx)
    by_service: dict[str, list] = {}
    for d in sdtps:
        for k in keys(d["service"]):
            by_service.setdefault(k, []).append(d)
    sdtp_by_id = {key(d.id): d for d in sdtps if d.id}
    population = {key(s.id): s.id for s in ctx.prep if s.id}
    for d in sdtps:
        if d["change_type"] == "changed":
            for k in keys(d["service"]):
                rec = ctx.services.get(k)
                if rec is not None and ctx.svc_in_scope(rec):
                    population.setdefault(k, rec.id or k)
    if not population:
        return ev.na("no service is in preparation or being changed")
    if not ctx.rows("Design & Transition"):
        ev.fail("no SDTP", "Services", population.values())
        return ev.zero("No SDTP recorded while services are in preparation.")
    cov, covering = Coverage(), []
    for k, name in population.items():
        linked = by_service.get(k, [])
        rec = ctx.services.get(k)
        via_service = [sdtp_by_id[i] for i in keys(rec["sdtp"]) if i in sdtp_by_id] if rec else []
        cov.add(name, bool(linked or via_service))
        covering.extend(linked)
        covering.extend(via_service)
    ev.coverage(cov, "services in preparation or being changed have an SDTP", "no SDTP", "Services")
    unapproved = sorted({label(d) for d in covering if not sdtp_approved(ctx, d)})
    overdue = [
        label(d)
        for d in sdtps
        if d["status"] != "completed" and (g := ctx.plan_date(d["go_live"])) and g < ctx.as_of
    ]
    unfinished = [
        label(d)
        for d in sdtps
        if d["change_type"] != "changed"
        and d["status"] != "completed"
        and any(ctx.svc_state(k) == "live" for k in keys(d["service"]))
    ]
    l3 = [
        Condition(not unapproved, "every covering SDTP is approved", "Design & Transition", unapproved)
    ]
    l4 = [
        Condition(
            not overdue,
            "no SDTP is still open after its go-live date",
            "Design & Transition",
            overdue,
        ),
        Condition(
            not unfinished,
            "every SDTP of a service now live is completed",
            "Design & Transition",
            unfinished,
        ),
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


SDTP_ITEMS = {
    "go_live": "timescales",
    "responsibilities": "responsibilities",
    "technology": "technology",
    "communication": "communication",
    "acceptance_criteria": "acceptance criteria",
}


def check_sdtp_contents(ctx: AssessmentContext) -> Evidence:
    """PR1.3: each SDTP states timescales, responsibilities, technology, communication, criteria."""
    ev = EvidenceBuilder()
    sdtps = open_sdtps(ctx)
    if not sdtps:
        if ctx.empty("Services"):
            return ev.zero("Nothing recorded: no SDTP and no service in the portfolio.")
        if ctx.prep:
            ev.fail("in preparation without an SDTP", "Services", [label(s) for s in ctx.prep])
            return ev.zero("No SDTP recorded while services are in preparation.")
        return ev.na("no SDTP is recorded and no service is in preparation")
    cov = Coverage()
    for d in sdtps:
        missing = [what for col, what in SDTP_ITEMS.items() if not filled(d[col])]
        cov.add(label(d), not missing)
        if missing:
            ev.fail(
                f"SDTP without {', '.join(missing)}", "Design & Transition", [label(d)], show=False
            )
    ev.coverage(cov, "SDTPs state all five items", "incomplete SDTP", "Design & Transition")
    unapproved = [label(d) for d in sdtps if not sdtp_approved(ctx, d)]
    l3 = [Condition(not unapproved, "every SDTP is approved", "Design & Transition", unapproved)]
    l4 = [Condition(ctx.monitored("PR1"), "PR1 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_parties(ctx: AssessmentContext) -> Evidence:
    """PR1.4: every party involved in delivery is known with a role and a contact point."""
    ev = EvidenceBuilder()
    population: dict[str, str] = {k: r.id or k for k, r in ctx.parties.items()}
    for c in ctx.rows("Components"):
        if isinstance(c["provided_by"], str) and filled(c["provided_by"]):
            population.setdefault(key(c["provided_by"]), c["provided_by"].strip())
    for a in ctx.ola_uas:
        if isinstance(a["counterparty"], str) and filled(a["counterparty"]):
            population.setdefault(key(a["counterparty"]), a["counterparty"].strip())
    if not population:
        return ev.zero("Nothing recorded: no Parties row and no provider or counterparty named.")
    cov, unknown = Coverage(), []
    for k, name in population.items():
        party, sup = ctx.parties.get(k), ctx.suppliers.get(k)
        ok = (
            party is not None and filled(party["role"]) and ctx.contact(party["contact_point"])
        ) or (sup is not None and ctx.contact(sup["contact"]))
        if party is None and sup is None:
            unknown.append(name)
        cov.add(name, ok)
    ev.coverage(
        cov,
        "parties involved in delivery have a role and a contact point",
        "no role or contact point",
        "Parties",
    )
    ev.fail("named but not in Parties or Suppliers", "Parties", unknown, show=False)
    own = len(ctx.own_parties)
    l3 = [
        Condition(own == 1, "exactly one Parties row has the role service provider"),
        Condition(not unknown, "every named party exists", "Parties", unknown),
    ]
    if own != 1:
        ev.say(f"{own} Parties rows have the role service provider (one expected)")
    l4 = [Condition(ctx.monitored("PR1"), "PR1 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
