"""Benchmark: `fitsm-audit check` against merely reading the same cells with python-calamine.

    python bench/bench_check.py [--rows 10000] [--repeat 5]

Generates (once, cached in bench/out) a valid workbook with --rows rows in each main register and
a dirty twin with ~3,000 bad cells, then reports, per workbook, the median wall time of repeated
`fitsm-audit check` runs and of a plain python-calamine read of every cell, each in a fresh
process, measured interleaved in the same run, and their ratio. Target: check <= 2x the raw read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

RAW_READ = """
import sys, python_calamine as pc
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
n = 0
for name in wb.sheet_names:
    for row in wb.get_sheet_by_name(name).to_python():
        n += len(row)
print(n)
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--command", default="check", choices=["check", "assess"],
                    help="the fitsm-audit command to time against the raw read")
    args = ap.parse_args()
    out = os.path.join(args.out, str(args.rows))
    clean, dirty = os.path.join(out, "large-clean.xlsx"), os.path.join(out, "large-dirty.xlsx")
    if not (os.path.exists(clean) and os.path.exists(dirty)):
        from generate import generate

        print(f"generating {args.rows:,}-row workbooks in {out} ...", flush=True)
        generate(args.rows, out)
    exe = [sys.executable, "-m", "fitsm_audit"]
    print(f"{'workbook':<12} {'raw read (calamine)':>20} {args.command:>10} {'ratio':>7}")
    for label, path in (("clean", clean), ("dirty", dirty)):
        raw, run = [], []
        for _ in range(args.repeat):
            raw.append(timed([sys.executable, "-c", RAW_READ, path]))
            run.append(timed([*exe, args.command, path, "--as-of", "2026-11-30", "--format", "json"]))
        r, c = statistics.median(raw), statistics.median(run)
        print(f"{label:<12} {r:>19.2f}s {c:>9.2f}s {c / r:>6.2f}x")


if __name__ == "__main__":
    main()
