"""The results workbook: summary, one row per requirement, the graded findings, the actions (with
Status and Comment columns for the user to fill), the evidence records, KPIs, the data-quality
findings and the method."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fitsm_audit.assess.result import AssessmentResult

HEADER_FILL = "1F4E78"
STATUS_FILL = {
    "met": "C6EFCE",
    "not met": "FFC7CE",
    "not assessed": "FFEB9C",
    "out of scope": "EDEDED",
}


def table_sheet(wb: Any, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            value = _cell(value)
            if isinstance(value, str):
                set_text(ws.cell(row=r, column=c), value)  # never a formula; illegal characters removed
            elif value is not None:
                ws.cell(row=r, column=c, value=value)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    return ws


def print_setup(wb: Any, left: str, right: str, fit_skip: tuple[str, ...] = ()) -> None:
    """Every sheet of a results workbook printable: landscape, one page wide, the header row
    repeated, ``left`` and ``right`` in the page header, rows as high as their wrapped text
    (except the sheets in ``fit_skip``, grids of short values)."""
    from fitsm_audit.template.style import fit_row_heights, setup_print

    for ws in wb.worksheets:
        setup_print(ws, landscape=True, title_rows="1:1")
        ws.oddHeader.left.text = left.replace("&", "&&")
        ws.oddHeader.right.text = right
        ws.oddHeader.left.size = ws.oddHeader.right.size = 8
        if ws.max_row > 1 and ws.title not in fit_skip:
            fit_row_heights(ws, 2, ws.max_row)


def set_text(cell: Any, text: str) -> None:
    from fitsm_audit.template.style import set_text as guarded

    guarded(cell, text[:32767])


def _cell(value: Any) -> Any:
    """Lists become lines of text."""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return value


def _summary(wb: Any, result: AssessmentResult) -> None:
    from openpyxl.styles import Font

    ws = wb.active
    ws.title = "Summary"
    m = result.maturity
    info = [
        ("Readiness", result.readiness.verdict if result.readiness else ""),
        ("Provider", result.provider or ""),
        ("FitSM-1 edition", result.edition),
        ("As of", result.as_of),
        ("SMS maturity (lowest in-scope capability)", m.get("headline")),
        ("Level label", m.get("headline_label") or ""),
        ("Lowest groups", ", ".join(m.get("lowest") or [])),
        ("Groups below target", ", ".join(g.id for g in result.below_target()) or "none"),
    ]
    for k, v in info:
        ws.append([k, None])
        if isinstance(v, str):
            set_text(ws.cell(ws.max_row, 2), v)  # the provider name is user text
        else:
            ws.cell(ws.max_row, 2).value = v
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.cell(4, 2).number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append(["Group", "Name", "Capability", "Mean", "Target", "In scope", "Met"])
    start = ws.max_row  # the header row (an empty append leaves max_row where it was)
    for cell in ws[start]:
        cell.font = Font(bold=True)
    for g in result.groups:
        ws.append(
            [
                g.id,
                g.name,
                g.capability,
                g.mean,
                g.target,
                "yes" if g.in_scope else "no",
                "" if g.met is None else ("yes" if g.met else "no"),
            ]
        )
    for col, width in zip("ABCDEFG", (44, 46, 11, 8, 8, 9, 6), strict=True):
        ws.column_dimensions[col].width = width
    _style_summary(ws, result, start)


VERDICT_FILL = {"ready": "C6EFCE", "ready after minor actions": "FFEB9C", "not ready": "FFC7CE"}


def _style_summary(ws: Any, result: AssessmentResult, start: int) -> None:
    """The verdict in its colour, the process profile as a heat map (red 0 to green 4) and a bar
    chart of each in-scope group's capability against its target."""
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill

    verdict = ws.cell(1, 2)
    verdict.font = Font(bold=True, size=13)
    fill = VERDICT_FILL.get(str(verdict.value))
    if fill:
        verdict.fill = PatternFill("solid", fgColor=fill)
    for cell in ws[start]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    end = start + len(result.groups)
    if end == start:
        return
    heat = ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                          mid_type="num", mid_value=2, mid_color="FFEB84",
                          end_type="num", end_value=4, end_color="63BE7B")  # fmt: skip
    ws.conditional_formatting.add(f"C{start + 1}:D{end}", heat)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Capability against target, per requirement group"
    chart.y_axis.title = "level"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 4
    chart.y_axis.majorUnit = 1
    for col, name in ((3, "Capability"), (5, "Target")):
        series = Series(Reference(ws, min_col=col, min_row=start + 1, max_row=end), title=name)
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=end))
    chart.gapWidth = 40
    chart.height, chart.width = 12, 16
    ws.add_chart(chart, f"I{start}")


def _print_setup(ws: Any, result: AssessmentResult) -> None:
    """Every sheet prints: A4 landscape, one page wide, the header row repeated, provider and
    as-of date in the page header, sheet name and page numbers in the footer; wrapped rows get
    the height their text needs."""
    from fitsm_audit.template.style import fit_row_heights, setup_print

    summary = ws.title == "Summary"
    setup_print(ws, landscape=True, title_rows=None if summary else "1:1")
    ws.oddHeader.left.text = (result.provider or "").replace("&", "&&")
    ws.oddHeader.right.text = f"FitSM-1 assessment as of {result.as_of.isoformat()}"
    ws.oddHeader.left.size = ws.oddHeader.right.size = 8
    if not summary and ws.max_row > 1:
        fit_row_heights(ws, 2, ws.max_row)


def build_workbook(result: AssessmentResult) -> Any:
    """The openpyxl workbook of the results."""
    from openpyxl import Workbook

    wb = Workbook()
    _summary(wb, result)
    _requirements(wb, result)
    _audit_findings(wb, result)
    _actions(wb, result)
    _evidence(wb, result)
    _kpis(wb, result)
    _findings(wb, result)
    _method(wb, result)
    for ws in wb.worksheets:
        _print_setup(ws, result)
    return wb


def _requirements(wb: Any, result: AssessmentResult) -> None:
    from openpyxl.styles import PatternFill

    rows = []
    for r in result.requirements:
        rows.append(
            [
                r.id,
                r.group,
                r.text,
                r.evidenced_level,
                r.claimed_level,
                r.level,
                r.target,
                r.status,
                r.discrepancy.message if r.discrepancy else "",
                r.evidence,
                ", ".join(r.failing_ids()),
                r.blocking or "",
                r.priority,
                r.recommendation.action if r.recommendation else "",
                r.basis,
                r.finding.grade if r.finding else "",
            ]
        )
    ws = table_sheet(
        wb,
        "Requirements",
        [
            "ID",
            "Group",
            "Requirement",
            "Evidenced level",
            "Claimed level",
            "Level",
            "Target",
            "Status",
            "Discrepancy",
            "Evidence",
            "Failing rows",
            "Next level needs",
            "Priority",
            "Guidance",
            "Basis",
            "Grade",
        ],
        rows,
        [8, 7, 50, 10, 10, 7, 7, 12, 30, 60, 30, 30, 9, 50, 13, 24],
    )
    for i, r in enumerate(result.requirements, start=2):
        fill = STATUS_FILL.get(r.status)
        if fill:
            ws.cell(i, 8).fill = PatternFill("solid", fgColor=fill)


def _kpis(wb: Any, result: AssessmentResult) -> None:
    table_sheet(
        wb,
        "KPIs",
        ["Process", "KPI", "Value", "Unit", "Note", "Origin"],
        [[k.process, k.name, k.value, k.unit, k.note, k.origin] for k in result.kpis],
        [8, 60, 10, 18, 40, 8],
    )


ACTION_STATUSES = ("open", "in progress", "done")


def _audit_findings(wb: Any, result: AssessmentResult) -> None:
    graded = result.graded()
    table_sheet(
        wb,
        "Findings",
        ["Requirement", "Grade", "Finding", "Records"],
        [[r.id, r.finding.grade, r.finding.statement, r.finding.records] for r in graded if r.finding],
        [11, 26, 90, 24],
    )


def _actions(wb: Any, result: AssessmentResult) -> None:
    """The action plan, with empty Status and Comment columns (Status from a drop-down) that
    ``--actions`` reads back by action ID."""
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = table_sheet(
        wb,
        "Actions",
        ["ID", "Requirements", "What", "Records", "Owner", "Owner source", "Due", "Priority",
         "Grade", "Guidance", "Status", "Comment"],
        [
            [a.id, ", ".join(a.requirements), a.what, a.records, a.owner, a.owner_source, a.due,
             a.priority, a.grade, a.guidance, a.status or None, a.comment or None]
            for a in result.actions
        ],
        [11, 14, 60, 22, 12, 24, 11, 9, 24, 50, 12, 40],
    )  # fmt: skip
    last = max(2, len(result.actions) + 1)
    status = DataValidation(
        type="list", formula1='"' + ",".join(ACTION_STATUSES) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Status", error="Use open, in progress or done.",
    )  # fmt: skip
    ws.add_data_validation(status)
    status.add(f"K2:K{last}")
    for row in range(2, last + 1):
        ws.cell(row, 7).number_format = "yyyy-mm-dd"


def _evidence(wb: Any, result: AssessmentResult) -> None:
    table_sheet(
        wb,
        "Evidence",
        ["Requirement", "Role", "Sheet", "Row", "ID", "Cell", "Why", "Cell says"],
        [
            [r.id, x.role, x.sheet, x.row, x.id, x.cell, x.why, x.detail]
            for r in result.requirements
            for x in r.records
        ],
        [11, 9, 20, 6, 16, 18, 60, 50],
    )


def _findings(wb: Any, result: AssessmentResult) -> None:
    table_sheet(
        wb,
        "Data quality",
        ["Severity", "Code", "Sheet", "Cell", "Message", "Hint"],
        [
            [
                f.get("severity"),
                f.get("code"),
                f.get("sheet"),
                f.get("cell"),
                f.get("message"),
                f.get("hint"),
            ]
            for f in result.findings
        ],
        [9, 22, 24, 14, 60, 50],
    )


def _method(wb: Any, result: AssessmentResult) -> None:
    method = result.method
    scale = [[f"level {k}", v] for k, v in (method.get("scale") or {}).items()]
    ladder = [[f"generic level {k}", v] for k, v in (method.get("generic_ladder") or {}).items()]
    rules = [[k, method.get(k)] for k in ("result_rule", "capability_rule")]
    prio = [[f"priority {k}", v] for k, v in (method.get("priority_rule") or {}).items()]
    prio += [[f"grade: {k}", v] for k, v in (method.get("grading_rule") or {}).items()]
    prio += [[f"readiness: {k}", v] for k, v in (method.get("readiness_rule") or {}).items()]
    from fitsm_audit.documents.common import setting_text

    defaults = [
        [f"setting: {str(k).replace('_', ' ')}", setting_text(str(k), v)]
        for k, v in (method.get("defaults") or {}).items()
    ]
    table_sheet(wb, "Method", ["Item", "Value"], scale + ladder + rules + prio + defaults, [34, 100])


def write_xlsx(result: AssessmentResult, path: str | os.PathLike[str], force: bool = False) -> Path:
    """Write the results workbook atomically; refuse to overwrite without ``force``."""
    from fitsm_audit.core.safe_output import atomic_save_workbook

    return atomic_save_workbook(build_workbook(result), path, force=force)

