"""Benchmark: `fitsm-audit federation` on MEMBERS members of the sample's size, against the ideal.

    python bench/bench_federation.py [--members 200] [--repeat 3] [--jobs 0] [--documents]

Writes MEMBERS copies of the federation sample's members (provider names made unique) into
bench/out/federation-N, then, in the same run:

- the single assessments: each member read, checked and assessed one after the other in one
  warm process (what one member costs, imports paid once); their sum divided by the worker count
  is the ideal parallel time;
- the roll-up: `fitsm-audit federation MEMBERS -o OUT --format json,xlsx` in a fresh process
  (median of --repeat runs), its wall time and the peak memory of the whole process tree (the
  parent and its workers, summed, sampled every 50 ms from /proc).

Targets (issue 13): roll-up <= 1.3 x ideal parallel time, peak memory <= 1 GB. --documents adds
the federation report (DOCX and PDF) to the roll-up, reported separately: a PDF of one page per
member is rendering, not assessment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLE_MEMBERS = os.path.join(ROOT, "samples", "federation", "members")
AS_OF = dt.date(2026, 11, 30)


def make_members(n: int, folder: str) -> None:
    """n member workbooks: the sample's two single-file members in turn, each with its own name."""
    import openpyxl

    if os.path.isdir(folder) and len(os.listdir(folder)) == n:
        return
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    sources = [os.path.join(SAMPLE_MEMBERS, f) for f in ("pronto-pizza.xlsx", "napoli-express.xlsx")]
    books = []
    for src in sources:
        wb = openpyxl.load_workbook(src)
        ws = wb["Organisation"]
        row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").strip().lower() == "provider")
        books.append((wb, ws, row, ws.cell(row, 2).value))
    for i in range(n):
        wb, ws, row, name = books[i % len(books)]
        ws.cell(row, 2).value = f"{name} #{i + 1:03d}"
        wb.save(os.path.join(folder, f"member-{i + 1:03d}.xlsx"))


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def roll_up(members: str, out: str, jobs: int, formats: str) -> tuple[float, int]:
    """Wall time and peak tree memory of one roll-up in a fresh process."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "fitsm_audit", "federation", members, "-o", out, "--as-of", AS_OF.isoformat(),
           "--format", formats, "--jobs", str(jobs), "-q"]  # fmt: skip
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    proc.wait()
    wall = time.perf_counter() - t0
    watcher.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"federation failed with exit {proc.returncode}")
    return wall, peak[0]


def singles(members: str) -> float:
    """The sum of the single assessments, one warm process, one after the other."""
    sys.path.insert(0, ROOT)
    from fitsm_audit.publish.federation_members import find_members
    from fitsm_audit.publish.federation_pool import assess_member
    from fitsm_audit.workbook.container import DEFAULT_LIMITS

    entries = find_members(members).members
    assess_member(entries[0], AS_OF, "2", DEFAULT_LIMITS)  # imports and first-use caches
    total = 0.0
    for entry in entries:
        t0 = time.perf_counter()
        result = assess_member(entry, AS_OF, "2", DEFAULT_LIMITS)
        total += time.perf_counter() - t0
        if result.reason:
            raise SystemExit(f"{entry.name}: {result.reason}")
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="workers; 0: one per core")
    ap.add_argument("--documents", action="store_true", help="also time the roll-up with the DOCX and PDF report")
    args = ap.parse_args()
    jobs = args.jobs or os.cpu_count() or 1
    folder = os.path.join(HERE, "out", f"federation-{args.members}")
    make_members(args.members, folder)
    out = os.path.join(HERE, "out", "federation-rollup")
    serial = singles(folder)
    ideal = serial / jobs
    runs = [roll_up(folder, out, jobs, "json,xlsx") for _ in range(args.repeat)]
    wall = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    print(f"{args.members} members, {jobs} workers on {os.cpu_count()} cores")
    print(f"single assessments: sum {serial:.1f} s ({serial / args.members * 1000:.0f} ms a member); ideal parallel {ideal:.1f} s")
    print(f"roll-up (json, xlsx): median {wall:.1f} s of {args.repeat} = {wall / ideal:.2f} x ideal (target <= 1.30)")
    print(f"peak memory of the process tree: {peak / 2**20:.0f} MiB (target <= 1024)")
    if args.documents:
        doc_wall, doc_peak = roll_up(folder, out, jobs, "json,xlsx,docx,pdf")
        print(f"roll-up with the DOCX and PDF report: {doc_wall:.1f} s, peak {doc_peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
