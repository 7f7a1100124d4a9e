"""The federation roll-up as a workbook (docs/federation.md): Summary, Heat map (member x process
capability, coloured by level, target row on top), Requirements (member x requirement level),
Readiness (each member's verdict, or why it was not assessed), Shared gaps, and, with a federation
workbook, Services and Membership. Every sheet prints landscape, one page wide, header repeated.
Saved with fixed timestamps: the same roll-up gives the same bytes."""

from __future__ import annotations

from typing import Any

from fitsm_audit.assess.federation import Federation

LEVEL_FILL = {0: "F4CCCC", 1: "FCE5CD", 2: "FFF2CC", 3: "D9EAD3", 4: "B6D7A8"}
BELOW = "C00000"


def _summary_rows(f: Federation) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["Federation", f.name or "(not named)"],
        ["Assessed as of", f.as_of],
        ["Standard", f"FitSM-1, edition {f.edition}" if f.edition else ""],
        ["Members", len(f.members)],
        ["Assessed", len(f.assessed)],
        ["Not assessed", len(f.not_assessed)],
    ]
    rows += [[f"Readiness: {verdict}", n] for verdict, n in sorted(f.verdicts().items())]
    rows += [["Duplicate provider names", "; ".join(f"{p}: {', '.join(e)}" for p, e in f.duplicates)]]
    return rows


def _heat(wb: Any, f: Federation) -> None:
    from openpyxl.styles import Font, PatternFill

    from fitsm_audit.render.assessment_xlsx import table_sheet

    header = ["Member", "Readiness", *[g for g, _ in f.groups]]
    rows: list[list[Any]] = [["Target", "", *[f.targets.get(g) for g, _ in f.groups]]]
    rows += [[m.label, m.readiness, *[m.capability(g) for g, _ in f.groups]] for m in f.assessed]
    ws = table_sheet(wb, "Heat map", header, rows, [30, 22, *[6] * len(f.groups)])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=3, min_col=3):
        for cell in row:
            if isinstance(cell.value, int):
                cell.fill = PatternFill("solid", fgColor=LEVEL_FILL.get(cell.value, "FFFFFF"))
                target = f.targets.get(str(ws.cell(1, cell.column).value))
                if isinstance(target, int) and cell.value < target:
                    cell.font = Font(bold=True, color=BELOW)
            else:
                cell.value = "n/a"
    ws.freeze_panes = "C2"


def _requirements(wb: Any, f: Federation) -> None:
    from openpyxl.styles import PatternFill

    from fitsm_audit.render.assessment_xlsx import table_sheet

    ids = [r["id"] for r in f.assessed[0].requirements] if f.assessed else []
    rows = []
    for m in f.assessed:
        levels = {r["id"]: (r["level"] if r.get("in_scope", True) else "n/a") for r in m.requirements}
        rows.append([m.label, *[levels.get(i) for i in ids]])
    ws = table_sheet(wb, "Requirements", ["Member", *ids], rows, [30, *[7] * len(ids)])
    for row in ws.iter_rows(min_row=2, min_col=2):
        for cell in row:
            if isinstance(cell.value, int):
                cell.fill = PatternFill("solid", fgColor=LEVEL_FILL.get(cell.value, "FFFFFF"))
    ws.freeze_panes = "B2"


def _services(wb: Any, f: Federation) -> None:
    from fitsm_audit.render.assessment_xlsx import table_sheet

    cov = f.services
    rows = [
        [s.id, s.name, "yes" if s.covered else "no",
         "\n".join(f"{d.member} ({d.component}; {', '.join(d.agreements) or 'no agreement'})" for d in s.deliveries),
         "\n".join(s.problems)]
        for s in cov.services
    ]  # fmt: skip
    table_sheet(wb, "Services", ["Service", "Name", "Covered", "Delivered by", "Problems"], rows, [10, 30, 9, 50, 60])
    member_rows = [[n, "listed, no member workbook in MEMBERS"] for n in cov.missing]
    member_rows += [[n, "member workbook in MEMBERS, not listed by the federation workbook"] for n in cov.not_listed]
    member_rows += [[n, problem] for n, problem in f.membership]
    table_sheet(wb, "Membership", ["Member", "Problem"], member_rows, [36, 90])


def build_federation_workbook(f: Federation) -> Any:
    from openpyxl import Workbook

    from fitsm_audit.render.assessment_xlsx import print_setup, table_sheet

    wb = Workbook()
    wb.remove(wb.active)
    table_sheet(wb, "Summary", ["Item", "Value"], _summary_rows(f), [30, 90])
    _heat(wb, f)
    _requirements(wb, f)
    readiness = [
        [m.name, m.provider, ", ".join(m.files), m.federation, m.readiness or "not assessed", m.headline,
         len(m.gaps) if m.assessed else None, m.errors if m.assessed else None, m.warnings if m.assessed else None,
         m.reason]
        for m in f.members
    ]  # fmt: skip
    table_sheet(
        wb, "Readiness",
        ["Entry", "Provider", "Workbooks", "Federation (as the member names it)", "Readiness", "Maturity",
         "Gaps", "Errors", "Warnings", "Not assessed because"],
        readiness, [18, 26, 22, 22, 22, 9, 7, 7, 9, 60],
    )  # fmt: skip
    gaps = [[g.requirement, g.group, len(g.members), "\n".join(g.members)] for g in f.shared_gaps]
    table_sheet(wb, "Shared gaps", ["Requirement", "Process", "Members", "Who"], gaps, [12, 9, 9, 60])
    if f.services is not None:
        _services(wb, f)
    elif f.membership:
        table_sheet(wb, "Membership", ["Member", "Problem"], [[n, p] for n, p in f.membership], [36, 90])
    print_setup(wb, f.name or "Federation", f"Federation roll-up as of {f.as_of}", fit_skip=("Heat map", "Requirements"))
    return wb


def federation_xlsx_bytes(f: Federation) -> bytes:
    from fitsm_audit.template.build import workbook_bytes

    return workbook_bytes(build_federation_workbook(f))
