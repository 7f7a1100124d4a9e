"""The generated workbooks: structure, validations, styling, safety and drift from the contract."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fitsm_audit.core.errors import OutputExistsError, UsageError
from fitsm_audit.core.safe_output import atomic_save_workbook, atomic_write
from fitsm_audit.spec.catalogue import load_catalogue
from fitsm_audit.spec.contract import load_contract, normalise_header
from fitsm_audit.template.build import (
    AREAS,
    AUXILIARY_SHEETS,
    COMBINED_FILE,
    build_area_workbook,
    build_workbook,
    workbook_bytes,
)
from fitsm_audit.template.columns_doc import column_reference_markdown
from fitsm_audit.template.instructions import INSTRUCTIONS_SHEET, index_entries
from fitsm_audit.template.sheets import table_name
from fitsm_audit.template.style import is_formula_like, set_text
from fitsm_audit.template.validation import LISTS_SHEET, PROMPT_LIMIT, TITLE_LIMIT, truncate

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = load_contract()
INJECTION = "=cmd|' /C calc'!A0"


def reload(wb: openpyxl.Workbook) -> openpyxl.Workbook:
    """Save through the real writer and read the file back."""
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb)))


@pytest.fixture(scope="module")
def combined() -> openpyxl.Workbook:
    return reload(build_workbook())


def validations_at(ws: Worksheet, coord: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]


def list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    """The values a list validation offers (inline list or a range on the Lists sheet)."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, ref = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [str(row[0].value) for row in ws[ref.replace("$", "")]]


def register_sheets():
    return [s for s in CONTRACT.sheets if s.kind == "register"]


def test_every_contract_sheet_present_with_headers_in_order(combined):
    assert combined.sheetnames[0] == INSTRUCTIONS_SHEET
    assert [n for n in combined.sheetnames if n not in AUXILIARY_SHEETS] == CONTRACT.sheet_names()
    for sheet in register_sheets():
        ws = combined[sheet.name]
        headers = [c.value for c in ws[1]]
        assert [normalise_header(h) for h in headers] == [
            normalise_header(c.header) for c in sheet.columns
        ]
        for col, text in zip(sheet.columns, headers, strict=True):
            assert text.endswith(" *") == col.required, (sheet.name, text)


def test_required_headers_are_coloured_differently(combined):
    ws = combined["Services"]
    fills = {c.value: c.fill.fgColor.rgb for c in ws[1]}
    assert fills["ID *"] != fills["Description"]
    assert all(c.font.bold for c in ws[1])


def test_enum_columns_offer_exactly_the_contract_values(combined):
    checked = 0
    for sheet in register_sheets():
        ws = combined[sheet.name]
        for idx, col in enumerate(sheet.columns, start=1):
            expected = {"enum": list(col.values), "yesno": ["yes", "no"], "level": list("01234")}
            if col.type not in expected and col.type != "process":
                continue
            (dv,) = validations_at(ws, f"{get_column_letter(idx)}2")
            assert dv.type == "list"
            values = list_values(combined, dv.formula1)
            if col.type == "process":
                assert values == [p.id for p in CONTRACT.processes] + list(col.allow)
            else:
                assert values == expected[col.type], (sheet.name, col.name)
            checked += 1
    assert checked > 40


def test_values_with_commas_go_to_the_hidden_lists_sheet(combined):
    assert combined[LISTS_SHEET].sheet_state == "hidden"
    ws = combined["Agreement Terms"]
    (dv,) = validations_at(ws, "B2")
    assert "communication, reporting and escalation" in list_values(combined, dv.formula1)


def test_every_column_has_an_input_message_to_row_1000(combined):
    for sheet in register_sheets():
        ws = combined[sheet.name]
        for idx, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(idx)
            for coord in (f"{letter}2", f"{letter}1000"):
                (dv,) = validations_at(ws, coord)
                assert dv.showInputMessage and dv.prompt, (sheet.name, col.name)
                assert dv.promptTitle == col.header[:TITLE_LIMIT]
                assert len(dv.prompt) <= PROMPT_LIMIT
                assert col.help.split()[0] in dv.prompt


def test_date_and_number_columns(combined):
    for sheet in register_sheets():
        ws = combined[sheet.name]
        for idx, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(idx)
            (dv,) = validations_at(ws, f"{letter}2")
            if col.type == "date":
                assert dv.type == "date"
                assert ws.column_dimensions[letter].number_format == "yyyy-mm-dd"
                assert ws[f"{letter}2"].number_format == "yyyy-mm-dd"
            elif col.type == "int":
                assert dv.type == "whole"
                if col.min is not None and col.max is not None:
                    assert (float(dv.formula1), float(dv.formula2)) == (col.min, col.max)


def test_tables_cover_the_header_and_rows(combined):
    names = set()
    for sheet in CONTRACT.sheets:
        ws = combined[sheet.name]
        assert len(ws.tables) == 1, sheet.name
        table = next(iter(ws.tables.values()))
        names.add(table.displayName)
        ncols = len(sheet.columns) if sheet.kind == "register" else 3
        assert table.ref.startswith("A1:" + get_column_letter(ncols))
        assert int(table.ref.split(":")[1][len(get_column_letter(ncols)) :]) >= 2
    assert len(names) == len(CONTRACT.sheets)


def test_table_names_are_valid():
    assert table_name("Design & Transition") == "DesignTransition"
    assert table_name("Availability & Continuity Plans") == "AvailabilityContinuityPlans"
    assert table_name("R2") == "T_R2"
    assert table_name("1st sheet") == "T_1stSheet"


def test_frozen_header_and_id_column(combined):
    assert combined["Services"].freeze_panes == "B2"
    assert combined["Assessment"].freeze_panes == "B2"
    assert combined["Roles"].freeze_panes == "A2"
    assert combined["Organisation"].freeze_panes == "B2"


def test_instructions_index_links_every_sheet(combined):
    entries = index_entries(combined[INSTRUCTIONS_SHEET])
    assert [text for text, _ in entries] == CONTRACT.sheet_names()
    for text, location in entries:
        sheet, cell = location.rsplit("!", 1)
        assert sheet.strip("'") == text and sheet.strip("'") in combined.sheetnames
        assert cell == "A1"
    texts = " ".join(
        str(c.value) for row in combined[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    assert "CC BY 4.0" in texts and "FitSM-1" in texts and "Required column" in texts


@pytest.mark.parametrize(("edition", "count"), [("2", 85), ("3", 82)])
def test_assessment_prefilled_per_edition(edition, count):
    wb = reload(build_workbook(["Assessment"], edition=edition))
    ws = wb["Assessment"]
    ids = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert len(ids) == count
    assert ids == [r.id for r in load_catalogue(edition).requirements]
    assert ws["B2"].value == load_catalogue(edition).requirements[0].text
    assert next(iter(ws.tables.values())).ref == f"A1:H{count + 1}"


def test_processes_and_organisation_prefilled(combined):
    ws = combined["Processes"]
    assert [ws.cell(row=r, column=1).value for r in range(2, 16)] == [
        f"PR{i}" for i in range(1, 15)
    ]
    assert ws["B2"].value == "Service portfolio management" and ws["C2"].value is None
    org = combined["Organisation"]
    assert [c.value for c in org[1]] == ["Field", "Value", "Help"]
    fields = CONTRACT.sheet("Organisation").fields
    assert [org.cell(row=r, column=1).value for r in range(2, len(fields) + 2)] == [
        f.header for f in fields
    ]
    assert all(org.cell(row=r, column=2).value is None for r in range(2, len(fields) + 2))
    (dv,) = validations_at(org, f"B{[f.name for f in fields].index('audit_interval') + 2}")
    assert dv.type == "whole"


def test_data_and_fields_are_written_with_types():
    data = {
        "Services": [
            {
                "id": "SVC-001",
                "name": "Pizza delivery",
                "status": "live",
                "customers": ["CUS-001", "CUS-002"],
                "in_scope": True,
            },
        ],
        "Agreements": [
            {
                "id": "SLA-001",
                "type": "SLA",
                "status": "active",
                "signed_on": dt.date(2026, 3, 31),
                "valid_from": "2026-04-01",
                "review_interval": 12,
            }
        ],
    }
    wb = reload(
        build_workbook(
            ["Organisation", "Services", "Agreements"],
            data=data,
            fields={"provider": "Pizza Ltd", "audit_interval": 12},
        )
    )
    svc = wb["Services"]
    assert svc["G2"].value == "CUS-001, CUS-002" and svc["I2"].value == "yes"
    agr = wb["Agreements"]
    cols = [c.name for c in CONTRACT.sheet("Agreements").columns]
    row = {name: agr.cell(row=2, column=i).value for i, name in enumerate(cols, start=1)}
    assert row["signed_on"] == dt.datetime(2026, 3, 31) and row["valid_from"] == dt.datetime(
        2026, 4, 1
    )
    assert row["review_interval"] == 12
    assert next(iter(svc.tables.values())).ref == f"A1:{get_column_letter(len(CONTRACT.sheet('Services').columns))}2"
    org = wb["Organisation"]
    assert org["B2"].value == "Pizza Ltd"


def test_bad_data_is_refused():
    with pytest.raises(ValueError, match="unknown column"):
        build_workbook(["Services"], data={"Services": [{"idd": "SVC-001"}]})
    with pytest.raises(ValueError, match="unknown sheet"):
        build_workbook(["Servicez"])
    with pytest.raises(ValueError, match="not in the workbook"):
        build_workbook(["People"], data={"Services": []})
    with pytest.raises(ValueError, match="unknown field"):
        build_workbook(["Organisation"], fields={"nope": 1})
    with pytest.raises(ValueError):
        build_workbook(["Assessment"], edition="9")


def test_formula_injection_is_stored_as_text():
    rows = [
        {
            "id": "SVC-001",
            "name": INJECTION,
            "description": "+SUM(1,2)",
            "support": "@evil",
            "status": "live",
        }
    ]
    raw = workbook_bytes(build_workbook(["Services"], data={"Services": rows}))
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        names = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = b"".join(zf.read(n) for n in names)
    assert b"<f>" not in xml and b"<f " not in xml
    ws = openpyxl.load_workbook(io.BytesIO(raw))["Services"]
    assert ws["B2"].value == INJECTION and ws["B2"].data_type == "s"
    assert ws["C2"].value == "+SUM(1,2)" and ws["C2"].data_type == "s"


def test_text_helper_guards_formulas_and_error_codes():
    wb = openpyxl.Workbook()
    cell = wb.active["A1"]
    for text in (INJECTION, "-1+2", "@SUM(A1)", "\tx", "\rx", "#N/A"):
        set_text(cell, text)
        assert cell.data_type == "s" and cell.value == text
    assert is_formula_like("=1") and is_formula_like("-x") and not is_formula_like("plain")
    set_text(cell, "bad\x00char")
    assert cell.value == "badchar"


def test_truncate_cuts_at_a_word():
    text = "word " * 100
    out = truncate(text, 255)
    assert len(out) <= 255 and out.endswith("\u2026") and not out[:-1].endswith(" ")
    assert truncate("short", 255) == "short"


def test_prompts_carry_type_hints(combined):
    ws = combined["Services"]
    (dv,) = validations_at(ws, "A2")
    assert "SVC-001" in dv.prompt and dv.type == "custom"
    (dv,) = validations_at(ws, "F2")  # owner -> People drop-down in the combined workbook
    assert dv.type == "list" and "People" in dv.formula1 and dv.errorStyle == "warning"


def test_output_is_byte_stable():
    assert workbook_bytes(build_workbook(["People"])) == workbook_bytes(build_workbook(["People"]))
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook(["People"]))))
    assert wb.properties.creator == "fitsm-audit"
    assert wb.properties.modified == dt.datetime(2026, 1, 1)


def _summary(wb: openpyxl.Workbook) -> dict:
    """The content that must not drift: sheets, headers, validations, tables, index."""
    out: dict = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        if ws.title == INSTRUCTIONS_SHEET:
            out[ws.title] = index_entries(ws)
            continue
        out[ws.title] = {
            "header": [c.value for c in ws[1]],
            "validations": sorted(
                (str(dv.type), str(dv.formula1), str(dv.sqref))
                for dv in ws.data_validations.dataValidation
            ),
            "tables": sorted((t.displayName, t.ref) for t in ws.tables.values()),
        }
    return out


def _assert_same(name: str, fresh: openpyxl.Workbook) -> None:
    committed = ROOT / "workbook_templates" / name
    assert committed.exists(), f"{name} missing: run python -m fitsm_audit.template --rebuild"
    assert _summary(openpyxl.load_workbook(committed)) == _summary(fresh), (
        f"workbook_templates/{name} is out of date: run python -m fitsm_audit.template --rebuild"
    )


def test_committed_combined_template_matches_the_contract(combined):
    _assert_same(COMBINED_FILE, combined)


@pytest.mark.parametrize("area", list(AREAS))
def test_committed_area_templates_match_the_contract(area):
    _assert_same(AREAS[area], reload(build_area_workbook(area)))


def test_docs_columns_md_is_generated():
    assert (ROOT / "docs" / "columns.md").read_text(
        encoding="utf-8"
    ) == column_reference_markdown(), (
        "docs/columns.md is out of date: run python -m fitsm_audit.template --rebuild"
    )


def test_atomic_write_refuses_then_overwrites(tmp_path):
    target = tmp_path / "out.bin"
    atomic_write(target, b"one")
    with pytest.raises(OutputExistsError):
        atomic_write(target, b"two")
    assert target.read_bytes() == b"one"
    atomic_write(target, "zwei", force=True)
    assert target.read_text(encoding="utf-8") == "zwei"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_atomic_write_cleans_up_after_a_failure(tmp_path):
    def boom(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "x.pdf", boom)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UsageError):
        atomic_write(tmp_path, b"x", force=True)


def test_atomic_save_workbook(tmp_path):
    path = atomic_save_workbook(build_workbook(["Tools"]), tmp_path / "sub" / "t.xlsx")
    assert openpyxl.load_workbook(path).sheetnames == ["Instructions", "Tools"]
    with pytest.raises(OutputExistsError):
        atomic_save_workbook(build_workbook(["Tools"]), path)
