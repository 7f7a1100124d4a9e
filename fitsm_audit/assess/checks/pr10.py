"""Evidence checks for PR10 Problem management (the Problems log of the operations area)."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import filled, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.ops_queries import (
    DONE_PROBLEM,
    PROBLEMS,
    TICKETS,
    covered,
    dangling,
    existing,
    is_known_error,
    opening,
    problems,
)
from fitsm_audit.assess.queries import measured

PR = "PR10"


def check_problem_registration(ctx: AssessmentContext) -> Evidence:
    """PR10.1: problems are registered from incidents (each names the incidents behind it) and
    owned; the tickets' problem links name registered problems."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, PROBLEMS, PR)) is not None:
        return early
    unowned = [label(p) for p in problems(ctx) if not ctx.contact(p["owner"])]
    broken = [label(t) for t in ctx.rows(TICKETS) if dangling(ctx, PROBLEMS, t["problem"])]
    l3 = [
        Condition(not unowned, "every problem has an owner", PROBLEMS, unowned),
        Condition(not broken, "every ticket's problem is in Problems", TICKETS, broken),
    ]
    return covered(
        ev,
        problems(ctx),
        lambda p: existing(ctx, TICKETS, p["incidents"]),
        (PROBLEMS, "problems linked to the incidents behind them", "no linked incident in the log"),
        "no problem opened in the event window or still open",
        l3,
        measured(ctx, PR),
    )


def check_problem_investigation(ctx: AssessmentContext) -> Evidence:
    """PR10.2: problems under investigation or beyond record a root cause or a workaround; resolved
    and closed problems record their root cause."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, PROBLEMS, PR)) is not None:
        return early
    rows = [p for p in problems(ctx) if p["status"] not in (None, "new")]
    no_cause = [label(p) for p in rows if p["status"] in DONE_PROBLEM and not filled(p["root_cause"])]
    l3 = [
        Condition(
            not no_cause,
            "every resolved or closed problem records its root cause",
            PROBLEMS,
            no_cause,
        )
    ]
    return covered(
        ev,
        rows,
        lambda p: filled(p["root_cause"]) or filled(p["workaround"]),
        (
            PROBLEMS,
            "problems investigated with a root cause or workaround",
            "neither root cause nor workaround",
        ),
        "no problem beyond status new in the event window",
        l3,
        measured(ctx, PR),
    )


def check_known_errors(ctx: AssessmentContext) -> Evidence:
    """PR10.3: every known error has its workaround; the status and the known_error flag agree."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, PROBLEMS, PR)) is not None:
        return early
    rows = [p for p in problems(ctx) if is_known_error(p)]
    unflagged = [label(p) for p in rows if p["known_error"] is not True]
    l3 = [
        Condition(
            not unflagged,
            "every problem with status known error has Known error yes",
            PROBLEMS,
            unflagged,
        )
    ]
    return covered(
        ev,
        rows,
        lambda p: filled(p["workaround"]),
        (PROBLEMS, "known errors with a workaround", "no workaround"),
        "no known error recorded in the event window",
        l3,
        measured(ctx, PR),
    )


def check_known_error_currency(ctx: AssessmentContext) -> Evidence:
    """PR10.4: open known errors checked to be current within the periodic-check window."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, PROBLEMS, PR)) is not None:
        return early
    months = ctx.settings.periodic_check
    rows = [p for p in problems(ctx) if is_known_error(p) and p["status"] not in DONE_PROBLEM]
    for p in rows:
        ev.badly_overdue |= not ctx.recent(p["last_review"], 2 * months)
    return covered(
        ev,
        rows,
        lambda p: ctx.recent(p["last_review"], months),
        (
            PROBLEMS,
            f"open known errors reviewed in the last {months} months (Last review)",
            "known error not reviewed in the window",
        ),
        "no open known error",
        l4=measured(ctx, PR),
    )
