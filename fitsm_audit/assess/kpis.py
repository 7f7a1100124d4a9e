"""The seed's KPIs for PR1-PR8 (and our proposals for PR4, PR5, PR7, PR8), from the registers.

A KPI whose denominator is empty is null with the reason in ``note``, never 0 %; a non-empty
denominator with nothing covered is 0 %, never null (a check that finds nothing recorded still
reports its population, see ``queries.zero_over``).
"""

from __future__ import annotations

from collections import Counter

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import key, median
from fitsm_audit.assess.evidence import Evidence
from fitsm_audit.assess.kpis_ops import ops_kpis
from fitsm_audit.assess.queries import (
    ACP,
    CAP,
    active_reports,
    category_targets,
    in_warning,
    individual_sla_customers,
    plans,
    production,
    referenced_services,
)
from fitsm_audit.assess.result import Kpi
from fitsm_audit.core.words import count
from fitsm_audit.workbook.records import Record


def _pct(k: int, n: int, empty: str) -> tuple[float | None, str]:
    return (round(100 * k / n, 1), f"{k} of {n}") if n else (None, empty)


def _from_check(proc: str, name: str, ev: Evidence | None, empty: str) -> Kpi:
    """A percentage KPI equal to a check's coverage."""
    if ev is None or not ev.population:
        return Kpi(proc, name, None, "%", ev.na_reason or empty if ev else empty, "ours")
    value, note = _pct(ev.covered or 0, ev.population, empty)
    return Kpi(proc, name, value, "%", note, "ours")


def _months_since(ctx: AssessmentContext, rows: list[Record], col: str) -> float | None:
    ages = [(ctx.as_of - d).days / 30.44 for r in rows if (d := ctx.past(r[col]))]
    m = median(ages)
    return round(m, 1) if m is not None else None


def _review_kpis(ctx: AssessmentContext, proc: str, agreements: list[Record], what: str) -> list[Kpi]:
    recent = sum(1 for a in agreements if ctx.recent(a["last_review"], 12))
    value, note = _pct(recent, len(agreements), f"no in-force {what}")
    months = _months_since(ctx, agreements, "last_review")
    return [
        Kpi(
            proc,
            f"Frequency of {what} reviews or updates (reviewed in the last 12 months)",
            value,
            "%",
            note,
        ),
        Kpi(
            proc,
            f"Months since the last {what} review (median)",
            months,
            "months",
            "" if months is not None else f"no in-force {what} with a review date",
        ),
    ]


def _met_share(ctx: AssessmentContext, proc: str, name: str, pairs: list[tuple[Record, Record]]) -> Kpi:
    evaluated = [t for _, t in pairs if ctx.evaluated(t, ctx.settings.measure_window)]
    met = sum(1 for t in evaluated if ctx.met(t))
    value, note = _pct(met, len(evaluated), "no evaluated target")
    return Kpi(proc, name, value, "%", note, "ours")


def pr1_kpis(ctx: AssessmentContext) -> list[Kpi]:
    scoped = [s for s in ctx.rows("Services") if ctx.svc_in_scope(s)]
    by_status = Counter(s["status"] or "no status" for s in scoped)
    seen, unknown = referenced_services(ctx)
    value, note = _pct(len(unknown), len(seen), "no service referenced outside the portfolio")
    reviews = [
        r
        for r in ctx.reviews_by_type.get("service portfolio review", [])
        if ctx.recent(r["date"], 12)
    ]
    sdtps = [d for d in ctx.rows("Design & Transition") if d["status"] != "cancelled"]
    return [
        Kpi(
            "PR1",
            "Overall number of services in the service portfolio",
            len(scoped),
            "services",
            ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())),
        ),
        Kpi("PR1", "Percentage of services not covered by the service portfolio", value, "%", note),
        Kpi(
            "PR1",
            "Frequency of service portfolio reviews or updates",
            len(reviews),
            "reviews per year",
        ),
        Kpi("PR1", "Number of documented SDTPs", len(sdtps), "SDTPs"),
    ]


def _not_counted(ctx: AssessmentContext, agreements: list[Record]) -> str:
    """The agreements in force but incomplete (D5), which the counts leave out, for a KPI's note."""
    names = [a.id or "" for a in agreements if ctx.incomplete(a)]
    return f"; not counted: {', '.join(names)} (in force but incomplete)" if names else ""


def pr2_kpis(ctx: AssessmentContext) -> list[Kpi]:
    catalogued = {key(c["service"]) for c in ctx.rows("Catalogue") if isinstance(c["service"], str)}
    missing = sum(1 for s in ctx.live if key(s.id or "") not in catalogued)
    value, note = _pct(missing, len(ctx.live), "no live service")
    slas = ctx.in_force_slas  # in force and complete (D5): incomplete ones are named in the note
    defaults = sum(1 for a in slas if ctx.is_default(a))
    olas = [a for a in ctx.in_force_ola_uas if a["type"] == "OLA"]
    return [
        Kpi("PR2", "Percentage of services not covered by the service catalogue", value, "%", note),
        Kpi(
            "PR2",
            "Number of SLAs",
            len(slas),
            "SLAs",
            f"default {defaults}, individual {len(slas) - defaults}" + _not_counted(ctx, ctx.slas),
        ),
        *_review_kpis(ctx, "PR2", slas, "SLA"),
        Kpi(
            "PR2",
            "Number of OLAs and UAs",
            len(ctx.in_force_ola_uas),
            "agreements",
            f"OLAs {len(olas)}, UAs {len(ctx.in_force_ola_uas) - len(olas)}"
            + _not_counted(ctx, ctx.ola_uas),
        ),
        *_review_kpis(ctx, "PR2", ctx.in_force_ola_uas, "OLA and UA"),
    ]


def pr3_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    customers = individual_sla_customers(ctx)
    reports = active_reports(ctx)
    recipients = {k.strip().lower() for r in reports for k in (r["agreed_with"] or [])}
    covered = sum(1 for k in customers if k in recipients)
    value, note = _pct(covered, len(customers), "no customer with an individual SLA")
    spec = ev.get("report_specs")
    specified = (spec.covered or 0) if spec is not None and spec.population else 0
    spec_pct, spec_note = _pct(specified, len(reports), "no active report")
    rows, _ = production(ctx)
    on_time, on_note = _pct(sum(1 for _, ok in rows if ok), len(rows), "no active report")
    return [
        Kpi(
            "PR3",
            "Percentage of reports covered by the list of service reports",
            value,
            "%",
            f"proxy: customers with an individual SLA named in an agreed report; {note}",
        ),
        Kpi("PR3", "Number of service reports with a clear specification", specified, "reports"),
        Kpi(
            "PR3",
            "Percentage of service reports with a clear specification",
            spec_pct,
            "%",
            spec_note,
        ),
        Kpi("PR3", "Timeliness of delivered reports", on_time, "%", on_note),
        Kpi("PR3", "Accuracy of delivered reports", None, "%", "not in the registers"),
    ]


def pr4_pr5_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    acp = plans(ctx, ACP)
    tested = sum(1 for p in acp if ctx.recent(p["last_continuity_test"], 12))
    t_val, t_note = _pct(tested, len(acp), "no availability and continuity plan")
    warn = sum(1 for p in plans(ctx, CAP) if in_warning(p))
    return [
        _from_check(
            "PR4",
            "Live services covered by an availability and continuity plan",
            ev.get("availability_plans"),
            "no live service",
        ),
        Kpi(
            "PR4", "Plans with a continuity test in the last 12 months", t_val, "%", t_note, "ours"
        ),
        _met_share(ctx, "PR4", "Availability targets met", category_targets(ctx, "availability")),
        _from_check(
            "PR5",
            "Live services covered by a capacity plan",
            ev.get("capacity_plans"),
            "no live service",
        ),
        Kpi(
            "PR5",
            "Capacity plans in warning",
            warn,
            "plans",
            "utilisation at or above the threshold",
            "ours",
        ),
        _met_share(
            ctx,
            "PR5",
            "Performance and capacity targets met",
            category_targets(ctx, "performance", "capacity"),
        ),
    ]


def pr6_kpis(ctx: AssessmentContext) -> list[Kpi]:
    assets = ctx.rows("Assets")
    described = sum(1 for a in assets if a["classification"] and ctx.assigned(a["owner"]))
    controls = Counter(c["status"] for c in ctx.rows("Controls"))
    events = [e for e in ctx.rows("Security Events") if ctx.recent(e["reported_on"], 12)]
    return [
        Kpi(
            "PR6",
            "Number of assets identified and described",
            len(assets),
            "assets",
            f"{described} with classification and owner",
        ),
        Kpi("PR6", "Number of risks identified", len(ctx.rows("Risks")), "risks"),
        Kpi(
            "PR6",
            "Number of security controls implemented",
            controls.get("implemented", 0),
            "controls",
            f"planned {controls.get('planned', 0)}",
        ),
        Kpi("PR6", "Number of security controls planned", controls.get("planned", 0), "controls"),
        Kpi(
            "PR6", "Costs of controls vs. loss or damage avoided", None, "-", "not in the registers"
        ),
        Kpi("PR6", "Number of potential incidents avoided", None, "-", "not in the registers"),
        Kpi(
            "PR6",
            "Number of information security events identified",
            len(events),
            "events per year",
        ),
        Kpi(
            "PR6",
            "Number of information security incidents",
            sum(1 for e in events if e["incident"] is True),
            "incidents per year",
        ),
    ]


def pr7_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    complaints = [c for c in ctx.rows("Complaints") if ctx.recent(c["received_on"], 12)]
    late = sum(
        1
        for c in ctx.rows("Complaints")
        if c["status"] != "closed"
        and ctx.past(c["received_on"])
        and not ctx.within_days(c["received_on"], ctx.settings.complaint_open_days)
    )
    days = [
        (c["closed_on"] - c["received_on"]).days
        for c in ctx.rows("Complaints")
        if ctx.recent(c["closed_on"], 12) and ctx.past(c["received_on"])
    ]
    scores = [
        100 * s["score"] / s["scale_max"]
        for s in ctx.rows("Satisfaction")
        if ctx.recent(s["date"], 12)
        and isinstance(s["score"], (int, float))
        and isinstance(s["scale_max"], (int, float))
        and s["scale_max"] > 0
    ]
    mid = median([float(d) for d in days])
    return [
        Kpi("PR7", "Active customers", len(ctx.active_customers), "customers", origin="ours"),
        _from_check(
            "PR7",
            "Customers with a service review in date",
            ev.get("service_reviews"),
            "no active customer of a live service",
        ),
        Kpi(
            "PR7",
            "Complaints received",
            len(complaints),
            "complaints per year",
            f"{late} open past {count(ctx.settings.complaint_open_days, 'day')}",
            "ours",
        ),
        Kpi(
            "PR7",
            "Time to close a complaint (median)",
            mid,
            "days",
            "" if days else "no complaint closed in the last 12 months",
            "ours",
        ),
        Kpi(
            "PR7",
            "Customer satisfaction",
            round(sum(scores) / len(scores), 1) if scores else None,
            "% of scale",
            "" if scores else "no scored survey in the last 12 months",
            "ours",
        ),
        _from_check("PR7", "Customers surveyed", ev.get("satisfaction"), "no active customer"),
    ]


def pr8_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    active = [s for s in ctx.rows("Suppliers") if ctx.active(s)]
    types = Counter(s["type"] or "no type" for s in active)
    rated = [s for s in active if s["rating"]]
    poor, poor_note = _pct(
        sum(1 for s in rated if s["rating"] == "poor"), len(rated), "no rated supplier"
    )
    uas = [
        (a, t)
        for a, t in (
            (a, t)
            for a in ctx.in_force_ola_uas
            if a["type"] == "UA"
            for t in ctx.targets_of.get(key(a.id or ""), [])
        )
    ]
    return [
        Kpi(
            "PR8",
            "Suppliers by type",
            len(active),
            "suppliers",
            ", ".join(f"{k} {v}" for k, v in sorted(types.items())),
            "ours",
        ),
        _from_check(
            "PR8",
            "Suppliers evaluated in date",
            ev.get("supplier_performance"),
            "no active supplier",
        ),
        Kpi("PR8", "Suppliers rated poor", poor, "%", poor_note, "ours"),
        _met_share(ctx, "PR8", "UA targets met", uas),
    ]


def compute_kpis(ctx: AssessmentContext, evidences: dict[str, Evidence]) -> list[Kpi]:
    """Every KPI of PR1-PR8, then PR9-PR13 (kpis_ops), in process order."""
    return [
        *pr1_kpis(ctx),
        *pr2_kpis(ctx),
        *pr3_kpis(ctx, evidences),
        *pr4_pr5_kpis(ctx, evidences),
        *pr6_kpis(ctx),
        *pr7_kpis(ctx, evidences),
        *pr8_kpis(ctx, evidences),
        *ops_kpis(ctx, evidences),
    ]
