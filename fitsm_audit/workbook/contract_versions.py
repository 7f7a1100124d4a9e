"""What a workbook made under an earlier version of the contract lacks: a column, a sheet, or a
whole area added since (a missing sheet: crosscheck.sheet_presence). Each is a warning naming what
to add (and ``init --upgrade``), never an error, so older workbooks keep working."""

from __future__ import annotations

from fitsm_audit.core.findings import WARNING, Finding, quote
from fitsm_audit.spec.contract import Column, Contract


def missing_new_column(sheet: str, cell: str, header_row: int, col: Column) -> Finding:
    """A column added in a later contract version, missing from a sheet that has the others."""
    return Finding(WARNING, "missing-new-column", sheet, cell, header_row, col.header, None,
                   f"{sheet} has no {quote(col.header)} column (added in version {col.since} of the workbook "
                   "contract), so its values count as blank.",
                   f"Add a column headed {quote(col.header)} (or run fitsm-audit init --upgrade): {col.help}")


def missing_new_areas(area_file: dict[str, str], contract: Contract) -> list[Finding]:
    """One warning for each area workbook added in a later contract version of which no sheet was
    given (a workbook set made before it existed), naming the sheets and how to add them."""
    out: list[Finding] = []
    if not area_file:
        return out
    for wb in contract.workbooks:
        sheets = contract.sheets_of(wb.id)
        if wb.id in area_file or not sheets or min(s.since for s in sheets) <= 1:
            continue
        names = ", ".join(s.name for s in sheets)
        out.append(Finding(WARNING, "missing-new-area", sheets[0].name, None, None, None, None,
                           f"The {wb.id} registers (added in version {min(s.since for s in sheets)} of the workbook "
                           f"contract: {names}) are not in these workbooks, so the requirements they evidence "
                           "rest on the self-assessment",
                           f"Add fitsm-{wb.id}.xlsx (fitsm-audit init --split writes it), or for a combined "
                           "workbook run fitsm-audit init --upgrade, then fill them in",
                           next(iter(area_file.values()))))
    return out
