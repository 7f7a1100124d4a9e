"""Benchmark: `fitsm-audit sla` on a workbook with about 1,000 agreements (issue 17).

    python bench/bench_sla.py [--rows 1000] [--repeat 3] [--formats docx,docx+pdf]

The sample grown to ~ROWS rows in every register (bench/grow.py, clean, cached in bench/out)
holds about ROWS agreements (SLAs, OLAs and UAs, each with its targets and terms). Each run is
a fresh process (imports included) writing into an empty folder; the agreements written are
counted from the run's manifest. Prints, per format list, the median wall time, the seconds per
agreement (target: at most 0.3) and, for comparison, one agreement alone (``--only``), whose
time is what every run pays before its first document (reading, checking, assessing).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
TARGET = 0.3  # seconds per agreement


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds of ``cmd`` (which writes into its ``-o`` folder) and the agreements it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        start = time.perf_counter()
        done = subprocess.run([*cmd, "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-400:]}")
        with open(os.path.join(out, "manifest.json"), encoding="utf-8") as fh:
            manifest = json.load(fh)
    return elapsed, len({o["document"] for o in manifest["outputs"] if o.get("kind") == "agreement"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", default="docx", help="format lists to time, e.g. docx,docx+pdf (PDF layout makes a run of 1,000 several minutes)")
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    args = ap.parse_args()
    from grow import ensure

    clean, _ = ensure(args.rows, args.out)
    exe = [sys.executable, "-m", "fitsm_audit", "sla", clean, "--as-of", "2026-11-30", "-q"]
    print(f"sample grown to ~{args.rows:,} rows per register; medians of {args.repeat} runs; {os.cpu_count()} cores")
    for spec in args.formats.split(","):
        formats = spec.replace("+", ",")
        every = [run([*exe, "--format", formats]) for _ in range(args.repeat)]
        one = [run([*exe, "--format", formats, "--only", "SLA-001"]) for _ in range(args.repeat)]
        n = every[0][1]
        med, med_one = statistics.median(t for t, _ in every), statistics.median(t for t, _ in one)
        per = med / n if n else float("nan")
        verdict = "meets" if per <= TARGET else "misses"
        print(f"sla --format {formats:<9} {n:>5} agreements: median {med:7.1f} s, {per:.3f} s per agreement "
              f"({verdict} the {TARGET} s target); --only SLA-001: {med_one:.1f} s", flush=True)


if __name__ == "__main__":
    main()
