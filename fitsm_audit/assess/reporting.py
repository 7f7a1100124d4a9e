"""PR3 (D7): whether a report on service targets that is due had measurements to report.

A report in the Reports register that is active, periodic and reports on targets is due for its
last whole period (spec.service_levels.last_period: for a monthly report on 30 November, October).
It needs measurements (Service Level Measurements rows that count for their target) whose period
overlaps that one: of every in-force SLA of the customers it is agreed with, or, when it is agreed
with no customer (an internal report), of at least one in-force agreement. Agreements that started
after the period, and workbooks without the register, are not judged; `grace_days` delays the
day a period falls due, as for report timeliness.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import key, keys, label
from fitsm_audit.core.dates import add_days
from fitsm_audit.spec.service_levels import last_period, overlaps
from fitsm_audit.workbook.measurements import MEASUREMENTS, measurements
from fitsm_audit.workbook.records import Record


def _period_text(period: tuple[dt.date, dt.date]) -> str:
    start, end = period
    if start == end:
        return start.isoformat()
    if start.day == 1 and add_days(end, 1).day == 1 and (start.year, start.month) == (end.year, end.month):
        return start.strftime("%B %Y")
    return f"{start.isoformat()} to {end.isoformat()}"


def unmeasured_reports(ctx: AssessmentContext) -> dict[str, str]:
    """Report label -> why it is due without measurements (memoised per assessment)."""
    return ctx.memo("unmeasured-reports", lambda: _unmeasured(ctx))


def _unmeasured(ctx: AssessmentContext) -> dict[str, str]:
    if ctx.empty(MEASUREMENTS):
        return {}
    periods: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for m in measurements(ctx.ds):
        if m.start is not None and m.end is not None:
            periods[key(m.record["agreement"] or "")].append((m.start, m.end))
    in_force = ctx.in_force_slas + ctx.in_force_ola_uas
    # what depends on the period alone, once per period (reports share a handful of periods):
    # the agreements started by its end, those measured for it, and the SLAs per customer
    per_period: dict[tuple[dt.date, dt.date], tuple[list[Record], set[int], dict[str, list[int]]]] = {}

    def due(period: tuple[dt.date, dt.date]) -> tuple[list[Record], set[int], dict[str, list[int]]]:
        if period not in per_period:
            started = [a for a in in_force if not isinstance(a["valid_from"], dt.date) or a["valid_from"] <= period[1]]
            measured = {
                i for i, a in enumerate(started)
                if any(overlaps(p, period) for p in periods.get(key(a.id or ""), []))
            }  # fmt: skip
            slas: dict[str, list[int]] = defaultdict(list)
            for i, a in enumerate(started):
                if a["type"] == "SLA":
                    slas[key(a["counterparty"] or "")].append(i)
            per_period[period] = (started, measured, slas)
        return per_period[period]

    out: dict[str, str] = {}
    for r in ctx.rows("Reports"):
        if r["status"] not in (None, "active") or r["includes_targets"] is not True:
            continue
        period = last_period(r["frequency"], add_days(ctx.as_of, -ctx.settings.grace_days))
        if period is None:
            continue
        started, measured, slas = due(period)
        customers = {k for k in keys(r["agreed_with"]) if k in ctx.customers}
        if customers:  # in the register's order, as the agreements in force are listed
            unmeasured = [label(started[i]) for i in sorted({i for c in customers for i in slas.get(c, ())})
                          if i not in measured]  # fmt: skip
            if unmeasured:
                out[label(r)] = f"due for {_period_text(period)}, no measurements of {', '.join(unmeasured)} for it"
        elif started and not measured:
            out[label(r)] = f"due for {_period_text(period)}, no measurement of any agreement in force for it"
    return out
