"""Charts: the same data as SVG and PNG, deterministic, no dates in the files."""

from __future__ import annotations

import datetime as dt

import pytest

from fitsm_audit.documents.model import CapabilitySeries, Chart, RoadmapSeries
from fitsm_audit.render.charts import render_chart

CAPABILITY = Chart(
    "capability",
    CapabilitySeries(
        [
            ("GR1", 2, 3, True),
            ("GR2", 3, 3, True),
            ("PR10", None, 3, False),
            ("PR1", 0, 3, True),
        ]
    ),
    "caption",
    "alt",
)
ROADMAP = Chart(
    "roadmap",
    RoadmapSeries(
        [
            (
                "PR1 Service portfolio management",
                dt.date(2026, 3, 31),
                dt.date(2026, 2, 1),
                "implemented",
            ),
            ("PR2 Service level management", dt.date(2026, 6, 30), None, "in progress"),
            ("PR9 $x^2$ not math", None, None, "not started"),
        ],
        as_of=dt.date(2026, 11, 30),
    ),
    "caption",
    "alt",
)


@pytest.mark.parametrize("chart", [CAPABILITY, ROADMAP], ids=["capability", "roadmap"])
def test_svg_is_deterministic_and_undated(chart: Chart) -> None:
    first, second = render_chart(chart, "svg"), render_chart(chart, "svg")
    assert first == second and first.lstrip().startswith(b"<?xml")
    assert b"<dc:date>" not in first and b"Matplotlib v" not in first


@pytest.mark.parametrize("chart", [CAPABILITY, ROADMAP], ids=["capability", "roadmap"])
def test_png_is_deterministic(chart: Chart) -> None:
    first = render_chart(chart, "png")
    assert first.startswith(b"\x89PNG") and first == render_chart(chart, "png")
    assert b"Software" not in first[:400]


def test_labels_are_text_not_mathtext() -> None:
    svg = render_chart(ROADMAP, "svg").decode()
    assert "$x^2$ not math" in svg  # fonttype none keeps labels as text, parse_math is off
    assert "PR1 Service portfolio management" in svg


def test_out_of_scope_groups_show_no_bar() -> None:
    svg = render_chart(CAPABILITY, "svg").decode()
    assert "n/a" in svg and "GR1" in svg and "PR10" in svg


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        render_chart(CAPABILITY, "gif")


def test_roadmap_with_dates_at_the_calendars_ends_renders() -> None:
    """Users type 9999-12-31 for "never"; the axis padding saturates instead of overflowing."""
    chart = Chart(
        "roadmap",
        RoadmapSeries(
            [
                ("PR1 Far future", dt.date(9999, 12, 31), None, "planned"),
                ("PR2 Long ago", dt.date(1, 1, 1), dt.date(1, 1, 1), "implemented"),
            ],
            as_of=dt.date(2026, 11, 30),
        ),
        "caption",
        "alt",
    )
    assert render_chart(chart, "svg").lstrip().startswith(b"<?xml")
    assert render_chart(chart, "png").startswith(b"\x89PNG")
