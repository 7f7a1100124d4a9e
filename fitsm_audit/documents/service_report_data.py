"""What a service report says, before it is laid out: the agreement, its periods (calendar
months), each target's measurements over the last 12 of them, the breaches and the complaints and
incidents linked to the service in each breached period (docs/documents.md, "Service reports")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from fitsm_audit.core.dates import add_months
from fitsm_audit.core.errors import UsageError
from fitsm_audit.documents.common import long_date, text
from fitsm_audit.spec.service_levels import month_key, month_of, parse_target
from fitsm_audit.workbook.measurements import Measurement, measurements
from fitsm_audit.workbook.records import Dataset, Record

HISTORY = 12  # periods every report shows
# registers whose rows are linked to a breach: (sheet, service column, date column); the incident
# register is read when the workbook has one
LINKED = (
    ("Complaints", "service", "received_on"),
    ("Incidents & Service Requests", "service", "opened"),
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def key(self) -> str:
        return month_key(self.start)

    @property
    def title(self) -> str:
        return long_date(self.start).split(" ", 1)[1]  # "October 2026", whatever the locale


@dataclass
class TargetLine:
    """One service target of the agreement (Targets rows with the same parameter and service)."""

    target: Record  # the latest Targets row of the line
    by_period: dict[str, Measurement] = field(default_factory=dict)  # period key -> measurement

    @property
    def label(self) -> str:
        return f"{text(self.target.id)} {text(self.target['parameter'])}".strip()

    @property
    def threshold(self) -> float | None:
        parsed = parse_target(self.target["target"])
        return parsed[1] if parsed else None


@dataclass
class Breach:
    period: Period
    line: TargetLine
    measurement: Measurement
    linked: list[Record]  # complaints and incidents of the service in the period


@dataclass
class ReportData:
    agreement: Record
    period: Period
    periods: list[Period]  # the last 12, oldest first, ending with ``period``
    lines: list[TargetLine]
    breaches: list[Breach]  # of the last 12 periods, newest first

    def in_period(self) -> list[Breach]:
        return [b for b in self.breaches if b.period == self.period]


def _key(value: object) -> str:
    return str(value or "").strip().lower()


def _month(day: dt.date) -> Period:
    found = month_of(month_key(day))
    assert found is not None
    return Period(*found)


def report_data(dataset: Dataset, as_of: dt.date, agreement_ids: list[str], period: str | None) -> list[ReportData]:
    """One ReportData per agreement (every measured one, or those asked for) and period (``period``
    as ``2026-10``, else each agreement's latest measured month). A UsageError names what is wrong."""
    wanted = month_of(period) if period else None
    if period and wanted is None:
        raise UsageError(f"--period {period!r} is not a month; use the form 2026-10")
    by_agreement: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements(dataset):
        if m.end is not None and m.end <= as_of:
            by_agreement[_key(m.record["agreement"])].append(m)
    agreements = dataset.by_key("Agreements")
    if agreement_ids:
        unknown = [a for a in agreement_ids if _key(a) not in agreements]
        if unknown:
            raise UsageError(f"--agreement {', '.join(unknown)}: not on the Agreements sheet")
        keys = [_key(a) for a in agreement_ids]
        unmeasured = [agreements[k].id or k for k in keys if not by_agreement.get(k)]
        if unmeasured:
            raise UsageError(f"{', '.join(unmeasured)} has no measurements on the Service Level Measurements sheet")
    else:
        keys = [_key(a.id) for a in dataset.rows("Agreements") if by_agreement.get(_key(a.id))]
        if not keys:
            raise UsageError("the Service Level Measurements sheet has no measurement of a period ended by the as-of date")
    out = []
    for k in dict.fromkeys(keys):
        ms = by_agreement[k]
        month = Period(*wanted) if wanted else _month(max(m.end for m in ms if m.end))
        if wanted and not any(m.end and _month(m.end) == month for m in ms):
            if agreement_ids:
                raise UsageError(f"{agreements[k].id} has no measurements for {month.title}")
            continue
        out.append(_one(dataset, agreements[k], ms, month))
    if not out:
        raise UsageError(f"no agreement has measurements for {Period(*wanted).title if wanted else period}")
    return out


def _one(dataset: Dataset, agreement: Record, ms: list[Measurement], month: Period) -> ReportData:
    periods = [_month(add_months(month.start, -i)) for i in range(HISTORY - 1, -1, -1)]
    keys = {p.key for p in periods}
    lines: dict[tuple[str, str, str], TargetLine] = {}
    for m in sorted(ms, key=lambda m: (m.end or dt.date.min, m.record.row)):
        line = lines.get(m.line)
        if line is None:
            line = lines[m.line] = TargetLine(m.target)
        elif text(m.target.id) and _later(m.target, line.target):
            line.target = m.target
        if m.end is not None and month_key(m.end) in keys:
            line.by_period[month_key(m.end)] = m  # the latest row of a period wins
    breaches = []
    for p in reversed(periods):
        for line in lines.values():
            hit = line.by_period.get(p.key)
            if hit is not None and hit.met is False:
                breaches.append(Breach(p, line, hit, linked_rows(dataset, agreement, line.target, hit)))
    return ReportData(agreement, month, periods, list(lines.values()), breaches)


def _later(a: Record, b: Record) -> bool:
    ea, eb = a["period_end"], b["period_end"]
    return isinstance(ea, dt.date) and (not isinstance(eb, dt.date) or ea > eb)


def linked_rows(dataset: Dataset, agreement: Record, target: Record, m: Measurement) -> list[Record]:
    """Complaints and incidents (where the workbook records them; not service requests) of the
    measured service, or of the agreement's services when the target names none, dated within the
    measured period. For an individual SLA, rows naming another customer are left out."""
    service = _key(target["service"])
    services = {service} if service else {_key(s) for s in agreement["services"] or []}
    customers = {_key(c.id) for c in dataset.rows("Customers") if c.id}
    own = _key(agreement["counterparty"])
    own = own if own in customers else ""
    out = []
    for sheet, column, date_column in LINKED:
        for r in dataset.rows(sheet):
            day = r[date_column]
            if not (_key(r[column]) in services and isinstance(day, dt.date) and m.start and m.end and m.start <= day <= m.end):
                continue
            if r["type"] not in (None, "incident") or (own and _key(r["customer"]) not in ("", own)):
                continue
            out.append(r)
    return out
