"""Evidence checks for GR2.3 and GR5.2: process records kept, recurring activities on time.

Both read table T1 of docs/assessment-method.md (D14): each process's output registers, activity dates and
recurring obligations. Their population is every in-scope process PR1-PR14; an in-scope process whose
records (GR2.3) or recurring activities (GR5.2) the workbook has no register for is named in the
evidence as not shown by the registers, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Collection

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import latest_audit, linked_improvements_ok
from fitsm_audit.core.words import count, is_are, join_words


def obligations(ctx: AssessmentContext) -> list[tuple[str, str, bool, bool]]:
    """Table T1's recurring obligations of the in-scope processes (only PR1-PR8 have any in the
    registers, :data:`WITH_OBLIGATIONS`): (process, row, in date, badly overdue)."""
    from fitsm_audit.assess.queries import (
        ACP,
        CAP,
        implemented_controls,
        is_policies,
        plans,
        production,
        risk_review_ok,
        service_review_status,
        supplier_evaluation_status,
    )

    out: list[tuple[str, str, bool, bool]] = []
    scope = set(ctx.in_scope_processes())
    if "PR1" in scope and not ctx.empty("Services"):
        interval, _ = ctx.sms_interval("portfolio_review_interval")
        latest = ctx.latest_review("service portfolio review")
        ok = latest is not None and ctx.recent(latest["date"], interval)
        badly = latest is None or not ctx.recent(latest["date"], 2 * interval)
        out.append(("PR1", "service portfolio review", ok, badly))
    if "PR2" in scope:
        for a in ctx.in_force_slas + ctx.in_force_ola_uas:
            due = ctx.review_due(a["last_review"], a["review_interval"], a["signed_on"])
            out.append(("PR2", label(a), due.ok, due.badly))
    if "PR3" in scope:
        rows, periodic = production(ctx)
        out += [("PR3", label(r), ok, False) for r, ok in rows if periodic]
    if "PR4" in scope:
        for p in plans(ctx, ACP):
            due = ctx.review_due(p["last_review"], p["review_interval"])
            tested = ctx.recent(p["last_continuity_test"], ctx.settings.periodic_check)
            out.append(("PR4", label(p), due.ok and tested, due.badly))
    if "PR5" in scope:
        for p in plans(ctx, CAP):
            due = ctx.review_due(p["last_review"], p["review_interval"])
            out.append(("PR5", label(p), due.ok, due.badly))
    if "PR6" in scope:
        for r in ctx.rows("Risks"):
            ok, badly = risk_review_ok(ctx, r)
            out.append(("PR6", label(r), ok, badly))
        for c in implemented_controls(ctx):
            due = ctx.review_due(c["last_review"], c["review_interval"])
            out.append(("PR6", label(c), due.ok, due.badly))
        for d in is_policies(ctx):
            if ctx.approved(d):
                due = ctx.document_review_due(d)
                out.append(("PR6", label(d), due.ok, due.badly))
    if "PR7" in scope:
        out += [("PR7", label(c), d.ok, d.badly) for c, d in service_review_status(ctx)]
    if "PR8" in scope:
        out += [("PR8", label(s), d.ok, d.badly) for s, d in supplier_evaluation_status(ctx)]
    return out


# Table T1 (docs/assessment-method.md, D14): output registers and activity dates per process.
PROCESS_RECORDS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "PR1": (("Services",), (("Reviews", "date"), ("Design & Transition", "approved_on"))),
    "PR2": (
        ("Catalogue", "Agreements"),
        (
            ("Agreements", "signed_on"),
            ("Agreements", "last_review"),
            ("Targets", "period_end"),
            ("Service Level Measurements", "period_end"),
        ),
    ),
    "PR3": (("Reports",), (("Reports", "last_produced"),)),
    "PR4": (
        ("Availability & Continuity Plans",),
        (
            ("Availability & Continuity Plans", "last_review"),
            ("Availability & Continuity Plans", "last_continuity_test"),
        ),
    ),
    "PR5": (
        ("Capacity Plans",),
        (("Capacity Plans", "last_review"), ("Capacity Plans", "measured_on")),
    ),
    "PR6": (
        ("Assets", "Risks", "Controls"),
        (
            ("Risks", "last_review"),
            ("Controls", "last_review"),
            ("Security Events", "reported_on"),
            ("Access Reviews", "date"),
        ),
    ),
    "PR7": (
        ("Customers",),
        (
            ("Customers", "last_service_review"),
            ("Satisfaction", "date"),
            ("Complaints", "received_on"),
        ),
    ),
    "PR8": (("Suppliers",), (("Suppliers", "last_evaluation"),)),
    "PR14": (("Improvements",), (("Improvements", "raised_on"), ("Improvements", "closed_on"))),
}
# the operations area (contract version 2): judged only in workbooks that have it, so a workbook
# made before keeps PR9-PR13 "not shown by the registers"
OPS_RECORDS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "PR9": (("Incidents & Service Requests",),
            (("Incidents & Service Requests", "opened"), ("Incidents & Service Requests", "closed"))),
    "PR10": (("Problems",), (("Problems", "opened"), ("Problems", "closed"), ("Problems", "last_review"))),
    "PR11": (("Configuration Items",), (("Configuration Items", "last_verified"),)),
    "PR12": (("Changes",), (("Changes", "requested"), ("Changes", "implemented_on"))),
    "PR13": (("Releases",), (("Releases", "planned"), ("Releases", "deployed"))),
}  # fmt: skip
RECORDED = "PR1-PR8, PR14"  # the processes of PROCESS_RECORDS, as the evidence names them


def records_of(ctx: AssessmentContext) -> tuple[dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]], str]:
    """The processes whose records the workbook holds (T1), and how the evidence names them."""
    if any(ctx.ds.has(outs[0]) for outs, _ in OPS_RECORDS.values()):
        return {**PROCESS_RECORDS, **OPS_RECORDS}, "PR1-PR14"
    return PROCESS_RECORDS, RECORDED
# the processes with recurring obligations in the registers (obligations()); PR14's improvements
# have due dates, not intervals: GR7.1 and GR7.2 test them
WITH_OBLIGATIONS = tuple(f"PR{i}" for i in range(1, 9))


def not_shown(ctx: AssessmentContext, shown: Collection[str], what: str) -> str | None:
    """The evidence line naming the in-scope processes the registers cannot show, if any.
    ``what`` ends the sentence, with ``{their}`` for "its" or "their"."""
    unseen = [p for p in ctx.in_scope_processes() if p not in shown]
    if not unseen:
        return None
    their = "its" if len(unseen) == 1 else "their"
    return (
        f"not shown by the registers: {join_words(unseen)} {is_are(len(unseen))} in scope, but "
        + what.format(their=their)
    )


def _activity(ctx: AssessmentContext, pid: str, sheet: str, col: str) -> bool:
    rows = ctx.rows(sheet)
    if pid == "PR1" and sheet == "Reviews":
        rows = ctx.reviews_by_type.get("service portfolio review", [])
    return any(ctx.recent(r[col], ctx.settings.activity_window) for r in rows)


def check_process_records(ctx: AssessmentContext) -> Evidence:
    """GR2.3: each in-scope process has its output registers and recent activity (table T1)."""
    ev = EvidenceBuilder()
    cov = Coverage()
    records, recorded = records_of(ctx)
    if all(ctx.empty(s) for outs, _ in records.values() for s in outs):
        return ev.zero(f"Nothing recorded: no output register of {recorded} has rows.")
    scope = ctx.in_scope_processes()
    for pid in (p for p in scope if p in records):
        outputs, dates = records[pid]
        empty = [s for s in outputs if ctx.empty(s)]
        active = any(_activity(ctx, pid, s, c) for s, c in dates)
        cov.add(pid, not empty and active)
        if empty:
            ev.say(f"{pid}: empty output register {', '.join(empty)}")
        elif not active:
            ev.say(f"{pid}: no activity recorded in the last {count(ctx.settings.activity_window, 'month')}")
    ev.coverage(
        cov,
        f"in-scope processes whose records the workbook holds ({recorded}) have outputs and recent "
        "activity records",
        "outputs or activity records missing",
        "Processes",
    )
    line = not_shown(
        ctx,
        records,
        "the workbook has no register of {their} records (keep them in your own tools and show them "
        "to the auditor)",
    )
    if line:
        ev.say(line)
    unmeasured = [p for p in scope if not ctx.monitored(p)]  # KPIs cover every process
    l4 = [
        Condition(not unmeasured, "every in-scope process is measured by a KPI", "KPIs", unmeasured)
    ]
    return ev.done(cov.fraction, l4=l4, cov=cov)


def check_processes_followed(ctx: AssessmentContext) -> Evidence:
    """GR5.2: the recurring activities of the in-scope processes happen on time; adherence is audited."""
    ev = EvidenceBuilder()
    items = obligations(ctx)
    if not items:
        return ev.zero("Nothing recorded: no recurring activity of an in-scope process to check.")
    cov = Coverage()
    for pid, name, ok, badly in items:
        cov.add(f"{pid}: {name}", ok)
        ev.badly_overdue |= not ok and badly
    ev.coverage(
        cov,
        "recurring activities of the in-scope processes are in date",
        "review, evaluation or other recurring activity overdue",
        "Registers",
    )
    line = not_shown(ctx, WITH_OBLIGATIONS, "the workbook records none of {their} recurring activities")
    if line:
        pr14 = ctx.process_in_scope("PR14")
        ev.say(line + (" (PR14's improvements and their due dates count in GR7.1 and GR7.2)" if pr14 else ""))
    audit, audited, interval, _ = latest_audit(ctx)
    ev.say(f"latest audit: {audit['date']}" if audit is not None else "no audit recorded")
    bad = linked_improvements_ok(ctx, [audit] if audit is not None else [])
    l3 = [Condition(audited, f"an audit with an outcome in the last {count(interval, 'month')}")]
    l4 = [
        Condition(
            not bad,
            "every improvement from that audit has an owner and a due date and is on time",
            "Improvements",
            bad,
        )
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
