"""A trend over many assessments as small multiples: one panel per process in a grid of seven
columns, each with its capability (0-4) at every assessment date (markers coloured against the
target of that date), the target dashed, the dates evenly spaced. Out-of-scope processes are
greyed. A4 landscape, SVG or PNG, the same bytes on every run (the project's chart settings)."""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

from fitsm_audit.assess.trend import (
    ASSESSED,
    NOT_ASSESSED,
    OUT_OF_SCOPE,
    Point,
    ProcessTrend,
    Trend,
    short_name,
)
from fitsm_audit.core.findings import printable
from fitsm_audit.render.charts import _RC, BAD, GOOD, GRID, INK, MUTED, PNG_DPI, WARN
from fitsm_audit.render.fonts import DOCX_FALLBACK, DOCX_FAMILY, register_with_matplotlib

COLUMNS = 7
FIG_WIDTH_IN = 10.9  # A4 landscape less 2 x 1 cm margins
PANEL_HEIGHT_IN = 1.85
LINE = "#1f5f99"
SCOPE_SHADE = "#eef0f3"
TITLE_CHARS = 28
FLOOR = -0.2  # where a date without a level is marked, below level 0


def render_trend_chart(trend: Trend, fmt: str) -> bytes:
    """The chart as ``svg`` or ``png`` bytes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    if fmt not in ("svg", "png"):
        raise ValueError(f"unknown chart format {fmt!r}")
    register_with_matplotlib()
    with matplotlib.rc_context(_RC):
        fig = _figure(trend)
        buf = io.BytesIO()
        try:
            if fmt == "svg":
                fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            else:
                fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
        finally:
            plt.close(fig)
    if fmt == "svg":  # a stand-alone file: name fonts a viewer without Liberation Sans has
        family = f"'{DOCX_FAMILY}'".encode()
        return buf.getvalue().replace(family, family + f", {DOCX_FALLBACK}".encode())
    return buf.getvalue()


def date_labels(dates: list[str]) -> list[str]:
    """Year and month (2026-06) where that tells the dates apart, else the full dates."""
    months = [d[:7] for d in dates]
    return months if len(set(months)) == len(months) else list(dates)


def _figure(trend: Trend) -> Any:
    import matplotlib.pyplot as plt

    count = max(1, len(trend.processes))
    rows = math.ceil(count / COLUMNS)
    labels = date_labels(trend.dates)
    upright = sum(len(x) for x in labels) <= 22
    fig, grid = plt.subplots(
        rows, COLUMNS, sharex=True, sharey=True, squeeze=False, layout="constrained",
        figsize=(FIG_WIDTH_IN, 0.75 + PANEL_HEIGHT_IN * rows + (0 if upright else 0.35)),
    )  # fmt: skip
    axes = [ax for row in grid for ax in row]
    step = max(1, math.ceil(len(labels) / 12))  # at most twelve date labels, the last always
    shown = set(range(len(labels) - 1, -1, -step))
    for i, ax in enumerate(axes):
        if i >= len(trend.processes):
            ax.set_visible(False)
            continue
        _panel(ax, trend.processes[i])
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(
            [x if k in shown else "" for k, x in enumerate(labels)],
            rotation=0 if upright else 90, fontsize=6,
        )  # fmt: skip
        if i + COLUMNS >= len(trend.processes):  # the lowest panel of its column shows the dates
            ax.tick_params(axis="x", labelbottom=True)
    ax0 = axes[0]
    ax0.set_xlim(-0.5, len(labels) - 0.5)
    ax0.set_ylim(-0.4, 4.45)
    ax0.set_yticks(range(5))
    for row in grid:
        row[0].set_ylabel("Capability", fontsize=7)
    who = printable(trend.provider) or "the provider"
    fig.suptitle(
        f"Capability per process, {who}: {len(trend.dates)} assessments, "
        f"{trend.dates[0]} to {trend.dates[-1]}",
        fontsize=10, color=INK, fontweight="bold",
    )  # fmt: skip
    fig.legend(handles=_legend(), loc="outside lower center", ncol=7, frameon=False, fontsize=7)
    return fig


def _colour(p: Point) -> str:
    if p.target is None or p.capability is None or p.capability >= p.target:
        return GOOD
    return WARN if p.capability >= p.target - 1 else BAD


def _panel(ax: Any, process: ProcessTrend) -> None:
    greyed = process.out_of_scope
    lines = textwrap.wrap(f"{process.id}  {short_name(process.name)}", TITLE_CHARS) or [process.id]
    title = "\n".join(lines[:2]) + ("..." if len(lines) > 2 else "")
    ax.set_title(printable(title), loc="left", fontsize=7, color=MUTED if greyed else INK, pad=3)
    ax.yaxis.grid(True, color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=6, length=2, pad=1.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if greyed:
        ax.set_facecolor(SCOPE_SHADE)
        ax.text(0.5, 0.5, "out of scope", transform=ax.transAxes, ha="center", va="center",
                fontsize=7.5, color=MUTED)  # fmt: skip
        return
    points = process.points
    for x, p in enumerate(points):
        if p.state == OUT_OF_SCOPE:
            ax.axvspan(x - 0.5, x + 0.5, color=SCOPE_SHADE, linewidth=0, zorder=0)
    _target(ax, points)
    ys = [
        float(p.capability) if p.state == ASSESSED and p.capability is not None else math.nan
        for p in points
    ]
    ax.plot(range(len(points)), ys, color=LINE, linewidth=1.3, zorder=2)
    for x, (p, y) in enumerate(zip(points, ys, strict=True)):
        if not math.isnan(y):
            ax.scatter([x], [y], s=18, color=_colour(p), edgecolor="white", linewidth=0.6, zorder=3)
        elif p.state == NOT_ASSESSED:  # no level: a cross on the floor, not a zero
            ax.scatter([x], [FLOOR], s=16, marker="x", color=MUTED, linewidth=1.0, zorder=3)


def _target(ax: Any, points: tuple[Point, ...]) -> None:
    """The target dashed: one horizontal line, or steps where it changed between assessments."""
    targets = [None if p.state == OUT_OF_SCOPE else p.target for p in points]
    known = {t for t in targets if t is not None}
    if not known:
        return
    if len(known) == 1 and None not in targets:
        ax.axhline(known.pop(), color=INK, linestyle=(0, (3, 2)), linewidth=0.9, zorder=2.5)
        return
    for x, t in enumerate(targets):
        if t is not None:
            ax.plot(
                [x - 0.5, x + 0.5],
                [t, t],
                color=INK,
                linestyle=(0, (3, 2)),
                linewidth=0.9,
                zorder=1,
            )


def _legend() -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def marker(colour: str, label: str) -> Any:
        return Line2D([0], [0], marker="o", linestyle="", markersize=5, markerfacecolor=colour,
                      markeredgecolor="white", label=label)  # fmt: skip

    return [
        Line2D([0], [0], color=LINE, linewidth=1.3, label="capability"),
        marker(GOOD, "meets target"),
        marker(WARN, "one level below"),
        marker(BAD, "further below"),
        Line2D(
            [0], [0], marker="x", linestyle="", markersize=4.5, color=MUTED, label="not assessed"
        ),
        Line2D([0], [0], color=INK, linestyle=(0, (3, 2)), linewidth=0.9, label="target"),
        Patch(color=SCOPE_SHADE, label="out of scope"),
    ]
