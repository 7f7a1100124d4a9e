"""Evidence checks for PR3 Service reporting management."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import active_reports, individual_sla_customers, production
from fitsm_audit.assess.reporting import unmeasured_reports

SPEC_ITEMS = {
    "name": "identity",
    "purpose": "purpose",
    "audience": "audience",
    "frequency": "frequency",
    "content": "content",
    "format": "format",
    "delivery": "delivery",
}
CONTENT = {
    "includes_targets": "performance against targets",
    "includes_events": "significant events",
    "includes_nonconformities": "detected nonconformities",
}


def check_reports_agreed(ctx: AssessmentContext) -> Evidence:
    """PR3.1: each report is agreed with its recipients; SLA customers get reports."""
    ev = EvidenceBuilder()
    if ctx.empty("Reports"):
        return ev.zero("Nothing recorded: the Reports register is empty.")
    reports = active_reports(ctx)
    if not reports:
        return ev.zero("Every listed report is terminated.")
    cov = Coverage()
    for r in reports:
        agreed = [k for k in keys(r["agreed_with"]) if k in ctx.customers or k in ctx.people]
        cov.add(label(r), bool(agreed))
    ev.coverage(
        cov,
        "active reports are agreed with existing customers or people",
        "not agreed with a known recipient",
        "Reports",
    )
    no_owner = [label(r) for r in reports if not ctx.assigned(r["owner"])]
    recipients = {k for r in reports for k in keys(r["agreed_with"])}
    unserved = [v for k, v in individual_sla_customers(ctx).items() if k not in recipients]
    l3 = [
        Condition(not no_owner, "every report has an owner", "Reports", no_owner),
        Condition(
            not unserved,
            "every customer with an individual SLA has an agreed report",
            "Customers",
            unserved,
        ),
    ]
    l4 = [Condition(ctx.monitored("PR3"), "PR3 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_report_specs(ctx: AssessmentContext) -> Evidence:
    """PR3.2: each report specifies identity, purpose, audience, frequency, content, format, delivery."""
    ev = EvidenceBuilder()
    if ctx.empty("Reports"):
        return ev.zero("Nothing recorded: the Reports register is empty.")
    reports = active_reports(ctx)
    if not reports:
        return ev.zero("Every listed report is terminated.")
    cov = Coverage()
    for r in reports:
        missing = [w for c, w in SPEC_ITEMS.items() if not filled(r[c])]
        cov.add(label(r), not missing)
        if missing:
            ev.fail(
                f"specification without {', '.join(missing)}", "Reports", [label(r)], show=False
            )
    ev.coverage(
        cov,
        "active reports are fully specified (seven items)",
        "incomplete specification",
        "Reports",
    )
    no_owner = [label(r) for r in reports if not ctx.assigned(r["owner"])]
    l3 = [Condition(not no_owner, "every report has an owner", "Reports", no_owner)]
    l4 = [Condition(ctx.monitored("PR3"), "PR3 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_reports_produced(ctx: AssessmentContext) -> Evidence:
    """PR3.3: reports produced on schedule, covering targets, events and nonconformities; a due
    report on targets needs measurements of its last period (assess.reporting)."""
    ev = EvidenceBuilder()
    if not any(ctx.past(r["last_produced"]) for r in ctx.rows("Reports")):
        return ev.zero("Nothing recorded: no report has ever been produced.")
    rows, periodic = production(ctx)
    unmeasured = unmeasured_reports(ctx)
    cov = Coverage()
    for r, on_time in rows:
        cov.add(label(r), on_time and label(r) not in unmeasured)
    if cov.n == 0:
        ev.say("no active report")
        return ev.done(Coverage(["reports"], ["reports"]).fraction)
    what = (
        "active periodic reports were produced on schedule"
        if periodic
        else ("active on-demand reports were produced in the last 12 months")
    )
    ev.coverage(cov, what, "late, never produced or without measurements", "Reports")
    for report, why in unmeasured.items():
        ev.say(f"{report} is {why}")
    active = [r for r in active_reports(ctx) if r["status"] != "planned"]
    missing = [w for c, w in CONTENT.items() if not any(r[c] is True for r in active)]
    if missing:
        ev.say(f"no active report covers: {', '.join(missing)}")
    with_targets = {
        k for r in active if r["includes_targets"] is True for k in keys(r["agreed_with"])
    }
    unserved = [v for k, v in individual_sla_customers(ctx).items() if k not in with_targets]
    l3 = [
        Condition(not missing, "reporting covers targets, events and nonconformities"),
        Condition(
            not unserved,
            "every customer with an individual SLA receives a report on targets",
            "Customers",
            unserved,
        ),
    ]
    l4 = [Condition(ctx.monitored("PR3"), "PR3 is measured by a KPI")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
