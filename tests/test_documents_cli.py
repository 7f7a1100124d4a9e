"""The document commands through the real click group: outputs, refusals, signing, demo, manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_documents_data import AS_OF, ROOT, SAMPLE
from test_render_sign import PASSWORD, make_pkcs12

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.documents.manifest import MANIFEST, check_manifest, file_sha256
from fitsm_audit.render.sign import verify_pdf

COMMITTED = ROOT / "samples" / "pizza-delivery-documents"
pytestmark = pytest.mark.skipif(not SAMPLE.is_file(), reason="the sample workbook is not built")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(cli, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def base(command: str, out: Path, *extra: str) -> list[str]:
    return [command, str(SAMPLE), "-o", str(out), "--as-of", AS_OF.isoformat(), *extra]


def test_report_writes_and_refuses_to_overwrite(tmp_path, capsys) -> None:
    code, out, err = run(base("report", tmp_path, "--format", "docx,html"), capsys)
    assert code == 0, err
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["gap-report.docx", "gap-report.html"]
    assert f"wrote {tmp_path / 'gap-report.docx'}" in out
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    code, _, err = run(base("report", tmp_path, "--format", "docx,html"), capsys)
    assert code == 2 and "already exists" in err and "--force" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_bad_format_and_unknown_agreement_are_usage_errors(tmp_path, capsys) -> None:
    code, _, err = run(base("plan", tmp_path, "--format", "docx,odt"), capsys)
    assert code == 2 and "--format" in err
    code, _, err = run(base("sla", tmp_path, "--id", "SLA-999"), capsys)
    assert code == 2 and "SLA-999" in err and "SLA-001" in err
    code, _, err = run(base("plan", tmp_path, "--format", "docx", "--sign-key", "k.p12"), capsys)
    assert code == 2 and "add pdf" in err
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "file").write_text("x")
    code, _, err = run(base("catalogue", tmp_path / "file", "--format", "docx"), capsys)
    assert code == 2 and "is a file" in err


def test_sla_writes_the_chosen_agreements(tmp_path, capsys) -> None:
    code, _, err = run(
        base("sla", tmp_path, "--id", "SLA-002", "--id", "ua-003", "--format", "docx"), capsys
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SLA-002.docx", "UA-003.docx"]


def test_catalogue_signed_pdf_and_the_missing_service_warning(
    tmp_path, capsys, monkeypatch
) -> None:
    p12, _ = make_pkcs12(tmp_path)
    monkeypatch.setenv("FITSM_TEST_PASS", PASSWORD)
    out_dir = tmp_path / "out"
    code, out, err = run(
        base(
            "catalogue",
            out_dir,
            "--format",
            "pdf",
            "--sign-key",
            str(p12),
            "--sign-pass-env",
            "FITSM_TEST_PASS",
        ),
        capsys,
    )
    assert code == 0, err
    assert "SVC-005 has no Catalogue entry" in err and "(signed)" in out
    result = verify_pdf(out_dir / "service-catalogue.pdf")
    assert result.ok and result.signatures[0].signer == "Test Signer"
    code, _, err = run(
        base(
            "catalogue",
            tmp_path / "x",
            "--format",
            "pdf",
            "--sign-key",
            str(p12),
            "--sign-pass-env",
            "FITSM_TEST_UNSET",
        ),
        capsys,
    )
    assert code == 2 and "FITSM_TEST_UNSET" in err


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("demo") / "demo"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = run_guarded(cli, ["demo", "-o", str(out), "--format", "docx,html"])
    assert code == 0
    return out, buffer.getvalue()


def test_demo_writes_every_document_and_the_manifest(demo_run) -> None:
    out, printed = demo_run
    manifest = json.loads((out / MANIFEST).read_text())
    names = {o["path"] for o in manifest["outputs"]}
    for stem in ("gap-report", "sms-plan", "service-catalogue", "SLA-001", "OLA-003", "UA-006"):
        assert f"{stem}.docx" in names and f"{stem}.html" in names
    assert {"check.json", "assessment.json"} <= names
    assert manifest["as_of"] == "2026-11-30" and manifest["inputs"][0]["name"] == SAMPLE.name
    assert check_manifest(out) == []
    assert str(out / "gap-report.docx") in printed and "manifest" in printed
    assert "in-scope requirement groups meet their target" in printed


def test_demo_rerun_is_byte_identical(demo_run, capsys) -> None:
    out, _ = demo_run
    before = (out / MANIFEST).read_bytes()
    code, _, err = run(["demo", "-o", str(out), "--format", "docx,html"], capsys)
    assert code == 2 and "already exists" in err
    code, _, _ = run(["demo", "-o", str(out), "--format", "docx,html", "--force"], capsys)
    assert code == 0 and (out / MANIFEST).read_bytes() == before


def test_committed_sample_documents_are_current(demo_run) -> None:
    """The committed documents (regenerate: python -m fitsm_audit.documents.demo) match a fresh
    run. DOCX, HTML and JSON are compared byte for byte; the PDFs come from the same HTML."""
    if not (COMMITTED / MANIFEST).is_file():
        pytest.skip("no committed sample documents")
    out, _ = demo_run
    fresh = {o["path"]: o["sha256"] for o in json.loads((out / MANIFEST).read_text())["outputs"]}
    committed = json.loads((COMMITTED / MANIFEST).read_text())
    stale = [
        o["path"]
        for o in committed["outputs"]
        if o["format"] != "pdf" and fresh.get(o["path"]) != o["sha256"]
    ]
    assert stale == [], "regenerate with: python -m fitsm_audit.documents.demo"
    for o in committed["outputs"]:
        assert file_sha256(COMMITTED / o["path"]) == o["sha256"], o["path"]


def test_several_pdfs_render_in_parallel_with_the_same_bytes(tmp_path) -> None:
    from test_documents_data import tiny_dataset

    from fitsm_audit.documents.build import documents_for
    from fitsm_audit.documents.publish import write_documents
    from fitsm_audit.render import render

    docs = documents_for(["sla", "catalogue"], tiny_dataset(), AS_OF)
    assert len(docs) == 3
    written = write_documents(docs, tmp_path, ["pdf"])
    assert [w.path.name for w in written] == ["SLA-001.pdf", "OLA-001.pdf", "service-catalogue.pdf"]
    assert written[2].path.read_bytes() == render(docs[2], ["pdf"])["pdf"]
