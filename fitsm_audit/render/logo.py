"""The provider's logo (``--logo FILE``) on covers and page headers: a PNG, JPEG or SVG file,
checked before anything is rendered. One clear line for a file that is not an image, too large,
or an SVG that reaches outside itself (an external reference, a script)."""

from __future__ import annotations

import re
from pathlib import Path

from fitsm_audit.core.errors import UsageError
from fitsm_audit.documents.model import Logo

MAX_BYTES = 2 * 1024 * 1024
_SVG_OUTSIDE = re.compile(
    rb"<script|<foreignObject|(?:xlink:)?href\s*=\s*[\"'](?!#|data:image/)|url\(\s*[\"']?(?!#)|<!ENTITY|<!DOCTYPE",
    re.IGNORECASE,
)


def load_logo(path: str | Path, named: str | None = None) -> Logo:
    """The logo file as a :class:`Logo`, or a UsageError saying what is wrong with it, naming
    the file as ``named`` (the Organisation cell it came from) or as the ``--logo`` option."""
    from fitsm_audit.core.findings import printable

    file = Path(path)
    shown = named or f"--logo {printable(str(file))}"
    if not file.is_file():
        raise UsageError(f"{shown}: no such file")
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise UsageError(f"{shown}: the image is {size / 1024 / 1024:.1f} MB; a logo may be at most 2 MB")
    data = file.read_bytes()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Logo(data, "image/png", "png")
    if data.startswith(b"\xff\xd8\xff"):
        return Logo(data, "image/jpeg", "jpg")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg")) and b"<svg" in data[:4096].lower():
        if _SVG_OUTSIDE.search(data):
            raise UsageError(
                f"{shown}: the SVG refers to something outside itself (a link, an external "
                "image or font, a script or an entity); save it as a self-contained SVG or a PNG"
            )
        return Logo(data, "image/svg+xml", "svg")
    raise UsageError(f"{shown}: not a PNG, JPEG or SVG image")
