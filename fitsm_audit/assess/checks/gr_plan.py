"""Evidence checks for GR4-GR5: the SM plan, its contents and alignment, and its implementation."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.followup_queries import not_communicated
from fitsm_audit.assess.queries import (
    PLAN,
    goals_overdue,
    sms_owners,
    sub_bullets,
)


def check_sm_plan(ctx: AssessmentContext) -> Evidence:
    """GR4.1: the SM plan is registered, approved, owned and in date."""
    ev = EvidenceBuilder()
    plan = ctx.best_doc(PLAN)
    if plan is None:
        return ev.zero("Nothing recorded: no service management plan in Documents.")
    due = ctx.document_review_due(plan)
    name = label(plan)
    items = [
        ("registered", True, ""),
        ("approved", ctx.approved(plan), "status, approver or approval date missing"),
        ("owner assigned", ctx.assigned(plan["owner"]), "no owner in People"),
        ("review in date", due.ok, f"next review {due.due}" if due.due else "no next review date"),
    ]
    cov = sub_bullets(ev, items)
    ev.say(f"service management plan: {name}")
    for what, ok, _ in items:
        if not ok:
            ev.fail(f"plan not {what}", "Documents", [name], show=False)
    ev.badly_overdue = not due.ok and due.badly
    manager = ctx.field("sms_manager")
    if ctx.assigned(plan["owner"]) and manager and key(plan["owner"]) != key(manager):
        ev.say("note: the plan's owner is not the SMS manager (allowed where roles are merged)")
    l4 = [Condition(ctx.monitored("SMS"), "the SMS is measured by a KPI (area SMS)")]
    unsent = not_communicated(ctx, [plan])
    l3 = [] if unsent is None else [
        Condition(not unsent, "every approved plan version is communicated (date and audience on Documents)", "Documents", unsent)]  # fmt: skip
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def process_managers(ctx: AssessmentContext) -> set[str]:
    """Processes with a manager named (Processes.manager or a Roles row)."""
    out = {p for p, r in ctx.processes.items() if ctx.assigned(r["manager"])}
    for r in ctx.rows("Roles"):
        if (
            r["role"] == "process manager"
            and isinstance(r["process"], str)
            and ctx.assigned(r["person"])
        ):
            out.add(r["process"].upper())
    return out


def sms_manager_named(ctx: AssessmentContext) -> bool:
    return ctx.assigned(ctx.field("sms_manager")) or any(
        r["role"] == "SMS manager" and ctx.assigned(r["person"]) for r in ctx.rows("Roles")
    )


def check_plan_contents(ctx: AssessmentContext) -> Evidence:
    """GR4.2: goals and timing, roles, training and awareness, tools."""
    ev = EvidenceBuilder()
    if all(ctx.empty(s) for s in ("Goals", "Roles", "Training", "Tools")):
        return ev.zero("Nothing recorded: Goals, Roles, Training and Tools are all empty.")
    goals = [g for g in ctx.rows("Goals") if filled(g["goal"])]
    untimed = [label(g) for g in goals if ctx.plan_date(g["timing"]) is None]
    in_scope = ctx.in_scope_processes()
    undated = [
        p
        for p in in_scope
        if (r := ctx.processes.get(p)) is None
        or (ctx.plan_date(r["planned_date"]) is None and ctx.plan_date(r["implemented_on"]) is None)
    ]
    owners, _ = sms_owners(ctx)
    managers = process_managers(ctx)
    no_manager = [p for p in in_scope if p not in managers]
    training = [
        t
        for t in ctx.rows("Training")
        if filled(t["topic"])
        and filled(t["audience"])
        and (ctx.plan_date(t["planned_on"]) or ctx.plan_date(t["done_on"]))
    ]
    tools = [t for t in ctx.rows("Tools") if filled(t["purpose"]) and filled(t["status"])]
    roles_ok = len(owners) == 1 and sms_manager_named(ctx) and not no_manager
    cov = sub_bullets(
        ev,
        [
            (
                "goals and timing of the SMS and its processes",
                bool(goals) and not untimed and not undated,
                "no goal" if not goals else "goals or processes without a date",
            ),
            (
                "overall roles and responsibilities",
                roles_ok,
                "SMS owner, SMS manager or process managers missing",
            ),
            (
                "training and awareness activities",
                bool(training),
                "no training with topic, audience and date",
            ),
            ("tools supporting the SMS", bool(tools), "no tool with purpose and status"),
        ],
    )
    ev.fail("goal without timing", "Goals", untimed)
    ev.fail("in-scope process without planned or implementation date", "Processes", undated)
    ev.fail("in-scope process without a manager", "Processes", no_manager)
    late_training = [
        label(t)
        for t in ctx.rows("Training")
        if (p := ctx.plan_date(t["planned_on"])) is not None
        and p < ctx.as_of
        and ctx.past(t["done_on"]) is None
    ]
    stale = [label(g) for g in goals_overdue(ctx)]
    l4 = [
        Condition(
            not late_training,
            "no training past its planned date is undone",
            "Training",
            late_training,
        ),
        Condition(not stale, "no goal past its timing is still planned", "Goals", stale),
    ]
    return ev.done(cov.fraction, l4=l4, cov=cov)


def check_plans_aligned(ctx: AssessmentContext) -> Evidence:
    """GR4.3: every plan points at current, in-scope objects, has an owner and is in date."""
    ev = EvidenceBuilder()
    plan = ctx.best_doc(PLAN)
    cov = Coverage()
    bad_refs: list[str] = []
    no_owner: list[str] = []
    stale: list[str] = []

    def refs_ok(ids: list[str]) -> bool:
        """Every named object is a component or a live / in-preparation in-scope service."""
        return all(
            k in ctx.components or ctx.svc_state(k) in ("live", "in preparation") for k in ids
        )

    for sheet, col in (
        ("Availability & Continuity Plans", "services"),
        ("Capacity Plans", "scope"),
    ):
        for p in ctx.rows(sheet):
            ids = keys(p[col])
            if ctx.only_out_of_scope(ids):
                continue
            name = label(p)
            ok_refs = refs_ok(ids)
            owned = ctx.assigned(p["owner"])
            dated = ctx.review_due(p["last_review"], p["review_interval"]).ok
            _note(ok_refs, owned, dated, name, bad_refs, no_owner, stale)
            cov.add(name, ok_refs and owned and dated)
    for d in ctx.rows("Design & Transition"):
        if d["status"] in ("completed", "cancelled"):
            continue
        ids = keys(d["service"])
        if ctx.only_out_of_scope(ids):
            continue
        name = label(d)
        ok_refs = refs_ok(ids)
        owned = filled(d["responsibilities"])
        go_live = ctx.plan_date(d["go_live"])
        dated = go_live is not None and go_live >= ctx.as_of
        _note(ok_refs, owned, dated, name, bad_refs, no_owner, stale)
        cov.add(name, ok_refs and owned and dated)
    if plan is None and cov.n == 0:
        return ev.zero("Nothing recorded: no SM plan and no other plan.")
    if cov.n:
        ev.coverage(
            cov,
            "plans and open SDTPs are consistent with the portfolio, owned and in date",
            "plan not consistent",
            "Plans",
        )
    else:
        ev.say(
            "no availability, capacity or open transition plan to align; the SM plan stands alone"
        )
    ev.fail("names a retired, unknown or out-of-scope service", "Plans", bad_refs, show=False)
    ev.fail("no owner", "Plans", no_owner, show=False)
    ev.fail("not in date", "Plans", stale, show=False)
    fraction = cov.fraction if cov.n else Coverage(["SM plan"]).fraction
    if plan is None:
        ev.say("no service management plan is registered")
    l3 = [Condition(plan is not None and ctx.controlled(plan), "the SM plan is controlled")]
    l4 = [Condition(ctx.monitored("SMS"), "the SMS is measured by a KPI (area SMS)")]
    return ev.done(fraction, l3=l3, l4=l4, cap=1 if plan is None else None, cov=cov)


def _note(refs: bool, owned: bool, dated: bool, name: str, *lists: list[str]) -> None:
    for ok, lst in zip((refs, owned, dated), lists, strict=True):
        if not ok:
            lst.append(name)


def check_plan_implemented(ctx: AssessmentContext) -> Evidence:
    """GR5.1: goals, process implementations and training due by D are done."""
    ev = EvidenceBuilder()
    cov = Coverage()
    dated = 0
    for g in ctx.rows("Goals"):
        t = ctx.plan_date(g["timing"])
        if t is None or g["status"] == "dropped":
            continue
        dated += 1
        if t <= ctx.as_of:
            cov.add(label(g), g["status"] == "achieved")
    in_scope = ctx.in_scope_processes()
    for p in in_scope:
        r = ctx.processes.get(p)
        planned = ctx.plan_date(r["planned_date"]) if r is not None else None
        if planned is None:
            continue
        dated += 1
        if planned <= ctx.as_of:
            cov.add(p, r is not None and r["implementation_status"] == "implemented")
    for trn in ctx.rows("Training"):
        planned = ctx.plan_date(trn["planned_on"])
        if planned is None:
            continue
        dated += 1
        if planned <= ctx.as_of:
            cov.add(label(trn), ctx.past(trn["done_on"]) is not None)
    if dated == 0:
        return ev.zero("Nothing planned: no dated goal, process implementation or training.")
    if cov.n == 0:
        return ev.na(f"{dated} planned items exist but none is due by {ctx.as_of}")
    ev.coverage(cov, "plan items due by the as-of date are done", "due but not done", "Plan items")
    no_status = [
        p for p in in_scope if (r := ctx.processes.get(p)) is None or not r["implementation_status"]
    ]
    # an in-scope process not implemented leaves the plan unimplemented, whenever it is planned for
    # (a process without a status is named once, under the first condition)
    not_impl = [
        p
        for p in in_scope
        if p not in no_status and ctx.processes[p]["implementation_status"] != "implemented"
    ]
    unmeasured = [p for p in in_scope if not ctx.monitored(p)]
    l3 = [
        Condition(
            not no_status,
            "every in-scope process has an implementation status",
            "Processes",
            no_status,
        ),
        Condition(
            not not_impl,
            "every in-scope process is implemented (implementation status, planned date)",
            "Processes",
            not_impl,
        ),
    ]
    l4 = [
        Condition(not unmeasured, "every in-scope process is measured by a KPI", "KPIs", unmeasured),
    ]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
