"""The service report chart: small multiples, one panel per service target, its measured value in
each of the last periods against the target line; breached periods in red (render.charts draws it
with the shared style)."""

from __future__ import annotations

import math
from typing import Any

from fitsm_audit.documents.model import MeasurementLine, MeasurementSeries

WIDTH_IN = 6.3
PANEL_IN = 1.55  # height of one row of panels
GOOD, BAD, MUTED, INK, GRID = "#2e7d32", "#c0392b", "#b0b7bf", "#263238", "#d5dbe1"


def measurements(data: MeasurementSeries) -> Any:
    import matplotlib.pyplot as plt

    n = max(1, len(data.lines))
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(WIDTH_IN, 0.35 + PANEL_IN * rows), layout="constrained", squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(data.lines):
            ax.set_visible(False)
            continue
        _panel(ax, data.periods, data.lines[i])
    return fig


def _panel(ax: Any, periods: list[str], line: MeasurementLine) -> None:
    xs = list(range(len(periods)))
    known = [(x, v) for x, v in zip(xs, line.values, strict=True) if v is not None]
    if known:
        ax.plot([x for x, _ in known], [v for _, v in known], color=INK, linewidth=1.0, zorder=2)
    for x, v, met in zip(xs, line.values, line.met, strict=True):
        if v is None:
            continue
        colour = BAD if met is False else GOOD if met else MUTED
        ax.scatter([x], [v], s=14 if met is not False else 22, color=colour, zorder=3, linewidths=0)
    if line.threshold is not None:
        ax.axhline(line.threshold, color=BAD, linewidth=0.9, linestyle=(0, (4, 2)), zorder=1)
    values = [v for _, v in known] + ([line.threshold] if line.threshold is not None else [])
    if values:
        low, high = min(values), max(values)
        pad = max((high - low) * 0.25, abs(high) * 0.002, 0.05)
        ax.set_ylim(low - pad, high + pad)
    step = 1 if len(periods) <= 6 else 2
    ax.set_xticks(xs[::step], [_tick(p) for p in periods[::step]], fontsize=5.5)
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.tick_params(axis="y", labelsize=5.5)
    ax.yaxis.grid(True, color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    title = line.label if len(line.label) <= 52 else line.label[:51] + "…"
    ax.set_title(f"{title}\ntarget {line.target} {line.unit}".rstrip(), fontsize=6.2, color=INK, loc="left")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _tick(period: str) -> str:
    """``2025-11`` -> ``Nov 25`` (any other label as it is)."""
    year, _, month = period.partition("-")
    if len(year) == 4 and month.isdigit() and 1 <= int(month) <= 12:
        return f"{_MONTHS[int(month) - 1]} {year[2:]}"
    return period
