"""Charts drawn with matplotlib (Agg, no display): SVG for PDF/HTML, PNG for DOCX, from the same data.

Output is deterministic: a fixed SVG hash salt, no dates or software versions in the metadata, and
labels taken from our own data (IDs, process names), never parsed as mathtext.
"""

from __future__ import annotations

import io
from typing import Any

from fitsm_audit.core.dates import add_days
from fitsm_audit.documents.model import (
    CapabilitySeries,
    Chart,
    HeatmapSeries,
    MeasurementSeries,
    ProfileComparison,
    RoadmapSeries,
)
from fitsm_audit.render.fonts import CSS_FAMILY, DOCX_FAMILY, register_with_matplotlib

WIDTH_IN = 6.3  # fits an A4 text column (16 cm)
PNG_DPI = 200

LEVEL_COLOURS = ("#c0392b", "#e67e22", "#f1c40f", "#7cb342", "#2e7d32")
GOOD, BAD, WARN, MUTED, INK, GRID = "#2e7d32", "#c0392b", "#e0a800", "#b0b7bf", "#263238", "#d5dbe1"
STATUS_COLOURS = {
    "implemented": GOOD,
    "in progress": WARN,
    "planned": "#1f5f99",
    "not started": MUTED,
}

_RC: Any = {
    "svg.hashsalt": "fitsm-audit",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": [DOCX_FAMILY],
    "font.size": 8,
    "text.parse_math": False,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "path.simplify": True,
}


def render_chart(chart: Chart, fmt: str) -> bytes:
    """The chart as ``svg`` or ``png`` bytes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    register_with_matplotlib()
    with matplotlib.rc_context(_RC):
        if isinstance(chart.data, CapabilitySeries):
            fig = _capability(chart.data)
        elif isinstance(chart.data, RoadmapSeries):
            fig = _roadmap(chart.data)
        elif isinstance(chart.data, ProfileComparison):
            fig = _profile_comparison(chart.data)
        elif isinstance(chart.data, HeatmapSeries):
            fig = _heatmap(chart.data)
        elif isinstance(chart.data, MeasurementSeries):
            from fitsm_audit.render.measurement_chart import measurements

            fig = measurements(chart.data)
        else:  # pragma: no cover - the view-model has only these five
            raise TypeError(type(chart.data).__name__)
        buf = io.BytesIO()
        try:
            if fmt == "svg":
                fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            elif fmt == "png":
                fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
            else:
                raise ValueError(f"unknown chart format {fmt!r}")
        finally:
            plt.close(fig)
    if fmt == "svg":
        # the SVG names the font the PDF stylesheet loads from the package, not a system font
        return buf.getvalue().replace(f"'{DOCX_FAMILY}'".encode(), f"'{CSS_FAMILY}'".encode())
    return buf.getvalue()


def _capability(data: CapabilitySeries) -> Any:
    import matplotlib.pyplot as plt

    ids = [g[0] for g in data.groups]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.7), layout="constrained")
    for x, (_gid, mean, target, in_scope) in enumerate(data.groups):
        value = float(mean) if isinstance(mean, (int, float)) and in_scope else 0.0
        if not in_scope:
            ax.text(x, 0.08, "n/a", ha="center", va="bottom", fontsize=6.5, color=MUTED)
            continue
        if target is not None and value >= target:
            colour = GOOD
        elif target is not None and value >= target - 1:
            colour = WARN
        else:
            colour = BAD
        ax.bar(x, value, width=0.62, color=colour, edgecolor=colour)
        if target is not None:
            ax.plot([x - 0.4, x + 0.4], [target, target], color=INK, linewidth=1.6)
        label = (
            (f"{value:g}" if value == int(value) else f"{value:.1f}")
            if isinstance(mean, (int, float))
            else "n/a"
        )
        if value >= 0.45:  # inside the bar, clear of the target line above it
            ax.text(
                x,
                value - 0.08,
                label,
                ha="center",
                va="top",
                fontsize=6.5,
                color="white",
                fontweight="bold",
            )
        else:
            ax.text(x, value + 0.08, label, ha="center", va="bottom", fontsize=6.5, color=INK)
    ax.set_xticks(range(len(ids)), ids, rotation=0, fontsize=6.5)
    ax.set_xlim(-0.6, len(ids) - 0.4)
    ax.set_ylim(0, 4.5)
    ax.set_yticks(range(5), [f"{i}" for i in range(5)])
    ax.set_ylabel("Capability level (0-4)")
    ax.yaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color=GOOD, label="meets target"),
        Patch(color=WARN, label="one level below"),
        Patch(color=BAD, label="further below"),
        Line2D([0], [0], color=INK, linewidth=1.6, label="target"),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=4,
        frameon=False,
        fontsize=7,
    )
    return fig


def _roadmap(data: RoadmapSeries) -> Any:
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    items = data.items or [("(no process planned)", None, None, "not started")]
    height = 0.9 + 0.24 * len(items)
    fig, axes = plt.subplots(figsize=(WIDTH_IN, height), layout="constrained")
    ax: Any = axes  # matplotlib's stubs do not take dates as coordinates; the date converter does
    dates = [d for _, p, i, _ in items for d in (p, i) if d] + [data.as_of]
    lo, hi = min(dates), max(dates)
    pad = max(20, (hi - lo).days // 12)
    ax.set_xlim(add_days(lo, -pad), add_days(hi, pad))  # saturates: users type 9999-12-31
    for y, (_label, planned, done, _status) in enumerate(items):
        overdue = planned is not None and done is None and planned < data.as_of
        if planned and done and planned != done:
            ax.plot([planned, done], [y, y], color=MUTED, linewidth=1.2, zorder=1)
        if planned:
            edge = BAD if overdue else STATUS_COLOURS["planned"]
            ax.scatter(
                [planned],
                [y],
                marker="D",
                s=26,
                facecolor="white",
                edgecolor=edge,
                linewidth=1.4,
                zorder=2,
            )
        if done:
            ax.scatter([done], [y], marker="o", s=30, color=GOOD, zorder=3)
        if not planned and not done:
            ax.text(lo, y, "  no date planned", va="center", fontsize=6.5, color=BAD)
    ax.axvline(data.as_of, color=INK, linestyle="--", linewidth=0.8)
    ax.text(data.as_of, -0.9, " as of", fontsize=6.5, color=INK, va="center")
    ax.set_yticks(range(len(items)), [i[0] for i in items], fontsize=7)
    ax.set_ylim(len(items) - 0.5, -1.2)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=8))
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Line2D(
            [0],
            [0],
            marker="D",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=STATUS_COLOURS["planned"],
            label="planned",
        ),
        Line2D(
            [0],
            [0],
            marker="D",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=BAD,
            label="planned, overdue",
        ),
        Line2D([0], [0], marker="o", linestyle="", color=GOOD, label="implemented"),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.05 - 0.3 / height),
        ncol=3,
        frameon=False,
        fontsize=7,
    )
    return fig


OLD_BAR, NEW_BAR = "#aebccb", "#1f5f99"


def _profile_comparison(data: ProfileComparison) -> Any:
    """Per group two bars side by side, the old capability (light) and the new (dark), the
    target as a line across both, and a triangle over the pairs that rose or fell."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.9), layout="constrained")
    half = 0.2
    for x, (_gid, old, new, target, in_scope) in enumerate(data.groups):
        if not in_scope:
            ax.text(x, 0.08, "n/a", ha="center", va="bottom", fontsize=6.5, color=MUTED)
            continue
        for dx, value, colour, ink in ((-half, old, OLD_BAR, INK), (half, new, NEW_BAR, "white")):
            if not isinstance(value, (int, float)):
                ax.text(x + dx, 0.05, "-", ha="center", va="bottom", fontsize=6.5, color=MUTED)
                continue
            ax.bar(x + dx, value, width=2 * half - 0.02, color=colour, edgecolor=colour)
            label = f"{value:g}" if value == int(value) else f"{value:.1f}"
            if value >= 0.5:
                ax.text(
                    x + dx,
                    value - 0.08,
                    label,
                    ha="center",
                    va="top",
                    fontsize=6,
                    color=ink,
                    fontweight="bold",
                )
            else:
                ax.text(
                    x + dx, value + 0.06, label, ha="center", va="bottom", fontsize=6, color=INK
                )
        if target is not None:
            ax.plot(
                [x - 2 * half - 0.05, x + 2 * half + 0.05],
                [target, target],
                color=INK,
                linewidth=1.4,
            )
        if isinstance(old, (int, float)) and isinstance(new, (int, float)) and old != new:
            up = new > old
            ax.scatter(
                [x], [4.35], marker="^" if up else "v", s=22, color=GOOD if up else BAD, zorder=3
            )
    ax.set_xticks(range(len(data.groups)), [g[0] for g in data.groups], fontsize=6.5)
    ax.set_xlim(-0.6, len(data.groups) - 0.4)
    ax.set_ylim(0, 4.6)
    ax.set_yticks(range(5), [f"{i}" for i in range(5)])
    ax.set_ylabel("Capability level (0-4)")
    ax.yaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Patch(color=OLD_BAR, label=data.old_label),
        Patch(color=NEW_BAR, label=data.new_label),
        Line2D([0], [0], color=INK, linewidth=1.4, label="target"),
        Line2D([0], [0], marker="^", linestyle="", color=GOOD, label="improved"),
        Line2D([0], [0], marker="v", linestyle="", color=BAD, label="regressed"),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=5,
        frameon=False,
        fontsize=7,
    )
    return fig


HEAT_ROW_IN = 0.24  # inches per member row of the federation heat map: 40 fit a portrait page


def _heatmap(data: HeatmapSeries) -> Any:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    n_rows, n_cols = len(data.rows), len(data.columns)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.9 + HEAT_ROW_IN * (n_rows + 1)), layout="constrained")
    # cells drawn as vector rectangles, not imshow: a raster inside the SVG would not reach the PDF
    for r, (_label, values) in enumerate(data.rows):
        for c, value in enumerate(values):
            target = data.targets[c] if c < len(data.targets) else None
            below = isinstance(value, int) and isinstance(target, int) and value < target
            colour = LEVEL_COLOURS[value] if isinstance(value, int) and 0 <= value <= 4 else "#eef1f4"
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=colour, edgecolor="white", linewidth=1.2))
            if below:
                ax.add_patch(Rectangle((c - 0.44, r - 0.44), 0.88, 0.88, fill=False, edgecolor=INK, linewidth=1.1))
            label = "–" if value is None else str(value)
            ax.text(c, r, label, ha="center", va="center", fontsize=6.5,
                    color=MUTED if value is None else "white" if value in (0, 4) else INK,
                    fontweight="bold" if below else "normal")  # fmt: skip
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    targets = [f"{t}" if isinstance(t, int) else "" for t in data.targets]
    ax.set_xticks(range(n_cols), [f"{col}\n{t}" for col, t in zip(data.columns, targets, strict=False)], fontsize=6)
    ax.xaxis.tick_top()
    ax.set_yticks(range(n_rows), [_short(label) for label, _ in data.rows], fontsize=6.5)
    ax.tick_params(which="both", length=0)
    for side in ax.spines.values():
        side.set_edgecolor(GRID)
    ax.set_xlabel("Process, with its target level below the ID; outlined: below target", fontsize=6.5, color=INK)
    ax.xaxis.set_label_position("bottom")
    return fig


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
