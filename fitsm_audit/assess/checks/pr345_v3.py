"""Edition 3's PR3.1, PR4.2, PR4.3 and PR5.2 on their own (docs/assessment-method.md, "Edition
3's own evidence rules"). Edition 3 splits what one edition-2 check judges: identifying the
required reports apart from agreeing them, assessing continuity risks apart from the measures
against them, and knowing today's capacity apart from monitoring it against thresholds. Each
check here judges only what its own requirement asks for."""

from __future__ import annotations

import re

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, as_list, filled, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import (
    ACP,
    CAP,
    active_reports,
    individual_sla_customers,
    plans,
    risk_review_ok,
    sub_bullets,
)
from fitsm_audit.core.words import count
from fitsm_audit.workbook.records import Record

RISK_ID = re.compile(r"^RSK-\d+$", re.IGNORECASE)

REPORT_CONTENT = (
    ("includes_targets", "performance against service targets"),
    ("includes_events", "significant events"),
    ("includes_nonconformities", "detected nonconformities"),
)


def check_required_reports(ctx: AssessmentContext) -> Evidence:
    """v3 PR3.1: the required reports are identified: together the active reports cover
    performance against targets, significant events and nonconformities (each a sub-bullet);
    level 3 every customer with an individual SLA has a report on targets; level 4 M(PR3).
    Whether they are agreed and specified is PR3.2's, whether produced PR3.3's."""
    ev = EvidenceBuilder()
    reports = [r for r in active_reports(ctx) if r["status"] != "planned"] or active_reports(ctx)
    if not reports:
        return ev.zero("Nothing recorded: no active report in the Reports register.")
    items = []
    for column, what in REPORT_CONTENT:
        covering = [label(r) for r in reports if r[column] is True]
        items.append((what, bool(covering), f"no active report has {column.replace('_', ' ')} yes"))
        if covering:
            ev.support(Coverage(covering, []), "Reports", f"covers {what}")
    cov = sub_bullets(ev, items, "Reports")
    with_targets = {k for r in reports if r["includes_targets"] is True for k in keys(r["agreed_with"])}
    unserved = [v for k, v in individual_sla_customers(ctx).items() if k not in with_targets]
    l3 = [
        Condition(
            not unserved,
            "every customer with an individual SLA has a report on its targets",
            "Customers",
            unserved,
        )
    ]
    l4 = [Condition(ctx.monitored("PR3"), "PR3 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4)


def check_continuity_risk_assessment(ctx: AssessmentContext) -> Evidence:
    """v3 PR4.2: availability and continuity risks assessed at planned intervals: plans name
    their risks (registered in Risks); level 3 every plan reviewed within its planned interval;
    level 4 every risk a plan names reviewed within the risk review interval. The measures
    against the risks are PR4.3's."""
    ev = EvidenceBuilder()
    rows = plans(ctx, ACP)
    if not rows:
        return ev.zero(f"Nothing recorded: the {ACP} sheet is empty.")
    risks = ctx.ds.by_key("Risks")
    cov = Coverage()
    named: dict[str, str] = {}
    for p in rows:
        ids = [i for i in as_list(p["risks"]) if key(i) in risks]
        cov.add(label(p), bool(ids) or (filled(p["risks"]) and not _risk_ids(p)))
        named.update({key(i): i for i in ids})
    ev.coverage(cov, "plans name the risks they assess", "no risk assessed", ACP)
    dangling = [label(p) for p in rows if any(key(i) not in risks for i in _risk_ids(p))]
    ev.fail("names a risk ID not in Risks", ACP, dangling)
    stale, unplanned = [], []
    for p in rows:
        due = ctx.review_due(p["last_review"], p["review_interval"])
        if not due.ok:
            stale.append(label(p))
            ev.badly_overdue |= due.badly
        if not due.planned:
            unplanned.append(label(p))
    unreviewed = [named[k] for k in named if not risk_review_ok(ctx, risks[k])[0]]
    l3 = [
        Condition(not stale, "every plan is reviewed within its interval", ACP, stale),
        Condition(not unplanned, "every plan has a planned review interval", ACP, unplanned),
    ]
    l4 = [
        Condition(
            not unreviewed,
            "every risk a plan names was reviewed within the risk review interval",
            "Risks",
            unreviewed,
        )
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def _risk_ids(plan_row: Record) -> list[str]:
    return [i for i in as_list(plan_row["risks"]) if RISK_ID.match(i)]


def check_continuity_measures(ctx: AssessmentContext) -> Evidence:
    """v3 PR4.3: measures taken that reduce the risks and meet the requirements: plans record
    their measures; level 3 every plan also states the requirements they meet; level 4 the
    measures were tested within the periodic-check window. Assessing the risks is PR4.2's."""
    ev = EvidenceBuilder()
    rows = plans(ctx, ACP)
    if not rows:
        return ev.zero(f"Nothing recorded: the {ACP} sheet is empty.")
    cov = Coverage()
    for p in rows:
        cov.add(label(p), filled(p["measures"]))
    ev.coverage(cov, "plans record the measures against their risks", "no measures recorded", ACP)
    unstated = [label(p) for p in rows if not filled(p["requirements"])]
    window = ctx.settings.periodic_check
    untested = [label(p) for p in rows if not ctx.recent(p["last_continuity_test"], window)]
    l3 = [
        Condition(
            not unstated, "every plan states the requirements its measures meet", ACP, unstated
        )
    ]
    l4 = [
        Condition(
            not untested,
            f"every plan's measures were tested in the last {count(window, 'month')}",
            ACP,
            untested,
        )
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_current_capacity(ctx: AssessmentContext) -> Evidence:
    """v3 PR5.2: current capacity and utilisation identified: plans record a utilisation
    measured within the measuring window; level 3 every plan names what it covers; level 4
    M(PR5). Thresholds, warnings and their follow-up are PR5.4's."""
    ev = EvidenceBuilder()
    rows = plans(ctx, CAP)
    if not rows:
        return ev.zero(f"Nothing recorded: the {CAP} sheet is empty.")
    window = ctx.settings.measure_window
    cov = Coverage()
    for p in rows:
        cov.add(label(p), p["utilisation"] is not None and ctx.recent(p["measured_on"], window))
    ev.coverage(
        cov,
        f"capacity plans record a utilisation measured in the last {count(window, 'month')}",
        "utilisation not measured",
        CAP,
    )
    unscoped = [label(p) for p in rows if not keys(p["scope"])]
    l3 = [Condition(not unscoped, "every plan names the services or components it covers", CAP, unscoped)]
    l4 = [Condition(ctx.monitored("PR5"), "PR5 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
