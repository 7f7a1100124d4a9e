"""Evidence checks for PR8 Supplier relationship management."""

from __future__ import annotations

from functools import cache

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label, percent
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import measured, supplier_evaluation_status, zero_over
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.workbook.records import Record

MISSING = "not in Suppliers"
NO_NAME = "in Suppliers without a name"


@cache
def supplier_types() -> tuple[str, ...]:
    """The contract's Suppliers types (read once, when first asked)."""
    return load_contract().sheet("Suppliers").column("type").values


def _supplier_problem(s: Record | None) -> str | None:
    """Why a supplier the provider depends on is not identified (None: it is). A mistyped type
    reaches assess blank (sanitize), so blank and unknown types read the same."""
    if s is None:
        return MISSING
    if not filled(s["name"]):
        return NO_NAME
    if s["type"] in supplier_types():
        return None
    return f"in Suppliers, but its type is blank or not one of {', '.join(supplier_types())}"


def check_suppliers(ctx: AssessmentContext) -> Evidence:
    """PR8.1: the suppliers the provider depends on are known."""
    ev = EvidenceBuilder()
    if ctx.empty("Suppliers"):
        return ev.zero("Nothing recorded: the Suppliers register is empty.")
    population: dict[str, str] = {
        key(s.id): s.id for s in ctx.rows("Suppliers") if s.id and ctx.active(s)
    }
    for c in ctx.rows("Components"):
        pb = c["provided_by"]
        if isinstance(pb, str) and filled(pb) and ctx.external(pb):
            population.setdefault(key(pb), pb.strip())
    for a in ctx.ola_uas:
        cp = a["counterparty"]
        if (
            a["type"] == "UA"
            and (ctx.in_force(a) or ctx.pending(a))
            and isinstance(cp, str)
            and filled(cp)
        ):
            population.setdefault(key(cp), cp.strip())
    cov = Coverage()
    why: dict[str, list[str]] = {MISSING: [], NO_NAME: []}  # then the type problem, if any
    for k, name in population.items():
        problem = _supplier_problem(ctx.suppliers.get(k))
        cov.add(name, problem is None)
        if problem is not None:
            why.setdefault(problem, []).append(name)
    ev.say(
        f"{cov.k} of {cov.n} suppliers and external providers are in Suppliers with name and "
        f"type ({percent(cov.k, cov.n)})"
    )
    for problem, names in why.items():
        ev.fail(problem, "Suppliers", names)
    named = {
        key(c["provided_by"]) for c in ctx.rows("Components") if isinstance(c["provided_by"], str)
    }
    named |= {
        key(a["counterparty"]) for a in ctx.rows("Agreements") if isinstance(a["counterparty"], str)
    }
    active = [s for s in ctx.rows("Suppliers") if ctx.active(s) and s.id]
    # what a supplier supplies: components, or (contract version 2) something else it names, e.g.
    # penetration testing under a framework agreement; either links it to the services
    unlinked = [
        label(s)
        for s in active
        if not (keys(s["components"]) or keys(s["agreements"]) or filled(s["supplies"]) or key(s.id) in named)
    ]
    unagreed = [
        label(s)
        for s in active
        if filled(s["supplies"]) and not keys(s["components"]) and not keys(s["agreements"]) and key(s.id) not in named
    ]
    l3 = [
        Condition(
            not unlinked,
            "every active supplier is linked to a component, an agreement or what it supplies",
            "Suppliers",
            unlinked,
        ),
        Condition(
            not unagreed,
            "every supplier of something other than a component has an agreement for it",
            "Suppliers",
            unagreed,
        ),
    ]
    return ev.done(cov.fraction, l3=l3, l4=measured(ctx, "PR8"), cov=cov)


def _per_supplier(ctx: AssessmentContext, ok, what: str, fail: str) -> Evidence:  # noqa: ANN001
    ev = EvidenceBuilder()
    if ctx.empty("Suppliers"):
        return ev.zero("Nothing recorded: the Suppliers register is empty.")
    cov = Coverage()
    for s in ctx.rows("Suppliers"):
        if ctx.active(s):
            cov.add(label(s), ok(s))
    if cov.n == 0:
        return ev.na("no active supplier")
    ev.coverage(cov, f"active suppliers {what}", fail, "Suppliers")
    return ev.done(cov.fraction, l4=measured(ctx, "PR8"), cov=cov)


def check_supplier_contact(ctx: AssessmentContext) -> Evidence:
    """PR8.2: each supplier has a relationship manager."""
    return _per_supplier(
        ctx,
        lambda s: ctx.assigned(s["relationship_manager"]),
        "have a relationship manager",
        "no relationship manager",
    )


def check_supplier_channels(ctx: AssessmentContext) -> Evidence:
    """PR8.3: a supplier-side contact and channels for each supplier."""
    return _per_supplier(
        ctx,
        lambda s: ctx.contact(s["contact"]) and filled(s["channels"]),
        "have a contact and communication channels",
        "contact or channels missing",
    )


def check_supplier_performance(ctx: AssessmentContext) -> Evidence:
    """PR8.4: suppliers evaluated at their interval, rated, poor ratings followed up."""
    ev = EvidenceBuilder()
    if ctx.empty("Suppliers"):
        return ev.zero("Nothing recorded: the Suppliers register is empty.")
    rows = supplier_evaluation_status(ctx)
    if not any(d.base for _, d in rows):
        reason = "No supplier has an evaluation or an OLA/UA to date evaluations from."
        return zero_over(ev, reason, len(rows))
    cov, unplanned = Coverage(), list[str]()
    for s, due in rows:
        ev.in_date(cov, unplanned, label(s), due, ok=due.ok and s["rating"] is not None)
    ev.coverage(
        cov,
        "active suppliers were evaluated and rated within their interval",
        "evaluation overdue or unrated",
        "Suppliers",
    )
    poor = [label(s) for s, _ in rows if s["rating"] == "poor" and not ctx.follow_up(s)]
    ids = {key(s.id or "") for s, _ in rows}
    theirs = [a for a in ctx.in_force_ola_uas if key(a["counterparty"] or "") in ids]
    unevaluated = [
        label(t)
        for a in theirs
        for t in ctx.targets_of.get(key(a.id or ""), [])
        if not ctx.evaluated(t, ctx.settings.measure_window)
    ]
    l3 = [
        Condition(
            not unplanned,
            "every supplier has a planned evaluation interval",
            "Suppliers",
            unplanned,
        ),
        Condition(not poor, "every supplier rated poor has a follow-up", "Suppliers", poor),
    ]
    l4 = [
        Condition(
            not unevaluated,
            "every target of the suppliers' OLAs/UAs is evaluated",
            "Targets",
            unevaluated,
        )
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
