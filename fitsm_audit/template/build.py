"""Blank (or pre-filled) standard FitSM workbooks, built from the workbook contract with openpyxl.

``python -m fitsm_audit.template --rebuild`` regenerates ``workbook_templates/`` and
``docs/columns.md`` after a change to ``data/contract.yaml``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from fitsm_audit.core.errors import OutputExistsError, UsageError
from fitsm_audit.core.safe_output import atomic_write
from fitsm_audit.core.words import noun
from fitsm_audit.spec.catalogue import load_catalogue
from fitsm_audit.spec.contract import PREFILLED_COLUMNS, Contract, Sheet, load_contract
from fitsm_audit.template.instructions import INSTRUCTIONS_SHEET, write_instructions
from fitsm_audit.template.sheets import ref_keys, write_fields, write_register
from fitsm_audit.template.validation import LISTS_SHEET, ListRegistry

COMBINED_FILE = "fitsm-workbook.xlsx"
AREAS: dict[str, str] = {wb.id: f"fitsm-{wb.id}.xlsx" for wb in load_contract().workbooks}
AUXILIARY_SHEETS = (INSTRUCTIONS_SHEET, LISTS_SHEET)  # not registers: readers skip them
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
CREATOR = "fitsm-audit"
REPO_ROOT = Path(__file__).resolve().parents[2]  # fitsm_audit/template/build.py -> the checkout


def _select(contract: Contract, sheet_names: Sequence[str] | None) -> list[Sheet]:
    if sheet_names is None:
        return list(contract.sheets)
    known = contract.sheet_names()
    unknown = [n for n in sheet_names if n not in known]
    if unknown:
        raise ValueError(f"unknown {noun(len(unknown), 'sheet')} {', '.join(unknown)}; known: {', '.join(known)}")
    wanted = set(sheet_names)
    return [s for s in contract.sheets if s.name in wanted]


def default_rows(
    sheet: Sheet, contract: Contract, edition: str
) -> tuple[list[dict[str, object]], tuple[str, ...]]:
    """Rows a blank template starts with, and the columns the template filled in."""
    if sheet.name == "Assessment":
        cat = load_catalogue(edition)
        rows: list[dict[str, object]] = [
            {"requirement": r.id, "text": r.text} for r in cat.requirements
        ]
        return rows, PREFILLED_COLUMNS["Assessment"]
    if sheet.name == "Processes":
        return [{"process": p.id, "name": p.name} for p in contract.processes], PREFILLED_COLUMNS["Processes"]
    return [], ()


def _title(contract: Contract, sheets: Sequence[Sheet], title: str | None) -> str:
    if title:
        return title
    areas = {s.workbook for s in sheets}
    if len(areas) == 1 and len(sheets) == len(contract.sheets_of(next(iter(areas)))):
        return f"FitSM workbook: {contract.workbook(next(iter(areas))).title}"
    return "FitSM workbook"


def build_workbook(
    sheet_names: list[str] | None = None,
    data: dict[str, list[dict[str, object]]] | None = None,
    fields: dict[str, object] | None = None,
    edition: str = "2",
    title: str | None = None,
) -> Workbook:
    """A styled workbook with the given contract sheets (all when None), optionally filled with rows.

    ``data`` maps sheet names to rows keyed by snake_case column names; sheets it leaves out get
    the template's default rows (Assessment: one per requirement; Processes: PR1-PR14).
    ``fields`` fills the Value column of the Organisation sheet.
    """
    contract = load_contract()
    load_catalogue(edition)  # fail early on an unknown edition
    sheets = _select(contract, sheet_names)
    data = data or {}
    selected = {s.name for s in sheets}
    extra = [name for name in data if name not in selected]
    if extra:
        raise ValueError(f"data for {noun(len(extra), 'a sheet', 'sheets')} not in the workbook: {', '.join(extra)}")
    wb = Workbook()
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    book_title = _title(contract, sheets, title)
    write_instructions(ws, contract, sheets, edition, book_title)
    lists = ListRegistry(wb)
    refs = ref_keys(contract, sheets)
    for sheet in sheets:
        sheet_ws = wb.create_sheet(sheet.name)
        if sheet.kind == "fields":
            if sheet.name in data:
                raise ValueError(f"{sheet.name} is a field/value sheet: pass its values as fields")
            write_fields(sheet_ws, sheet, fields or {}, contract, lists, refs)
            continue
        prefilled: tuple[str, ...] = ()
        if sheet.name in data:
            rows = data[sheet.name]
        else:
            rows, prefilled = default_rows(sheet, contract, edition)
        write_register(sheet_ws, sheet, rows, prefilled, contract, lists, refs)
    if lists.ws is not None:  # keep the hidden Lists sheet last
        wb.move_sheet(lists.ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    props = wb.properties
    props.creator = props.lastModifiedBy = CREATOR
    props.created = props.modified = FIXED_TIME
    props.title = book_title
    props.subject = "FitSM service management registers"
    props.keywords = "FitSM; ITSM; service management; fitsm-audit"
    return wb


def build_area_workbook(area: str, edition: str = "2") -> Workbook:
    """The blank workbook of one area (a contract workbook id such as ``portfolio``)."""
    contract = load_contract()
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}; use one of {', '.join(AREAS)}")
    return build_workbook([s.name for s in contract.sheets_of(area)], edition=edition)


def template_workbooks(split: bool = False, edition: str = "2") -> dict[str, Workbook]:
    """File name -> blank workbook: the combined workbook, or one per area when ``split``."""
    if not split:
        return {COMBINED_FILE: build_workbook(edition=edition)}
    return {name: build_area_workbook(area, edition) for area, name in AREAS.items()}


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx bytes of a workbook, with fixed timestamps so a rebuild is byte-identical."""
    wb.properties.created = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            payload = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _MODIFIED.sub(
                    lambda m: (
                        b"<dcterms:modified" + m.group(1) + b">" + stamp + b"</dcterms:modified>"
                    ),
                    payload,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, payload)
    return out.getvalue()


def write_templates(
    path: str | Path, split: bool = False, force: bool = False, edition: str = "2"
) -> list[Path]:
    """Write the combined workbook to ``path`` (a .xlsx file) or, when ``split``, the area
    workbooks into the folder ``path``; refuse to overwrite unless ``force``. Returns the files."""
    target = Path(path)
    plan: dict[Path, str | None]
    if split:
        if target.exists() and not target.is_dir():
            raise UsageError(f"{target} is a file; --split needs a folder")
        plan = {target / name: area for area, name in AREAS.items()}
    else:
        if target.is_dir():
            raise UsageError(f"{target} is a folder; give a .xlsx file name or use --split")
        if target.suffix.lower() != ".xlsx":
            raise UsageError(f"{target}: the workbook file name must end in .xlsx")
        plan = {target: None}
    if not force:  # refuse before writing anything, so a refusal leaves no half-written set
        for out in plan:
            if out.exists():
                raise OutputExistsError(str(out))
    (target if split else target.parent).mkdir(parents=True, exist_ok=True)
    for out, area in plan.items():
        wb = build_area_workbook(area, edition) if area else build_workbook(edition=edition)
        atomic_write(out, workbook_bytes(wb), force=force)
    return list(plan)


def rebuild(folder: str | Path | None = None, docs: str | Path | None = None) -> list[Path]:
    """Regenerate the committed templates (combined + areas) and the column reference."""
    from fitsm_audit.template.columns_doc import column_reference_markdown

    dest = Path(folder) if folder else REPO_ROOT / "workbook_templates"
    written = write_templates(dest / COMBINED_FILE, force=True)
    written += write_templates(dest, split=True, force=True)
    doc_path = Path(docs) if docs else REPO_ROOT / "docs" / "columns.md"
    doc_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(doc_path, column_reference_markdown().encode("utf-8"), force=True)
    return [*written, doc_path]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry of ``python -m fitsm_audit.template``."""
    parser = argparse.ArgumentParser(prog="python -m fitsm_audit.template", description=__doc__)
    parser.add_argument(
        "--rebuild", action="store_true", help="rewrite workbook_templates/ and docs/columns.md"
    )
    parser.add_argument("--dest", help="folder for the workbooks (default: workbook_templates/)")
    args = parser.parse_args(argv)
    if not args.rebuild:
        parser.print_help()
        return 2
    for path in rebuild(args.dest):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
