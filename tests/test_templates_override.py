"""--templates DIR: the user's own document.html, blocks.html or document.css replace the
packaged ones for PDF and HTML; a broken or unsafe template is one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

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


def _reference(path: Path) -> None:
    """A reference DOCX in a house style: serif red headings and a style of its own."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.name, heading.font.size = "DejaVu Serif", Pt(20)
    heading.font.color.rgb = RGBColor(0xAA, 0x00, 0x00)
    document.styles.add_style("House Note", WD_STYLE_TYPE.PARAGRAPH).font.italic = True
    document.add_paragraph("This text of the reference is not copied.")
    document.save(str(path))


def test_a_reference_docx_gives_the_word_documents_its_styles(tmp_path, capsys) -> None:
    import docx
    from docx.shared import RGBColor

    own = tmp_path / "own"
    own.mkdir()
    _reference(own / "reference.docx")
    out = tmp_path / "out"
    code, _, err = run(base("plan", out, "--format", "docx,pdf", "--templates", str(own)), capsys)
    assert code == 0, err
    written = docx.Document(str(out / "sms-plan.docx"))
    heading = written.styles["Heading 1"]
    assert heading.font.name == "DejaVu Serif" and heading.font.color.rgb == RGBColor(0xAA, 0x00, 0x00)
    assert "House Note" in [s.name for s in written.styles]
    assert "Table Text" in [s.name for s in written.styles]  # the packaged styles the reference lacks stay
    text = "\n".join(p.text for p in written.paragraphs)
    assert "Document control" in text and "This text of the reference" not in text
    assert any(p.style.name == "Heading 1" for p in written.paragraphs)
    plain = tmp_path / "plain"
    code, _, err = run(base("plan", plain, "--format", "docx"), capsys)
    assert code == 0 and docx.Document(str(plain / "sms-plan.docx")).styles["Heading 1"].font.name != "DejaVu Serif"


def test_a_reference_that_is_not_a_word_document_is_one_line(tmp_path, capsys) -> None:
    import zipfile

    own = tmp_path / "own"
    own.mkdir()
    cases = {
        b"plain text": "not a Word document with styles",
        "zip-without-styles": "not a Word document with styles",
    }
    for data, message in cases.items():
        target = own / "reference.docx"
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            with zipfile.ZipFile(target, "w") as book:
                book.writestr("word/document.xml", "<x/>")
        out = tmp_path / f"out-{len(message)}-{id(data)}"
        code, _, err = run(base("plan", out, "--format", "docx", "--templates", str(own)), capsys)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err
        assert not out.exists()
