"""Text that every output format can hold."""

from __future__ import annotations

import re

# XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except surrogates and
# U+FFFE/U+FFFF. Anything else (NUL, form feed, escape ...) makes Word refuse the file.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_invalid_xml(value: str) -> tuple[str, int]:
    """The text without characters XML cannot hold, and how many were removed."""
    cleaned, count = _INVALID_XML.subn("", value)
    return cleaned, count
