"""Never a document that contradicts the register: a document whose rows hold check errors is not
written unless --allow-errors, and then it says NOT CHECKED; an empty document is not written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from test_documents_cli import run
from test_documents_data import AS_OF, SAMPLE

from fitsm_audit.spec.contract import normalise_header


def _edit(tmp_path: Path, sheet: str, key: str, column: str, value: object) -> Path:
    """The sample with one cell of the row whose first cell is ``key`` set to ``value``."""
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb[sheet]
    headers = {normalise_header(c.value or ""): c.column for c in ws[1]}
    col = headers[normalise_header(column)]
    (row,) = [c.row for c in ws["A"] if c.value == key]
    ws.cell(row, col).value = value
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def _args(command: str, book: Path, out: Path, *extra: str) -> list[str]:
    return [command, str(book), "-o", str(out), "--as-of", AS_OF.isoformat(), "--format", "pdf", *extra]


def test_an_agreement_with_an_unreadable_date_is_not_written(tmp_path, capsys) -> None:
    book = _edit(tmp_path, "Agreements", "SLA-002", "valid_until", "31/12/2026")
    out = tmp_path / "out"
    code, _, err = run(_args("sla", book, out, "--id", "SLA-002", "--id", "SLA-003"), capsys)
    assert code == 1
    assert "SLA-002: 1 error in the rows it is written from (Agreements!" in err
    assert "SLA-003" not in err and "--allow-errors" in err
    assert not out.exists() or not any(out.iterdir())  # nothing written, not even SLA-003


def test_allow_errors_writes_it_marked_not_checked(tmp_path, capsys) -> None:
    from pypdf import PdfReader

    book = _edit(tmp_path, "Agreements", "SLA-002", "valid_until", "31/12/2026")
    out = tmp_path / "out"
    code, _, err = run(_args("sla", book, out, "--id", "SLA-002", "--allow-errors"), capsys)
    assert code == 0, err
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out / "SLA-002.pdf").pages]
    assert all("NOT CHECKED" in p for p in pages)
    assert "Not checked: the register rows this document is written from have 1 error" in pages[0]


def test_an_agreement_naming_an_unknown_service_is_not_written(tmp_path, capsys) -> None:
    book = _edit(tmp_path, "Agreements", "SLA-002", "services", "SVC-003, SVC-099")
    code, _, err = run(_args("sla", book, tmp_path / "out", "--id", "SLA-002"), capsys)
    assert code == 1 and "SLA-002: 1 error" in err


def test_the_plan_is_not_written_from_a_mistyped_process_status(tmp_path, capsys) -> None:
    book = _edit(tmp_path, "Processes", "PR9", "implementation_status", "in progres")
    code, _, err = run(_args("plan", book, tmp_path / "out"), capsys)
    assert code == 1 and "sms-plan: 1 error in the rows it is written from (Processes!" in err
    # an error in a row the document does not use stops nothing
    other = _edit(tmp_path, "Risks", "RSK-001", "likelihood", "very")
    code, _, err = run(_args("plan", other, tmp_path / "out2"), capsys)
    assert code == 0, err


def test_a_catalogue_without_live_services_is_not_written(tmp_path, capsys) -> None:
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["Services"]
    status = next(c.column for c in ws[1] if normalise_header(c.value or "") == "status")
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, status).value == "live":
            ws.cell(row, status).value = "retired"
    book = tmp_path / "retired.xlsx"
    wb.save(book)
    out = tmp_path / "out"
    code, _, err = run(_args("catalogue", book, out), capsys)
    assert code == 1 and err.count("\n") == 1 and "the service catalogue would be empty" in err
    assert not (out / "service-catalogue.pdf").exists()
