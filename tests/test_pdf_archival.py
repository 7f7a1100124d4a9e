"""Archival PDFs: every document is PDF/A-3b (XMP identification, sRGB output intent) and tagged
(a structure tree); signing keeps both."""

from __future__ import annotations

import io

import pikepdf
import pytest
from test_render_sign import PASSWORD, make_pkcs12

from fitsm_audit.documents.model import Document, DocumentControl, Paragraph, Section
from fitsm_audit.render import render
from fitsm_audit.render.sign import load_signer, sign_pdf, verify_pdf


def _doc() -> Document:
    import datetime as dt

    control = DocumentControl(
        identifier="DOC-T", version="1.0", status="approved", owner="Owner", approved_by="A",
        approved_on="2026-11-01", date="2026-11-30", next_review="2027-11-30", source="test",
    )  # fmt: skip
    return Document(
        kind="sms-plan", stem="t", title="Archival test", subtitle="A short document",
        provider="Test Provider", as_of=dt.date(2026, 11, 30), cover_facts=[("Key", "Value")],
        control=control, sections=[Section("One", [Paragraph("Some text to keep.")])],
    )  # fmt: skip


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render(_doc(), ["pdf"])["pdf"]


def _claims(data: bytes) -> tuple[str | None, str | None, bool, bool, str | None]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        intents = pdf.Root.get("/OutputIntents")
        return (
            meta.get("pdfaid:part"),
            meta.get("pdfaid:conformance"),
            "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked),
            intents is not None and len(intents) == 1,
            str(pdf.Root.get("/Lang")),
        )


def test_a_document_is_pdf_a_3b_and_tagged(pdf_bytes: bytes) -> None:
    assert _claims(pdf_bytes) == ("3", "B", True, True, "en")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("dc:title") == "Archival test · Test Provider"


def test_signing_keeps_the_archival_claims(pdf_bytes: bytes, tmp_path) -> None:
    p12, _ = make_pkcs12(tmp_path)
    signed = sign_pdf(pdf_bytes, load_signer(str(p12), PASSWORD), reason="test")
    assert _claims(signed) == _claims(pdf_bytes)
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    assert verify_pdf(path).ok


def _fonts(obj: pikepdf.Object, seen: set[tuple[int, int]]) -> list[pikepdf.Dictionary]:
    """Every font dictionary reachable from ``obj``'s resources, form XObjects included."""
    found: list[pikepdf.Dictionary] = []
    resources = obj.get("/Resources")
    if resources is None:
        return found
    for font in (resources.get("/Font") or {}).values():
        if font.objgen not in seen:
            seen.add(font.objgen)
            found.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(xobject.objgen)
            found.extend(_fonts(xobject, seen))
    return found


def test_the_visible_signature_embeds_its_font_at_the_right_widths(pdf_bytes: bytes, tmp_path) -> None:
    """The signature box keeps the PDF/A claim true (every font embedded) and is set at the
    font's real widths: a font written in 2048 units to the em as if 1000 spreads its letters."""
    p12, _ = make_pkcs12(tmp_path)
    signed = sign_pdf(pdf_bytes, load_signer(str(p12), PASSWORD), reason="test")
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        appearances = [
            annot.AP.N
            for page in pdf.pages
            for annot in page.get("/Annots") or []
            if annot.get("/FT") == "/Sig" and "/AP" in annot
        ]
        assert len(appearances) == 1
        seen: set[tuple[int, int]] = set()
        stamp_fonts = _fonts(appearances[0], seen)
        assert stamp_fonts, "the signature appearance has no text"
        all_fonts = stamp_fonts + [f for page in pdf.pages for f in _fonts(page.obj, seen)]
        for font in all_fonts:
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), str(font.get("/BaseFont"))
        for font in stamp_fonts:
            widths = [float(w) for item in font.DescendantFonts[0].W if isinstance(item, pikepdf.Array) for w in item]
            assert widths and max(widths) < 1100, f"glyph widths not in 1000 units to the em: {max(widths)}"
