"""Generate the corpus of bad, broken and hostile inputs (nothing opaque is committed).

    python tests/corpus/make_corpus.py DEST

Each case is a file (or folder) in DEST plus the exit code and the words its one-line message
must contain. Cases that are readable but wrong (missing sheets, bad values) exit 1; cases that
cannot or must not be read exit 2. ``build`` makes the workbook cases (for check, assess and the
document commands), ``build_pdfs`` the cases for ``verify``.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    exit_code: int
    message: str  # words the stderr line (exit 2) or stdout (exit 1) must contain


SERVICES_HEADER = ["ID", "Name", "Description", "Value proposition", "Status", "Owner", "Customers"]


def base_workbook_bytes(rows: list[list[object]] | None = None) -> bytes:
    """A tiny real workbook with one Services sheet (readable; check reports the missing sheets)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Services"
    ws.append(SERVICES_HEADER)
    for row in rows or [["SVC-001", "Delivery", "Pizza to your door", "Hot pizza", "live", None, None]]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return path


def sheet_xml(rows_xml: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheetData>{rows_xml}</sheetData>{extra}</worksheet>"
    ).encode()


def header_row_xml() -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(SERVICES_HEADER)
    )
    return f'<row r="1">{cells}</row>'


def with_sheet(path: Path, xml: bytes, more: dict[str, bytes] | None = None) -> Path:
    members = parts(base_workbook_bytes())
    members["xl/worksheets/sheet1.xml"] = xml
    members.update(more or {})
    return write_zip(path, members)


def bomb(path: Path, gib: float = 3.0) -> Path:
    """A zip whose sheet XML really inflates to several GiB, built from one repeated deflate block."""
    members = parts(base_workbook_bytes())
    chunk = b" " * (1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    n = int(gib * 1024)
    tail = comp.flush(zlib.Z_FINISH)
    body = block * n + tail
    size = (1 << 20) * n
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    out = io.BytesIO()
    central = []
    for name, blob in list(members.items()):
        if name == "xl/worksheets/sheet1.xml":
            data, usize, ucrc = body, size, crc
        else:
            data = zlib.compress(blob, 9)[2:-4]
            usize, ucrc = len(blob), zlib.crc32(blob)
        offset = out.tell()
        fname = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, ucrc, len(data), usize & 0xFFFFFFFF,
                              len(fname), 0) + fname + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, ucrc, len(data),
                                   usize & 0xFFFFFFFF, len(fname), 0, 0, 0, 0, 0, offset) + fname)
    cd_start = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - cd_start,
                          cd_start, 0))
    path.write_bytes(out.getvalue())
    return path


def make_ole(path: Path, encrypted: bool) -> Path:
    """A compound-file (OLE) header like legacy .xls and encrypted .xlsx files have."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HH", 0x3E, 3) + b"\xfe\xff"
    body = header.ljust(512, b"\0")
    name = ("EncryptionInfo" if encrypted else "Workbook").encode("utf-16-le")
    path.write_bytes(body + name.ljust(128, b"\0") + b"\0" * 3456)
    return path


def build(dest: Path) -> list[Case]:  # noqa: PLR0915 - one line per case reads best
    dest.mkdir(parents=True, exist_ok=True)
    base = base_workbook_bytes()
    cases: list[Case] = []

    def add(name: str, path: Path, code: int, message: str) -> None:
        cases.append(Case(name, path, code, message))

    p = dest / "empty.xlsx"
    p.write_bytes(b"")
    add("empty file", p, 2, "the file is empty")
    p = dest / "text.xlsx"
    p.write_text("This is not a workbook.\n")
    add("text renamed .xlsx", p, 2, "this is a text file, not an Excel workbook")
    p = dest / "csv.xlsx"
    p.write_text("id,name,status\nSVC-001,Delivery,live\n")
    add("CSV renamed .xlsx", p, 2, "this is a CSV text file, not an Excel workbook")
    save_as = "open it in Excel or LibreOffice and save it as .xlsx"
    p = dest / "services.csv"
    p.write_text("ID;Name;Status\nSVC-001;Delivery;live\nSVC-002;Catering;live\n")
    add("CSV file (.csv)", p, 2, f"this is a CSV text file, not an Excel workbook; {save_as}")
    p = dest / "services.tsv"
    p.write_text("ID\tName\tStatus\nSVC-001\tDelivery\tlive\n")
    add("tab-separated file (.tsv)", p, 2, f"this is a tab-separated text file, not an Excel workbook; {save_as}")
    p = dest / "notes.txt"
    p.write_text("Services we run: delivery and catering.\nOwner: Alice\n")
    add("text file (.txt)", p, 2, f"this is a text file, not an Excel workbook; if it holds a register, {save_as}")
    p = dest / "export.xls"
    p.write_text("<html><body><table><tr><td>SVC-001</td><td>Delivery</td></tr></table></body></html>\n")
    add("HTML table saved as .xls", p, 2, f"this is an HTML page, not an Excel workbook (some tools export tables this way); {save_as}")
    p = dest / "~$my-sms.xlsx"  # Excel's owner file: the user's name, padded
    p.write_bytes(b"\x05Alice" + b" " * 49 + b"\x05\x00A\x00l\x00i\x00c\x00e\x00" + b"\x20\x00" * 49)
    add("Excel lock file (~$)", p, 2,
        "this is Excel's lock file, not a workbook; check the workbook itself (close it in Excel first)")
    p = dest / ".~lock.my-sms.xlsx#"
    p.write_text("Alice,alice,laptop,30.11.2026 10:00,file:///home/alice/.config/libreoffice/4;\n")
    add("LibreOffice lock file", p, 2,
        "this is LibreOffice's lock file, not a workbook; check the workbook itself (close it in LibreOffice first)")
    p = write_zip(dest / "registers.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                             "content.xml": b"<office:document-content/>"})
    # .ods is read like .xlsx (tests/test_ods.py); this one has no sheet to read
    add("OpenDocument spreadsheet (.ods)", p, 2, "the spreadsheet has no sheets")
    p = dest / "pdf.xlsx"
    p.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    add("PDF renamed .xlsx", p, 2, "a PDF file")
    p = write_zip(dest / "docx.xlsx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    add("DOCX renamed .xlsx", p, 2, "Word document")
    p = dest / "truncated.xlsx"
    p.write_bytes(base[: len(base) // 2])
    add("truncated zip", p, 2, "corrupt")
    members = parts(base)
    del members["xl/workbook.xml"]
    add("zip without xl/workbook.xml", write_zip(dest / "no-workbook-xml.xlsx", members), 2, "no xl/workbook.xml")
    members = parts(base)
    members["xl/workbook.xml"] = b"<workbook><sheets><sheet name="
    add("malformed xl/workbook.xml", write_zip(dest / "bad-workbook-xml.xlsx", members), 2, "no sheets")
    add("password-protected (encrypted)", make_ole(dest / "encrypted.xlsx", True), 2, "password-protected")
    add("legacy .xls", make_ole(dest / "legacy.xls", False), 2, "legacy Excel 97-2003")
    members = parts(base)
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    add(".xlsm with a VBA part", write_zip(dest / "macros.xlsm", members), 2, "contains macros")
    add("decompression bomb", bomb(dest / "bomb.xlsx"), 2, "decompression bomb")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{"&lol%s;" % (i - 1 if i > 1 else "") * 10}">' for i in range(1, 10))
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    add("billion laughs", with_sheet(dest / "laughs.xlsx", laughs), 2, "DTD or XML entities")
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    add("external entity (XXE)", with_sheet(dest / "xxe.xlsx", xxe), 2, "DTD or XML entities")
    oob = sheet_xml(header_row_xml() + '<row r="2"><c r="A2" t="s"><v>99999</v></c></row>')
    add("shared-string index out of range", with_sheet(dest / "sst-oob.xlsx", oob), 2, "cannot be read")
    far = sheet_xml(header_row_xml() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    add("cell at XFD1048576", with_sheet(dest / "far-cell.xlsx", far), 2, "rows, more than the limit")
    million = header_row_xml() + "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>SVC-{i}</t></is></c></row>' for i in range(2, 1_000_002)
    )
    add("1,000,000 rows", with_sheet(dest / "million.xlsx", sheet_xml(million)), 2, "rows, more than the limit")
    long_text = "x" * 32767
    p = dest / "long-cell.xlsx"
    p.write_bytes(base_workbook_bytes([["SVC-001", "Delivery", long_text, "v", "live", None, None]]))
    add("32,767-character cell", p, 1, "missing")
    ctrl = sheet_xml(header_row_xml() + '<row r="2"><c r="A2" t="inlineStr"><is><t>SVC&#x1;001&#x7;</t></is></c>'
                     '<c r="B2" t="inlineStr"><is><t>Bell\u0007 and \u001b escape</t></is></c>'
                     '<c r="E2" t="inlineStr"><is><t>live\u000b</t></is></c></row>')
    add("control and invalid XML characters", with_sheet(dest / "control-chars.xlsx", ctrl), 1, "missing")
    ext = sheet_xml(header_row_xml() + '<row r="2"><c r="A2" t="inlineStr"><is><t>SVC-001</t></is></c>'
                    '<c r="B2" t="str"><f>[1]Sheet1!A1</f><v>Delivery</v></c>'
                    '<c r="E2" t="str"><f>[1]Sheet1!B1</f><v>launched</v></c></row>')
    add("formulas with external links", with_sheet(dest / "external-link.xlsx", ext), 1, "not a valid status")
    link_sheet = sheet_xml(
        header_row_xml() + '<row r="2"><c r="A2" t="inlineStr"><is><t>SVC-001</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>Delivery</t></is></c><c r="E2" t="inlineStr"><is><t>live</t></is></c></row>',
        '<hyperlinks><hyperlink ref="B2" r:id="rIdX"/></hyperlinks>',
    )
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
            b'Target="file:///etc/passwd" TargetMode="External"/></Relationships>')
    add("hyperlink to a file:// URL", with_sheet(dest / "file-link.xlsx", link_sheet,
                                                {"xl/worksheets/_rels/sheet1.xml.rels": rels}), 1, "missing")
    dates_xml = sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Type</t></is></c><c r="D1" t="inlineStr"><is><t>Status</t></is></c>'
        '<c r="E1" t="inlineStr"><is><t>Signed on</t></is></c><c r="F1" t="inlineStr"><is><t>Last review</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>SLA-001</t></is></c><c r="B2" t="inlineStr"><is><t>x</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>SLA</t></is></c><c r="D2" t="inlineStr"><is><t>active</t></is></c>'
        '<c r="E2"><v>-5</v></c><c r="F2" t="inlineStr"><is><t>9999-12-31</t></is></c></row>'
    )
    members = parts(base)
    members["xl/worksheets/sheet1.xml"] = dates_xml
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b'name="Services"', b'name="Agreements"')
    add("dates out of range", write_zip(dest / "dates.xlsx", members), 1, "is not a date")
    members = parts(base)
    wbx = members["xl/workbook.xml"]
    members["xl/workbook.xml"] = wbx.replace(b"</sheets>", b'<sheet name="services" sheetId="2" r:id="rId1"/></sheets>')
    add("duplicate sheet names by case", write_zip(dest / "dup-case.xlsx", members), 1, "appears twice")
    empty_dir = dest / "no-workbooks"
    empty_dir.mkdir(exist_ok=True)
    (empty_dir / "notes.txt").write_text("nothing here")
    add("folder with no workbooks", empty_dir, 2, "holds no .xlsx workbook")
    many = dest / "many-files"
    many.mkdir(exist_ok=True)
    for i in range(10_000):
        (many / f"f{i:05d}.txt").write_bytes(b"x")
    add("folder of 10,000 non-workbook files", many, 2, "holds no .xlsx workbook")
    p = dest / "missing.xlsx"
    add("missing file", p, 2, "file not found")
    no_refs = sheet_xml(header_row_xml() + '<row><c r="XFD1048576"><v>1</v></c></row>')
    add("far cell in a row without a reference", with_sheet(dest / "far-no-ref.xlsx", no_refs), 2, "more than the limit")
    out_of_order = sheet_xml('<row r="1048576"><c r="A1048576"><v>1</v></c></row>' + header_row_xml())
    add("rows out of order", with_sheet(dest / "out-of-order.xlsx", out_of_order), 2, "more than the limit")
    merges = "".join('<mergeCell ref="A2:Z150000"/>' if i == 0 else f'<mergeCell ref="A{i + 2}:Z150000"/>'
                     for i in range(2000))
    merge_bomb = sheet_xml(
        header_row_xml() + '<row r="150000"><c r="A150000" t="inlineStr"><is><t>x</t></is></c></row>',
        f'<mergeCells count="2000">{merges}</mergeCells>',
    )
    add("merged-range bomb", with_sheet(dest / "merge-bomb.xlsx", merge_bomb), 2, "merged ranges")
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY big "' + "A" * 4000 + '">]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>&big;</t></is></c></row></sheetData></worksheet>')
    add("UTF-16 sheet with entities", with_sheet(dest / "utf16.xlsx", utf16.encode("utf-16")), 2, "DTD or XML entities")
    flood = header_row_xml() + "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>x</t></is></c></row>' for i in range(2, 150_002)
    )
    add("150,000 rows of bad values", with_sheet(dest / "flood.xlsx", sheet_xml(flood)), 1, "more")
    return cases


def minimal_pdf() -> bytes:
    """A valid one-page PDF without a signature, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def build_pdfs(dest: Path) -> list[Case]:
    """Files given to ``verify`` that are not signed PDFs: anything unreadable exits 2 with one
    line; a readable PDF without a signature exits 1."""
    dest = dest / "verify"
    dest.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, path: Path, code: int, message: str) -> None:
        cases.append(Case(name, path, code, message))

    p = dest / "notes.txt"
    p.write_text("Signed by Alice on 30 November.\n")
    add("verify: text file", p, 2, "this is a text file, not a PDF")
    p = dest / "text.pdf"
    p.write_text("This is not a PDF.\n")
    add("verify: text renamed .pdf", p, 2, "this is a text file, not a PDF")
    p = write_zip(dest / "gap-report.pdf", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    add("verify: DOCX renamed .pdf", p, 2, "this is a zip archive (such as a .docx or .xlsx file), not a PDF")
    p = dest / "workbook.xlsx"
    p.write_bytes(base_workbook_bytes())
    add("verify: a workbook", p, 2, "this is a zip archive (such as a .docx or .xlsx file), not a PDF")
    p = dest / "empty.pdf"
    p.write_bytes(b"")
    add("verify: empty file", p, 2, "the file is empty, not a PDF")
    add("verify: missing file", dest / "missing.pdf", 2, "no such file")
    add("verify: a folder", dest, 2, "is a folder; give the PDF files to verify")
    pdf = minimal_pdf()
    p = dest / "truncated.pdf"
    p.write_bytes(pdf[: len(pdf) // 2])
    add("verify: truncated PDF", p, 2, "the PDF is damaged or truncated and cannot be read")
    p = dest / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 16)
    add("verify: corrupt PDF", p, 2, "the PDF is damaged or truncated and cannot be read")
    p = dest / "unsigned.pdf"
    p.write_bytes(pdf)
    add("verify: unsigned PDF", p, 1, "the PDF has no signature")
    return cases


def main() -> None:
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    for case in [*build(dest), *build_pdfs(dest)]:
        print(f"{case.exit_code}  {case.name:<40} {case.path}")


if __name__ == "__main__":
    main()
