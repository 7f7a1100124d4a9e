"""Where the document commands write: -o names a folder (a file name is refused before anything
is read), the default is a folder named after the first workbook, never the current folder, and
every command says in one line where it wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_documents_data import AS_OF, SAMPLE

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.publish.manifest import MANIFEST, check_manifest


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(cli, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_without_o_documents_go_to_a_folder_named_after_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "books" / "my-sms.xlsx"
    book.parent.mkdir()
    shutil.copy(SAMPLE, book)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, err = run(["report", str(book), "--as-of", AS_OF.isoformat(), "--format", "docx"], capsys)
    assert code == 0, err
    assert tree(work) == ["my-sms-documents", "my-sms-documents/gap-report.docx", f"my-sms-documents/{MANIFEST}"]
    assert out == f"Wrote 2 files to my-sms-documents/ (gap-report.docx, {MANIFEST})\n"
    assert check_manifest(work / "my-sms-documents") == []

    # the next document command joins the same folder; existing files still need --force
    code, out, err = run(["plan", str(book), "--as-of", AS_OF.isoformat(), "--format", "docx"], capsys)
    assert code == 0, err
    assert out == f"Wrote 2 files to my-sms-documents/ (sms-plan.docx, {MANIFEST})\n"
    before = (work / "my-sms-documents" / "gap-report.docx").read_bytes()
    code, out, err = run(["report", str(book), "--as-of", AS_OF.isoformat(), "--format", "docx"], capsys)
    assert code == 2 and out == ""
    assert err == (
        "fitsm-audit: my-sms-documents/gap-report.docx already exists; use --force to overwrite it\n"
    )
    assert (work / "my-sms-documents" / "gap-report.docx").read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == ["my-sms-documents"]  # nothing loose


@pytest.mark.parametrize("given", ["my-sms", "my-sms/", "./my-sms/"])
def test_a_folder_input_names_the_default_folder(
    given: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my-sms").mkdir()
    shutil.copy(SAMPLE, tmp_path / "my-sms" / "combined.xlsx")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["catalogue", given, "--as-of", AS_OF.isoformat(), "--format", "html"], capsys)
    assert code == 0, err
    assert out == f"Wrote 2 files to my-sms-documents/ (service-catalogue.html, {MANIFEST})\n"
    assert sorted(p.name for p in (tmp_path / "my-sms-documents").iterdir()) == [
        MANIFEST,
        "service-catalogue.html",
    ]
    assert sorted(p.name for p in (tmp_path / "my-sms").iterdir()) == ["combined.xlsx"]


def test_the_current_folder_as_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "registers"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "combined.xlsx")
    monkeypatch.chdir(folder)
    code, out, err = run(["plan", ".", "--as-of", AS_OF.isoformat(), "--format", "html"], capsys)
    assert code == 0, err
    assert out.startswith("Wrote 2 files to registers-documents/ ")
    assert (folder / "registers-documents" / "sms-plan.html").is_file()


FILE_NAMES = ["out/gap.pdf", "out/gap.DOCX", "report.html", "results.json"]
WRITES = {
    "report": "gap-report.docx, gap-report.pdf, manifest.json",
    "plan": "sms-plan.docx, sms-plan.pdf, manifest.json",
    "catalogue": "service-catalogue.docx, service-catalogue.pdf, manifest.json",
    "sla": "a DOCX and PDF file per agreement, e.g. SLA-001.docx, and manifest.json",
}


@pytest.mark.parametrize("name", FILE_NAMES)
@pytest.mark.parametrize("command", sorted(WRITES))
def test_o_naming_a_file_is_refused_before_reading(
    command: str,
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    # the input does not exist: the -o error comes first, before anything is read
    code, out, err = run([command, "missing.xlsx", "-o", name], capsys)
    assert code == 2 and out == ""
    assert err == f"fitsm-audit: -o {name}: give a folder; {command} writes several files ({WRITES[command]})\n"
    assert list(tmp_path.iterdir()) == []  # no folder called gap.pdf, no out/


def test_o_naming_an_existing_file_and_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "notes"
    existing.write_text("mine")
    code, _, err = run(["report", str(SAMPLE), "-o", str(existing), "--format", "html"], capsys)
    assert code == 2
    assert err == (
        f"fitsm-audit: -o {existing}: give a folder; report writes several files "
        "(gap-report.html, manifest.json)\n"
    )
    assert existing.read_text() == "mine"
    code, _, err = run(["demo", "-o", str(tmp_path / "demo.pdf")], capsys)
    assert code == 2
    assert err == (
        f"fitsm-audit: -o {tmp_path / 'demo.pdf'}: give a folder; demo writes several files "
        "(every document as DOCX and PDF, check.json, assessment.json and manifest.json)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_a_folder_whose_name_looks_like_a_file_is_still_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "v1.json"
    folder.mkdir()
    code, out, err = run(["plan", str(SAMPLE), "-o", str(folder), "--as-of", AS_OF.isoformat(), "--format", "html"], capsys)
    assert code == 0, err
    assert out == f"Wrote 2 files to {folder}/ (sms-plan.html, {MANIFEST})\n"


def test_a_file_where_the_default_folder_would_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SAMPLE, tmp_path / "my-sms.xlsx")
    (tmp_path / "my-sms-documents").write_text("mine")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["plan", "my-sms.xlsx", "--format", "docx"], capsys)
    assert code == 2 and out == ""
    assert err == (
        "fitsm-audit: my-sms-documents is a file, not a folder; plan writes several files "
        "(sms-plan.docx, manifest.json): choose a folder with -o DIR\n"
    )
    assert (tmp_path / "my-sms-documents").read_text() == "mine"


def test_sla_summary_counts_documents_and_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "agreements"
    code, out, err = run(["sla", str(SAMPLE), "-o", str(out_dir), "--as-of", AS_OF.isoformat(), "--format", "html"], capsys)
    assert code == 0, err
    written = sorted(p.name for p in out_dir.iterdir())
    assert len(written) == 15 and MANIFEST in written  # 14 agreements and the manifest
    assert out == f"Wrote 15 files to {out_dir}/ (14 documents as HTML, {MANIFEST})\n"
