"""Queries over the registers that more than one evidence check (or the KPIs) asks.

The checks in :mod:`fitsm_audit.assess.checks` never import each other; what two of them share is
defined here, once, below them: the SMS plan and its owners, the latest audit, report production,
availability and capacity plans, security controls and policies, service reviews and supplier
evaluations, and the services an agreement or report refers to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import (
    Coverage,
    add_days,
    add_months,
    filled,
    key,
    keys,
    label,
    percent,
)
from fitsm_audit.assess.context import Due
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.core.findings import quote
from fitsm_audit.spec.contract import header_for
from fitsm_audit.workbook.records import Record

PLAN = "service management plan"


def field_gap(ctx: AssessmentContext, name: str, meaning: str = "not stated") -> str:
    """Why an Organisation field does not count, naming its cell and its row label, not the
    field's key: ``Organisation!B9: Policy process approach is blank``, or what it says
    instead (``says "No", not committed``)."""
    where = ctx.ds.field_cell(name) or "Organisation"
    value = ctx.field(name)
    if value is None:
        return f"{where}: {header_for(name)} is blank"
    return f"{where}: {header_for(name)} says {quote(str(value).strip())}, {meaning}"


def sub_bullets(ev: EvidenceBuilder, items: list[tuple[str, bool, str]], sheet: str = "") -> Coverage:
    """Sub-bullets as a coverage: "k of n sub-requirements shown", then each missing one."""
    cov = Coverage()
    for name, ok, _ in items:
        cov.add(name, ok)
    ev.say(f"{cov.k} of {cov.n} sub-requirements shown by the registers ({percent(cov.k, cov.n)})")
    for name, ok, why in items:
        if not ok:
            ev.say(f"missing: {name}" + (f" ({why})" if why else ""))
    return cov


def zero_over(ev: EvidenceBuilder, reason: str, population: int) -> Evidence:
    """Nothing recorded (D10 a) for a population that exists: level 0 and 0 of ``population``
    covered, so a KPI over that population reads 0 %, not n/a."""
    out = ev.zero(reason)
    out.covered, out.population = 0, population
    return out


def sms_owners(ctx: AssessmentContext) -> tuple[set[str], bool]:
    """The distinct People named as SMS owner, and whether anything was recorded."""
    named = [ctx.field("sms_owner")] + [
        r["person"] for r in ctx.rows("Roles") if r["role"] == "SMS owner"
    ]
    recorded = any(filled(n) for n in named)
    return {key(n) for n in named if ctx.assigned(n)}, recorded


def goals_overdue(ctx: AssessmentContext) -> list:
    """Goals whose timing is before D and whose status is still planned or blank."""
    return [
        g
        for g in ctx.rows("Goals")
        if (t := ctx.plan_date(g["timing"])) is not None
        and t < ctx.as_of
        and g["status"] in (None, "planned")
    ]


AUDITS = ("internal audit", "external audit")

OPEN = ("open", "approved", "in progress")


def linked_improvements_ok(ctx: AssessmentContext, reviews: list[Record]) -> list[str]:
    """Improvements linked to these reviews lacking owner or due, or past due while open."""
    ids = {key(r.id) for r in reviews if r.id}
    bad = []
    for i in ctx.rows("Improvements"):
        if not ids.intersection(keys(i["source_ref"])):
            continue
        due = ctx.plan_date(i["due"])
        late = i["status"] in OPEN and due is not None and due < ctx.as_of
        if not ctx.assigned(i["owner"]) or due is None or late:
            bad.append(label(i))
    return bad


def latest_audit(ctx: AssessmentContext) -> tuple[Record | None, bool, int, bool]:
    """(latest audit, recent with outcome, audit interval, interval planned)."""
    interval, planned = ctx.sms_interval("audit_interval")
    audit = ctx.latest_review(*AUDITS)
    ok = audit is not None and filled(audit["outcome"]) and ctx.recent(audit["date"], interval)
    return audit, ok, interval, planned


def active_reports(ctx: AssessmentContext) -> list[Record]:
    """Reports not terminated (status blank, planned or active)."""
    return [r for r in ctx.rows("Reports") if r["status"] in (None, "planned", "active")]


def individual_sla_customers(ctx: AssessmentContext) -> dict[str, str]:
    """Customers with an in-force individual SLA (key -> ID as written)."""
    out: dict[str, str] = {}
    for a in ctx.in_force_slas:
        cp = a["counterparty"]
        if not ctx.is_default(a) and isinstance(cp, str) and key(cp) in ctx.customers:
            out.setdefault(key(cp), cp.strip())
    return out


def period_start(ctx: AssessmentContext, frequency: str | None) -> dt.date | None:
    """The earliest last_produced date that is on time for a periodic report (None: not periodic)."""
    grace = ctx.settings.grace_days
    if frequency in ctx.settings.report_period_days:
        return add_days(ctx.as_of, -(ctx.settings.report_period_days[frequency] + grace))
    if frequency in ctx.settings.report_period_months:
        return add_days(add_months(ctx.as_of, -ctx.settings.report_period_months[frequency]), -grace)
    return None


def production(ctx: AssessmentContext) -> tuple[list[tuple[Record, bool]], bool]:
    """Memoised per assessment: see :func:`_production`."""
    return ctx.memo("production", lambda: _production(ctx))


def _production(ctx: AssessmentContext) -> tuple[list[tuple[Record, bool]], bool]:
    """(report, on time) for the PR3.3 population, and whether it is the periodic one."""
    running = [r for r in ctx.rows("Reports") if r["status"] in (None, "active")]
    periodic = [(r, s) for r in running if (s := period_start(ctx, r["frequency"])) is not None]
    if periodic:
        return [
            (r, (p := ctx.past(r["last_produced"])) is not None and p >= s) for r, s in periodic
        ], True
    return [(r, ctx.recent(r["last_produced"], 12)) for r in running], False


ACP = "Availability & Continuity Plans"

CAP = "Capacity Plans"


def plans(ctx: AssessmentContext, sheet: str) -> list[Record]:
    """Plan rows, without those that concern only out-of-scope services (D2)."""
    col = "services" if sheet == ACP else "scope"
    return [p for p in ctx.rows(sheet) if not ctx.only_out_of_scope(keys(p[col]))]


def category_targets(ctx: AssessmentContext, *categories: str) -> list[tuple[Record, Record]]:
    """(agreement, latest target row) for in-force agreements and the given categories."""
    return ctx.memo(f"targets:{categories}", lambda: _category_targets(ctx, categories))


def _category_targets(ctx: AssessmentContext, categories: tuple[str, ...]) -> list[tuple[Record, Record]]:
    out = []
    for a in ctx.in_force_slas + ctx.in_force_ola_uas:
        for t in ctx.targets_of.get(key(a.id or ""), []):
            if t["category"] in categories:
                out.append((a, t))
    return out


def in_warning(p: Record) -> bool:
    u, t = p["utilisation"], p["thresholds"]
    return isinstance(u, (int, float)) and isinstance(t, (int, float)) and u >= t


IS_POLICY = "information security policy"


def definition_approved(ctx: AssessmentContext, pid: str) -> bool:
    """The process's definition document is approved (D4), for empty event logs (D10 c)."""
    row = ctx.processes.get(pid)
    ref = row["definition_document"] if row is not None else None
    doc = ctx.documents.get(key(ref)) if isinstance(ref, str) else None
    return doc is not None and ctx.approved(doc)


def empty_log(ctx: AssessmentContext, ev: EvidenceBuilder, pid: str, sheet: str) -> Evidence:
    """D10 c: an empty event log is n/a when the process is defined and approved, else 0."""
    if definition_approved(ctx, pid):
        return ev.na(
            f"the {sheet} log is empty and the {pid} definition is approved "
            "(none may have happened)"
        )
    return ev.zero(
        f"Nothing recorded: the {sheet} log is empty and no approved {pid} definition "
        "says how they would be recorded."
    )


def is_policies(ctx: AssessmentContext) -> list[Record]:
    return [d for d in ctx.rows("Documents") if d["type"] == IS_POLICY and ctx.registered(d)]


def implemented_controls(ctx: AssessmentContext) -> list[Record]:
    return [c for c in ctx.rows("Controls") if c["status"] == "implemented"]


RISK_FIELDS = ("likelihood", "impact", "level", "treatment")


def risks_incomplete(ctx: AssessmentContext, risks: list[Record]) -> list[str]:
    """The risks without an existing asset, a likelihood, impact, level, treatment or owner."""
    assets = ctx.ds.by_key("Assets")
    return [
        label(r)
        for r in risks
        if not (isinstance(r["asset"], str) and key(r["asset"]) in assets)
        or any(r[f] is None for f in RISK_FIELDS)
        or not ctx.assigned(r["owner"])
    ]


def reviews_spaced(ctx: AssessmentContext, reviews: list[Record], interval: int) -> bool:
    """The two latest reviews (newest first) at most one interval apart, in calendar months, and
    the older of them within two intervals of D."""
    return (
        len(reviews) >= 2
        and ctx.recent(reviews[1]["date"], 2 * interval)
        and reviews[0]["date"] <= add_months(reviews[1]["date"], interval)
    )


def risk_review_ok(ctx: AssessmentContext, r: Record) -> tuple[bool, bool]:
    """(reviewed within the risk interval, badly overdue)."""
    interval, _ = ctx.sms_interval("risk_review_interval")
    return ctx.recent(r["last_review"], interval), not ctx.recent(r["last_review"], 2 * interval)


def measured(ctx: AssessmentContext, area: str) -> list[Condition]:
    return [Condition(ctx.monitored(area), f"{area} is measured by a KPI")]


def services_of_customer(ctx: AssessmentContext) -> dict[str, set[str]]:
    """Memoised per assessment: see :func:`_services_of_customer`."""
    return ctx.memo("services_of_customer", lambda: _services_of_customer(ctx))


def _services_of_customer(ctx: AssessmentContext) -> dict[str, set[str]]:
    """Customer key -> service keys (Customers.services plus Services.customers)."""
    out: dict[str, set[str]] = defaultdict(set)
    for svc, customers in ctx.customers_of.items():
        for c in customers:
            out[c].add(svc)
    return out


def earliest_signed(ctx: AssessmentContext, agreements: list[Record]) -> dict[str, dt.date]:
    """Counterparty key -> earliest signing date of its agreements in the list."""
    out: dict[str, dt.date] = {}
    for a in agreements:
        day = ctx.past(a["signed_on"])
        if day and isinstance(a["counterparty"], str):
            k = key(a["counterparty"])
            out[k] = min(out.get(k, day), day)
    return out


def service_review_status(ctx: AssessmentContext) -> list[tuple[Record, Due]]:
    """Memoised per assessment: see :func:`_service_review_status`."""
    return ctx.memo("service_review_status", lambda: _service_review_status(ctx))


def _service_review_status(ctx: AssessmentContext) -> list[tuple[Record, Due]]:
    """PR7.4 population (active customers with a live service) and each one's in-date result."""
    base = earliest_signed(ctx, [a for a in ctx.in_force_slas if not ctx.is_default(a)])
    svc_of = services_of_customer(ctx)
    out = []
    for c in ctx.active_customers:
        k = key(c.id or "")
        if svc_of.get(k, set()) & ctx.live_keys:
            out.append(
                (c, ctx.review_due(c["last_service_review"], c["review_interval"], base.get(k)))
            )
    return out


def supplier_evaluation_status(ctx: AssessmentContext) -> list[tuple[Record, Due]]:
    """Memoised per assessment: see :func:`_supplier_evaluation_status`."""
    return ctx.memo("supplier_evaluation_status", lambda: _supplier_evaluation_status(ctx))


def _supplier_evaluation_status(ctx: AssessmentContext) -> list[tuple[Record, Due]]:
    """PR8.4 population (active suppliers) and each one's in-date result."""
    base = earliest_signed(ctx, ctx.in_force_ola_uas)
    return [
        (
            s,
            ctx.review_due(
                s["last_evaluation"], s["evaluation_interval"], base.get(key(s.id or ""))
            ),
        )
        for s in ctx.rows("Suppliers")
        if ctx.active(s) and s.id
    ]


SERVICE_REFS: tuple[tuple[str, str, bool], ...] = (
    ("Catalogue", "service", False),
    ("Agreements", "services", False),
    ("Customers", "services", False),
    ("Components", "services", False),
    ("Design & Transition", "service", False),
    ("Availability & Continuity Plans", "services", False),
    ("Capacity Plans", "scope", True),
    ("Complaints", "service", False),
    ("Targets", "service", True),
)


def referenced_services(ctx: AssessmentContext) -> tuple[set[str], dict[str, str]]:
    """Memoised per assessment: see :func:`_referenced_services`."""
    return ctx.memo("referenced_services", lambda: _referenced_services(ctx))


def _referenced_services(ctx: AssessmentContext) -> tuple[set[str], dict[str, str]]:
    """Distinct referenced service keys, and the unknown ones (key -> first spelling)."""
    seen: set[str] = set()
    unknown: dict[str, str] = {}
    for sheet, col, comps in SERVICE_REFS:
        for r in ctx.rows(sheet):
            value = r[col]
            raw = value if isinstance(value, list) else [value] if isinstance(value, str) else []
            for item in raw:
                k = key(item)
                if not k or (comps and k in ctx.components):
                    continue
                seen.add(k)
                if k not in ctx.services:
                    unknown.setdefault(k, str(item).strip())
    return seen, unknown



def predates(sheet: str) -> Evidence:
    """A check's answer in a workbook made before ``sheet`` existed (contract version 2): no
    evidenced level and no n/a reason, so the requirement rests on its claim, as it did before
    the check (and counts as 0 in the roll-up when it has no claim)."""
    return Evidence(level=None, texts=[
        f"No register check in this workbook: it has no {sheet} sheet (it was made before the "
        "sheet existed), so the result rests on the self-assessment."])  # fmt: skip
