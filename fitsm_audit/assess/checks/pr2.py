"""Evidence checks for PR2 Service level management: catalogue, SLAs, OLAs and UAs."""

from __future__ import annotations

from fractions import Fraction

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, id_list, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.core.findings import quote
from fitsm_audit.core.words import count
from fitsm_audit.workbook.records import Record

INCOMPLETE = "in force but incomplete"


def incomplete_agreements(ctx: AssessmentContext, ev: EvidenceBuilder, agreements: list[Record]) -> list[str]:
    """The agreements in force but incomplete (D5), named as failing ("in force but incomplete"),
    each followed by its sections that are blank or a placeholder, with their cells."""
    bad = [a for a in agreements if ctx.incomplete(a)]
    ev.fail(INCOMPLETE, "Agreements", [label(a) for a in bad])
    for a in bad:
        ev.say(f"{label(a)}: " + "; ".join(_unagreed(ctx, t) for t in ctx.unagreed_terms[key(a.id or "")]))
    return [label(a) for a in bad]


def _unagreed(ctx: AssessmentContext, term: Record) -> str:
    says = f"says {quote(term['text'])}" if filled(term["text"]) else "is blank"
    cell = ctx.ds.cell(term.sheet, "text", term.row)
    return f"{quote(term['section'])} {says}" + (f" ({cell})" if cell else "")


def check_catalogue(ctx: AssessmentContext) -> Evidence:
    """PR2.1: every live service has a catalogue entry; entries match the portfolio."""
    ev = EvidenceBuilder()
    if ctx.rows("Services") and not ctx.live:
        return ev.na("no in-scope service is live")
    if ctx.empty("Catalogue"):
        return ev.zero("Nothing recorded: the Catalogue is empty.")
    entries = {key(c["service"]): c for c in ctx.rows("Catalogue") if isinstance(c["service"], str)}
    cov = Coverage()
    for s in ctx.live:
        e = entries.get(key(s.id or ""))
        cov.add(
            label(s), e is not None and filled(e["description"]) and filled(e["how_to_request"])
        )
    ev.coverage(
        cov,
        "live services have a catalogue entry with description and how to request",
        "no complete catalogue entry",
        "Catalogue",
    )
    stray = [
        label(c) for k, c in entries.items() if ctx.svc_state(k) not in ("live", "out of scope")
    ]
    ev.fail("catalogue entry for a service that is not live", "Catalogue", stray)
    bad_sla = [
        label(c)
        for c in entries.values()
        if isinstance(c["default_sla"], str)
        and not (
            (a := ctx.agreements.get(key(c["default_sla"])))
            and a["type"] == "SLA"
            and ctx.in_force(a)
        )
    ]
    ev.fail("default SLA not an in-force SLA", "Catalogue", bad_sla)
    l3 = [
        Condition(not stray, "no entry for a service that is not live"),
        Condition(not bad_sla, "every default SLA named is in force"),
    ]
    l4 = [Condition(ctx.monitored("PR2"), "PR2 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def sla_na_reason(ctx: AssessmentContext) -> str | None:
    """Why PR2.2 (and the SLA checks after it) do not apply, if they do not."""
    if ctx.rows("Services") and not ctx.live:
        return "no in-scope service is live"
    if ctx.live and not any(ctx.has_customers(s) for s in ctx.live):
        return "no live service has customers recorded (see PR7.1)"
    return None


def check_sla_coverage(ctx: AssessmentContext) -> Evidence:
    """PR2.2: every live service with customers is covered by an in-force SLA."""
    ev = EvidenceBuilder()
    if (reason := sla_na_reason(ctx)) is not None:
        return ev.na(reason)
    if not ctx.slas:
        ev.fail("no SLA", "Services", [label(s) for s in ctx.live if ctx.has_customers(s)])
        return ev.zero("Nothing recorded: no SLA in the Agreements register.")
    cov, pending = Coverage(), list[str]()
    for s in ctx.live:
        if not ctx.has_customers(s):
            continue
        k = key(s.id or "")
        covered = bool(ctx.slas_covering(k))
        cov.add(label(s), covered)
        if not covered:
            pending.extend(label(a) for a in ctx.pending_slas_for(k))
    ev.coverage(
        cov,
        "live services with customers are covered by an in-force SLA",
        "no SLA in force covers it",
        "Services",
    )
    if pending:
        ev.say(f"pending drafts that would close the gap: {id_list(pending)}")
    incomplete = incomplete_agreements(ctx, ev, ctx.slas)
    l3, l4 = _sla_conditions(ctx, ev, incomplete)
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def _sla_conditions(
    ctx: AssessmentContext, ev: EvidenceBuilder, incomplete: list[str]
) -> tuple[list[Condition], list[Condition]]:
    """PR2.2's level-3 and level-4 conditions on the SLAs in force (``incomplete``: the SLAs in
    force but incomplete, already named as failing)."""
    in_force = ctx.in_force_slas
    no_owner = [label(a) for a in in_force if not ctx.assigned(a["owner"])]
    no_target = [label(a) for a in in_force if not ctx.targets_of.get(key(a.id or ""))]
    bad_party = [
        label(a)
        for a in in_force
        if not ctx.is_default(a) and key(a["counterparty"] or "") not in ctx.customers
    ]
    bad_svc = [
        label(a)
        for a in in_force
        if any(ctx.svc_state(k) in ("retired", "unknown") for k in keys(a["services"]))
    ]
    lapsed = [label(a) for a in ctx.slas if ctx.lapsed(a)]
    unevaluated = [
        label(t)
        for a in in_force
        for t in ctx.targets_of.get(key(a.id or ""), [])
        if not ctx.evaluated(t, ctx.settings.measure_window)
    ]
    with_terms = {
        key(t["agreement"]) for t in ctx.rows("Agreement Terms") if isinstance(t["agreement"], str)
    }
    ev.say(
        f"{sum(1 for a in in_force if key(a.id or '') in with_terms)} of {len(in_force)} "
        "in-force SLAs have their terms recorded (information only)"
    )
    l3 = [
        Condition(not no_owner, "every in-force SLA has an owner", "Agreements", no_owner),
        Condition(not no_target, "every in-force SLA has a target", "Agreements", no_target),
        Condition(
            not bad_party,
            "every individual SLA's counterparty is a customer",
            "Agreements",
            bad_party,
        ),
        Condition(
            not bad_svc, "no in-force SLA names a retired or unknown service", "Agreements", bad_svc
        ),
        Condition(
            not lapsed,
            "no SLA is still marked active after its validity ended",
            "Agreements",
            lapsed,
        ),
        Condition(not incomplete, "every SLA in force is complete"),
    ]
    l4 = [
        Condition(
            not unevaluated,
            "every target of every in-force SLA is evaluated",
            "Targets",
            unevaluated,
        )
    ]
    return l3, l4


def _reviews(ctx: AssessmentContext, ev: EvidenceBuilder, agreements: list[Record], what: str) -> tuple[Coverage, list[str]]:
    cov, unplanned = Coverage(), list[str]()
    for a in agreements:
        due = ctx.review_due(a["last_review"], a["review_interval"], a["signed_on"])
        ev.in_date(cov, unplanned, label(a), due)
    ev.coverage(
        cov, f"in-force {what} are reviewed within their interval", "review overdue", "Agreements"
    )
    return cov, unplanned


def check_sla_reviews(ctx: AssessmentContext) -> Evidence:
    """PR2.3: in-force SLAs reviewed at planned intervals."""
    ev = EvidenceBuilder()
    if (reason := sla_na_reason(ctx)) is not None:
        return ev.na(reason)
    if not ctx.slas:
        return ev.zero("Nothing recorded: no SLA in the Agreements register.")
    if not ctx.in_force_slas:
        ev.say("SLA rows exist but none is in force")
        return ev.done(Fraction(0))
    cov, unplanned = _reviews(ctx, ev, ctx.in_force_slas, "SLAs")
    l3 = [Condition(not unplanned, "every SLA has a planned review interval", "Agreements", unplanned)]
    l4 = [Condition(ctx.monitored("PR2"), "PR2 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def _performance(ctx: AssessmentContext, ev: EvidenceBuilder, agreements: list[Record], kind: str) -> Evidence:
    all_kind = ctx.slas if kind == "SLAs" else ctx.ola_uas
    if not any(ctx.targets_of.get(key(a.id or "")) for a in all_kind):
        return ev.zero(f"Nothing recorded: no target on any of the {kind}.")
    cov = Coverage()
    for a in agreements:
        for t in ctx.targets_of.get(key(a.id or ""), []):
            cov.add(label(t), ctx.evaluated(t, ctx.settings.measure_window))
    if cov.n == 0:
        ev.say(f"targets exist, but none belongs to an in-force agreement of the {kind}")
        return ev.done(Fraction(0))
    ev.coverage(
        cov,
        f"targets of in-force {kind} are evaluated for a period in the last "
        f"{count(ctx.settings.measure_window, 'month')}",
        "not evaluated",
        "Targets",
    )
    no_target = [label(a) for a in agreements if not ctx.targets_of.get(key(a.id or ""))]
    missed = [t for t in ctx.window_rows(agreements, ctx.settings.measure_window) if ctx.met(t) is False]
    unfollowed = [label(t) for t in missed if not ctx.follow_up(t)]
    ev.say(f"{len(missed)} missed target periods in the window")
    l3 = [
        Condition(
            not no_target,
            f"every in-force agreement of the {kind} has a target",
            "Agreements",
            no_target,
        )
    ]
    l4 = [Condition(not unfollowed, "every missed target has a follow-up", "Targets", unfollowed)]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_sla_performance(ctx: AssessmentContext) -> Evidence:
    """PR2.4: SLA targets evaluated; violations followed up."""
    ev = EvidenceBuilder()
    if (reason := sla_na_reason(ctx)) is not None:
        return ev.na(reason)
    return _performance(ctx, ev, ctx.in_force_slas, "SLAs")


def supported_components(ctx: AssessmentContext) -> list[Record]:
    """Memoised per assessment: see :func:`_supported_components`."""
    return ctx.memo("supported_components", lambda: _supported_components(ctx))


def _supported_components(ctx: AssessmentContext) -> list[Record]:
    """Components of live services provided by others (D3), each once."""
    seen: dict[str, Record] = {}
    for s in ctx.live:
        for c in ctx.components_of.get(key(s.id or ""), []):
            if c.id and ctx.provided_by_others(c):
                seen.setdefault(key(c.id), c)
    return list(seen.values())


def ola_na_reason(ctx: AssessmentContext) -> str | None:
    if ctx.rows("Components") and not supported_components(ctx):
        return "no component of a live service is provided by others"
    return None


def check_ola_coverage(ctx: AssessmentContext) -> Evidence:
    """PR2.5: components provided by others are covered by an in-force OLA or UA."""
    ev = EvidenceBuilder()
    if ctx.empty("Components"):
        return ev.zero("Nothing recorded: the Components register is empty.")
    if (reason := ola_na_reason(ctx)) is not None:
        return ev.na(reason)
    comps = supported_components(ctx)
    if not ctx.ola_uas:
        ev.fail("no OLA or UA", "Components", [label(c) for c in comps])
        return ev.zero("Nothing recorded: no OLA or UA in the Agreements register.")
    cov, pending, used = Coverage(), list[str](), dict[str, Record]()
    wrong_type, wrong_party = [], []
    for c in comps:
        covering = ctx.agreements_covering_component(key(c.id or ""))
        cov.add(label(c), bool(covering))
        if not covering:
            pending.extend(label(a) for a in ctx.pending_for_component(key(c.id or "")))
        want = "UA" if ctx.external(c["provided_by"]) else "OLA"
        for a in covering:
            used[key(a.id or "")] = a
            if a["type"] != want:
                wrong_type.append(label(a))
            if key(a["counterparty"] or "") != key(c["provided_by"]):
                wrong_party.append(label(a))
    ev.coverage(
        cov,
        "components provided by others are covered by an in-force OLA or UA",
        "no OLA or UA in force covers it",
        "Components",
    )
    if pending:
        ev.say(f"pending drafts that would close the gap: {id_list(pending)}")
    incomplete = incomplete_agreements(ctx, ev, ctx.ola_uas)
    agreements = list(used.values())
    no_owner = [label(a) for a in agreements if not ctx.assigned(a["owner"])]
    no_target = [label(a) for a in agreements if not ctx.targets_of.get(key(a.id or ""))]
    unevaluated = [
        label(t)
        for a in agreements
        for t in ctx.targets_of.get(key(a.id or ""), [])
        if not ctx.evaluated(t, ctx.settings.measure_window)
    ]
    l3 = [
        Condition(
            not wrong_type,
            "the agreement type matches the provider (OLA internal, UA external)",
            "Agreements",
            sorted(set(wrong_type)),
        ),
        Condition(
            not wrong_party,
            "the counterparty is the component's provider",
            "Agreements",
            sorted(set(wrong_party)),
        ),
        Condition(not no_owner, "every OLA/UA has an owner", "Agreements", no_owner),
        Condition(not no_target, "every OLA/UA has a target", "Agreements", no_target),
        Condition(not incomplete, "every OLA and UA in force is complete"),
    ]
    l4 = [
        Condition(not unevaluated, "every target of these OLAs/UAs is evaluated", "Targets", unevaluated)
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_ola_reviews(ctx: AssessmentContext) -> Evidence:
    """PR2.6: in-force OLAs and UAs reviewed at planned intervals."""
    ev = EvidenceBuilder()
    if (reason := ola_na_reason(ctx)) is not None:
        return ev.na(reason)
    if not ctx.ola_uas:
        return ev.zero("Nothing recorded: no OLA or UA in the Agreements register.")
    if not ctx.in_force_ola_uas:
        ev.say("OLA/UA rows exist but none is in force")
        return ev.done(Fraction(0))
    cov, unplanned = _reviews(ctx, ev, ctx.in_force_ola_uas, "OLAs and UAs")
    l3 = [
        Condition(not unplanned, "every OLA/UA has a planned review interval", "Agreements", unplanned)
    ]
    l4 = [Condition(ctx.monitored("PR2"), "PR2 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_ola_performance(ctx: AssessmentContext) -> Evidence:
    """PR2.7: OLA/UA targets evaluated; violations notified."""
    ev = EvidenceBuilder()
    if (reason := ola_na_reason(ctx)) is not None:
        return ev.na(reason)
    return _performance(ctx, ev, ctx.in_force_ola_uas, "OLAs and UAs")
