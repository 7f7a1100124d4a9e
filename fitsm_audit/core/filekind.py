"""What a file is, from its name and first bytes: enough to tell a user what they gave instead
of a workbook (or a PDF) and how to fix it.

Nothing here parses the file: the first 8 KiB are read and looked at, so this is safe to run on
anything before a parser does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

HEAD_BYTES = 8192
TEXT_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "text"}
XML_SPREADSHEET_NS = b"urn:schemas-microsoft-com:office:spreadsheet"


@dataclass(frozen=True)
class Kind:
    """One kind of file: a key to branch on and how to name it in a sentence."""

    key: str  # empty, zip, ole, pdf, csv, tsv, text, html, xml, xml-spreadsheet, excel-lock, libreoffice-lock, binary
    label: str  # "a CSV text file"


KINDS = {
    k.key: k
    for k in (
        Kind("empty", "an empty file"),
        Kind("zip", "a zip archive (such as a .docx or .xlsx file)"),
        Kind("ole", "a legacy Office (OLE) file"),
        Kind("pdf", "a PDF file"),
        Kind("csv", "a CSV text file"),
        Kind("tsv", "a tab-separated text file"),
        Kind("text", "a text file"),
        Kind("html", "an HTML page"),
        Kind("xml", "an XML file"),
        Kind("xml-spreadsheet", "an Excel 2003 XML spreadsheet"),
        Kind("excel-lock", "Excel's lock file"),
        Kind("libreoffice-lock", "LibreOffice's lock file"),
        Kind("binary", "a binary file of an unknown kind"),
    )
}


def identify(path: str) -> Kind:
    """The kind of the file at ``path`` (OSError when it cannot be read)."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    return identify_bytes(os.path.basename(path), head)


def identify_bytes(name: str, head: bytes) -> Kind:
    """The kind of a file called ``name`` whose first bytes are ``head``."""
    if head.startswith(b"PK"):
        return KINDS["zip"]  # a real workbook may be called anything, even ~$x.xlsx
    if name.startswith("~$"):
        return KINDS["excel-lock"]  # Excel's owner file: user name padded with NULs and spaces
    if name.startswith(".~lock.") and name.endswith("#"):
        return KINDS["libreoffice-lock"]
    if not head:
        return KINDS["empty"]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return KINDS["ole"]
    if b"%PDF-" in head[:1024]:
        return KINDS["pdf"]
    text = _as_text(head)
    if text is None:
        return KINDS["binary"]
    cut = len(head) >= HEAD_BYTES
    return KINDS[_text_kind(os.path.splitext(name)[1].lower(), text, cut)]


def _as_text(head: bytes) -> str | None:
    """The head decoded as text, or None when it is binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif head.startswith(b"\xef\xbb\xbf"):
        codec = "utf-8-sig"
    else:
        codec = "utf-8"
        if b"\x00" in head:
            return None
    try:
        text = head.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the head
            if codec != "utf-8":
                return None
            text = head.decode("cp1252", errors="replace")  # a legacy 8-bit text file
        else:
            text = head[: exc.start].decode(codec, errors="replace")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return None if control > len(text) // 100 else text


def _text_kind(suffix: str, text: str, cut: bool) -> str:
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<?xml"):
        return "xml-spreadsheet" if XML_SPREADSHEET_NS.decode() in start else "xml"
    if start.startswith(("<!doctype html", "<html", "<table")) or "<html" in start[:512]:
        return "html"
    if suffix in TEXT_SUFFIXES and TEXT_SUFFIXES[suffix] != "text":
        return TEXT_SUFFIXES[suffix]
    lines = [line for line in text.splitlines()[:6] if line.strip()]
    if cut and len(lines) > 1:
        lines = lines[:-1]  # the last line read may be cut short
    for sep, kind in (("\t", "tsv"), (",", "csv"), (";", "csv")):
        counts = {line.count(sep) for line in lines}
        if lines and len(counts) == 1 and counts.pop() >= 1:
            return kind
    return "text"
