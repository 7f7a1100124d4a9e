"""Inspect an .xlsx or .ods file as a zip container before any parser touches it.

Catches what is not a workbook (empty, text, PDF, Word, legacy .xls, encrypted), what is damaged
(truncated zip, missing workbook part) and what is hostile (decompression bombs, DTD / entity
declarations), all from headers and sizes, before inflating anything large. Also gives the few
facts the fast cell reader cannot see: merged ranges and formulas without a cached value.
OpenDocument spreadsheets are screened and measured by :mod:`fitsm_audit.workbook.ods`.
"""

from __future__ import annotations

import html
import os
import re
import zipfile
from dataclasses import dataclass, field

from fitsm_audit.core.errors import WorkbookError
from fitsm_audit.workbook import ods

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class Limits:
    """Size limits checked before inflating; raise them with the command options."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    max_rows: int = 200_000
    max_cells: int = 6_000_000
    max_ratio: int = 1000  # uncompressed / compressed of one part over 10 MiB


DEFAULT_LIMITS = Limits()


@dataclass
class SheetPart:
    name: str
    path: str  # zip member, e.g. xl/worksheets/sheet1.xml
    visible: bool = True


@dataclass
class SheetFacts:
    """What the XML shows that the fast reader cannot: merges and formulas without a value."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (1-based)
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)  # (row, col)
    big_numbers: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> raw text


_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR_RE = re.compile(rb'([\w:]+)="([^"]*)"')
_REL_RE = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_FORMULA_NO_VALUE_RE = re.compile(
    rb'<(?:\w+:)?c\s+r="([A-Z]+)(\d+)"[^>]*>\s*(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>'
)


def column_index(letters: bytes | str) -> int:
    """1-based column number of Excel column letters (``A`` -> 1, ``AA`` -> 27)."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n


def column_letters(index: int) -> str:
    """Excel column letters of a 1-based column number."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTR_RE.findall(raw)}


class Container:
    """An opened, pre-checked .xlsx or .ods zip (``kind`` says which)."""

    def __init__(self, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        self._zip = _open_zip(path, limits)
        self.kind = "ods" if ods.is_spreadsheet(ods.mimetype(self._zip)) else "xlsx"
        self._ods: dict[str, SheetFacts] = {}
        try:
            self.sheets = self._ods_parts() if self.kind == "ods" else self._sheet_parts()
        except WorkbookError:
            self._zip.close()
            raise

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, member: str) -> bytes:
        data = self._zip.read(member)
        _refuse_dtd(self.path, member, data)
        return data

    def _sheet_parts(self) -> list[SheetPart]:
        names = set(self._zip.namelist())
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise WorkbookError(self.path, "this is a Word document, not an Excel workbook")
            if "ppt/presentation.xml" in names:
                raise WorkbookError(self.path, "this is a PowerPoint file, not an Excel workbook")
            other = ods.OTHER_KINDS.get(ods.mimetype(self._zip) or b"")
            if other:
                raise WorkbookError(self.path, f"this is {other}, not a spreadsheet")
            raise WorkbookError(self.path, "not an Excel workbook: the zip has no xl/workbook.xml")
        try:
            wb = self._read("xl/workbook.xml")
            rels = self._read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise WorkbookError(self.path, f"the workbook is damaged ({exc})") from None
        targets: dict[str, str] = {}
        for raw in _REL_RE.findall(rels):
            a = _attrs(raw)
            target = a.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[a.get("Id", "")] = os.path.normpath(target).replace(os.sep, "/")
        parts = []
        for raw in _SHEET_RE.findall(wb):
            a = _attrs(raw)
            if "name" not in a:
                continue
            member = targets.get(a.get("id", ""), "")
            parts.append(SheetPart(a["name"], member, a.get("state", "visible") == "visible"))
        if not parts:
            raise WorkbookError(self.path, "the workbook has no sheets (xl/workbook.xml is malformed)")
        return parts

    def _ods_parts(self) -> list[SheetPart]:
        """The sheets of an OpenDocument spreadsheet, every one measured (the fast reader parses them all)."""
        found = ods.scan(self.path, self._zip, self.limits.max_rows, self.limits.max_cells)
        if not found.sheets:
            raise WorkbookError(self.path, f"the spreadsheet has no sheets ({ods.CONTENT} holds no table)")
        for sheet in found.sheets:  # a name given twice: the last one is the one the reader keeps
            self._ods[sheet.name] = SheetFacts(sorted(set(sheet.merged)), sheet.formulas_without_value)
        return [SheetPart(s.name, ods.CONTENT, s.style not in found.hidden) for s in found.sheets]

    def _check_extent(self, part: SheetPart, rows: int, cols: int) -> None:
        if rows > self.limits.max_rows:
            raise WorkbookError(
                self.path,
                f"sheet {part.name!r} has {rows:,} rows, more than the limit of {self.limits.max_rows:,} (raise it with --max-rows)",
            )
        if rows * cols > self.limits.max_cells:
            raise WorkbookError(
                self.path,
                f"sheet {part.name!r} spans {rows:,} x {cols:,} cells, more than the limit of {self.limits.max_cells:,} (raise it with --max-cells)",
            )

    def facts(self, part: SheetPart) -> SheetFacts:
        """Merged ranges and formulas without cached values of one sheet; checks its size too."""
        if self.kind == "ods":
            return self._ods[part.name]
        facts = SheetFacts()
        if part.path not in self._zip.namelist():
            raise WorkbookError(self.path, f"sheet {part.name!r} is missing from the file (damaged workbook)")
        data = self._read(part.path)
        rows, cols, exact = _extent(data)
        self._check_extent(part, rows, 1)
        if exact:
            if data.count(b"<c ") + data.count(b"<c>") > self.limits.max_cells:
                self._check_extent(part, rows, self.limits.max_cells)
            rows, cols = _exact_extent(data)
        self._check_extent(part, rows, cols)
        tail = data.rfind(b"sheetData>")  # merge ranges follow the cell data
        if b"mergeCell " in data[tail:] if tail >= 0 else b"mergeCell " in data:
            merged = {(int(r1), column_index(c1), int(r2), column_index(c2)) for c1, r1, c2, r2 in _MERGE_RE.findall(data)}
            # only the first column of a range is filled down, so that is what the limit counts
            area = sum(max(min(r2, rows) - r1 + 1, 0) for r1, _c1, r2, _c2 in merged)
            if area > self.limits.max_cells:
                raise WorkbookError(
                    self.path,
                    f"sheet {part.name!r} has merged ranges covering {area:,} cells, more than the limit of {self.limits.max_cells:,} (raise it with --max-cells)",
                )
            facts.merged = sorted(merged)
        if (b"+" in data and _BIG_EXP_RE.search(data)) or _NINE_DIGITS_RE.search(data):
            # numbers beyond any date: the fast reader drops them in date-formatted cells, so keep the text
            for col, row, raw in _BIG_NUMBER_RE.findall(data):
                facts.big_numbers[(int(row), column_index(col))] = raw.decode()
        if b"<f" in data:
            for col, row in _FORMULA_NO_VALUE_RE.findall(data):
                facts.formulas_without_value.append((int(row), column_index(col)))
        return facts


_LAST_ROW_RE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_NINE_DIGITS_RE = re.compile(rb"<v>-?(?:9[5-9]\d{6}|\d{9})")  # beyond any date the reader can hold
_WIDE_RE = re.compile(rb'c r="[A-Z]{2}')
_BIG_EXP_RE = re.compile(rb"[eE]\+0*(?:[89]|[1-9]\d+)</")  # 1E+8 and beyond (small E- values are harmless)
_BIG_NUMBER_RE = re.compile(
    rb'<(?:\w+:)?c\s+r="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?v>(-?\d{8,}(?:\.\d+)?(?:[eE][+-]?\d+)?|-?\d+(?:\.\d+)?[eE]\+\d+)</(?:\w+:)?v>'
)


def _last_row(data: bytes) -> int:
    """The row number of the last row element (rows are normally written in order)."""
    tail = max(data.rfind(b"<row "), data.rfind(b":row "))
    if tail < 0:
        return data.count(b"<row>")
    m = _LAST_ROW_RE.search(data, max(tail - 8, 0))
    return int(m.group(1)) if m else data.count(b"<row ") + data.count(b"<row>")


_NOREF_RE = re.compile(rb'<(?:c|row)(?: (?!r=")|>)')  # a row or cell without its reference first
_FAR_RE = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]?\d{6})')  # beyond column Z, or at row 100,000 or later
_TAG_RE = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_R_ATTR_RE = re.compile(rb'\br="([A-Z]*)(\d*)"')
_PREFIXED_ROOT_RE = re.compile(rb"<\w+:worksheet\b")


def _extent(data: bytes) -> tuple[int, int, bool]:
    """Rows and columns the cell reader will allocate, and whether an exact scan is still needed.

    The fast path holds when every row and cell carries its reference first and none lies beyond
    column Z or row 99,999: the sheet then spans at most its last row (or 99,999) by 26 columns.
    Anything else (references missing, far cells, prefixed tags) needs :func:`_exact_extent`.
    """
    rows = _last_row(data)
    exact = bool(
        _PREFIXED_ROOT_RE.search(data, 0, 4096) or _NOREF_RE.search(data) or _FAR_RE.search(data)
    )
    if exact:
        rows = max(rows, data.count(b"<row") + data.count(b":row"))
    return rows, 26, exact


def _exact_extent(data: bytes) -> tuple[int, int]:
    """The largest row and column any row or cell reaches, following Excel's rules for missing references."""
    row = col = max_row = max_col = 0
    for m in _TAG_RE.finditer(data):
        ref = _R_ATTR_RE.search(m.group(2))
        if m.group(1) == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            col = 0
        else:
            if ref and ref.group(1):
                col = column_index(ref.group(1))
                if ref.group(2):
                    row = int(ref.group(2))
            else:
                col += 1
        max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col


SAVE_AS_XLSX = "open it in Excel or LibreOffice and save it as .xlsx"

# What to say about a file that is not a zip, by its kind (fitsm_audit.filekind)
NOT_A_WORKBOOK = {
    "excel-lock": "this is Excel's lock file, not a workbook; check the workbook itself (close it in Excel first)",
    "libreoffice-lock": "this is LibreOffice's lock file, not a workbook; check the workbook itself "
    "(close it in LibreOffice first)",
    "empty": "the file is empty",
    "pdf": "this is a PDF file, not an Excel workbook (.xlsx)",
    "csv": f"this is a CSV text file, not an Excel workbook; {SAVE_AS_XLSX}",
    "tsv": f"this is a tab-separated text file, not an Excel workbook; {SAVE_AS_XLSX}",
    "text": f"this is a text file, not an Excel workbook; if it holds a register, {SAVE_AS_XLSX}",
    "html": f"this is an HTML page, not an Excel workbook (some tools export tables this way); {SAVE_AS_XLSX}",
    "xml-spreadsheet": f"this is an Excel 2003 XML spreadsheet, not an .xlsx workbook; {SAVE_AS_XLSX}",
    "xml": "this is an XML file, not an Excel workbook (.xlsx)",
    "binary": "not an Excel workbook (.xlsx): the file is not a zip-based Excel file",
}


def sniff(path: str) -> None:
    """Raise WorkbookError with a clear reason (and, where there is one, the fix) when the file is
    not a readable .xlsx or .ods."""
    from fitsm_audit.core.filekind import identify

    if not os.path.exists(path):
        raise WorkbookError(path, "file not found")
    if os.path.isdir(path):
        raise WorkbookError(path, "is a folder, not a workbook")
    try:
        size = os.path.getsize(path)
        kind = identify(path)
    except OSError as exc:
        raise WorkbookError(path, f"cannot be read ({exc.strerror or exc})") from None
    if kind.key == "zip":
        return
    if kind.key == "ole":
        with open(path, "rb") as fh:
            blob = fh.read(min(size, 4 * 1024 * 1024))
        if ENCRYPTION_MARK in blob:
            raise WorkbookError(path, "the workbook is password-protected (encrypted); save an unprotected copy and use that")
        raise WorkbookError(path, "this is a legacy Excel 97-2003 (.xls) file; open it in Excel and save it as .xlsx")
    raise WorkbookError(path, NOT_A_WORKBOOK[kind.key])


def _open_zip(path: str, limits: Limits) -> zipfile.ZipFile:
    sniff(path)
    size = os.path.getsize(path)
    if size > limits.max_file_bytes:
        raise WorkbookError(
            path, f"the file is {size / 2**20:.0f} MiB, larger than the limit of {limits.max_file_bytes / 2**20:.0f} MiB (raise it with --max-file-mb)"
        )
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        reason = "truncated or damaged" if "not a zip" in str(exc).lower() or isinstance(exc, EOFError) else str(exc)
        raise WorkbookError(path, f"the workbook is corrupt: not a valid zip archive ({reason})") from None
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            zf.close()
            raise WorkbookError(path, "the workbook is password-protected (encrypted zip parts)")
        total += info.file_size
        if info.file_size > 10 * 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
            zf.close()
            raise WorkbookError(
                path, f"part {info.filename} inflates {info.file_size / info.compress_size:.0f}x: refused as a decompression bomb"
            )
    if total > limits.max_uncompressed_bytes:
        zf.close()
        raise WorkbookError(
            path,
            f"the workbook inflates to {total / 2**20:.0f} MiB, more than the limit of {limits.max_uncompressed_bytes / 2**20:.0f} MiB (raise it with --max-unzipped-mb)",
        )
    try:
        if ods.is_spreadsheet(ods.mimetype(zf)):
            ods.screen(path, zf)  # encrypted, macros, no content
        _screen_parts(path, zf)
    except WorkbookError:
        zf.close()
        raise
    return zf


def _screen_parts(path: str, zf: zipfile.ZipFile) -> None:
    """Refuse macro-enabled workbooks and XML parts that declare a DTD, reading only each part's head
    (the parts of an OpenDocument file too: content.xml, styles.xml, meta.xml, settings.xml ...)."""
    names = zf.namelist()
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise WorkbookError(path, "the workbook contains macros (VBA); save a copy as .xlsx without macros and use that")
    for name in names:
        if not name.lower().endswith((".xml", ".rels", ".rdf")) or ods.unparsed(name):
            continue
        try:
            with zf.open(name) as fh:
                head = fh.read(_HEAD_BYTES)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise WorkbookError(path, f"the workbook is damaged: part {name} cannot be read ({exc})") from None
        _refuse_dtd(path, name, head)


_HEAD_BYTES = 64 * 1024
_ROOT_RE = re.compile(rb"<[A-Za-z_]")


def _refuse_dtd(path: str, member: str, data: bytes) -> None:
    """Refuse a part whose prolog (everything before the root element) declares a DTD or entities."""
    head = data[:_HEAD_BYTES]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:2] in (b"<\x00", b"\x00<"):
        # UTF-16 (with or without a byte-order mark): screen the decoded text
        codec = "utf-16-le" if head[:2] in (b"\xff\xfe", b"<\x00") else "utf-16-be"
        text = head.decode(codec, errors="replace").lstrip("\ufeff")
        head = text.encode("utf-8", errors="replace")
    root = _ROOT_RE.search(head)
    if root is None and len(data) >= _HEAD_BYTES:
        raise WorkbookError(path, f"{member} has no XML root element in its first 64 KiB: refused as hostile")
    prolog = head[: root.start()] if root else head
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise WorkbookError(path, f"{member} declares a DTD or XML entities, which Excel and LibreOffice never write: refused as hostile")
