"""HTML to PDF with weasyprint, fetching nothing but our own packaged assets.

The URL fetcher serves ``fitsm-asset:NAME`` from the packaged ``doc_templates`` folder and refuses
every other URL (file://, http(s)://, data: ...), so neither a template nor workbook text can make
the renderer read a local file or reach the network.
"""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

SCHEME = "fitsm-asset"
_ASSET_TYPES = {".css", ".svg", ".png", ".ttf", ".otf", ".woff", ".woff2"}


class AssetRefused(ValueError):
    """A URL the renderer may not fetch."""


def resolve_asset(url: str) -> tuple[bytes, str]:
    """The bytes and MIME type of a packaged asset URL; :class:`AssetRefused` for anything else."""
    from fitsm_audit.resources import package_file

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
    node: Any = package_file("doc_templates", parts[0])
    for p in parts[1:]:
        node = node / p
    if not node.is_file():
        raise AssetRefused(f"refused to fetch {url[:80]!r}: no such packaged asset")
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return node.read_bytes(), mime


def _fetcher() -> Any:
    """A weasyprint URL fetcher limited to :func:`resolve_asset`."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackagedAssetFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            data, mime = resolve_asset(url)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})

    return PackagedAssetFetcher(allowed_protocols=[SCHEME], allow_redirects=False)


def html_to_pdf(html: str, stylesheet: str) -> bytes:
    """Render HTML plus a stylesheet to PDF bytes.

    The PDF's dates come from the HTML's ``dcterms.created``/``modified`` meta tags and its file
    identifier from a hash of the input, so the same input gives the same bytes.
    """
    from weasyprint import CSS, HTML

    fetcher = _fetcher()
    identifier = hashlib.sha256((html + stylesheet).encode("utf-8")).hexdigest()[:32].encode()
    document = HTML(string=html, url_fetcher=fetcher, base_url=f"{SCHEME}:/document.html")
    css = CSS(string=stylesheet, url_fetcher=fetcher, base_url=f"{SCHEME}:/document.css")
    return document.write_pdf(stylesheets=[css], pdf_identifier=identifier, optimize_images=False)
