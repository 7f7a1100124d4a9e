"""Benchmark: `check` against a raw python-calamine read, and `assess` against `check` (issue 17).

    python bench/bench_check.py [--rows 10000] [--repeat 5] [--commands check,assess]

On the sample grown to ~ROWS rows in every register (bench/grow.py: clean, and dirty with every
grown ID off-form), each run in a fresh process, interleaved in the same run:

- the raw read: python-calamine, ``to_python()`` of every sheet (what reading alone costs);
- ``fitsm-audit check FILE --format json`` and ``fitsm-audit assess FILE --format json``.

Prints the median wall time of each, the peak memory (maximum resident set) of each command,
and the ratios check / raw read (target <= 1.5) and assess / check (target <= 1.25).
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
    n += sum(len(row) for row in wb.get_sheet_by_name(name).to_python())
print(n)
"""

PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def peak_mb(cmd: list[str]) -> float:
    """The largest resident set of ``cmd`` (and its children), in MB; measured from a launcher
    process, since a forked child would carry this one's own peak."""
    out = subprocess.run([sys.executable, "-c", PEAK, *cmd], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--commands", default="check,assess", help="fitsm-audit commands to time")
    args = ap.parse_args()
    from grow import ensure

    clean, dirty = ensure(args.rows, args.out)
    commands = [c for c in args.commands.split(",") if c]
    exe = [sys.executable, "-m", "fitsm_audit"]
    print(f"sample grown to ~{args.rows:,} rows per register; medians of {args.repeat} runs; {os.cpu_count()} cores")
    head = f"{'workbook':<8} {'raw read':>9}" + "".join(f" {c:>9} {'peak':>7}" for c in commands)
    print(head + "".join(f" {r:>14}" for r in ratio_names(commands)))
    for label, path in (("clean", clean), ("dirty", dirty)):
        times: dict[str, list[float]] = {"raw": [], **{c: [] for c in commands}}
        for _ in range(args.repeat):
            times["raw"].append(timed([sys.executable, "-c", RAW_READ, path]))
            for c in commands:
                times[c].append(timed([*exe, c, path, "--as-of", "2026-11-30", "--format", "json"]))
        med = {k: statistics.median(v) for k, v in times.items()}
        peaks = {c: peak_mb([*exe, c, path, "--as-of", "2026-11-30", "--format", "json"]) for c in commands}
        line = f"{label:<8} {med['raw']:>8.2f}s" + "".join(f" {med[c]:>8.2f}s {peaks[c]:>5.0f}MB" for c in commands)
        ratios = []
        if "check" in med:
            ratios.append(med["check"] / med["raw"])
        if "check" in med and "assess" in med:
            ratios.append(med["assess"] / med["check"])
        print(line + "".join(f" {r:>13.2f}x" for r in ratios), flush=True)


def ratio_names(commands: list[str]) -> list[str]:
    out = []
    if "check" in commands:
        out.append("check/raw")
    if "check" in commands and "assess" in commands:
        out.append("assess/check")
    return out


if __name__ == "__main__":
    main()
