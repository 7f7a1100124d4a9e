"""A trend over many assessments as a text table for the terminal: one row per process, one
column per assessment date, the target, and the readiness verdict per date."""

from __future__ import annotations

from fitsm_audit.assess.trend import ABSENT, NOT_ASSESSED, OUT_OF_SCOPE, Point, Snapshot, Trend
from fitsm_audit.core.findings import printable

MAX_NAME = 56


def point_text(p: Point) -> str:
    """The capability as shown in a cell: a level, ``-`` not assessed, ``n/a`` out of scope,
    nothing where the assessment's edition lacks the process."""
    if p.state == ABSENT:
        return ""
    if p.state == OUT_OF_SCOPE:
        return "n/a"
    if p.state == NOT_ASSESSED or p.capability is None:
        return "-"
    return str(p.capability)


def _name(text: str, width: int) -> str:
    text = printable(text)
    return text if len(text) <= width else text[: width - 3] + "..."


def edition_runs(trend: Trend) -> str:
    """``edition 2``, or each run of one edition with its dates: ``edition 2 (2025-11-30 to
    2026-06-30), edition 3 (2026-11-30)``."""
    runs: list[list[Snapshot]] = []
    for s in trend.snapshots:
        if runs and runs[-1][0].edition == s.edition:
            runs[-1].append(s)
        else:
            runs.append([s])
    if len(runs) == 1:
        return f"edition {runs[0][0].edition}"
    spans = [r[0].as_of if len(r) == 1 else f"{r[0].as_of} to {r[-1].as_of}" for r in runs]
    return ", ".join(
        f"edition {r[0].edition} ({span})" for r, span in zip(runs, spans, strict=True)
    )


def render_trend_text(trend: Trend) -> str:
    dates = trend.dates
    width = max(10, *(len(d) for d in dates))
    who = printable(trend.provider) or "the provider"
    lines = [
        f"Capability per process of {who}, {dates[0]} to {dates[-1]} ({len(dates)} assessments)"
    ]
    lines.append(f"FitSM-1 {edition_runs(trend)}; processes matched by ID")
    lines.append("")
    names = min(MAX_NAME, max((len(printable(p.name)) for p in trend.processes), default=0))
    head = f"{'Process':<6} {'':<{names}}" + "".join(f"  {d:>{width}}" for d in dates) + "  Target"
    lines += [head.rstrip(), "-" * len(head)]
    for p in trend.processes:
        cells = "".join(f"  {point_text(pt):>{width}}" for pt in p.points)
        target = "-" if p.target is None else str(p.target)
        lines.append(f"{printable(p.id):<6} {_name(p.name, names):<{names}}{cells}  {target:>6}")
    absent = any(pt.state == ABSENT for p in trend.processes for pt in p.points)
    lines += [
        "",
        "Capability 0-4; - not assessed, n/a out of scope"
        + ("; blank: not in that edition." if absent else "."),
        "Readiness: "
        + "; ".join(f"{s.as_of} {printable(s.verdict) or '-'}" for s in trend.snapshots),
    ]
    return "\n".join(lines) + "\n"
