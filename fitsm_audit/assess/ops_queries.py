"""Queries over the operations registers (PR9-PR13) that more than one check, or the KPIs, ask.

The operations area came with contract version 2 (its sheets are ``since: 2``). A workbook made
before it has none of its sheets: every PR9-PR13 check then answers :func:`claim_only`, an
evidence without a level that leaves the result on the self-assessment, as before the checks
existed. Once any operations sheet is provided, the area counts as kept: a missing or empty sheet
is an empty register (D10 a) or an empty event log (D10 c), like the other registers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.queries import empty_log
from fitsm_audit.workbook.records import Record

PRIORITIES = "Incident Priorities"
TICKETS = "Incidents & Service Requests"
PROBLEMS = "Problems"
CIS = "Configuration Items"
CHANGES = "Changes"
RELEASES = "Releases"
OPS_SHEETS = (PRIORITIES, TICKETS, PROBLEMS, CIS, CHANGES, RELEASES)

NOT_KEPT = (
    "No register check for this requirement in this workbook: it has none of the operations "
    "sheets (it was made before they existed), so the result rests on the self-assessment."
)

DONE_TICKET = ("resolved", "closed")
DONE_PROBLEM = ("resolved", "closed")


def ops_kept(ctx: AssessmentContext) -> bool:
    """Whether the workbook has the operations area: at least one of its sheets was provided."""
    return ctx.memo("ops_kept", lambda: any(ctx.ds.has(s) for s in OPS_SHEETS))


def claim_only() -> Evidence:
    """No evidenced level and no n/a reason: the requirement rests on its claim, and counts as 0 in
    the roll-up when it has none, exactly as a requirement without a check (workbooks made before
    the operations area)."""
    return Evidence(level=None, texts=[NOT_KEPT])


def opening(
    ctx: AssessmentContext, ev: EvidenceBuilder, sheet: str, pid: str, log: bool = True
) -> Evidence | None:
    """What a check answers before it looks at rows (None: go on): the area missing, claim only;
    its own sheet empty, an empty event log (D10 c) or, for a register, nothing recorded (D10 a)."""
    if not ops_kept(ctx):
        return claim_only()
    if not ctx.empty(sheet):
        return None
    if log:
        return empty_log(ctx, ev, pid, sheet)
    return ev.zero(f"Nothing recorded: the {sheet} register is empty.")


def in_window(ctx: AssessmentContext, day: object, still_open: bool) -> bool:
    """An event row counts when it is open, or dated within the event window; rows dated after D
    do not exist yet; an undated row counts (it cannot be dated out)."""
    if day is None:
        return True
    if ctx.past(day) is None:
        return False
    return still_open or ctx.recent(day, ctx.settings.event_window)


def tickets(ctx: AssessmentContext) -> list[Record]:
    """The tickets looked at: opened on or before D, open or opened within the event window, not
    cancelled."""
    return ctx.memo(
        "tickets",
        lambda: [
            t
            for t in ctx.rows(TICKETS)
            if t["status"] != "cancelled"
            and in_window(ctx, t["opened"], t["status"] not in DONE_TICKET)
        ],
    )


def resolution_hours(ctx: AssessmentContext) -> dict[str, float]:
    """Priority -> its resolution time in hours (priorities without one are left out)."""
    out: dict[str, float] = {}
    for p in ctx.rows(PRIORITIES):
        hours = p["resolution_hours"]
        if isinstance(p["priority"], str) and isinstance(hours, (int, float)):
            out.setdefault(key(p["priority"]), float(hours))
    return out


def days_between(start: object, end: object) -> int | None:
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return (end - start).days
    return None


def in_time(ctx: AssessmentContext, t: Record) -> bool | None:
    """Whether a ticket met its priority's resolution time (None: it cannot be judged: no priority
    with a resolution time, no opening date, or still open within its time). Dates only: the days
    from opening to resolution (or to D, while open) times 24 must not exceed the hours, so a
    ticket resolved on the day it was opened meets any target."""
    hours = resolution_hours(ctx).get(key(t["priority"] or ""))
    if hours is None or ctx.past(t["opened"]) is None:
        return None
    resolved = ctx.past(t["resolved"])
    days = days_between(t["opened"], resolved or ctx.as_of)
    if days is None:
        return None
    late = days * 24 > hours
    if resolved is None:
        return False if late else None
    return not late


def late_tickets(ctx: AssessmentContext) -> list[Record]:
    """Tickets resolved after their priority's resolution time, or open beyond it."""
    return [t for t in tickets(ctx) if in_time(ctx, t) is False]


def problems(ctx: AssessmentContext) -> list[Record]:
    """Problems opened on or before D, open or opened within the event window."""
    return [
        p
        for p in ctx.rows(PROBLEMS)
        if in_window(ctx, p["opened"], p["status"] not in DONE_PROBLEM)
    ]


def is_known_error(p: Record) -> bool:
    return p["known_error"] is True or p["status"] == "known error"


def live_cis(ctx: AssessmentContext) -> list[Record]:
    """CIs not retired (planned or live, or status blank)."""
    return [c for c in ctx.rows(CIS) if c["status"] != "retired"]


def changes(ctx: AssessmentContext) -> list[Record]:
    """Changes requested on or before D (or undated) that are open, or were requested or
    implemented within the event window."""
    done = ("implemented", "closed", "rejected", "cancelled")
    out = []
    for c in ctx.rows(CHANGES):
        if c["requested"] is not None and ctx.past(c["requested"]) is None:
            continue  # requested after D
        last = ctx.past(c["implemented_on"]) or c["requested"]
        if in_window(ctx, last, c["status"] not in done):
            out.append(c)
    return out


def implemented(ctx: AssessmentContext) -> list[Record]:
    """Changes implemented on or before D within the window (an implementation date, or status
    implemented or closed)."""
    return [
        c
        for c in changes(ctx)
        if ctx.past(c["implemented_on"]) is not None or c["status"] in ("implemented", "closed")
    ]


def deployed(ctx: AssessmentContext) -> list[Record]:
    """Releases deployed on or before D, within the event window."""
    return [r for r in ctx.rows(RELEASES) if ctx.recent(r["deployed"], ctx.settings.event_window)]


def releases(ctx: AssessmentContext) -> list[Record]:
    """Releases deployed within the window, or not deployed yet."""
    window = ctx.settings.event_window
    return [
        r
        for r in ctx.rows(RELEASES)
        if ctx.past(r["deployed"]) is None or ctx.recent(r["deployed"], window)
    ]


def ids_of(ctx: AssessmentContext, sheet: str) -> set[str]:
    """The ID keys of a sheet's rows (memoised)."""
    return ctx.memo(f"ids:{sheet}", lambda: {key(r.id) for r in ctx.rows(sheet) if r.id})


def existing(ctx: AssessmentContext, sheet: str, value: object) -> bool:
    """A reflist cell that names at least one ID, every one of them a row of ``sheet``."""
    wanted, have = keys(value), ids_of(ctx, sheet)
    return bool(wanted) and all(k in have for k in wanted)


def dangling(ctx: AssessmentContext, sheet: str, value: object) -> bool:
    """A reflist cell naming an ID that is not a row of ``sheet``."""
    have = ids_of(ctx, sheet)
    return filled(value) and any(k not in have for k in keys(value))


def covered(
    ev: EvidenceBuilder,
    rows: list[Record],
    ok: Callable[[Record], bool],
    what: tuple[str, str, str],
    na: str,
    l3: Sequence[Condition] = (),
    l4: Sequence[Condition] = (),
) -> Evidence:
    """The common shape of an operations check: the share of ``rows`` passing ``ok`` on the generic
    ladder. ``what`` is (the sheet, "k of n <what>", the failing condition); no row at all is
    not applicable (``na``): nothing needed the activity in the window."""
    sheet, text, fail = what
    cov = Coverage()
    for r in rows:
        cov.add(label(r), ok(r))
    if cov.n == 0:
        return ev.na(na)
    ev.coverage(cov, text, fail, sheet)
    return ev.done(cov.fraction, l3=l3, l4=l4, cov=cov)
