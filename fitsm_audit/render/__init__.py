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
        from fitsm_audit.core.words import join_words, noun

        raise ValueError(f"unknown {noun(len(unknown), 'format')} {join_words(unknown)}: use {join_words(FORMATS, 'or')}")
    import base64

    from fitsm_audit.render.charts import render_chart

    out: dict[str, bytes] = {}
    charts = doc.charts()
    if "html" in formats or "pdf" in formats:
        from fitsm_audit.render.html import render_html, stylesheet

        svgs = {c.name: render_chart(c, "svg") for c in charts}
        logo = doc.logo
        if "html" in formats:
            data_urls = {
                name: "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
                for name, svg in svgs.items()
            }
            inline = (
                f"data:{logo.mime};base64," + base64.b64encode(logo.data).decode("ascii")
                if logo else None
            )  # fmt: skip
            out["html"] = render_html(doc, data_urls, standalone=True, logo_url=inline).encode("utf-8")
        if "pdf" in formats:
            from fitsm_audit.render.pdf import LOGO, chart_url, html_to_pdf, logo_url

            urls = {name: chart_url(name) for name in svgs}
            html = render_html(doc, urls, standalone=False, logo_url=logo_url(logo.suffix) if logo else None)
            assets = {**svgs, **({LOGO: logo.data} if logo else {})}
            out["pdf"] = html_to_pdf(html, stylesheet(doc.templates), assets)
    if "docx" in formats:
        from fitsm_audit.render.docx import render_docx

        out["docx"] = render_docx(doc, {c.name: render_chart(c, "png") for c in charts})
    return {fmt: out[fmt] for fmt in formats if fmt in out}
