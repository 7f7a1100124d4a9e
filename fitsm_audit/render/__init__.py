"""Renderers: one view-model (``fitsm_audit.documents.model.Document``) to DOCX, PDF and HTML.

Heavy libraries (weasyprint, python-docx, matplotlib) are imported only when a format is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fitsm_audit.documents.model import Document

FORMATS = ("docx", "pdf", "html")


def render(doc: Document, formats: Sequence[str]) -> dict[str, bytes]:
    """The document in each requested format, as bytes keyed by format name."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)}; use {', '.join(FORMATS)}")
    from fitsm_audit.render.charts import render_chart, svg_for_html

    out: dict[str, bytes] = {}
    charts = doc.charts()
    if "html" in formats or "pdf" in formats:
        from fitsm_audit.render.html import render_html, stylesheet

        svgs = {c.name: svg_for_html(render_chart(c, "svg")) for c in charts}
        if "html" in formats:
            out["html"] = render_html(doc, svgs, standalone=True).encode("utf-8")
        if "pdf" in formats:
            from fitsm_audit.render.pdf import html_to_pdf

            out["pdf"] = html_to_pdf(render_html(doc, svgs, standalone=False), stylesheet())
    if "docx" in formats:
        from fitsm_audit.render.docx import render_docx

        out["docx"] = render_docx(doc, {c.name: render_chart(c, "png") for c in charts})
    return {fmt: out[fmt] for fmt in formats if fmt in out}
