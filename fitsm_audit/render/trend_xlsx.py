"""A trend over many assessments as a workbook: the sheet "Trend" (one row per process, one column
of capability per assessment date, the target; each level filled green at or above the target at
that date, red below it, grey out of scope) and the sheet "Assessments" (the inputs). Both print
landscape, one page wide, the header row repeated."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from fitsm_audit.assess.trend import ABSENT, ASSESSED, NOT_ASSESSED, OUT_OF_SCOPE, Point, Trend
from fitsm_audit.render.trend_text import point_text

MEETS_FILL, BELOW_FILL = "C6EFCE", "FFC7CE"
STATE_FILL = {NOT_ASSESSED: "FFEB9C", OUT_OF_SCOPE: "EDEDED"}


def _fill(p: Point) -> str | None:
    if p.state == ASSESSED:
        if p.target is None:
            return None
        return BELOW_FILL if p.below_target else MEETS_FILL
    return STATE_FILL.get(p.state)


def _cell(p: Point) -> int | str | None:
    if p.state == ASSESSED:
        return p.capability
    return None if p.state == ABSENT else point_text(p)


def _trend_sheet(wb: Any, trend: Trend) -> Any:
    from openpyxl.styles import Alignment, PatternFill

    from fitsm_audit.render.assessment_xlsx import table_sheet

    dates = trend.dates
    header = ["Process", "Name", *dates, "Target"]
    rows = [[p.id, p.name, *(_cell(pt) for pt in p.points), p.target] for p in trend.processes]
    ws = table_sheet(wb, "Trend", header, rows, [9, 44, *(11 for _ in dates), 8])
    centre = Alignment(horizontal="center", vertical="top")
    for r, process in enumerate(trend.processes, start=2):
        for c, point in enumerate(process.points, start=3):
            cell = ws.cell(row=r, column=c)
            cell.alignment = centre
            fill = _fill(point)
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
        ws.cell(row=r, column=3 + len(dates)).alignment = centre
    for cell in ws[1][2:]:
        cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
    ws.freeze_panes = "C2"  # the header row and the process columns stay in view
    below = ws.max_row + 1
    for offset, (label, values) in enumerate(
        (("Readiness", [x.verdict or "-" for x in trend.snapshots]), ("FitSM-1 edition", [x.edition for x in trend.snapshots]))
    ):  # fmt: skip
        ws.cell(row=below + offset, column=2, value=label)
        for c, value in enumerate(values, start=3):
            cell = ws.cell(row=below + offset, column=c, value=value)
            cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
    ws.cell(row=below + 3, column=1, value="Capability 0-4 at each date: green at or above the target "
            "of that date, red below it; - not assessed (yellow); n/a out of scope (grey).")  # fmt: skip
    return ws


def build_trend_workbook(trend: Trend) -> Any:
    from openpyxl import Workbook

    from fitsm_audit.render.assessment_xlsx import print_setup, table_sheet

    wb = Workbook()
    wb.remove(wb.active)
    _trend_sheet(wb, trend)
    inputs = [
        [s.source, dt.date.fromisoformat(s.as_of), s.edition, s.provider, s.verdict]
        for s in trend.snapshots
    ]
    ws = table_sheet(
        wb,
        "Assessments",
        ["File", "As of", "Edition", "Provider", "Readiness"],
        inputs,
        [44, 12, 9, 30, 26],
    )
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "yyyy-mm-dd"
    wb.properties.creator = "fitsm-audit"
    wb.properties.title = f"Capability trend {trend.dates[0]} to {trend.dates[-1]}"
    print_setup(wb, trend.provider or "", f"Capability trend {trend.dates[0]} to {trend.dates[-1]}")
    return wb


def write_trend_xlsx(trend: Trend, path: str | os.PathLike[str], force: bool = False) -> Path:
    from fitsm_audit.core.safe_output import atomic_write
    from fitsm_audit.template.build import workbook_bytes

    return atomic_write(path, workbook_bytes(build_trend_workbook(trend)), force=force)  # fixed timestamps: same bytes
