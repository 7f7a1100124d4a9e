"""Benchmark: how the time of each evidence check grows with the registers (issue 17).

    python bench/bench_growth.py [--sizes 5000,10000,20000,50000] [--repeat 3]

For each size the sample is grown to ~SIZE rows per register (bench/grow.py, clean, cached in
bench/out) and read once; then every check of the registry (both editions) runs on a fresh
assessment context (`AssessmentContext(sanitize(dataset), as_of)`, so no check profits from
another's cached queries), `--repeat` times, and the median is kept. Besides the checks: the
sanitising of the dataset, the context's shared queries are part of the first check to use them.

Prints, per check, the median seconds at each size and the growth exponent k of time ~ rows^k
(least squares on log time against log rows): about 1 is linear, 1.1-1.2 is n log n over this
range, 2 is quadratic. The target is that no check grows faster than n log n (k <= 1.25 leaves
room for noise); the checks above it are listed at the end. Also the whole assessment
(`assess()` on the read dataset) at each size, with its own exponent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
AS_OF = dt.date(2026, 11, 30)
LIMIT = 1.25


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The slope of log seconds against log size (least squares); nan when too fast to tell."""
    pts = [(math.log(n), math.log(s)) for n, s in zip(sizes, seconds, strict=True) if s > 0]
    if len(pts) < 2:
        return float("nan")
    mx = statistics.fmean(x for x, _ in pts)
    my = statistics.fmean(y for _, y in pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else float("nan")


def time_checks(dataset, repeat: int) -> tuple[dict[str, float], float]:
    from fitsm_audit.assess.assessment_context import AssessmentContext
    from fitsm_audit.assess.registry import CHECKS
    from fitsm_audit.assess.sanitize import sanitize
    from fitsm_audit.assess.scoring import assess

    out: dict[str, list[float]] = {name: [] for name in CHECKS}
    whole: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        assess(dataset, as_of=AS_OF, findings=[])
        whole.append(time.perf_counter() - t0)
        for name, (check, _) in CHECKS.items():
            ctx = AssessmentContext(sanitize(dataset), AS_OF, None)
            gc.collect()
            t0 = time.perf_counter()
            check(ctx)
            out[name].append(time.perf_counter() - t0)
    return {n: statistics.median(v) for n, v in out.items()}, statistics.median(whole)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="5000,10000,20000,50000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--top", type=int, default=0, help="print only the N slowest checks at the largest size")
    args = ap.parse_args()
    from grow import ensure

    from fitsm_audit.workbook.pipeline import read_sms

    sizes = [int(s) for s in args.sizes.split(",") if s]
    per_size: list[dict[str, float]] = []
    wholes: list[float] = []
    for size in sizes:
        clean, _ = ensure(size, args.out)
        result = read_sms([clean], AS_OF)
        dataset = result.dataset
        checks, whole = time_checks(dataset, args.repeat)
        per_size.append(checks)
        wholes.append(whole)
        print(f"grown to ~{size:,} rows per register: assess {whole:.2f} s, checks {sum(checks.values()):.2f} s",
              flush=True)
        del result, dataset
        gc.collect()
    names = sorted(per_size[-1], key=lambda n: -per_size[-1][n])
    if args.top:
        names = names[: args.top]
    print(f"\nmedians of {args.repeat}; {os.cpu_count()} cores; k: time ~ rows^k")
    print(f"{'check':<34}" + "".join(f" {s:>9,}" for s in sizes) + f" {'k':>6}")
    above = []
    for name in names:
        secs = [p[name] for p in per_size]
        k = exponent(sizes, secs)
        print(f"{name:<34}" + "".join(f" {s:>8.3f}s" for s in secs) + f" {k:>6.2f}")
        if k > LIMIT and secs[-1] > 0.05:  # below 50 ms the exponent is noise
            above.append(name)
    print(f"{'assess (whole)':<34}" + "".join(f" {s:>8.2f}s" for s in wholes) + f" {exponent(sizes, wholes):>6.2f}")
    print(f"checks growing faster than rows^{LIMIT}: {', '.join(above) if above else 'none'}")


if __name__ == "__main__":
    main()
