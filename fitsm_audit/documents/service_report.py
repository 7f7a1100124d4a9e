"""The service report (PR3): for one agreement and one period, each service target against its
measurement, met or breached, the trend over the last 12 periods and the breaches with the
complaints and incidents of the service in the breached period (docs/documents.md)."""

from __future__ import annotations

import datetime as dt

from fitsm_audit.core.words import count
from fitsm_audit.documents.common import (
    NOT_SET,
    People,
    control_from_register,
    iso,
    long_date,
    provider_name,
    text,
)
from fitsm_audit.documents.model import (
    Block,
    Cell,
    Chart,
    Column,
    Document,
    Facts,
    MeasurementLine,
    MeasurementSeries,
    Paragraph,
    Section,
    Stat,
    Stats,
    Table,
)
from fitsm_audit.documents.row_use import RowUse, uses
from fitsm_audit.documents.service_report_data import Breach, ReportData, TargetLine, report_data
from fitsm_audit.workbook.measurements import MEASUREMENTS
from fitsm_audit.workbook.records import Dataset, Record
from fitsm_audit.workbook.roles import process_role


def build_service_reports(dataset: Dataset, as_of: dt.date, agreement_ids: list[str], period: str | None) -> list[Document]:
    """One report per agreement and period (see service_report_data.report_data)."""
    return [_document(dataset, as_of, data) for data in report_data(dataset, as_of, agreement_ids, period)]


def _value(value: float | None, unit: str) -> str:
    return "not measured" if value is None else f"{value:g} {unit}".strip()


def _result(met: bool | None) -> Cell:
    if met is None:
        return Cell("not compared", "muted")
    return Cell("met", "good") if met else Cell("breached", "bad", bold=True)


def _document(dataset: Dataset, as_of: dt.date, data: ReportData) -> Document:
    provider = provider_name(dataset)
    people = People(dataset)
    a = data.agreement
    ident = text(a.id)
    counterparty = _counterparty(dataset, a)
    now = [line.by_period.get(data.period.key) for line in data.lines]
    met = sum(1 for m in now if m is not None and m.met is True)
    breached = sum(1 for m in now if m is not None and m.met is False)
    unmeasured = sum(1 for m in now if m is None)
    report = _report_row(dataset, a)
    owner = (report["owner"] if report else None) or process_role(dataset, "PR3", "process manager")
    control = control_from_register(
        dataset, "service report", identifier=f"Service report {ident} {data.period.key}", as_of=as_of,
        fallback_owner=owner, fallback_approver=process_role(dataset, "PR2", "process owner"),
    )  # fmt: skip
    summary = (
        f"{ident}, {data.period.title}: {count(met, 'target')} met, {breached} breached"
        + (f", {unmeasured} not measured" if unmeasured else "")
        + f"; {count(len(data.breaches), 'breach', 'breaches')} in the last {len(data.periods)} months."
    )
    sections = [
        Section("Summary", [
            Stats([
                Stat("Targets met", f"{met} of {len(data.lines)}", "good" if met == len(data.lines) else ""),
                Stat("Breached", str(breached), "bad" if breached else "good"),
                Stat("Breaches, last 12 months", str(len(data.breaches)), "warn" if data.breaches else "good"),
            ]),
            Facts(_facts(dataset, a, counterparty, report, people)),
        ]),
        Section(f"Service targets in {data.period.title}", [_current(data)]),
        Section(f"The last {len(data.periods)} months", [_chart(data), _history(data)]),
        Section(f"Breaches in {data.period.title}", _breach_blocks(data.in_period(), data.period.title)),
        Section(f"Breaches of the last {len(data.periods)} months", [_breach_table(data.breaches)]),
    ]  # fmt: skip
    return Document(
        kind="service-report",
        stem=f"service-report-{ident}-{data.period.key}",
        title="Service report",
        subtitle=f"{ident} {text(a['title'])} · {data.period.title}".replace("  ", " "),
        provider=provider,
        as_of=as_of,
        summary=summary,
        cover_facts=[
            ("Service provider", provider),
            ("Agreement", f"{ident} {text(a['title'])}".strip()),
            ("Customer" if text(a["type"]) == "SLA" else "Counterparty", counterparty),
            ("Period", f"{data.period.title} ({iso(data.period.start)} to {iso(data.period.end)})"),
            ("As of", long_date(as_of)),
        ],
        control=control,
        sections=sections,
        chapter_breaks=False,
        keywords=["FitSM", "PR3", "service report", ident],
        extra={"agreement": ident, "period": data.period.key, "met": met, "breached": breached,
               "breaches_12": len(data.breaches), "uses": _rows_used(dataset, data)},
    )  # fmt: skip


def _counterparty(dataset: Dataset, a: Record) -> str:
    ref = text(a["counterparty"])
    for sheet in ("Customers", "Parties", "Suppliers"):
        row = dataset.by_key(sheet).get(ref.lower())
        if row is not None:
            return f"{text(row['name'], ref)} ({ref})"
    return "all customers (default SLA)" if text(a["sla_kind"]) == "default" else ref or NOT_SET


def _report_row(dataset: Dataset, a: Record) -> Record | None:
    """The Reports row that reports this agreement's targets: agreed with its counterparty, else
    the first active report on targets."""
    reports = [r for r in dataset.rows("Reports") if r["includes_targets"] is True and r["status"] in (None, "active")]
    ref = text(a["counterparty"]).lower()
    mine = [r for r in reports if ref and ref in {text(k).lower() for k in r["agreed_with"] or []}]
    chosen = mine or reports
    return chosen[0] if chosen else None


def _facts(dataset: Dataset, a: Record, counterparty: str, report: Record | None, people: People) -> list[tuple[str, str]]:
    services = dataset.by_key("Services")
    names = [f"{text(services[s.lower()]['name'], s)} ({s})" if s.lower() in services else s for s in a["services"] or []]
    pairs = [
        ("Agreement", f"{text(a.id)} {text(a['title'])} ({text(a['type'])}, {text(a['status'])})"),
        ("Customer" if text(a["type"]) == "SLA" else "Counterparty", counterparty),
        ("Services", ", ".join(names) or ", ".join(a["components"] or []) or NOT_SET),
        ("Valid", f"from {iso(a['valid_from']) or NOT_SET}" + (f" until {iso(a['valid_until'])}" if a["valid_until"] else "")),
        ("Agreement owner", people.label(a["owner"])),
    ]
    if report is not None:
        pairs.append(("Report specification", f"{text(report.id)} {text(report['name'])} ({text(report['frequency'], 'no frequency')})"))
    return pairs


def _current(data: ReportData) -> Table:
    rows = []
    for line in data.lines:
        m = line.by_period.get(data.period.key)
        unit = text(line.target["unit"])
        rows.append([
            Cell(text(line.target.id), bold=True, notes=[text(line.target["parameter"])]),
            Cell(f"{text(line.target['target'])} {unit}".strip()),
            Cell(_value(m.value if m else None, unit), notes=[f"{iso(m.start)} to {iso(m.end)}"] if m else []),
            _result(m.met) if m else Cell("not measured", "warn"),
            Cell(text(m.record["comment"]) if m else "", notes=[text(m.record.id)] if m else []),
        ])  # fmt: skip
    return Table(
        [Column("Target", 2.4), Column("Agreed", 1.1), Column("Measured", 1.2, "right"), Column("Result", 0.9),
         Column("Comment (measurement)", 2.2)],
        rows, caption=f"Each service target of the agreement against its measurement in {data.period.title}.",
    )  # fmt: skip


def _series(data: ReportData) -> MeasurementSeries:
    lines = []
    for line in data.lines:
        ms = [line.by_period.get(p.key) for p in data.periods]
        lines.append(MeasurementLine(
            label=line.label, target=text(line.target["target"]), threshold=line.threshold,
            unit=text(line.target["unit"]), values=[m.value if m else None for m in ms],
            met=[m.met if m else None for m in ms],
        ))  # fmt: skip
    return MeasurementSeries([p.key for p in data.periods], lines)


def _chart(data: ReportData) -> Chart:
    return Chart(
        name=f"measurements-{text(data.agreement.id)}-{data.period.key}",
        data=_series(data),
        caption=f"Each target's measured value per month, {data.periods[0].title} to {data.period.title}; "
        "the dashed line is the target, red points are breaches.",
        alt=f"Measured values of {count(len(data.lines), 'service target')} of {text(data.agreement.id)} over "
        f"{len(data.periods)} months against their targets, with {count(len(data.breaches), 'breach', 'breaches')}.",
    )


def _history(data: ReportData) -> Table:
    months = data.periods[-6:]  # the table shows the last six; the chart all twelve
    rows = []
    for line in data.lines:
        cells = [Cell(text(line.target.id), bold=True, notes=[text(line.target["target"])])]
        for p in months:
            m = line.by_period.get(p.key)
            cells.append(Cell("–", "muted") if m is None else Cell(f"{m.value:g}", "bad" if m.met is False else ""))
        rows.append(cells)
    return Table(
        [Column("Target", 1.4), *(Column(p.key, 1.0, "right") for p in months)],
        rows, caption="The measured values of the last six months; breaches in red.",
    )  # fmt: skip


def _linked(b: Breach) -> str:
    return "; ".join(f"{text(r.id)} ({iso(r['received_on'] or r['opened'])}): {text(r['description'] or r['summary'])}" for r in b.linked)


def _breach_blocks(breaches: list[Breach], title: str) -> list[Block]:
    if not breaches:
        return [Paragraph(f"No target was breached in {title}.")]
    return [_breach_table(breaches)]


def _breach_table(breaches: list[Breach]) -> Table:
    rows = [
        [
            Cell(b.period.key),
            Cell(text(b.line.target.id), bold=True, notes=[text(b.line.target["parameter"])]),
            Cell(_value(b.measurement.value, text(b.line.target["unit"])), "bad",
                 notes=[f"target {text(b.line.target['target'])}", text(b.measurement.record.id)]),
            Cell(text(b.measurement.record["comment"], NOT_SET),
                 notes=[f"follow-up: {text(b.measurement.record['follow_up'])}"] if b.measurement.record["follow_up"] else []),
            Cell(_linked(b) or "none recorded", "" if b.linked else "muted"),
        ]  # fmt: skip
        for b in breaches
    ]
    return Table(
        [Column("Month", 0.8), Column("Target", 1.6), Column("Measured", 1.1, "right"), Column("Cause and follow-up", 2.0),
         Column("Complaints and incidents of the service in the period", 2.4)],
        rows, caption="Breached targets, newest first, with the complaints and incidents recorded for the service in the measured period.",
        empty="No target was breached.",
    )  # fmt: skip


def _rows_used(dataset: Dataset, data: ReportData) -> RowUse:
    rows = [(data.agreement.sheet, data.agreement.row)]
    for line in data.lines:
        rows.append(("Targets", line.target.row))
    ident = text(data.agreement.id).lower()
    # every measurement row naming the agreement: one that does not count (a wrong unit) would
    # make the report say "not measured" where the register holds a figure
    rows += [(MEASUREMENTS, m.row) for m in dataset.rows(MEASUREMENTS) if text(m["agreement"]).lower() == ident]
    rows += [(r.sheet, r.row) for b in data.breaches for r in b.linked]
    return uses((), rows)


__all__ = ["build_service_reports", "TargetLine"]
