"""The assessment in the layout of the FitSM-6 Assessment and Audit Tool (``assess --format fitsm6``).

Four sheets, each with a title row, a subtitle row and a column-header row, data from the next row;
which sheet, row and column holds what is the ``fitsm6:`` layout of the contract
(:mod:`fitsm_audit.spec.fitsm6`, docs/fitsm6.md). Column L of "3. Assessment" holds the assessed
level (the evidenced level where the registers show the requirement, else the self-assessed one),
M the self-assessment's comment and N the evidence the level rests on; ``import-fitsm6`` reads
these three back as self-assessment claims, and a workbook that took them exports the same
three columns again.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from fitsm_audit.assess.result import AssessmentResult, RequirementResult
from fitsm_audit.render.assessment_xlsx import HEADER_FILL, set_text
from fitsm_audit.spec.fitsm6 import (
    Fitsm6Layout,
    LayoutSheet,
    abbreviation,
    load_layout,
    process_label,
)
from fitsm_audit.workbook.records import Dataset

REVIEW_KINDS = (
    "maturity assessment",
    "external audit",
    "internal audit",
)  # what counts as the audit
_MEASURED = re.compile(r"\bM\((\w+)\)")


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """One cell: text guarded (never a formula), dates as dates, blanks left empty."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        if value:
            set_text(cell, value)
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif value is not None:
        cell.value = value
    return cell


def _frame(
    ws: Any, spec: LayoutSheet, layout: Fitsm6Layout, subtitle: str, rows: list[dict[str, Any]]
) -> None:
    """The title, subtitle and header rows, the data rows by column key, widths, wrapping,
    frozen header and a filter on the header row."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    first = spec.columns[0].number
    title = _put(ws, layout.title_row, first, spec.title)
    title.font = Font(bold=True, size=14, color=HEADER_FILL)
    _put(ws, layout.subtitle_row, first, subtitle).font = Font(italic=True, color="595959")
    edge = Side(style="thin", color="BFBFBF")
    for col in spec.columns:
        cell = _put(ws, layout.header_row, col.number, col.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[col.letter].width = col.width
    if first > 1:
        ws.column_dimensions["A"].width = 2  # a narrow margin, as in the official tool
    wrap = Alignment(vertical="top", wrap_text=True)
    border = Border(left=edge, right=edge, top=edge, bottom=edge)
    for offset, values in enumerate(rows):
        r = layout.first_data_row + offset
        for col in spec.columns:
            cell = _put(ws, r, col.number, values.get(col.key))
            cell.alignment = wrap
            cell.border = border
    ws.freeze_panes = f"A{layout.first_data_row}"
    last = max(spec.columns, key=lambda c: c.number).letter
    end = layout.first_data_row + max(len(rows), 1) - 1
    ws.auto_filter.ref = f"{spec.columns[0].letter}{layout.header_row}:{last}{end}"


def _subtitle(result: AssessmentResult) -> str:
    who = result.provider or "(provider not named)"
    return f"{who}, FitSM-1 edition {result.edition}, as of {result.as_of.isoformat()} (written by fitsm-audit)"


def default_target(result: AssessmentResult) -> int:
    return int(result.method.get("default_target") or 3)


def _scope_rows(result: AssessmentResult, layout: Fitsm6Layout) -> list[dict[str, Any]]:
    """Per process: the certification goal (the default target), the custom goal (the workbook's
    own target where it differs) and whether it is in scope."""
    base = default_target(result)
    return [
        {
            "process": process_label(g.id, g.name),
            "certification_goal": base,
            "custom_goal": g.target if g.target != base else None,
            "scope": layout.scope_values["in" if g.in_scope else "out"],
        }
        for g in result.groups
    ]


def _conclusion_rows(result: AssessmentResult, layout: Fitsm6Layout) -> list[dict[str, Any]]:
    yes, no = layout.met_values["yes"], layout.met_values["no"]
    return [
        {
            "process": process_label(g.id, g.name),
            "capability": g.capability,
            "target": g.target,
            "met": None if g.met is None else (yes if g.met else no),
        }
        for g in result.groups
    ]


def _rung(ladder: dict[str, str], level: int) -> str:
    text = _MEASURED.sub(
        r"\1 measured by a KPI with a target, evaluated in the KPI window", ladder[str(level)]
    )
    return f"{text} (c: {ladder['c']})" if level == 1 and ladder.get("c") else text


def guidance(result: AssessmentResult, req_id: str) -> list[str]:
    """What each level 0-4 of a requirement means: its checks' ladders where the registers are
    assessed, else the generic ladder; each led by the level's number and label."""
    ladders = (result.method.get("ladders") or {}).get(req_id) or {}
    generic = result.method.get("generic_ladder") or {}
    out = []
    for level in range(5):
        if ladders:
            body = "\n".join(_rung(ladder, level) for ladder in ladders.values())
        else:
            body = str(generic.get(str(level), ""))
        label = result.labels.get(level, "")
        out.append(f"{level} {label}: {body}" if label else f"{level}: {body}")
    return out


def evidence_text(r: RequirementResult) -> str:
    """The evidence the level rests on: the register trail (the check's statements and the cells
    of the records behind them) where the registers evidence the requirement, else the
    self-assessment's evidence, else the assessment's note (e.g. that no register shows it)."""
    own = (r.self_assessment or {}).get("evidence")
    if r.evidenced_level is None and isinstance(own, str) and own.strip():
        return own.strip()
    lines = [line for line in r.evidence if line]
    if r.evidenced_level is not None and r.records:
        cells = ", ".join(dict.fromkeys(x.where for x in r.records))
        more = r.records_total - len(r.records)
        lines.append(f"Records: {cells}" + (f" and {more} more" if more > 0 else ""))
    return "\n".join(lines)


def comment_text(r: RequirementResult) -> str:
    """The self-assessment's comment, as the practitioner wrote it."""
    own = (r.self_assessment or {}).get("comment")
    return own.strip() if isinstance(own, str) else ""


def _assessment_rows(result: AssessmentResult) -> list[dict[str, Any]]:
    groups = {g.id: g for g in result.groups}
    rows = []
    for r in result.requirements:
        g = groups.get(r.group)
        row: dict[str, Any] = {
            "goal": r.target,
            "process": process_label(r.group, g.name if g else ""),
            "abbreviation": abbreviation(r.group),
            "requirement": r.id,
            "text": r.text,
            "score": r.level,
            "comment": comment_text(r),
            "evidence": evidence_text(r),
        }
        row.update({f"level_{k}": text for k, text in enumerate(guidance(result, r.id))})
        rows.append(row)
    return rows


def _person(ds: Dataset, person_id: Any) -> str | None:
    if not isinstance(person_id, str):
        return None
    rec = ds.by_key("People").get(person_id.lower())
    name = rec["name"] if rec is not None else None
    return name if isinstance(name, str) else None


def _latest_review(ds: Dataset, as_of: dt.date) -> Any:
    """The latest maturity assessment or audit on the Reviews sheet held by the as-of date."""
    held = [
        r for r in ds.rows("Reviews")
        if r["type"] in REVIEW_KINDS and isinstance(r["date"], dt.date) and r["date"] <= as_of
    ]  # fmt: skip
    return max(held, key=lambda r: r["date"]) if held else None


def _scope_text(ds: Dataset) -> str | None:
    statement = ds.field("scope_statement")
    if isinstance(statement, str) and statement.strip():
        return statement.strip()
    parts = [
        f"{what}: {ds.field(name)}"
        for what, name in (("Services", "scope_services"), ("Technology", "scope_technology"),
                           ("Locations", "scope_locations"), ("Customers", "scope_customers"))
        if ds.field(name)
    ]  # fmt: skip
    return "; ".join(parts) or None


def audit_details(result: AssessmentResult, ds: Dataset) -> dict[str, Any]:
    """The audit details from the registers: the auditee is the provider; the lead auditor leads
    the latest maturity assessment or audit on the Reviews sheet (else the assessor named most on
    the Assessment sheet); the audit starts on that review's date (else the earliest
    self-assessment date) and ends on the as-of date."""
    review = _latest_review(ds, result.as_of)
    rows = ds.rows("Assessment")
    assessors = Counter(r["assessor"] for r in rows if isinstance(r["assessor"], str))
    lead = _person(ds, review["lead"]) if review is not None else None
    if lead is None and assessors:
        lead = _person(ds, assessors.most_common(1)[0][0])
    dates = [
        r["date"] for r in rows if isinstance(r["date"], dt.date) and r["date"] <= result.as_of
    ]
    start = review["date"] if review is not None else (min(dates) if dates else None)
    return {
        "auditee": result.provider,
        "lead_auditor": lead,
        "scope": _scope_text(ds),
        "start": start,
        "end": result.as_of,
        "as_of": result.as_of,
        "edition": result.edition,
        "tool": "fitsm-audit assess --format fitsm6",
    }


def _style_scores(ws: Any, column: str, first: int, last: int) -> None:
    """The scores as a heat map (red 0 to green 4), and only whole numbers 0-4 accepted."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.datavalidation import DataValidation

    if last < first:
        return
    area = f"{column}{first}:{column}{last}"
    heat = ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                          mid_type="num", mid_value=2, mid_color="FFEB84",
                          end_type="num", end_value=4, end_color="63BE7B")  # fmt: skip
    ws.conditional_formatting.add(area, heat)
    rule = DataValidation(type="whole", operator="between", formula1="0", formula2="4", allow_blank=True,
                          showErrorMessage=True, errorTitle="Capability score",
                          error="A capability score is a whole number from 0 to 4.")  # fmt: skip
    ws.add_data_validation(rule)
    rule.add(area)
    for row in ws.iter_rows(min_row=first, max_row=last, min_col=ws[f"{column}{first}"].column,
                            max_col=ws[f"{column}{first}"].column):  # fmt: skip
        row[0].alignment = Alignment(horizontal="center", vertical="top")


def build_workbook(
    result: AssessmentResult, ds: Dataset, layout: Fitsm6Layout | None = None
) -> Any:
    """The openpyxl workbook in the FitSM-6 layout."""
    from openpyxl import Workbook

    from fitsm_audit.template.style import fit_row_heights, setup_print

    layout = layout or load_layout()
    wb = Workbook()
    wb.remove(wb.active)
    subtitle = _subtitle(result)
    details = audit_details(result, ds)
    content = {
        "scope": _scope_rows(result, layout),
        "assessment": _assessment_rows(result),
        "conclusions": _conclusion_rows(result, layout),
        "audit": [{"label": d.label, "value": details.get(d.key)} for d in layout.details],
    }
    for spec in layout.sheets:
        ws = wb.create_sheet(spec.name)
        rows = content.get(spec.key, [])
        _frame(ws, spec, layout, subtitle, rows)
        setup_print(ws, landscape=True, title_rows=f"{layout.header_row}:{layout.header_row}")
        ws.oddHeader.left.text = (result.provider or "").replace("&", "&&")
        ws.oddHeader.right.text = f"FitSM-6 assessment as of {result.as_of.isoformat()}"
        ws.oddHeader.left.size = ws.oddHeader.right.size = 8
        if rows:
            fit_row_heights(ws, layout.first_data_row, layout.first_data_row + len(rows) - 1)
    last = layout.first_data_row + len(content["assessment"]) - 1
    _style_scores(wb[layout.sheet("assessment").name], layout.sheet("assessment").column("score").letter,
                  layout.first_data_row, last)  # fmt: skip
    return wb


def write_fitsm6(
    result: AssessmentResult, ds: Dataset, path: str | os.PathLike[str], force: bool = False
) -> Path:
    """Write the FitSM-6 workbook atomically; refuse to overwrite without ``force``."""
    from fitsm_audit.core.safe_output import atomic_save_workbook

    return atomic_save_workbook(build_workbook(result, ds), path, force=force)
