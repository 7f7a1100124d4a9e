"""OpenDocument spreadsheets (.ods): read like .xlsx, with the same findings at the same cells,
and screened like .xlsx (bombs, DTDs and entities, huge sheets, encryption: one line, exit 2).

The .ods files compared with the .xlsx ones are made by LibreOffice itself (``soffice
--convert-to ods``), once per test session; the hostile ones are built here by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from checkdata import mutate

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "pizza-delivery.xlsx"
AS_OF = "2026-11-30"
TIME_LIMIT_S = 20  # a guard against hangs on hostile input, not a speed test
MEMORY_LIMIT_KB = 600 * 1024

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from make_corpus import SERVICES_HEADER, base_workbook_bytes  # noqa: E402

# -- .ods files built by hand -------------------------------------------------------------------

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
OPEN = f'<office:document-content {NS} office:version="1.3"><office:body><office:spreadsheet>'
CLOSE = "</office:spreadsheet></office:body></office:document-content>"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
EMPTY_TAIL = (
    '<table:table-cell table:number-columns-repeated="16370"/>'  # as LibreOffice ends a row
)


def content(tables: str, prolog: str = "") -> bytes:
    return f"{HEAD}{prolog}{OPEN}{tables}{CLOSE}".encode()


def text(value: str, attrs: str = "") -> str:
    return f'<table:table-cell office:value-type="string"{attrs}><text:p>{value}</text:p></table:table-cell>'


def row(cells: str, repeat: int | None = None) -> str:
    attr = f' table:number-rows-repeated="{repeat}"' if repeat else ""
    return f"<table:table-row{attr}>{cells}</table:table-row>"


def table(name: str, rows: str) -> str:
    return f'<table:table table:name="{name}">{rows}</table:table>'


HEADER = row("".join(text(h) for h in SERVICES_HEADER) + EMPTY_TAIL)
SVC = row(
    text("SVC-001")
    + text("Delivery")
    + text("Pizza to your door")
    + text("Hot pizza")
    + text("live")
    + EMPTY_TAIL
)


def write_ods(
    path: Path,
    body: bytes | Callable[[Any], None],
    more: dict[str, bytes] | None = None,
    manifest: bytes = MANIFEST,
    mimetype: bytes = MIMETYPE,
) -> Path:
    """An .ods zip: mimetype first and stored, the manifest, content.xml (bytes, or written in
    chunks by a function given the open member), and any other parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest)
        if callable(body):
            with zf.open("content.xml", "w", force_zip64=True) as fh:
                body(fh)
        else:
            zf.writestr("content.xml", body)
        for name, blob in (more or {}).items():
            zf.writestr(name, blob)
    return path


def services_ods(path: Path, rows: str = SVC, prolog: str = "") -> Path:
    return write_ods(path, content(table("Services", HEADER + rows), prolog))


# -- running the command ------------------------------------------------------------------------


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(cli, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def run_process(args: list[str]) -> tuple[int, str, str, float, int]:
    """Exit code, stdout, stderr, seconds and peak memory (KiB) of one fitsm-audit process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "fitsm_audit", *args], stdout=out, stderr=err
        )
        timer = threading.Timer(120, proc.kill)
        timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)  # the child's own peak memory
        seconds = time.monotonic() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read(), seconds, usage.ru_maxrss


def findings(payload: str, name: str) -> list[dict[str, Any]]:
    """The findings of ``check --format json``, the file named as ``name`` (so two files compare)."""
    return [
        {**f, "file": name if f.get("file") else f.get("file")}
        for f in json.loads(payload)["findings"]
    ]


def check_json(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, out, err = run(["check", str(path), "--as-of", AS_OF, "--format", "json"], capsys)
    assert code in (0, 1), err
    return code, out


def assert_refused(path: Path, words: str) -> tuple[float, int]:
    """``check`` on ``path``: one line on stderr holding ``words``, exit 2, in bounded time and
    memory, never a traceback; the seconds and KiB it took."""
    code, out, err, seconds, peak = run_process(["check", str(path), "--as-of", AS_OF])
    lines = err.strip().splitlines()
    assert code == 2, (out, err)
    assert len(lines) == 1 and "Traceback" not in err, err
    assert words in lines[0] and str(path) in lines[0], err
    assert seconds < TIME_LIMIT_S, f"{path.name} took {seconds:.1f} s"
    assert peak < MEMORY_LIMIT_KB, f"{path.name} took {peak / 1024:.0f} MiB"
    return seconds, peak


# -- .ods made by LibreOffice from the sample ---------------------------------------------------


def plant_errors(wb: Any) -> None:
    """Errors and awkward layouts the .ods must report at the same cells as the .xlsx."""
    services = wb["Services"]
    services["E3"] = "launched"  # not a status
    services["F4"] = "PER-999"  # no such person
    services["B5"] = "  Catering \n with a second line "
    services.insert_rows(6)  # a blank row in the middle
    agreements = wb["Agreements"]
    agreements["L3"] = "31/02/2026"  # not a date
    agreements["M2"] = dt.datetime(2026, 9, 1, 10, 30)  # a date with a time
    agreements["O3"] = 6.5  # a review interval that is not whole
    risks = wb["Risks"]
    risks["E2"] = 7  # likelihood out of range
    risks["K3"] = None  # a missing review date
    components = wb["Components"]
    components.insert_rows(1, 2)  # the header moves down to row 3 ...
    components.insert_cols(1)  # ... and right to column B
    components["G4"] = "PTY-002"
    components.merge_cells("G4:G6")  # "Provided by" merged down three rows
    components.merge_cells("C8:D8")  # a horizontal merge
    components["H3"] = "Nme"  # an unknown column that looks like one of ours
    wb["Services"]["I2"] = True  # a real boolean


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample and a copy with planted errors, each as .xlsx and as the .ods LibreOffice
    saves from it (one soffice run for both, in a profile of its own)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed, so the .xlsx workbooks cannot be converted to .ods"
        )
    src = tmp_path_factory.mktemp("ods-src")
    books = {"sample": src / "sample.xlsx", "planted": src / "planted.xlsx"}
    shutil.copyfile(SAMPLE, books["sample"])
    mutate(SAMPLE, books["planted"], plant_errors)
    out = tmp_path_factory.mktemp("ods-out")
    profile = tmp_path_factory.mktemp("lo-profile")
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "ods",
         "--outdir", str(out), *map(str, books.values())],
        env={**os.environ, "HOME": str(profile)}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    result = dict(books)
    for name, path in books.items():
        ods = out / f"{path.stem}.ods"
        assert ods.is_file(), f"soffice did not write {ods.name}: {proc.stdout} {proc.stderr}"
        result[f"{name}.ods"] = ods
    return result


@pytest.mark.parametrize("book", ["sample", "planted"])
def test_check_finds_the_same_at_the_same_cells(
    converted: dict[str, Path], book: str, capsys
) -> None:
    xlsx_code, xlsx = check_json(converted[book], capsys)
    ods_code, ods = check_json(converted[f"{book}.ods"], capsys)
    assert ods_code == xlsx_code
    assert findings(ods, "the workbook") == findings(xlsx, "the workbook")
    assert json.loads(ods)["summary"] == json.loads(xlsx)["summary"]


def test_the_planted_errors_are_found(converted: dict[str, Path], capsys) -> None:
    code, out = check_json(converted["planted.ods"], capsys)
    found = {(f["code"], f["cell"]) for f in json.loads(out)["findings"]}
    cells = {cell for _code, cell in found}
    assert code == 1
    assert {"Services!E3", "Services!F4", "Agreements!L3", "Risks!E2"} <= cells, sorted(found)
    assert any(c == "unknown-column" and cell == "Components!H3" for c, cell in found), sorted(
        found
    )


def test_merged_cells_are_filled_down_as_in_xlsx(converted: dict[str, Path]) -> None:
    from fitsm_audit.spec.contract import load_contract
    from fitsm_audit.workbook.load import load

    contract = load_contract()
    frames = [
        load([str(converted[k])], contract).sheets["Components"] for k in ("planted", "planted.ods")
    ]
    xlsx, ods = (s.frame.to_dicts() for s in frames)
    assert ods == xlsx
    assert frames[1].header_row == 3 and frames[1].columns["id"] == 2
    assert [r["provided_by"] for r in ods if r["__row"] in (4, 5, 6)] == ["PTY-002"] * 3


def test_assess_json_is_the_same(converted: dict[str, Path], capsys) -> None:
    results = []
    for key in ("sample", "sample.ods"):
        code, out, err = run(
            ["assess", str(converted[key]), "--as-of", AS_OF, "--format", "json"], capsys
        )
        assert code in (0, 1), err
        results.append((code, out.replace(str(converted[key]), "the workbook")))
    assert results[1] == results[0]
    levels = {r["id"]: r["level"] for r in json.loads(results[1][1])["requirements"]}
    assert levels and len(set(levels.values())) > 1


def test_a_folder_of_ods_workbooks_is_read(
    converted: dict[str, Path], tmp_path: Path, capsys
) -> None:
    shutil.copyfile(converted["sample.ods"], tmp_path / "pizza.ods")
    code, out = check_json(tmp_path, capsys)
    _, xlsx = check_json(converted["sample"], capsys)
    assert findings(out, "the workbook") == findings(xlsx, "the workbook")


def test_an_ods_named_xlsx_is_read_as_ods(
    converted: dict[str, Path], tmp_path: Path, capsys
) -> None:
    renamed = tmp_path / "pizza.xlsx"
    shutil.copyfile(converted["sample.ods"], renamed)
    _, out = check_json(renamed, capsys)
    _, xlsx = check_json(converted["sample"], capsys)
    assert findings(out, "the workbook") == findings(xlsx, "the workbook")


# -- .ods built by hand: the same data as an .xlsx ----------------------------------------------


def test_trailing_empty_rows_repeated_a_million_times_are_not_data(tmp_path: Path, capsys) -> None:
    """LibreOffice writes the rest of the sheet as one empty row repeated ~1 million times."""
    xlsx = tmp_path / "services.xlsx"
    xlsx.write_bytes(base_workbook_bytes())
    tail = row('<table:table-cell table:number-columns-repeated="16384"/>', 1_048_000)
    ods = services_ods(tmp_path / "services.ods", SVC + tail)
    assert findings(check_json(ods, capsys)[1], "f") == findings(check_json(xlsx, capsys)[1], "f")
    seconds, _peak = assert_accepted(ods)
    assert seconds < TIME_LIMIT_S


def assert_accepted(path: Path) -> tuple[float, int]:
    code, _out, err, seconds, peak = run_process(["check", str(path), "--as-of", AS_OF])
    assert code == 1 and "Traceback" not in err, err
    return seconds, peak


def test_repeated_and_covered_cells_keep_excel_columns(tmp_path: Path, capsys) -> None:
    """A formula without a value after two repeated empty cells, and a merge down two rows, are
    reported and filled at the cells Excel gives them: the findings equal the .xlsx ones."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Services"
    ws.append(SERVICES_HEADER)
    ws.append(["SVC-001", "Delivery", None, None, "=Z99", "PER-001"])  # openpyxl saves no value
    ws.append(["SVC-002", "Catering", "d", "v", "live"])
    ws.merge_cells("F2:F3")
    xlsx = tmp_path / "formula.xlsx"
    wb.save(xlsx)
    formula = '<table:table-cell table:formula="of:=[.Z99]"/>'
    merged = text("PER-001", ' table:number-rows-spanned="2"')
    rows = row(
        text("SVC-001")
        + text("Delivery")
        + '<table:table-cell table:number-columns-repeated="2"/>'
        + formula
        + merged
    ) + row(
        text("SVC-002")
        + text("Catering")
        + text("d")
        + text("v")
        + text("live")
        + "<table:covered-table-cell/>"
    )
    ods = services_ods(tmp_path / "formula.ods", rows)
    got, want = (findings(check_json(p, capsys)[1], "f") for p in (ods, xlsx))
    assert got == want
    assert any(f["code"] == "formula-no-value" and f["cell"] == "Services!E2" for f in got), got
    from fitsm_audit.spec.contract import load_contract
    from fitsm_audit.workbook.load import load

    frame = load([str(ods)], load_contract()).sheets["Services"].frame
    assert frame["owner"].to_list() == ["PER-001", "PER-001"]


def test_a_value_the_fast_reader_cannot_parse_is_read_cell_by_cell(tmp_path: Path) -> None:
    """An office:value that is not a number makes the fast reader refuse the whole file; the
    cell-by-cell reader still reads every sheet."""
    from fitsm_audit.spec.contract import load_contract
    from fitsm_audit.workbook.load import load

    bad = row(
        text("SVC-002")
        + text("Catering")
        + text("d")
        + text("v")
        + text("live")
        + '<table:table-cell office:value-type="float" office:value="lots"><text:p>lots</text:p></table:table-cell>'
    )
    ods = services_ods(tmp_path / "bad-number.ods", SVC + bad)
    frame = load([str(ods)], load_contract()).sheets["Services"].frame
    assert frame["id"].to_list() == ["SVC-001", "SVC-002"]
    assert frame["owner"].to_list() == [None, "lots"]


# -- hostile and unreadable .ods: one line, exit 2 ----------------------------------------------


def test_billion_laughs_in_content_is_refused(tmp_path: Path) -> None:
    body = f"{HEAD}{LAUGHS}{OPEN}{table('Services', row(text('&lol9;')))}{CLOSE}".encode()
    assert_refused(write_ods(tmp_path / "laughs.ods", body), "DTD or XML entities")


def test_external_entity_in_content_is_refused(tmp_path: Path) -> None:
    body = f"{HEAD}{XXE}{OPEN}{table('Services', row(text('&xxe;')))}{CLOSE}".encode()
    assert_refused(write_ods(tmp_path / "xxe.ods", body), "DTD or XML entities")


@pytest.mark.parametrize(
    "part", ["styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml"]
)
def test_a_dtd_in_any_xml_part_is_refused(tmp_path: Path, part: str) -> None:
    hostile = f"{HEAD}{LAUGHS}<office:document-styles {NS}><x>&lol9;</x></office:document-styles>".encode()
    ods = tmp_path / "dtd.ods"
    if part == "META-INF/manifest.xml":
        write_ods(ods, content(table("Services", HEADER + SVC)), manifest=hostile)
    else:
        write_ods(ods, content(table("Services", HEADER + SVC)), {part: hostile})
    assert_refused(ods, f"{part} declares a DTD or XML entities")


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    """content.xml of 1 GiB of spaces, about 1 MiB compressed (written in chunks: cheap)."""
    chunk = b" " * (16 * 2**20)

    def spaces(fh: Any) -> None:
        fh.write(content("").split(b"<office:document-content")[0])
        for _ in range(64):
            fh.write(chunk)

    bomb = write_ods(tmp_path / "bomb.ods", spaces)
    assert bomb.stat().st_size < 4 * 2**20
    assert_refused(bomb, "decompression bomb")


def test_a_million_repeated_rows_are_refused(tmp_path: Path) -> None:
    ods = services_ods(tmp_path / "million.ods", row(text("SVC-X"), 1_000_000))
    assert_refused(ods, "1,000,001 rows, more than the limit of 200,000")


def test_a_million_written_rows_are_refused(tmp_path: Path) -> None:
    def rows(fh: Any) -> None:
        fh.write(f'{HEAD}{OPEN}<table:table table:name="Services">{HEADER}'.encode())
        for start in range(2, 1_000_002, 10_000):
            fh.write("".join(row(text(f"SVC-{i}")) for i in range(start, start + 10_000)).encode())
        fh.write(f"</table:table>{CLOSE}".encode())

    ods = write_ods(tmp_path / "million-rows.ods", rows)
    assert_refused(ods, "rows, more than the limit of 200,000")


def test_a_sheet_too_wide_is_refused(tmp_path: Path) -> None:
    """An empty cell repeated a billion times before a value: the reader would allocate them all."""
    wide = row('<table:table-cell table:number-columns-repeated="1000000000"/>' + text("x"))
    assert_refused(services_ods(tmp_path / "wide.ods", wide), "cells, more than the limit")


def test_many_sheets_together_too_large_are_refused(tmp_path: Path) -> None:
    block = row(
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="50"/>',
        100_000,
    )
    sheets = "".join(
        table(f"S{i}", block) for i in range(20)
    )  # 5 million cells each, 100 million in all
    assert_refused(write_ods(tmp_path / "sheets.ods", content(sheets)), "cells together")


def test_too_many_merged_ranges_are_refused(tmp_path: Path) -> None:
    merges = row(text("x", ' table:number-rows-spanned="150000"') * 1, 150_000)
    assert_refused(services_ods(tmp_path / "merges.ods", merges), "merged")


def test_a_password_protected_ods_is_refused(tmp_path: Path) -> None:
    manifest = MANIFEST.replace(
        b'manifest:media-type="text/xml"/>',
        b'manifest:media-type="text/xml" manifest:size="1200"><manifest:encryption-data '
        b'manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm '
        b'manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>'
        b"</manifest:encryption-data></manifest:file-entry>",
    )
    ods = write_ods(tmp_path / "locked.ods", os.urandom(70_000), manifest=manifest)
    assert_refused(ods, "password-protected (encrypted)")


def test_basic_macros_are_refused(tmp_path: Path) -> None:
    module = b'<?xml version="1.0"?><!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd"><script:module/>'
    ods = write_ods(
        tmp_path / "macros.ods",
        content(table("Services", HEADER + SVC)),
        {"Basic/Standard/Module1.xml": module, "Basic/Standard/script-lb.xml": module},
    )
    assert_refused(ods, "contains macros")


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        (
            "text.ods",
            lambda p: p.write_text("not a spreadsheet\n"),
            "this is a text file, not an Excel workbook",
        ),
        ("empty.ods", lambda p: p.write_bytes(b""), "the file is empty"),
        (
            "truncated.ods",
            lambda p: p.write_bytes(services_ods(p, SVC).read_bytes()[:300]),
            "corrupt",
        ),
        (
            "letter.ods",
            lambda p: write_ods(p, b"<x/>", mimetype=b"application/vnd.oasis.opendocument.text"),
            "OpenDocument text document (.odt), not a spreadsheet",
        ),
        ("no-sheets.ods", lambda p: write_ods(p, content("")), "has no sheets"),
        (
            "broken.ods",
            lambda p: write_ods(p, content(table("Services", "<table:table-row>"))),
            "not well-formed",
        ),
        (
            "no-content.ods",
            lambda p: write_ods(p, b"").write_bytes(_without_content(p)),
            "has no content.xml",
        ),
    ],
)
def test_what_is_not_a_readable_ods_is_one_line(
    tmp_path: Path, name: str, make: Any, words: str
) -> None:
    path = tmp_path / name
    make(path)
    assert_refused(path, words)


def _without_content(path: Path) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if info.filename != "content.xml":
                dst.writestr(info, src.read(info))
    return buf.getvalue()
