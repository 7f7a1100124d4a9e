"""Queries over the records contract version 2 added to the SMS registers (Documents:
communicated on and audience; Review Actions), shared by the GR1 and GR4 checks of both editions.
A workbook made before them lacks the column or sheet: the rule is then not judged, never failed."""

from __future__ import annotations

import datetime as dt

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import blank, key, label
from fitsm_audit.assess.evidence import Condition
from fitsm_audit.workbook.records import Record


def has_column(ctx: AssessmentContext, sheet: str, column: str) -> bool:
    """Whether the workbook's ``sheet`` has ``column`` (a workbook made before the contract added
    it has not: a rule on it is then not judged, never failed)."""
    layout = ctx.ds.layouts.get(sheet)
    return layout is not None and column in layout.columns


def not_communicated(ctx: AssessmentContext, docs: list[Record | None]) -> list[str] | None:
    """The documents of ``docs`` not communicated since their approval (Documents: communicated
    on, on or after approved on, and an audience); None when the workbook records no
    communication (no Communicated on column)."""
    if not has_column(ctx, "Documents", "communicated_on"):
        return None
    out = []
    for d in docs:
        if d is None:
            continue
        day, approved = ctx.past(d["communicated_on"]), d["approved_on"]
        late = isinstance(approved, dt.date) and day is not None and day < approved
        if day is None or late or blank(d["audience"]):
            out.append(label(d))
    return out


ACTIONS = "Review Actions"


def open_review_actions(ctx: AssessmentContext, review_type: str) -> list[str] | None:
    """Actions decided by reviews of ``review_type`` still open after their due date; None when
    the workbook has no Review Actions sheet (made before it existed)."""
    if not ctx.ds.has(ACTIONS):
        return None
    reviews = {key(r.id) for r in ctx.reviews_by_type.get(review_type, []) if r.id}
    return [
        label(a)
        for a in ctx.rows(ACTIONS)
        if key(a["review"] or "") in reviews
        and a["status"] in ("open", "in progress")
        and isinstance(a["due"], dt.date)
        and a["due"] < ctx.as_of
    ]


def actions_tracked(ctx: AssessmentContext, review: Record | None) -> bool | None:
    """Whether the decisions of ``review`` are tracked: at least one Review Actions row names it
    (None: no Review Actions sheet, or no review)."""
    if review is None or not review.id or not ctx.ds.has(ACTIONS):
        return None
    return any(key(a["review"] or "") == key(review.id) for a in ctx.rows(ACTIONS))


def record_conditions(ctx: AssessmentContext, review: Record | None) -> tuple[list[Condition], list[Condition]]:
    """The level 3 and 4 conditions that management-review actions add (GR1): none overdue, and
    the latest review's actions recorded. Empty where the workbook has no Review Actions sheet."""
    late = open_review_actions(ctx, "management review")
    tracked = actions_tracked(ctx, review)
    l3 = [] if late is None else [
        Condition(not late, "no action of a management review is open past its due date", ACTIONS, late)]  # fmt: skip
    l4 = [] if tracked is None else [
        Condition(tracked, "the latest management review's actions are tracked in Review Actions")]  # fmt: skip
    return l3, l4
