"""Benchmark: `fitsm-audit demo` on the sample and `fitsm-audit report` on a large workbook.

    python bench/bench_documents.py [--rows 10000] [--repeat 3] [--skip-large]

Each run is a fresh process (imports included), timed with the wall clock; the medians are
printed with the page counts of the PDFs written (pdfinfo, when installed). The grown workbooks
are made once by bench/grow.py and cached in bench/out. A benchmark, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-400:]}")
    return elapsed


def pages(folder: str) -> int:
    if not shutil.which("pdfinfo"):
        return 0
    total = 0
    for name in (os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs):
        if name.endswith(".pdf"):
            info = subprocess.run(
                ["pdfinfo", name], capture_output=True, text=True, check=False
            ).stdout
            total += next(
                (int(x.split()[1]) for x in info.splitlines() if x.startswith("Pages:")), 0
            )
    return total


def bench(label: str, make_cmd, repeat: int) -> None:
    times, page_count = [], 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            times.append(timed(make_cmd(out)))
            page_count = pages(out)
    spread = f"min {min(times):.1f} s, max {max(times):.1f} s"
    per_page = f", {statistics.median(times) / page_count:.2f} s/page" if page_count else ""
    print(
        f"{label:<44} median {statistics.median(times):6.1f} s ({spread}); "
        f"{page_count} PDF pages{per_page}",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--skip-large", action="store_true", help="only the demo on the sample")
    args = ap.parse_args()
    exe = [sys.executable, "-m", "fitsm_audit"]

    bench(
        "demo (sample, docx+pdf, every document)",
        lambda out: [*exe, "demo", "-o", os.path.join(out, "demo")],
        args.repeat,
    )
    bench(
        "demo (sample, docx only)",
        lambda out: [*exe, "demo", "-o", os.path.join(out, "demo"), "--format", "docx"],
        args.repeat,
    )
    if args.skip_large:
        return
    from grow import ensure

    for label, path in zip(("clean", "dirty"), ensure(args.rows, args.out), strict=True):
        bench(
            f"report (sample grown to ~{args.rows:,} rows/register, {label}, docx+pdf)",
            lambda out, p=path: [*exe, "report", p, "-o", out, "--as-of", "2026-11-30", "--allow-errors"],
            args.repeat,
        )


if __name__ == "__main__":
    main()
