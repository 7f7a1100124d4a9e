"""The document commands through the real click group: outputs, refusals, signing, demo, manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_documents_data import AS_OF, ROOT, SAMPLE
from test_render_sign import PASSWORD, make_pkcs12

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.publish.manifest import MANIFEST, check_manifest, file_sha256
from fitsm_audit.render.sign import verify_pdf

COMMITTED = ROOT / "samples" / "pizza-delivery-documents"
ALL_FORMATS = "docx,pdf,html"


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
    assert files == ["gap-report.docx", "gap-report.html", MANIFEST]
    assert out == (
        f"Wrote 3 files to {tmp_path}/ (gap-report.docx, gap-report.html, {MANIFEST})\n"
    )
    assert check_manifest(tmp_path) == []
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
    assert code == 2 and err == (
        f"fitsm-audit: -o {tmp_path / 'file'}: give a folder; catalogue writes several files "
        f"(service-catalogue.docx, {MANIFEST})\n"
    )


def test_sla_writes_the_chosen_agreements(tmp_path, capsys) -> None:
    code, _, err = run(
        base("sla", tmp_path, "--id", "SLA-002", "--id", "ua-003", "--format", "docx"), capsys
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SLA-002.docx", "UA-003.docx", MANIFEST]


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
    assert "SVC-005 has no Catalogue entry" in err
    assert out == f"Wrote 2 files to {out_dir}/ (service-catalogue.pdf, {MANIFEST}; PDFs signed)\n"
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
        code = run_guarded(cli, ["demo", "-o", str(out), "--format", ALL_FORMATS])
    assert code == 0
    return out, buffer.getvalue()


def test_demo_writes_every_document_and_the_manifest(demo_run) -> None:
    out, printed = demo_run
    manifest = json.loads((out / MANIFEST).read_text())
    names = {o["path"] for o in manifest["outputs"]}
    for stem in ("gap-report", "sms-plan", "service-catalogue", "SLA-001", "OLA-003", "UA-006"):
        assert {f"{stem}.docx", f"{stem}.pdf", f"{stem}.html"} <= names
    assert {"check.json", "assessment.json"} <= names
    assert manifest["inputs"] == [{"name": SAMPLE.name, "sha256": file_sha256(SAMPLE)}]
    assert {o["as_of"] for o in manifest["outputs"]} == {"2026-11-30"}
    assert {tuple(o["inputs"]) for o in manifest["outputs"]} == {(file_sha256(SAMPLE),)}
    assert check_manifest(out) == []
    assert printed.splitlines()[-1] == (
        f"Wrote 66 files to {out}/ (21 documents as DOCX, PDF and HTML, check.json, "
        f"assessment.json, {MANIFEST})"
    )
    assert "in-scope requirement groups meet their target" in printed


def test_demo_rerun_is_byte_identical(demo_run, capsys) -> None:
    """A rerun refuses to overwrite; with --force and only DOCX it rewrites the same DOCX bytes
    and keeps the manifest entries of the PDF and HTML files it did not touch."""
    out, _ = demo_run
    before = (out / MANIFEST).read_bytes()
    code, _, err = run(["demo", "-o", str(out), "--format", "docx"], capsys)
    assert code == 2 and "already exists" in err
    code, _, _ = run(["demo", "-o", str(out), "--format", "docx", "--force"], capsys)
    assert code == 0 and (out / MANIFEST).read_bytes() == before


def test_committed_sample_documents_are_current(demo_run) -> None:
    """The committed documents (regenerate: python -m fitsm_audit.publish.demo) match a fresh
    run byte for byte: DOCX, PDF, HTML and JSON alike."""
    out, _ = demo_run
    fresh = {o["path"]: o["sha256"] for o in json.loads((out / MANIFEST).read_text())["outputs"]}
    committed = json.loads((COMMITTED / MANIFEST).read_text())
    listed = {o["path"]: o["sha256"] for o in committed["outputs"]}
    assert sorted(listed) == sorted(fresh), "regenerate with: python -m fitsm_audit.publish.demo"
    stale = sorted(path for path, sha in listed.items() if fresh[path] != sha)
    assert stale == [], "regenerate with: python -m fitsm_audit.publish.demo"
    assert {o["format"] for o in committed["outputs"]} == {"docx", "pdf", "html", "json"}
    assert check_manifest(COMMITTED) == []


def test_several_pdfs_render_in_parallel_with_the_same_bytes(tmp_path) -> None:
    from test_documents_data import tiny_dataset

    from fitsm_audit.documents.build import documents_for
    from fitsm_audit.publish.documents import write_documents
    from fitsm_audit.render import render

    docs = documents_for(["sla", "catalogue"], tiny_dataset(), AS_OF)
    assert len(docs) == 3
    written = write_documents(docs, tmp_path, ["pdf"])
    assert [w.path.name for w in written] == ["SLA-001.pdf", "OLA-001.pdf", "service-catalogue.pdf"]
    assert written[2].path.read_bytes() == render(docs[2], ["pdf"])["pdf"]


def test_every_document_command_updates_the_folder_manifest(tmp_path, capsys) -> None:
    code, out, err = run(base("plan", tmp_path, "--format", "docx"), capsys)
    assert code == 0, err
    assert out == f"Wrote 2 files to {tmp_path}/ (sms-plan.docx, {MANIFEST})\n"
    code, _, err = run(base("sla", tmp_path, "--id", "SLA-001", "--format", "docx"), capsys)
    assert code == 0, err
    code, _, err = run(base("catalogue", tmp_path, "--format", "html"), capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert [o["path"] for o in manifest["outputs"]] == [
        "SLA-001.docx",
        "service-catalogue.html",
        "sms-plan.docx",
    ]
    assert check_manifest(tmp_path) == []
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary file left

    (tmp_path / "SLA-001.docx").unlink()  # an entry whose file is gone is dropped on the next run
    code, _, err = run(base("report", tmp_path, "--format", "docx"), capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert [o["path"] for o in manifest["outputs"]] == [
        "gap-report.docx",
        "service-catalogue.html",
        "sms-plan.docx",
    ]
    assert [o["edition"] for o in manifest["outputs"]] == ["2", None, None]
    assert check_manifest(tmp_path) == []


def test_a_foreign_manifest_is_replaced_only_with_force(tmp_path, capsys) -> None:
    (tmp_path / MANIFEST).write_text('{"something": "else"}')
    code, _, err = run(base("plan", tmp_path, "--format", "docx"), capsys)
    assert code == 2 and f"{tmp_path / MANIFEST} already exists" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST]  # nothing rendered
    code, _, err = run(base("plan", tmp_path, "--format", "docx", "--force"), capsys)
    assert code == 0, err
    assert [o["path"] for o in json.loads((tmp_path / MANIFEST).read_text())["outputs"]] == [
        "sms-plan.docx"
    ]


def test_publish_is_the_one_pipeline_behind_the_cli_and_the_demo(tmp_path) -> None:
    """The CLI parses options and prints; reading, assessing, building and writing live in
    fitsm_audit.publish.documents, which the demo uses too."""
    import inspect

    from fitsm_audit.cli import commands_documents
    from fitsm_audit.publish import demo
    from fitsm_audit.publish.documents import publish

    cli_source = inspect.getsource(commands_documents)
    for name in ("documents_for", "write_documents", "read_inputs", "read_sms", "assess("):
        assert name not in cli_source, name
    assert "publish(" in inspect.getsource(demo.run_demo)

    result = publish(
        ["report", "catalogue"],
        [SAMPLE],
        tmp_path,
        as_of=AS_OF,
        formats=["html"],
        data_files=True,
    )
    assert [w.path.name for w in result.outputs] == [
        "check.json",
        "assessment.json",
        "gap-report.html",
        "service-catalogue.html",
    ]
    assert result.assessment is not None and result.missing_services == ["SVC-005"]
    assert check_manifest(tmp_path) == []


def _patched_sample(tmp_path: Path, sheet: str, ref: str, value: str) -> Path:
    from cellpatch import patch, sheet_paths

    data = SAMPLE.read_bytes()
    path = tmp_path / "patched.xlsx"
    path.write_bytes(patch(data, sheet_paths(data)[sheet], ref, value))
    return path


def test_user_text_in_cli_messages_is_escaped(tmp_path, capsys) -> None:
    # Services!A6 is SVC-005, the live service without a Catalogue entry; _x001B_ is ESC.
    book = _patched_sample(tmp_path, "Services", "A6", "SVC-_x001B_[2J005")
    args = ["catalogue", str(book), "-o", str(tmp_path / "out"), "--as-of", AS_OF.isoformat()]
    code, _, err = run([*args, "--format", "docx", "--allow-errors"], capsys)  # SVC-005's refs break
    assert code == 0, err
    assert "live service SVC-\\x1b[2J005 has no Catalogue entry" in err and "\x1b" not in err

    # Agreements!A2 is SLA-001: the known-ID list of an unknown --id shows it escaped.
    book = _patched_sample(tmp_path, "Agreements", "A2", "SLA-_x001B_]0;x_x0007_001")
    args = ["sla", str(book), "-o", str(tmp_path / "sla"), "--as-of", AS_OF.isoformat()]
    code, _, err = run([*args, "--id", "NOPE\x1b[31m"], capsys)
    assert code == 2 and "\x1b" not in err and "\x07" not in err
    assert "no agreement NOPE\\x1b[31m" in err and "SLA-\\x1b]0;x\\x07001" in err


def test_pdf_warnings_of_parallel_workers_reach_the_cli(tmp_path, capsys, monkeypatch) -> None:
    """A DOCX that loses control characters logs a warning; rendered in a spawned worker process
    (several documents with PDFs), the warning still reaches the CLI's warning output."""
    from fitsm_audit.publish import documents as publish

    monkeypatch.setattr(publish.os, "cpu_count", lambda: 2)  # parallel even on one core
    book = _patched_sample(tmp_path, "Agreements", "B2", "Default SLA _x0001_ for all")
    args = ["sla", str(book), "-o", str(tmp_path / "out"), "--as-of", AS_OF.isoformat()]
    code, _, err = run([*args, "--id", "SLA-001", "--id", "SLA-002", "--id", "OLA-001"], capsys)
    assert code == 0, err
    assert re.search(r"^fitsm-audit: warning: SLA-001: removed \d+ characters?", err, re.M), err


def test_verify_refuses_a_bad_trust_file_and_a_folder(tmp_path, capsys) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"\x00not a certificate at all")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    code, out, err = run(["verify", str(pdf), "--trust", str(garbage)], capsys)
    assert code == 2 and out == ""
    assert err.strip() == (
        f"fitsm-audit: --trust {garbage}: not a certificate "
        "(expected an X.509 certificate as PEM or DER)"
    )
    code, _, err = run(["verify", str(tmp_path)], capsys)
    assert code == 2
    assert err.strip() == f"fitsm-audit: {tmp_path}: is a folder; give the PDF files to verify"


def test_verify_escapes_the_signer_name(tmp_path, capsys) -> None:
    from test_render_html_pdf import small_document

    from fitsm_audit.render import render
    from fitsm_audit.render.sign import load_signer, sign_pdf

    p12, _ = make_pkcs12(tmp_path, "Evil\x1b[2J Signer")
    pdf = render(small_document(), ["pdf"])["pdf"]
    signed = sign_pdf(pdf, load_signer(p12, PASSWORD), reason="test")
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    code, out, err = run(["verify", str(path)], capsys)
    assert code == 0, err
    assert "signer:    Evil\\x1b[2J Signer" in out and "\x1b" not in out


def test_demo_data_files_name_the_sample_not_a_local_path(demo_run) -> None:
    """check.json and assessment.json name the input as the manifest does, so the committed
    sample documents are the same on every machine."""
    out, _ = demo_run
    check = json.loads((out / "check.json").read_text())
    files = {f["file"] for f in check["findings"]}
    assert files == {"pizza-delivery.xlsx"}
    for name in ("check.json", "assessment.json"):
        assert "/" + "pizza-delivery.xlsx" not in (out / name).read_text(), name
