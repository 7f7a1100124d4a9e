"""A comparison of two assessments as a workbook: the requirements with old and new level and the
change (coloured), the processes, and the findings and actions closed, new and still open. Every
sheet prints (landscape, one page wide, the header row repeated)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fitsm_audit.assess.compare import IMPROVED, REGRESSED, Comparison, Item

CHANGE_FILL = {IMPROVED: "C6EFCE", REGRESSED: "FFC7CE"}


def _colour(ws: Any, column: int) -> None:
    from openpyxl.styles import PatternFill

    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        fill = CHANGE_FILL.get(str(cell.value))
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)


def _items(c: Comparison) -> list[list[Any]]:
    def row(state: str, i: Item) -> list[Any]:
        return [state, i.kind, ", ".join(i.requirements), i.record, i.grade, i.owner, i.due, i.text]

    return (
        [row("closed", i) for i in c.closed]
        + [row("new", i) for i in c.opened]
        + [row("still open", i) for i in c.still_open]
    )


def build_comparison_workbook(c: Comparison) -> Any:
    from openpyxl import Workbook

    from fitsm_audit.render.assessment_xlsx import print_setup, table_sheet

    wb = Workbook()
    wb.remove(wb.active)
    summary = [
        ["Provider", c.provider],
        ["Old assessment", f"as of {c.old_as_of}, edition {c.old_edition}"],
        ["New assessment", f"as of {c.new_as_of}, edition {c.new_edition}"],
        ["Readiness", f"{c.old_readiness or '-'} -> {c.new_readiness or '-'}"],
    ] + [[f"Requirements {k}", len(c.changed(k))] for k in (IMPROVED, REGRESSED, "unchanged")] + [
        ["Findings and actions closed", len(c.closed)],
        ["Findings and actions new", len(c.opened)],
        ["Findings and actions still open", len(c.still_open)],
        ["Not compared (new, no counterpart)", ", ".join(c.unmapped_new)],
        ["Not compared (old, no counterpart)", ", ".join(c.unmapped_old)],
    ]
    table_sheet(wb, "Summary", ["Item", "Value"], summary, [36, 90])
    reqs = [
        [r.id, r.group, ", ".join(r.old_ids), r.old_level, r.new_level, r.old_status, r.new_status, r.target,
         "yes" if r.in_scope else "no", r.change]
        for r in c.requirements
    ]  # fmt: skip
    ws = table_sheet(
        wb, "Requirements",
        ["Requirement", "Process", "Compared with", "Old level", "New level", "Old status", "New status",
         "Target", "In scope", "Change"],
        reqs, [12, 9, 16, 10, 10, 14, 14, 8, 9, 12],
    )  # fmt: skip
    _colour(ws, 10)
    procs = [[p.id, p.name, p.old, p.new, p.target, p.change] for p in c.processes]
    ws = table_sheet(wb, "Processes", ["Process", "Name", "Old", "New", "Target", "Change"], procs, [9, 46, 8, 8, 8, 12])
    _colour(ws, 6)
    table_sheet(
        wb, "Findings and actions",
        ["State", "Kind", "Requirements", "Record", "Grade", "Owner", "Due", "Text"],
        _items(c), [11, 9, 16, 22, 20, 10, 11, 90],
    )  # fmt: skip
    print_setup(wb, c.provider or "", f"Progress {c.old_as_of} to {c.new_as_of}")
    return wb


def write_comparison_xlsx(c: Comparison, path: str | os.PathLike[str], force: bool = False) -> Path:
    from fitsm_audit.core.safe_output import atomic_save_workbook

    return atomic_save_workbook(build_comparison_workbook(c), path, force=force)
