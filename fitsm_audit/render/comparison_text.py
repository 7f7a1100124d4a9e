"""A comparison of two assessments as text for the terminal, and as JSON."""

from __future__ import annotations

import json

from fitsm_audit.assess.compare import (
    IMPROVED,
    REGRESSED,
    UNCHANGED,
    Comparison,
    Item,
    RequirementChange,
)
from fitsm_audit.core.words import count


def _level(value: int | None) -> str:
    return "-" if value is None else str(value)


def _requirement_line(r: RequirementChange) -> str:
    mapped = f" (was {', '.join(r.old_ids)})" if r.old_ids and r.old_ids != (r.id,) else ""
    status = r.new_status if r.old_status == r.new_status else f"{r.old_status} -> {r.new_status}"
    scope = "" if r.in_scope else "  (out of scope)"
    return f"  {r.id:<7} level {_level(r.old_level)} -> {_level(r.new_level)}   {status}{mapped}{scope}"


def _item_lines(items: list[Item]) -> list[str]:
    """One line per finding or action, its records together (the items are per record)."""
    grouped: dict[tuple[str, tuple[str, ...], str], list[Item]] = {}
    for i in items:
        grouped.setdefault((i.kind, i.requirements, i.text), []).append(i)
    lines = []
    for (_kind, requirements, text), same in grouped.items():
        first = same[0]
        records = ", ".join(i.record for i in same if i.record)
        grade = f" [{first.grade}]" if first.grade else ""
        owner = f" owner {first.owner}" if first.owner else ""
        due = f" due {first.due}" if first.due else ""
        shown = text if len(text) <= 110 else text[:107] + "..."
        lines.append(f"  {'/'.join(requirements) or '-'} {records}{grade}{owner}{due}: {shown}")
    return lines


def render_comparison_text(c: Comparison) -> str:
    editions = (
        f"FitSM-1 edition {c.new_edition}"
        if c.old_edition == c.new_edition
        else f"FitSM-1 edition {c.old_edition} -> {c.new_edition} (by the indicative mapping)"
    )
    lines = [f"Progress of {c.provider or 'the provider'} from {c.old_as_of} to {c.new_as_of} ({editions})"]
    if c.old_provider and c.old_provider != c.provider:
        lines.append(f"Note: the old assessment is of {c.old_provider}")
    if c.old_readiness or c.new_readiness:
        lines.append(f"Readiness: {c.old_readiness or '-'} -> {c.new_readiness or '-'}")
    counts = {k: len(c.changed(k)) for k in (IMPROVED, REGRESSED, UNCHANGED)}
    lines += ["", f"Requirements: {counts[IMPROVED]} improved, {counts[REGRESSED]} regressed, {counts[UNCHANGED]} unchanged"]
    for title, change in (("Regressed", REGRESSED), ("Improved", IMPROVED)):
        rows = c.changed(change)
        if rows:
            lines.append(f"{title}:")
            lines += [_requirement_line(r) for r in rows]
    moved = [p for p in c.processes if p.change != UNCHANGED]
    lines += ["", "Processes (capability, old -> new, target):"]
    for p in c.processes:
        mark = f"  {p.change}" if p in moved else ""
        lines.append(f"  {p.id:<5} {_level(p.old)} -> {_level(p.new)}  target {_level(p.target)}{mark}  {p.name}")
    for kind in ("finding", "action"):
        closed = [i for i in c.closed if i.kind == kind]
        opened = [i for i in c.opened if i.kind == kind]
        still = [i for i in c.still_open if i.kind == kind]
        lines += ["", f"{kind.capitalize()}s: {len(closed)} closed, {len(opened)} new, {len(still)} still open"]
        for title, items in (("Closed", closed), ("New", opened)):
            if items:
                lines.append(f"{title}:")
                lines += _item_lines(items)
    if c.unmapped_old or c.unmapped_new:
        lines.append("")
        if c.unmapped_new:
            lines.append(f"Not compared, no counterpart in the old assessment: {', '.join(c.unmapped_new)}")
        if c.unmapped_old:
            lines.append(f"Not compared, no counterpart in the new assessment: {', '.join(c.unmapped_old)}")
    regressed = c.regressed_in_scope
    lines += ["", f"{count(len(regressed), 'in-scope requirement')} regressed" if regressed else "No in-scope requirement regressed."]
    return "\n".join(lines) + "\n"


def render_comparison_json(c: Comparison) -> str:
    return json.dumps(c.to_dict(), indent=2, ensure_ascii=False) + "\n"
