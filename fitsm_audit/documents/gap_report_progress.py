"""The gap report's "Progress since" section (``report --baseline OLD``): what changed since an
earlier assessment, for the management review (GR1) to read right after the summary.

The comparison itself is :func:`fitsm_audit.assess.compare.compare`; this module only words it:
a summary paragraph, the requirements that changed (regressions first), the findings and actions
closed and new, and the process profile then and now as a chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fitsm_audit.assess.compare import IMPROVED, REGRESSED, UNCHANGED, Comparison, Item
from fitsm_audit.assess.result import GroupResult
from fitsm_audit.core.words import count, is_are, noun
from fitsm_audit.documents.common import NOT_SET, join_and, long_date
from fitsm_audit.documents.model import (
    Cell,
    Chart,
    Column,
    Paragraph,
    ProfileComparison,
    Section,
    Table,
    level_tone,
)

MAX_CHANGES = 30  # requirement rows shown; the rest are counted under the table
MAX_ITEMS = 20  # closed and new findings and actions shown
MAX_TEXT = 220  # characters of a finding's statement or an action's text
CHANGE_TONES = {IMPROVED: "good", REGRESSED: "bad", UNCHANGED: "muted"}


def baseline_date(comparison: Comparison) -> str:
    """The old assessment's date in long form (as given when it is not an ISO date)."""
    return _long(comparison.old_as_of)


def _long(day: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(day))
    except ValueError:
        return day or "an unknown date"


def progress_section(comparison: Comparison, groups: Sequence[GroupResult]) -> Section:
    """The section "Progress since <date>" of a comparison whose new side is this report's."""
    c = comparison
    section = Section(f"Progress since {baseline_date(c)}")
    changed = [r for r in c.requirements if r.change != UNCHANGED]
    moved = [p for p in c.processes if p.change != UNCHANGED]
    if not changed and not moved and not c.closed and not c.opened:
        section.add(
            Paragraph(
                f"Nothing changed since the assessment of {baseline_date(c)}: every requirement "
                "has the level and status it had, and the same findings and actions are open.",
                "body",
            )
        )
    else:
        section.add(Paragraph(_summary(c), "body"), _profile_chart(c, groups))
        if changed:
            section.add(_requirements_table(c))
        if c.closed or c.opened:
            section.add(_items_table(c))
    for line in _notes(c):
        section.add(Paragraph(line, "note"))
    return section


def _summary(c: Comparison) -> str:
    """How many requirements improved, regressed and stayed; the findings and actions closed, new
    and still open; the readiness then and now."""
    regressed = c.changed(REGRESSED)
    in_scope = len(c.regressed_in_scope)
    scope = f" ({in_scope} in scope)" if regressed and in_scope != len(regressed) else ""
    parts = [
        f"Compared with the assessment of {baseline_date(c)}, "
        f"{count(len(c.changed(IMPROVED)), 'requirement')} improved, "
        f"{len(regressed)} regressed{scope} and {len(c.changed(UNCHANGED))} unchanged."
    ]
    for kind in ("finding", "action"):
        closed, opened, still = (
            sum(1 for i in items if i.kind == kind) for items in (c.closed, c.opened, c.still_open)
        )
        parts.append(
            f"{noun(2, kind).capitalize()}: {closed} closed, {opened} new, {still} still open."
        )
    if c.old_readiness or c.new_readiness:
        then, now = c.old_readiness or "not given", c.new_readiness or "not given"
        if then == now:
            parts.append(f"Readiness for the certification audit: {now}, as it was then.")
        else:
            parts.append(f"Readiness for the certification audit: {then} then, {now} now.")
    return " ".join(parts)


def _requirements_table(c: Comparison) -> Table:
    changed = [r for r in c.requirements if r.change != UNCHANGED]
    order = {REGRESSED: 0, IMPROVED: 1}
    changed.sort(key=lambda r: (order.get(r.change, 2), not r.in_scope))
    rows = []
    for r in changed[:MAX_CHANGES]:
        was = [f"was {', '.join(r.old_ids)}"] if r.old_ids and r.old_ids != (r.id,) else []
        tone = CHANGE_TONES.get(r.change, "") if r.in_scope else "muted"
        rows.append(
            [
                Cell(r.id, bold=True, notes=was),
                _level_status(r.old_level, r.old_status),
                _level_status(r.new_level, r.new_status),
                Cell(r.change, tone=tone, bold=r.change == REGRESSED and r.in_scope,
                     notes=["in scope" if r.in_scope else "out of scope"]),
            ]
        )  # fmt: skip
    more = len(changed) - len(rows)
    return Table(
        columns=[
            Column("Req.", 0.9),
            Column("Then (level, status)", 2.2),
            Column("Now (level, status)", 2.2),
            Column("Change", 1.4),
        ],
        rows=rows,
        caption="Requirements whose level or status changed, regressions first.",
        note=(
            f"{count(more, 'more changed requirement')} {is_are(more)} not listed here; run "
            "fitsm-audit compare for the full list."
            if more > 0
            else ""
        ),
    )


def _level_status(level: int | None, status: str) -> Cell:
    shown = NOT_SET if level is None else f"level {level}"
    return Cell(shown, tone=level_tone(level) if level is not None else "", notes=[status])


def _items_table(c: Comparison) -> Table:
    """The findings and actions closed, then the new ones; one row per finding or action with its
    records together (the comparison has one item per record)."""
    grouped = [("closed", g) for g in _grouped(c.closed)] + [("new", g) for g in _grouped(c.opened)]
    rows = []
    for change, same in grouped[:MAX_ITEMS]:
        first = same[0]
        records = [i.record for i in same if i.record]
        what = first.text if len(first.text) <= MAX_TEXT else first.text[: MAX_TEXT - 3] + "..."
        notes = [f"Records: {', '.join(records)}"] if records else []
        if first.grade:
            notes.append(first.grade)
        rows.append(
            [
                Cell(change, tone="good" if change == "closed" else "bad"),
                Cell(first.kind),
                Cell(join_and(list(first.requirements)) or NOT_SET, bold=True),
                Cell(what, notes=notes),
            ]
        )
    more = len(grouped) - len(rows)
    return Table(
        columns=[
            Column("Change", 0.9),
            Column("Kind", 0.9),
            Column("Req.", 0.9),
            Column("What", 5.4),
        ],
        rows=rows,
        caption="Findings and actions closed since then, and new ones.",
        note=(
            f"{count(more, 'more closed or new item')} {is_are(more)} not listed here; run "
            "fitsm-audit compare for the full list."
            if more > 0
            else ""
        ),
    )


def _grouped(items: Sequence[Item]) -> list[list[Item]]:
    """Findings before actions; the items of one finding or action (its records) together."""
    out: dict[tuple[str, tuple[str, ...], str], list[Item]] = {}
    for i in sorted(items, key=lambda i: i.kind != "finding"):
        out.setdefault((i.kind, i.requirements, i.text), []).append(i)
    return list(out.values())


def _profile_chart(c: Comparison, groups: Sequence[GroupResult]) -> Chart:
    in_scope = {g.id: g.in_scope for g in groups}
    then, now = baseline_date(c), _long(c.new_as_of)
    return Chart(
        name="progress",
        data=ProfileComparison(
            old_label=f"{then} (baseline)",
            new_label=now,
            groups=[(p.id, p.old, p.new, p.target, in_scope.get(p.id, True)) for p in c.processes],
        ),
        caption=f"Capability per requirement group on {then} and on {now}, against the target "
        "level; a triangle marks a group that rose or fell.",
        alt=f"Bar chart of the capability level of each requirement group on {then} and on {now}, "
        "side by side, with the target.",
    )


def _notes(c: Comparison) -> list[str]:
    """Editions matched by the mapping, the requirements without a counterpart, another
    provider, a baseline dated after this report."""
    out = []
    if c.old_edition != c.new_edition:
        line = (
            f"The baseline was assessed against FitSM-1 edition {c.old_edition}, this report "
            f"against edition {c.new_edition}; requirements are matched by the catalogue's "
            "indicative mapping."
        )
        unmapped = [
            f"{join_and(c.unmapped_new)} (edition {c.new_edition})" if c.unmapped_new else "",
            f"{join_and(c.unmapped_old)} (edition {c.old_edition})" if c.unmapped_old else "",
        ]
        if c.unmapped_new or c.unmapped_old:
            line += f" Not compared, having no counterpart: {join_and(unmapped)}."
        out.append(line)
    elif c.unmapped_new or c.unmapped_old:
        out.append(
            f"Not compared, having no counterpart: {join_and(c.unmapped_new + c.unmapped_old)}."
        )
    if c.old_provider and c.provider and c.old_provider != c.provider:
        out.append(f"The baseline is an assessment of {c.old_provider}.")
    if c.old_as_of and c.new_as_of and c.old_as_of > c.new_as_of:
        out.append("The baseline is dated after this report's assessment date.")
    return out
