"""Evidence checks for PR4 Availability and continuity and PR5 Capacity management."""

from __future__ import annotations

import re

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, as_list, filled, id_list, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import ACP, CAP, category_targets, in_warning, plans, zero_over
from fitsm_audit.core.words import count
from fitsm_audit.workbook.records import Record

RISK_ID = re.compile(r"^RSK-\d+$", re.IGNORECASE)
RESOURCES = "Capacity Resources"


def _sla_population(ctx: AssessmentContext) -> tuple[list[Record], bool]:
    """Live services covered by an in-force SLA; else all live services (and a cap)."""
    covered = [s for s in ctx.live if ctx.slas_covering(key(s.id or ""))]
    return (covered, False) if covered else (list(ctx.live), True)


def _plan_index(ctx: AssessmentContext, sheet: str, need: str) -> dict[str, list[Record]]:
    """Memoised per assessment: see :func:`_compute_plan_index`."""
    return ctx.memo(f"_plan_index:{sheet}:{need}", lambda: _compute_plan_index(ctx, sheet, need))


def _compute_plan_index(ctx: AssessmentContext, sheet: str, need: str) -> dict[str, list[Record]]:
    """Service key -> plans covering it whose ``need`` column is filled (capacity: via components)."""
    out: dict[str, list[Record]] = {}
    comp_services = ctx.memo(
        "component services", lambda: {k: keys(c["services"]) for k, c in ctx.components.items()}
    )
    short = set(_short_services(ctx)) if sheet == CAP and need == "owner" else set()  # PR5.2 coverage
    for p in plans(ctx, sheet):
        ok = ctx.assigned(p["owner"]) if need == "owner" else filled(p[need])
        if not ok:
            continue
        for k in keys(p["services" if sheet == ACP else "scope"]):
            for s in comp_services.get(k, [k]) if sheet == CAP else [k]:
                if s not in short:
                    out.setdefault(s, []).append(p)
    return out


def _short_services(ctx: AssessmentContext) -> dict[str, list[str]]:
    """Service key -> why capacity planning leaves it short: a component of it names resources
    (Components: resources) that no capacity plan covering the component has a Capacity Resources
    row for. Components that name no resources need none listed, as before per-resource rows."""
    return ctx.memo("capacity short services", lambda: _compute_short(ctx))


def _compute_short(ctx: AssessmentContext) -> dict[str, list[str]]:
    needs = {k: {key(r) for r in re.split(r"[,;\n]", c["resources"] or "") if key(r)}
             for k, c in ctx.components.items()}  # fmt: skip
    if not any(needs.values()):
        return {}
    have: dict[str, set[str]] = {}
    for r in ctx.rows(RESOURCES):
        if isinstance(r["plan"], str) and isinstance(r["resource"], str):
            have.setdefault(key(r["plan"]), set()).add(key(r["resource"]))
    planned: dict[str, set[str]] = {}  # component -> resources some plan covering it lists
    for p in plans(ctx, CAP):
        for k in keys(p["scope"]):
            planned.setdefault(k, set()).update(have.get(key(p.id or ""), set()))
    out: dict[str, list[str]] = {}
    for k, need in needs.items():
        missing = sorted(need - planned.get(k, set()))
        if not missing:
            continue
        comp = ctx.components[k]
        for svc in keys(comp["services"]):
            out.setdefault(svc, []).append(f"{label(comp)} needs {', '.join(missing)}")
    return out


def _requirements(ctx: AssessmentContext, sheet: str, what: str, area: str) -> Evidence:
    ev = EvidenceBuilder()
    if ctx.rows("Services") and not ctx.live:
        return ev.na("no in-scope service is live")
    if not plans(ctx, sheet):
        return ev.zero(f"Nothing recorded: the {sheet} sheet is empty.")
    population, capped = _sla_population(ctx)
    index = _plan_index(ctx, sheet, "requirements")
    cov = Coverage()
    for s in population:
        cov.add(label(s), key(s.id or "") in index)
    scope = "live services" if capped else "live services with an in-force SLA"
    ev.coverage(
        cov, f"{scope} have {what} requirements recorded in a plan", "no requirements", "Services"
    )
    if capped:
        ev.say(
            "no live service has an in-force SLA, so SLAs cannot have informed the requirements "
            "(level capped at 2)"
        )
    used = {key(p.id or label(p)): p for s in population for p in index.get(key(s.id or ""), [])}
    no_owner = [label(p) for p in used.values() if not ctx.assigned(p["owner"])]
    l3 = [Condition(not no_owner, "every plan has an owner", sheet, no_owner)]
    l4 = [Condition(ctx.monitored(area), f"{area} is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cap=2 if capped else None, cov=cov)


def _in_date(ctx: AssessmentContext, ev: EvidenceBuilder, rows: list[Record]) -> tuple[list[str], list[str]]:
    stale, unplanned = [], []
    for p in rows:
        due = ctx.review_due(p["last_review"], p["review_interval"])
        if not due.ok:
            stale.append(label(p))
            ev.badly_overdue |= due.badly
        if not due.planned:
            unplanned.append(label(p))
    return stale, unplanned


def _plans_exist(ctx: AssessmentContext, sheet: str, what: str, area: str) -> Evidence:
    ev = EvidenceBuilder()
    if ctx.rows("Services") and not ctx.live:
        return ev.na("no in-scope service is live")
    rows = plans(ctx, sheet)
    if not rows:
        return zero_over(ev, f"Nothing recorded: the {sheet} sheet is empty.", len(ctx.live))
    index = _plan_index(ctx, sheet, "owner")
    cov = Coverage()
    for s in ctx.live:
        cov.add(label(s), key(s.id or "") in index)
    ev.coverage(
        cov,
        f"live services are covered by an owned {what} plan",
        "no owned plan",
        "Services",
    )
    stale, unplanned = _in_date(ctx, ev, rows)
    l3 = [
        Condition(not stale, "every plan is reviewed within its interval", sheet, stale),
        Condition(not unplanned, "every plan has a planned review interval", sheet, unplanned),
    ]
    l4 = [Condition(ctx.monitored(area), f"{area} is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_availability_requirements(ctx: AssessmentContext) -> Evidence:
    """PR4.1: availability and continuity requirements identified, drawing on the SLAs."""
    return _requirements(ctx, ACP, "availability and continuity", "PR4")


def check_availability_plans(ctx: AssessmentContext) -> Evidence:
    """PR4.2: availability and continuity plans exist and are kept current."""
    return _plans_exist(ctx, ACP, "availability and continuity", "PR4")


def check_continuity_risks(ctx: AssessmentContext) -> Evidence:
    """PR4.3: plans name risks and measures; continuity tested."""
    ev = EvidenceBuilder()
    rows = plans(ctx, ACP)
    if not rows:
        return ev.zero(f"Nothing recorded: the {ACP} sheet is empty.")
    risks = ctx.ds.by_key("Risks")
    cov, dangling = Coverage(), []
    for p in rows:
        bad = [i for i in as_list(p["risks"]) if RISK_ID.match(i) and key(i) not in risks]
        if bad:
            dangling.append(label(p))
        cov.add(label(p), filled(p["risks"]) and filled(p["measures"]) and not bad)
    ev.coverage(
        cov,
        "plans name their risks and the measures against them",
        "risks or measures missing",
        ACP,
    )
    ev.fail("names a risk ID not in Risks", ACP, dangling)
    stale, _ = _in_date(ctx, ev, rows)
    untested = [
        label(p) for p in rows if not ctx.recent(p["last_continuity_test"], ctx.settings.periodic_check)
    ]
    l3 = [Condition(not stale, "every plan is reviewed within its interval", ACP, stale)]
    l4 = [
        Condition(
            not untested,
            f"every plan's continuity measures were tested in the last "
            f"{count(ctx.settings.periodic_check, 'month')}",
            ACP,
            untested,
        )
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_availability_monitored(ctx: AssessmentContext) -> Evidence:
    """PR4.4: availability of services and supported components is monitored."""
    ev = EvidenceBuilder()
    if not any(t["category"] == "availability" for t in ctx.target_rows):
        return ev.zero("Nothing recorded: no availability target anywhere.")
    items: dict[str, str] = {key(s.id or ""): label(s) for s in ctx.live}
    for a in ctx.in_force_ola_uas:
        for k in keys(a["components"]):
            if k in ctx.components:
                items.setdefault(k, ctx.components[k].id or k)
    monitored: set[str] = set()
    for a, t in category_targets(ctx, "availability"):
        if not ctx.evaluated(t, ctx.settings.measure_window):
            continue
        if a["type"] == "SLA":
            scope = keys(a["services"]) or (list(ctx.live_keys) if ctx.is_default(a) else [])
        else:
            scope = keys(a["components"])
        target_item = key(t["service"]) if isinstance(t["service"], str) else None
        monitored.update(k for k in scope if target_item in (None, k))
    cov = Coverage()
    for k, name in items.items():
        cov.add(name, k in monitored)
    if cov.n == 0:
        return ev.na("no live service and no component under an in-force OLA/UA")
    ev.coverage(
        cov,
        "live services and supported components have an evaluated availability target",
        "availability not monitored",
        "Targets",
    )
    missed = [
        t
        for t in ctx.window_rows(ctx.in_force_slas + ctx.in_force_ola_uas, ctx.settings.measure_window)
        if t["category"] == "availability" and ctx.met(t) is False
    ]
    unfollowed = [label(t) for t in missed if not ctx.follow_up(t)]
    l4 = [
        Condition(
            not unfollowed,
            "every missed availability target has a follow-up",
            "Targets",
            unfollowed,
        )
    ]
    return ev.done(cov.fraction, l4=l4, cov=cov)


def check_capacity_requirements(ctx: AssessmentContext) -> Evidence:
    """PR5.1: capacity and performance requirements identified, drawing on the SLAs."""
    return _requirements(ctx, CAP, "capacity and performance", "PR5")


def check_capacity_plans(ctx: AssessmentContext) -> Evidence:
    """PR5.2: capacity plans exist and are kept current; a service counts as covered only when
    every resource its components need has a Capacity Resources row in a plan covering them."""
    ev = _plans_exist(ctx, CAP, "capacity", "PR5")
    short = _short_services(ctx)
    live = {key(s.id or "") for s in ctx.live}
    gaps = sorted({why for svc, whys in short.items() if svc in live for why in whys})
    if gaps and ev.level is not None:
        ev.texts.append(f"no Capacity Resources row for what a component needs: {id_list(gaps, sep='; ')}")
    return ev


def check_capacity_resources(ctx: AssessmentContext) -> Evidence:
    """PR5.3: capacity plans cover human, technical and financial resources."""
    ev = EvidenceBuilder()
    rows = plans(ctx, CAP)
    if not rows:
        return ev.zero(f"Nothing recorded: the {CAP} sheet is empty.")
    cov = Coverage()
    for p in rows:
        cols = ("human_resources", "technical_resources", "financial_resources")
        cov.add(label(p), all(filled(p[c]) for c in cols))
    ev.coverage(
        cov,
        "capacity plans cover human, technical and financial resources",
        "resources missing",
        CAP,
    )
    stale, _ = _in_date(ctx, ev, rows)
    l3 = [Condition(not stale, "every plan is reviewed within its interval", CAP, stale)]
    l4 = [Condition(ctx.monitored("PR5"), "PR5 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_utilisation(ctx: AssessmentContext) -> Evidence:
    """PR5.4: utilisation measured against thresholds; warnings followed up."""
    ev = EvidenceBuilder()
    rows = plans(ctx, CAP)
    if not rows:
        return ev.zero(f"Nothing recorded: the {CAP} sheet is empty.")
    cov = Coverage()
    for p in rows:
        ok = (
            p["utilisation"] is not None
            and p["thresholds"] is not None
            and ctx.recent(p["measured_on"], ctx.settings.measure_window)
        )
        cov.add(label(p), ok)
    ev.coverage(
        cov,
        f"capacity plans have utilisation and thresholds measured in the last "
        f"{count(ctx.settings.measure_window, 'month')}",
        "utilisation not measured",
        CAP,
    )
    warn = [p for p in rows if in_warning(p)]
    unfollowed = [label(p) for p in warn if not ctx.follow_up(p)]
    if warn:
        ev.say(
            f"{count(len(warn), 'plan')} at or above {'its' if len(warn) == 1 else 'their'} warning threshold: "
            f"{id_list(label(p) for p in warn)}"
        )
    unevaluated = [
        label(t)
        for _, t in category_targets(ctx, "performance", "capacity")
        if not ctx.evaluated(t, ctx.settings.measure_window)
    ]
    l3 = [Condition(not unfollowed, "every plan in warning has a follow-up", CAP, unfollowed)]
    l4 = [
        Condition(
            not unevaluated,
            "every performance and capacity target is evaluated",
            "Targets",
            unevaluated,
        )
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
