"""Evidence checks for GR1-GR3: top management commitment, documentation, scope."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import (
    Coverage,
    blank,
    filled,
    key,
    keys,
    label,
    percent,
    truthy_text,
)
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.followup_queries import not_communicated, record_conditions
from fitsm_audit.assess.queries import (
    PLAN,
    field_gap,
    goals_overdue,
    reviews_spaced,
    sms_owners,
    sub_bullets,
)
from fitsm_audit.core.words import count

POLICY = "service management policy"
SCOPE = "scope statement"


def check_top_management(ctx: AssessmentContext) -> Evidence:
    """GR1.1: one SMS owner, goals communicated, a policy, management reviews at intervals."""
    ev = EvidenceBuilder()
    owners, owner_recorded = sms_owners(ctx)
    goals_timed = [g for g in ctx.rows("Goals") if filled(g["goal"]) and ctx.plan_date(g["timing"])]
    policy, plan = ctx.best_doc(POLICY), ctx.best_doc(PLAN)
    published = [
        d for d in (policy, plan) if d is not None and ctx.approved(d) and filled(d["location"])
    ]
    interval, planned = ctx.sms_interval("management_review_interval")
    reviews = ctx.reviews_by_type.get("management review", [])
    latest = reviews[0] if reviews else None
    review_ok = (
        planned
        and latest is not None
        and filled(latest["outcome"])
        and ctx.recent(latest["date"], interval)
    )
    nothing = not (owner_recorded or ctx.rows("Goals") or policy or plan or reviews)
    if nothing:
        return ev.zero("Nothing recorded: no SMS owner, goals, policy, plan or management review.")
    owner_why = (
        "two or more different people are named as SMS owner"
        if len(owners) > 1
        else "no SMS owner names a person in People"
        if not owners
        else ""
    )
    review_why = (
        "the management review interval is not set"
        if not planned
        else "no management review recorded"
        if latest is None
        else "the latest management review has no outcome"
        if blank(latest["outcome"])
        else f"the latest management review ({latest['date']}) is older than {count(interval, 'month')}"
    )
    cov = sub_bullets(
        ev,
        [
            ("one accountable SMS owner", len(owners) == 1, owner_why),
            (
                "goals defined and communicated",
                bool(goals_timed and published),
                "no goal with a timing"
                if not goals_timed
                else "no approved policy or plan with a location",
            ),
            (
                "a general service management policy",
                policy is not None and ctx.approved(policy),
                "no approved service management policy in Documents",
            ),
            (
                "management reviews at planned intervals",
                review_ok,
                review_why if not review_ok else "",
            ),
        ],
    )
    if latest is not None and not ctx.recent(latest["date"], 2 * interval):
        ev.badly_overdue = True
    spaced = reviews_spaced(ctx, reviews, interval)
    stale = [label(g) for g in goals_overdue(ctx)]
    l4 = [
        Condition(spaced, "the two latest management reviews are at most one interval apart"),
        Condition(not stale, "no goal past its timing is still planned", "Goals", stale),
    ]
    actions_l3, actions_l4 = record_conditions(ctx, latest)
    return ev.done(cov.fraction, l3=actions_l3, l4=l4 + actions_l4, cov=cov)


POLICY_FIELDS = (
    ("policy_customer_requirements", "commitment to fulfil customer service requirements"),
    ("policy_service_orientation", "commitment to a service-oriented approach"),
    ("policy_process_approach", "commitment to a process approach"),
    ("policy_continual_improvement", "commitment to continual improvement"),
    ("policy_goals", "overall service management goals"),
)


def _why_not_stated(ctx: AssessmentContext, name: str) -> str:
    """Why a policy statement field does not count: blank, or answered "no" (or the like)."""
    return field_gap(ctx, name, "no goals stated" if name == "policy_goals" else "not committed")


def check_policy_contents(ctx: AssessmentContext) -> Evidence:
    """GR1.2: the policy's four commitments and goals, and the policy under control."""
    ev = EvidenceBuilder()
    has_goal = any(filled(g["goal"]) for g in ctx.rows("Goals"))
    items = []
    for name, what in POLICY_FIELDS:
        value = ctx.field(name)
        ok = truthy_text(value) or (name == "policy_goals" and has_goal)
        items.append((what, ok, _why_not_stated(ctx, name)))
        if not ok:  # the cell to fix, for the trail (its text says it already)
            ev.fail(f"the policy does not state the {what}", "Organisation", [name], show=False)
    policy = ctx.best_doc(POLICY)
    if not any(ok for _, ok, _ in items) and policy is None:
        return ev.zero("Nothing recorded: no policy statement field and no policy document.")
    cov = sub_bullets(ev, items)
    controlled = policy is not None and ctx.controlled(policy)
    if policy is not None and not controlled:
        ev.fail("policy document not controlled", "Documents", [label(policy)])
    l3 = [Condition(controlled, "the service management policy is a controlled document")]
    unsent = not_communicated(ctx, [policy])
    if unsent is not None:
        l3.append(Condition(policy is not None and not unsent, "every approved policy version is communicated "
                            "(date and audience on Documents)", "Documents", unsent))  # fmt: skip
    l4 = [Condition(ctx.monitored("SMS"), "the SMS goals are measured by a KPI (area SMS)")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


DOC_STATES = ("not registered", "registered, not approved", "approved, not controlled", "controlled")
IN_ORGANISATION = "written in Organisation, not registered in Documents"


def check_sms_documentation(ctx: AssessmentContext) -> Evidence:
    """GR2.1: scope statement, policy and SM plan documented (and related plans).

    The evidence names each document once, grouped by its state (controlled first), after the
    count, and each empty related-plan register once."""
    ev = EvidenceBuilder()
    cov = Coverage()
    all_controlled = True
    by_state: dict[str, list[str]] = {}
    for doc_type in (SCOPE, POLICY, PLAN):
        doc = ctx.best_doc(doc_type)
        rank = ctx.doc_rank(doc)
        registered = rank > 0 or (doc_type == SCOPE and truthy_text(ctx.field("scope_statement")))
        cov.add(doc_type, registered)
        all_controlled &= rank == 3
        state = IN_ORGANISATION if rank == 0 and registered else DOC_STATES[rank]
        by_state.setdefault(state, []).append(
            doc_type + (f" ({label(doc)})" if doc is not None else "")
        )
    if cov.k == 0:
        return ev.zero("Nothing recorded: no scope statement, policy or SM plan in Documents.")
    ev.say(f"{cov.k} of {cov.n} SMS documents recorded ({percent(cov.k, cov.n)})")
    for state in (*reversed(DOC_STATES[1:]), IN_ORGANISATION, DOC_STATES[0]):
        if state in by_state:
            ev.say(f"{state}: {', '.join(by_state[state])}")
    related = []
    if ctx.process_in_scope("PR4"):
        related.append(
            ("Availability & Continuity Plans", not ctx.empty("Availability & Continuity Plans"))
        )
    if ctx.process_in_scope("PR5"):
        related.append(("Capacity Plans", not ctx.empty("Capacity Plans")))
    missing = [s for s, ok in related if not ok]
    ev.fail("empty plan register", "", missing)  # said once here, not again by the condition
    l3 = [
        Condition(all_controlled, "all three documents are controlled"),
        Condition(not missing, "related plans exist for the in-scope PR4 and PR5"),
    ]
    l4 = [Condition(ctx.monitored("SMS"), "the SMS is measured by a KPI (area SMS)")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_process_definitions(ctx: AssessmentContext) -> Evidence:
    """GR2.2: every in-scope process has a registered, controlled definition."""
    ev = EvidenceBuilder()
    if ctx.empty("Processes"):
        return ev.zero("Nothing recorded: the Processes sheet is empty.")
    cov, uncontrolled = Coverage(), []
    for pid in ctx.in_scope_processes():
        row = ctx.processes.get(pid)
        ref = row["definition_document"] if row is not None else None
        doc = ctx.documents.get(key(ref)) if isinstance(ref, str) else None
        rank = ctx.doc_rank(doc)
        cov.add(pid, rank > 0)
        if rank in (1, 2):
            uncontrolled.append(pid)
    if cov.k == 0:
        ev.fail("no registered definition", "Processes", cov.failing)
        return ev.zero("No in-scope process has a registered definition document.")
    ev.coverage(
        cov,
        "in-scope processes have a registered definition",
        "no registered definition",
        "Processes",
    )
    with_kpi = {r["process"] for r in ctx.rows("KPIs") if filled(r["target"])}
    no_kpi = [p for p in cov.population if p not in with_kpi]
    l3 = [Condition(not uncontrolled, "every definition is controlled", "Processes", uncontrolled)]
    l4 = [Condition(not no_kpi, "every in-scope process has a KPI with a target", "KPIs", no_kpi)]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


def check_document_control(ctx: AssessmentContext) -> Evidence:
    """GR2.4: approval, distribution, review and versioning of the registered documents."""
    ev = EvidenceBuilder()
    if ctx.empty("Documents"):
        return ev.zero("Nothing recorded: the Documents register is empty.")
    cov = Coverage()
    problems: dict[str, list[str]] = {
        "not approved or no owner": [],
        "no location": [],
        "review overdue or not dated": [],
        "no version": [],
    }
    drafts_bad, badly = [], False
    for d in ctx.rows("Documents"):
        if not ctx.registered(d):
            continue
        name = label(d)
        if d["status"] in ("draft", "in review"):
            if not (ctx.assigned(d["owner"]) and filled(d["version"])):
                drafts_bad.append(name)
            continue
        due = ctx.document_review_due(d)
        checks = {
            "not approved or no owner": ctx.approved(d) and ctx.assigned(d["owner"]),
            "no location": filled(d["location"]),
            "review overdue or not dated": due.ok,
            "no version": filled(d["version"]),
        }
        badly |= not due.ok and due.badly
        for what, ok in checks.items():
            if not ok:
                problems[what].append(name)
        cov.add(name, all(checks.values()))
    if cov.n == 0:  # only drafts: something recorded, nothing under control yet
        ev.say("only drafts are registered; no document is approved yet")
        ev.fail("draft without owner or version", "Documents", drafts_bad)
        return ev.done(Coverage(["drafts"], ["drafts"]).fraction)
    ev.say(
        f"{cov.k} of {cov.n} registered documents out of draft are fully under control "
        f"({percent(cov.k, cov.n)})"
    )
    for what, ids in problems.items():
        ev.fail(what, "Documents", ids)
    ev.badly_overdue = badly
    l3 = [Condition(not drafts_bad, "every draft has an owner and a version", "Documents", drafts_bad)]
    l4 = [Condition(ctx.monitored("SMS"), "the SMS is measured by a KPI (area SMS)")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)


SCOPE_ELEMENTS = (
    ("services in scope", "scope_services"),
    ("technology in scope", "scope_technology"),
    ("locations in scope", "scope_locations"),
    ("customers in scope", "scope_customers"),
)


def check_scope_statement(ctx: AssessmentContext) -> Evidence:
    """GR3.1: the scope statement with its elements, consistent with the portfolio."""
    ev = EvidenceBuilder()
    doc = ctx.best_doc(SCOPE)
    elements = [
        (
            "scope statement",
            truthy_text(ctx.field("scope_statement")) or doc is not None,
            f"no scope statement document, and {field_gap(ctx, 'scope_statement')}",
        ),
        *(
            (what, truthy_text(ctx.field(name)), field_gap(ctx, name))
            for what, name in SCOPE_ELEMENTS
        ),
    ]
    if not any(ok for _, ok, _ in elements):
        return ev.zero("Nothing recorded: no scope statement and no scope element.")
    cov = sub_bullets(ev, elements)
    for what, name in SCOPE_ELEMENTS:
        if not truthy_text(ctx.field(name)):
            ev.fail(f"the scope statement does not name the {what}", "Organisation", [name], show=False)
    listed = ctx.field("scope_services")
    unknown, unlisted = [], []
    if isinstance(listed, str) and listed.strip().lower() not in ("all", "all services"):
        ids = keys(listed)
        unknown = [i.upper() for i in ids if i not in ctx.services]
        unlisted = [
            r.id
            for r in ctx.rows("Services")
            if r.id and ctx.svc_in_scope(r) and r["status"] != "retired" and key(r.id) not in ids
        ]
    ev.fail("the scope statement's services in scope name a service not in Services", "Services", unknown)
    ev.fail("in-scope service not listed among the scope statement's services in scope", "Services", unlisted)
    controlled = doc is not None and ctx.controlled(doc)
    l3 = [
        Condition(controlled, "the scope statement is a controlled document"),
        Condition(not unknown and not unlisted, "the scope's services match the portfolio"),
    ]
    l4 = [Condition(ctx.monitored("SMS"), "the SMS is measured by a KPI (area SMS)")]
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
