"""--templates DIR: the user's own document.html, blocks.html or document.css replace the
packaged ones for PDF and HTML; a broken or unsafe template is one line, never a traceback."""

from __future__ import annotations

from test_documents_cli import base, run
from test_documents_data import pdf_text

from fitsm_audit.core.resources import package_file


def _packaged(name: str) -> str:
    return package_file("doc_templates", name).read_text(encoding="utf-8")


def test_an_own_template_and_stylesheet_are_used(tmp_path, capsys) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    html = _packaged("document.html").replace(
        '<section class="front">', '<p class="own-note">Issued under our brand guide BG-7</p>\n<section class="front">'
    )
    (own / "document.html").write_text(html, encoding="utf-8")
    (own / "document.css").write_text(_packaged("document.css") + "\n.own-note { color: #c00; }\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(base("plan", out, "--format", "pdf,html", "--templates", str(own)), capsys)
    assert code == 0, err
    assert "Issued under our brand guide BG-7" in pdf_text((out / "sms-plan.pdf").read_bytes())
    assert ".own-note { color: #c00; }" in (out / "sms-plan.html").read_text(encoding="utf-8")


def test_a_broken_or_unsafe_template_is_one_line(tmp_path, capsys) -> None:
    for name, body in {
        "broken": "{% if %}",
        "unsafe": "{{ doc.__class__.__mro__[1].__subclasses__() }}",
    }.items():
        own = tmp_path / name
        own.mkdir()
        (own / "document.html").write_text(body, encoding="utf-8")
        code, _, err = run(base("plan", tmp_path / f"out-{name}", "--format", "pdf", "--templates", str(own)), capsys)
        assert code == 2 and f"--templates {own}" in err and "Traceback" not in err, (name, err)
        assert len(err.strip().splitlines()) == 1, err
