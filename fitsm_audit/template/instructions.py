"""The Instructions sheet: purpose, how to fill in, a linked index of the sheets, legend, attribution."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from fitsm_audit.spec.catalogue import load_catalogue
from fitsm_audit.spec.contract import EXTRA_COLUMNS, Contract, Sheet
from fitsm_audit.template.style import (
    CELL_BORDER,
    FONT_NAME,
    LINE_HEIGHT,
    NAVY,
    PREFILLED_FILL,
    REQUIRED_FIELD_FILL,
    REQUIRED_FIELD_FONT,
    TEXT_GREY,
    set_text,
    setup_print,
    style_header,
    text_lines,
)

INSTRUCTIONS_SHEET = "Instructions"
INDEX_HEADER = ("Sheet", "Area", "What it records")
_WIDTHS = {"A": 30.0, "B": 40.0, "C": 76.0}
_PARAGRAPH_WIDTH = sum(_WIDTHS.values())  # a paragraph is merged across A:C
_LINK_FONT = Font(name=FONT_NAME, color="0563C1", underline="single")
_BODY_FONT = Font(name=FONT_NAME, size=11)
_SECTION_FONT = Font(name=FONT_NAME, size=13, bold=True, color=NAVY)
_SECTION_BORDER = Border(bottom=Side(style="medium", color=NAVY))
_WRAP = Alignment(vertical="top", wrap_text=True)

GUIDANCE = (
    "Keep one record per row, directly under the header row. Do not merge cells, and do not "
    "leave notes or totals inside a register; empty rows are ignored.",
    "Give each record an ID in the form shown in the input message (for example SVC-001) and "
    "keep it for the record's whole life. Other sheets point to records by these IDs; separate "
    "several IDs in one cell with commas.",
    "Select a cell to read what the column expects. Where a drop-down arrow appears, pick a "
    "value from the list instead of typing your own wording.",
    "Type dates as dates (2026-03-31); they are shown as yyyy-mm-dd. Owners, assessors and other "
    "people columns take an ID from the People sheet.",
    "Keep the sheet names and header texts as they are (a trailing * only marks a required "
    f"column). {EXTRA_COLUMNS}",
)
ASSESSMENT_GUIDANCE = (
    "Fill the Assessment sheet last: one row per FitSM-1 requirement, a level from 0 (absent) to "
    "4 (managed and measured), and the evidence behind it."
)
NEXT_STEP = (
    'When you are done, run "fitsm-audit check" on this file (or on the folder holding all your '
    'FitSM workbooks) to find problems cell by cell, then "fitsm-audit assess" for the results.'
)


def _paragraph(ws: Worksheet, row: int, text: str, font: Font = _BODY_FONT) -> int:
    """A wrapped paragraph merged across the three columns; returns the next free row."""
    cell = ws.cell(row=row, column=1)
    set_text(cell, text)
    cell.font = font
    cell.alignment = _WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    ws.row_dimensions[row].height = LINE_HEIGHT * text_lines(text, _PARAGRAPH_WIDTH) + 3.0
    return row + 1


def _section(ws: Worksheet, row: int, title: str) -> int:
    """A section heading with a rule underneath; returns the next free row."""
    ws.row_dimensions[row].height = 24.0
    for col in range(1, 4):
        ws.cell(row=row, column=col).border = _SECTION_BORDER
    cell = ws.cell(row=row, column=1)
    set_text(cell, title)
    cell.font = _SECTION_FONT
    cell.alignment = Alignment(vertical="bottom")
    return row + 1


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _purpose(contract: Contract, areas: Sequence[str]) -> str:
    if len(areas) == 1:
        wb = contract.workbook(areas[0])
        return (
            f"This is the FitSM area workbook for {_lower_first(wb.title)}. "
            f"It covers {_lower_first(wb.help)} "
            f"It is one of {len(contract.workbooks)} area workbooks; fitsm-audit reads any mix of "
            "them (or the single combined workbook) and merges the sheets by name."
        )
    return (
        "This workbook holds every register a FitSM service management system needs, one sheet "
        "each, so that fitsm-audit can check the records, assess compliance and maturity "
        "requirement by requirement, and write the gap report, SMS plan and agreement documents. "
        f"The same registers also come as {len(contract.workbooks)} smaller area workbooks; "
        "fitsm-audit reads any mix of them and merges the sheets by name."
    )


def attribution(edition: str, with_assessment: bool = True) -> str:
    """The FitSM licence line, plus the source of the Assessment texts of an edition."""
    text = (
        "FitSM is published by the FitSM project under the Creative Commons Attribution 4.0 "
        "International licence (CC BY 4.0). "
    )
    if with_assessment:
        cat = load_catalogue(edition)
        groups = list(dict.fromkeys(r.group for r in cat.requirements if r.verbatim))
        if groups:
            text += (
                f"The requirement texts on the Assessment sheet come from {cat.title}: those of "
                f"{_span(groups)} verbatim, the others paraphrased by fitsm-audit. "
            )
        else:
            text += (
                "The requirement texts on the Assessment sheet are short paraphrases by "
                f"fitsm-audit of {cat.title}; the standard holds the binding wording. "
            )
    return text + "This workbook is not an official FitSM document."


def _span(groups: Sequence[str]) -> str:
    """GR1, GR2 ... PR8 -> "GR1-GR7 and PR1-PR8"."""
    kinds: dict[str, list[str]] = {}
    for g in groups:
        kinds.setdefault(g.rstrip("0123456789"), []).append(g)
    parts = [f"{v[0]}-{v[-1]}" if len(v) > 1 else v[0] for v in kinds.values()]
    return " and ".join(parts)


def _index(ws: Worksheet, row: int, contract: Contract, sheets: Sequence[Sheet]) -> int:
    for col, text in enumerate(INDEX_HEADER, start=1):
        cell = ws.cell(row=row, column=col)
        set_text(cell, text)
        style_header(cell, required=False)
    ws.row_dimensions[row].height = 20.0
    for sheet in sheets:
        row += 1
        link = ws.cell(row=row, column=1)
        set_text(link, sheet.name)
        link.hyperlink = Hyperlink(
            ref=link.coordinate, location=f"'{sheet.name}'!A1", tooltip=f"Go to {sheet.name}"
        )
        link.font = _LINK_FONT
        area = ws.cell(row=row, column=2)
        set_text(area, contract.workbook(sheet.workbook).title)
        purpose = ws.cell(row=row, column=3)
        set_text(purpose, sheet.help)
        for cell in (link, area, purpose):
            cell.alignment = _WRAP
            cell.border = CELL_BORDER
        lines = max(text_lines(area.value, _WIDTHS["B"]), text_lines(sheet.help, _WIDTHS["C"]))
        ws.row_dimensions[row].height = LINE_HEIGHT * lines + 3.0
    return row + 1


def _legend(ws: Worksheet, row: int, prefilled: bool, fields: bool) -> int:
    samples = [
        ("Name *", "required", "Required column: fill it in on every row you add."),
        ("Notes", "optional", "Optional column: fill it in when it applies."),
        ("2026-03-31", "date", "Date column: formatted yyyy-mm-dd, accepts dates only."),
    ]
    if prefilled:
        samples.insert(
            2, ("PR1", "prefilled", "Pre-filled by the template: keep these values as they are.")
        )
    if fields:
        samples.append(
            ("Provider", "field", "Required field of the Organisation sheet: give it a value.")
        )
    for text, kind, meaning in samples:
        key = ws.cell(row=row, column=1)
        set_text(key, text)
        if kind in {"required", "optional"}:
            style_header(key, required=kind == "required")
        else:
            key.border = CELL_BORDER
            key.alignment = Alignment(horizontal="center", vertical="center")
            if kind == "prefilled":
                key.fill = PREFILLED_FILL
            elif kind == "field":
                key.fill, key.font = REQUIRED_FIELD_FILL, REQUIRED_FIELD_FONT
        desc = ws.cell(row=row, column=2)
        set_text(desc, meaning)
        desc.alignment = Alignment(vertical="center", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        ws.row_dimensions[row].height = 20.0
        row += 1
    return row


def write_instructions(
    ws: Worksheet,
    contract: Contract,
    sheets: Sequence[Sheet],
    edition: str,
    title: str,
) -> None:
    """Fill the (first) Instructions sheet of a workbook."""
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "404040"
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    cell = ws.cell(row=1, column=1)
    set_text(cell, title)
    cell.font = Font(name=FONT_NAME, size=20, bold=True, color=NAVY)
    ws.row_dimensions[1].height = 32.0
    areas = list(dict.fromkeys(s.workbook for s in sheets))
    has_assessment = any(s.name == "Assessment" for s in sheets)
    edition_note = f", FitSM-1 edition {edition} requirements" if has_assessment else ""
    subtitle = (
        f"Standard FitSM workbook generated by fitsm-audit (workbook contract "
        f"v{contract.version}{edition_note}). {len(sheets)} sheets."
    )
    row = _paragraph(ws, 2, subtitle, Font(name=FONT_NAME, italic=True, color=TEXT_GREY))
    row = _section(ws, row + 1, "What this workbook is for")
    row = _paragraph(ws, row, _purpose(contract, areas))
    row = _section(ws, row + 1, "How to fill it in")
    steps = [*GUIDANCE, *([ASSESSMENT_GUIDANCE] if has_assessment else []), NEXT_STEP]
    for number, text in enumerate(steps, start=1):
        row = _paragraph(ws, row, f"{number}.  {text}")
    row = _section(ws, row + 1, "Sheets")
    row = _index(ws, row + 1, contract, sheets)
    row = _section(ws, row + 1, "Legend")
    prefilled = any(s.name in {"Assessment", "Processes"} for s in sheets)
    fields = any(s.kind == "fields" for s in sheets)
    row = _legend(ws, row + 1, prefilled, fields)
    row = _section(ws, row + 1, "Source and licence")
    small = Font(name=FONT_NAME, size=10, color=TEXT_GREY)
    _paragraph(ws, row, attribution(edition, has_assessment), small)
    setup_print(ws, landscape=False, title_rows=None)


def index_entries(ws: Worksheet) -> list[tuple[str, str]]:
    """The (link text, link location) pairs of an Instructions sheet, in order."""
    out: list[tuple[str, str]] = []
    for row in ws.iter_rows():
        for cell in row:
            if cell.hyperlink is not None:
                target = cell.hyperlink.location or (cell.hyperlink.target or "").lstrip("#")
                out.append((str(cell.value), target))
    return out
