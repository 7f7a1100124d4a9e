"""Evidence checks for GR6-GR7: measured, audited, corrected, improved."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label, percent
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.ladder import PARTIAL
from fitsm_audit.assess.queries import AUDITS, OPEN, latest_audit, linked_improvements_ok
from fitsm_audit.core.words import count
from fitsm_audit.workbook.records import Record


def check_kpis(ctx: AssessmentContext) -> Evidence:
    """GR6.1: the SMS and every in-scope process are measured with KPIs against targets."""
    ev = EvidenceBuilder()
    if ctx.empty("KPIs"):
        return ev.zero("Nothing recorded: the KPIs register is empty.")
    cov = Coverage()
    for area in ["SMS", *ctx.in_scope_processes()]:
        cov.add(area, ctx.monitored(area))
    ev.coverage(
        cov,
        f"areas (SMS and in-scope processes) have a KPI with a target evaluated in the "
        f"last {count(ctx.settings.kpi_window, 'month')}",
        "not measured",
        "KPIs",
    )
    periods: dict[tuple[str, str], int] = {}
    names: dict[tuple[str, str], str] = {}
    unfollowed = []
    for r in ctx.rows("KPIs"):
        if not ctx.evaluated(r, ctx.settings.kpi_window):
            continue
        g = (str(r["process"]), key(r["kpi"] or ""))
        periods[g] = periods.get(g, 0) + 1
        names.setdefault(g, f"{r['process']} {r['kpi']}")
        if ctx.met(r) is False and not ctx.kpi_follow_up(r):
            unfollowed.append(f"{r['process']} {r['kpi']} ({r['period_end']})")
    single = [names[g] for g, n in periods.items() if n < 2]
    l4 = [
        Condition(not single, "every measured KPI has two evaluated periods (a trend)", "KPIs", single),
        Condition(not unfollowed, "every missed KPI has a follow-up", "KPIs", unfollowed),
    ]
    return ev.done(cov.fraction, l4=l4, cov=cov)


def check_audits(ctx: AssessmentContext) -> Evidence:
    """GR6.2: audits and maturity assessments at the audit interval; self-assessment kept."""
    ev = EvidenceBuilder()
    audit, audited, interval, planned = latest_audit(ctx)
    rows = ctx.rows("Assessment")
    maturity = ctx.latest_review("maturity assessment")
    # `init` pre-fills every requirement's ID and text: only a level, assessor or date records one
    recorded = [
        r for r in rows if r["level"] is not None or filled(r["assessor"]) or r["date"] is not None
    ]
    if audit is None and maturity is None and not recorded:
        return ev.zero(
            "Nothing recorded: no audit, no maturity assessment, no Assessment row with a level, "
            "an assessor or a date."
        )
    latest_self = max((d for r in rows if (d := ctx.past(r["date"]))), default=None)
    assessed = (maturity is not None and ctx.recent(maturity["date"], interval)) or (
        latest_self is not None and ctx.recent(latest_self, interval)
    )
    by_req = {key(r["requirement"]): r for r in rows if isinstance(r["requirement"], str)}
    cov = Coverage()
    for rid in ctx.requirement_ids or list(by_req):
        r = by_req.get(key(rid))
        if r is not None and r["in_scope"] is False:
            continue
        cov.add(
            rid,
            r is not None
            and r["level"] is not None
            and filled(r["assessor"])
            and ctx.past(r["date"]) is not None,
        )
    ev.say(f"(a) audit with an outcome in the last {count(interval, 'month')}: {'yes' if audited else 'no'}")
    ev.say(f"(b) maturity assessment in the last {count(interval, 'month')}: {'yes' if assessed else 'no'}")
    ev.say(
        f"(c) {cov.k} of {cov.n} in-scope requirements self-assessed with level, assessor and "
        f"date ({percent(cov.k, cov.n)})"
    )
    ev.fail("not self-assessed", "Assessment", cov.failing)
    share = cov.fraction or Fraction(0)
    if not (audited or assessed) or share < PARTIAL:
        fraction = Fraction(0)
    elif not (audited and assessed) or share < 1:
        fraction = PARTIAL
    else:
        fraction = Fraction(1)
    reviews = [r for r in (audit, maturity) if r is not None]
    bad = linked_improvements_ok(ctx, reviews)
    l3 = [Condition(planned, "the audit interval is set in Organisation")]
    l4 = [
        Condition(
            not bad,
            "every improvement from those reviews has an owner and a due date and is on time",
            "Improvements",
            bad,
        )
    ]
    return ev.done(fraction, l3=l3, l4=l4, cov=cov)


def _missed_targets(ctx: AssessmentContext) -> list[Record]:
    rows = ctx.window_rows(ctx.in_force_slas + ctx.in_force_ola_uas, ctx.settings.measure_window)
    return [t for t in rows if ctx.met(t) is False]


def _missed_kpis(ctx: AssessmentContext) -> list[Record]:
    return [
        r for r in ctx.rows("KPIs") if ctx.evaluated(r, ctx.settings.kpi_window) and ctx.met(r) is False
    ]


def check_nonconformities(ctx: AssessmentContext) -> Evidence:
    """GR7.1: deviations are identified and corrected, and do not recur."""
    ev = EvidenceBuilder()
    ncs = [i for i in ctx.rows("Improvements") if i["kind"] in ("nonconformity", "deviation")]
    measured = any(ctx.evaluated(t, ctx.settings.measure_window) for t in ctx.target_rows) or any(
        ctx.evaluated(r, ctx.settings.kpi_window) for r in ctx.rows("KPIs")
    )
    audited = ctx.latest_review(*AUDITS) is not None
    if not (measured or audited or ncs):
        return ev.zero("Nothing recorded: nothing measured, no audit, no nonconformity.")
    dev_t, dev_k = _missed_targets(ctx), _missed_kpis(ctx)
    identified = Coverage()
    for t in dev_t:
        identified.add(label(t), ctx.follow_up(t))
    for r in dev_k:
        identified.add(f"{r['process']} {r['kpi']} ({r['period_end']})", ctx.kpi_follow_up(r))
    handled = Coverage()
    for i in ncs:
        handled.add(
            label(i),
            ctx.assigned(i["owner"])
            and filled(i["action"])
            and ctx.plan_date(i["due"]) is not None,
        )
    if identified.n == 0 and handled.n == 0:
        return ev.na(
            "measurements or audits exist, with no deviation and no nonconformity recorded"
        )
    if identified.n:
        ev.coverage(
            identified, "missed targets and KPIs have a follow-up", "no follow-up", "Targets"
        )
    if handled.n:
        ev.coverage(
            handled,
            "nonconformities and deviations have owner, action and due date",
            "owner, action or due missing",
            "Improvements",
        )
    worst = min((c for c in (identified, handled) if c.n), key=lambda c: c.fraction or 0)
    late = [
        label(i)
        for i in ncs
        if i["status"] in OPEN and (d := ctx.plan_date(i["due"])) is not None and d < ctx.as_of
    ]
    recurred = _recurrences(ctx, ncs)
    l3 = [Condition(not late, "no open nonconformity is past its due date", "Improvements", late)]
    l4 = [Condition(not recurred, "no corrected deviation has recurred", "Improvements", recurred)]
    return ev.done(worst.fraction, l3=l3, l4=l4, cov=worst)


def _recurrences(ctx: AssessmentContext, ncs: list[Record]) -> list[str]:
    """Closed corrective actions whose target or KPI was missed again after closure."""
    targets = ctx.ds.by_key("Targets")
    missed_lines, missed_kpis = _latest_misses(ctx)
    out = []
    for i in ncs:
        closed = ctx.past(i["closed_on"])
        if i["status"] != "closed" or closed is None:
            continue
        for ref in keys(i["source_ref"]):
            src = targets.get(ref)
            if src is not None:
                last = missed_lines.get((key(src["agreement"] or ""), key(src["parameter"] or "")))
            else:
                last = missed_kpis.get(ref)
            if last is not None and last > closed:
                out.append(label(i))
    return out


def _latest_misses(ctx: AssessmentContext) -> tuple[dict[tuple[str, str], dt.date], dict[str, dt.date]]:
    """The latest period end (up to D) of a missed target line (agreement, parameter) and of a
    missed KPI (by name): "missed again after closure" is that date after the closing date. One
    pass over the rows (pairing every action with every row was quadratic)."""
    lines: dict[tuple[str, str], dt.date] = {}
    for t in ctx.target_rows:
        e = ctx.past(t["period_end"])
        if e is not None and ctx.met(t) is False:
            k = (key(t["agreement"] or ""), key(t["parameter"] or ""))
            lines[k] = max(e, lines.get(k, e))
    kpis: dict[str, dt.date] = {}
    for r in ctx.rows("KPIs"):
        e = ctx.past(r["period_end"])
        if e is not None and ctx.met(r) is False:
            name = key(r["kpi"] or "")
            kpis[name] = max(e, kpis.get(name, e))
    return lines, kpis


def check_improvements(ctx: AssessmentContext) -> Evidence:
    """GR7.2: improvement opportunities evaluated, owned and carried out through CSI."""
    ev = EvidenceBuilder()
    opps = [i for i in ctx.rows("Improvements") if i["kind"] == "opportunity"]
    if not opps:
        return ev.zero("Nothing recorded: no improvement opportunity in Improvements.")
    if not ctx.process_in_scope("PR14"):
        ev.say("note: PR14 is out of scope, but GR7.2 still applies")
    cov = Coverage()
    for i in opps:
        decided = i["status"] in ("approved", "in progress", "closed", "rejected")
        ok = decided and (
            i["status"] == "rejected"
            or (ctx.assigned(i["owner"]) and ctx.plan_date(i["due"]) is not None)
        )
        cov.add(label(i), ok)
    ev.coverage(
        cov,
        "improvement opportunities are evaluated and, unless rejected, owned and dated",
        "not evaluated, owned or dated",
        "Improvements",
    )
    late = [
        label(i)
        for i in opps
        if i["status"] in OPEN and (d := ctx.plan_date(i["due"])) is not None and d < ctx.as_of
    ]
    recent_close = any(ctx.recent(i["closed_on"], 12) for i in opps if i["status"] == "closed")
    l3 = [Condition(not late, "no open improvement is past its due date", "Improvements", late)]
    l4 = [
        Condition(recent_close, "an improvement was closed in the last 12 months"),
        Condition(ctx.monitored("PR14"), "PR14 is measured by a KPI"),
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
