"""Charts drawn with matplotlib (Agg, no display): SVG for PDF/HTML, PNG for DOCX, from the same data.

Output is deterministic: a fixed SVG hash salt, no dates or software versions in the metadata, and
labels taken from our own data (IDs, process names), never parsed as mathtext.
"""

from __future__ import annotations

import io
from typing import Any

from fitsm_audit.core.dates import add_days
from fitsm_audit.documents.model import CapabilitySeries, Chart, RoadmapSeries
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
        else:  # pragma: no cover - the view-model has only these two
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
