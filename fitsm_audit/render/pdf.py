"""HTML to PDF with weasyprint, fetching nothing but our own packaged assets.

The URL fetcher serves ``fitsm-asset:NAME`` from the packaged ``doc_templates`` folder and refuses
every other URL (file://, http(s)://, data: ...), so neither a template nor workbook text can make
the renderer read a local file or reach the network.
"""

from __future__ import annotations

import atexit
import hashlib
import mimetypes
from collections.abc import Mapping
from typing import Any

SCHEME = "fitsm-asset"
# Archival PDF: PDF/A-3b (fonts embedded, sRGB output intent, XMP metadata), tagged for
# accessibility (a structure tree) as far as WeasyPrint tags; signing keeps both (docs/documents.md).
PDF_VARIANT = "pdf/a-3b"
CHARTS = "charts"
_ASSET_TYPES = {".css", ".svg", ".png", ".jpg", ".ttf", ".otf", ".woff", ".woff2"}
LOGO = "logo"  # fitsm-asset:logo/logo.SUFFIX serves the provider's logo (generated["logo"])


class AssetRefused(ValueError):
    """A URL the renderer may not fetch."""


def logo_url(suffix: str) -> str:
    """The URL under which :func:`html_to_pdf` serves the provider's logo."""
    return f"{SCHEME}:{LOGO}/logo.{suffix}"


def chart_url(name: str) -> str:
    """The URL under which :func:`html_to_pdf` serves a chart rendered for this document."""
    return f"{SCHEME}:{CHARTS}/{name}.svg"


def resolve_asset(url: str, generated: Mapping[str, bytes] | None = None) -> tuple[bytes, str]:
    """The bytes and MIME type of an asset URL; :class:`AssetRefused` for anything else.

    ``fitsm-asset:NAME`` is a file of the packaged ``doc_templates`` folder;
    ``fitsm-asset:charts/NAME.svg`` is a chart rendered for the document being converted.
    """
    from fitsm_audit.core.resources import package_file

    prefix = f"{SCHEME}:"
    if not url.lower().startswith(prefix):
        raise AssetRefused(f"refused to fetch {url[:80]!r}: only packaged assets are allowed")
    parts = [p for p in url[len(prefix) :].split("?")[0].split("#")[0].split("/") if p]
    if not parts or any(p in (".", "..") or "\\" in p or ":" in p for p in parts):
        raise AssetRefused(f"refused to fetch {url[:80]!r}: not a packaged asset path")
    name = parts[-1]
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix not in _ASSET_TYPES:
        raise AssetRefused(f"refused to fetch {url[:80]!r}: not an asset type")
    if len(parts) == 2 and parts[0] == CHARTS and generated and name[: -len(suffix)] in generated:
        return generated[name[: -len(suffix)]], "image/svg+xml"
    if len(parts) == 2 and parts[0] == LOGO and generated and LOGO in generated:
        mime = {".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}[suffix]
        return generated[LOGO], mime
    node: Any = package_file("doc_templates", parts[0])
    for p in parts[1:]:
        node = node / p
    if not node.is_file():
        raise AssetRefused(f"refused to fetch {url[:80]!r}: no such packaged asset")
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return node.read_bytes(), mime


def asset_fetcher(generated: Mapping[str, bytes] | None = None) -> Any:
    """A weasyprint URL fetcher limited to :func:`resolve_asset`."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackagedAssetFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            data, mime = resolve_asset(url, generated)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})

    return PackagedAssetFetcher(allowed_protocols=[SCHEME], allow_redirects=False)


_STYLES: dict[str, tuple[Any, Any]] = {}  # stylesheet -> its font configuration and parsed CSS


def _forget_styles() -> None:
    """Drop the parsed stylesheets while WeasyPrint is whole: a font configuration removes its
    temporary font folder when collected (it sits in a reference cycle, hence the collection),
    and at interpreter teardown that would fail with a message on stderr and leave the folder."""
    import gc

    if _STYLES:
        _STYLES.clear()
        gc.collect()


atexit.register(_forget_styles)


def html_to_pdf(html: str, stylesheet: str, charts: Mapping[str, bytes] | None = None) -> bytes:
    """Render HTML plus a stylesheet to PDF bytes; ``charts`` are SVGs served by :func:`chart_url`.

    The text is set in the packaged font (:mod:`fitsm_audit.render.fonts`), subset one way on
    every machine. The PDF is PDF/A-3b and tagged (:data:`PDF_VARIANT`). The PDF's dates come from the HTML's ``dcterms.created``/``modified`` meta tags and its file
    identifier from a hash of the input, so the same input gives the same bytes.
    """
    from fitsm_audit.render.fonts import font_face_css, pin_font_subsetting

    pin_font_subsetting()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = asset_fetcher(charts)
    if stylesheet not in _STYLES:  # parsed once per process: the same bytes, 0.15 s less a document
        if len(_STYLES) >= 4:
            _forget_styles()
        font_config = FontConfiguration()  # its no-system-font notice is filtered by the pin
        css = CSS(
            string=font_face_css(SCHEME) + stylesheet,
            url_fetcher=asset_fetcher(),  # the packaged fonts; a chart is the document's to fetch
            base_url=f"{SCHEME}:/document.css",
            font_config=font_config,
        )
        _STYLES[stylesheet] = (font_config, css)
    font_config, css = _STYLES[stylesheet]
    identifier = hashlib.sha256((html + stylesheet).encode("utf-8")).hexdigest()[:32].encode()
    document = HTML(string=html, url_fetcher=fetcher, base_url=f"{SCHEME}:/document.html")
    return document.write_pdf(
        stylesheets=[css],
        font_config=font_config,
        pdf_identifier=identifier,
        optimize_images=False,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )
