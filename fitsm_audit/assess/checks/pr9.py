"""Evidence checks for PR9 Incident and service request management (the Incidents & Service
Requests log and the Incident Priorities scheme of the operations area). PR9.5 (staff access to
information) and PR9.6 (users kept informed) are not shown by the registers: self-assessment."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import filled, key, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.ops_queries import (
    DONE_TICKET,
    PRIORITIES,
    TICKETS,
    covered,
    existing,
    in_time,
    late_tickets,
    opening,
    tickets,
)
from fitsm_audit.assess.queries import measured
from fitsm_audit.workbook.records import Record

PR = "PR9"
NO_TICKET = "no ticket opened in the event window or still open"


def check_ticket_classification(ctx: AssessmentContext) -> Evidence:
    """PR9.1: every ticket registered with its type and a priority; the priorities used are the
    defined scheme's."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, TICKETS, PR)) is not None:
        return early
    defined = {key(p["priority"]) for p in ctx.rows(PRIORITIES) if isinstance(p["priority"], str)}
    undefined = [
        label(t) for t in tickets(ctx) if t["priority"] and key(t["priority"]) not in defined
    ]
    l3 = [
        Condition(
            not undefined,
            "every ticket's priority is defined in Incident Priorities",
            TICKETS,
            undefined,
        )
    ]
    return covered(
        ev,
        tickets(ctx),
        lambda t: filled(t["type"]) and filled(t["priority"]),
        (TICKETS, "tickets classified (type) and prioritised (priority)", "type or priority blank"),
        NO_TICKET,
        l3,
        measured(ctx, PR),
    )


def _priority_linked(ctx: AssessmentContext, p: Record) -> bool:
    return isinstance(p["resolution_hours"], (int, float)) and existing(ctx, "Targets", p["targets"])


def check_priority_targets(ctx: AssessmentContext) -> Evidence:
    """PR9.2: priorities with resolution times derived from SLA targets, and the tickets resolved
    within their priority's time (dates only)."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, PRIORITIES, PR, log=False)) is not None:
        return early
    unlinked = [label(p) for p in ctx.rows(PRIORITIES) if not _priority_linked(ctx, p)]
    l3 = [
        Condition(
            not unlinked,
            "every priority has a resolution time and names the SLA targets (Targets IDs) it serves",
            PRIORITIES,
            unlinked,
        )
    ]
    judged = [t for t in tickets(ctx) if in_time(ctx, t) is not None]
    if not judged:
        ev.say("no ticket resolved, or open past its resolution time, to judge")
        return ev.done(None, l3=l3)
    return covered(
        ev,
        judged,
        lambda t: in_time(ctx, t) is True,
        (
            TICKETS,
            "tickets resolved within their priority's resolution time",
            "resolved late or open past the resolution time",
        ),
        NO_TICKET,
        l3,
        measured(ctx, PR),
    )


def check_escalation(ctx: AssessmentContext) -> Evidence:
    """PR9.3: tickets past their resolution time are escalated, and every escalated ticket names
    to whom and has an assignee."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, TICKETS, PR)) is not None:
        return early
    late = {id(t) for t in late_tickets(ctx)}
    rows = [t for t in tickets(ctx) if id(t) in late or filled(t["escalated_to"])]
    return covered(
        ev,
        rows,
        lambda t: filled(t["escalated_to"]) and ctx.contact(t["assignee"]),
        (
            TICKETS,
            "tickets past their resolution time or escalated that name whom they were "
            "escalated to and an assignee",
            "not escalated, or no assignee",
        ),
        "no ticket escalated or past its priority's resolution time",
        l4=measured(ctx, PR),
    )


def _closed_in_order(ctx: AssessmentContext, t: Record) -> bool:
    opened, resolved = ctx.past(t["opened"]), ctx.past(t["resolved"])
    closed = ctx.past(t["closed"])
    if opened is None or resolved is None or resolved < opened:
        return False
    if t["status"] == "closed" or t["closed"] is not None:
        return closed is not None and closed >= resolved
    return True


def check_ticket_closure(ctx: AssessmentContext) -> Evidence:
    """PR9.4: resolved and closed tickets have their resolution (and closure) date, in order."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, TICKETS, PR)) is not None:
        return early
    rows = [t for t in tickets(ctx) if t["status"] in DONE_TICKET or t["closed"] is not None]
    return covered(
        ev,
        rows,
        lambda t: _closed_in_order(ctx, t),
        (
            TICKETS,
            "resolved or closed tickets with resolved and closed dates in order",
            "resolved or closed date missing or out of order",
        ),
        "no ticket resolved or closed in the event window",
        l4=measured(ctx, PR),
    )


def check_major_incidents(ctx: AssessmentContext) -> Evidence:
    """PR9.7: every resolved major incident has a major incident review; major incidents are
    prioritised critical or high."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, TICKETS, PR)) is not None:
        return early
    major = [t for t in tickets(ctx) if t["major"] is True]
    low = [label(t) for t in major if t["priority"] not in ("critical", "high")]
    done = [t for t in major if t["status"] in DONE_TICKET or ctx.past(t["resolved"])]
    l3 = [
        Condition(not low, "every major incident is prioritised critical or high", TICKETS, low)
    ]
    return covered(
        ev,
        done,
        lambda t: ctx.past(t["review_on"]) is not None,
        (TICKETS, "resolved major incidents with a review (Review on)", "no major incident review"),
        "no major incident resolved in the event window",
        l3,
        measured(ctx, PR),
    )
