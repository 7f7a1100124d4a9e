"""The process implementation roadmap of the SMS plan: the chart data and the section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.documents.common import NOT_SET, People, iso, process_names, text
from fitsm_audit.documents.model import (
    Cell,
    Chart,
    Column,
    Paragraph,
    RoadmapSeries,
    Section,
    Table,
)
from fitsm_audit.documents.sms_plan_sections import STATUS_TONE
from fitsm_audit.workbook.records import Dataset


def roadmap_series(dataset: Dataset, as_of: dt.date) -> RoadmapSeries:
    """Data of the roadmap chart: in-scope processes, and others that have a date planned."""
    names = process_names()
    items = []
    for rec in sorted(dataset.rows("Processes"), key=lambda r: _process_number(r["process"])):
        pid = text(rec["process"])
        planned, done = rec["planned_date"], rec["implemented_on"]
        if rec["in_scope"] is False and not planned and not done:
            continue
        suffix = "" if rec["in_scope"] is not False else " (out of scope)"
        items.append(
            (
                f"{pid} {names.get(pid, text(rec['name']))}{suffix}",
                planned if isinstance(planned, dt.date) else None,
                done if isinstance(done, dt.date) else None,
                text(rec["implementation_status"], "not started"),
            )
        )
    return RoadmapSeries(items=items, as_of=as_of)


def _process_number(value: Any) -> int:
    s = text(value)
    return int(s[2:]) if s[:2] == "PR" and s[2:].isdigit() else 99


def roadmap_section(dataset: Dataset, people: People, as_of: dt.date) -> Section:
    rows = []
    for rec in sorted(dataset.rows("Processes"), key=lambda r: _process_number(r["process"])):
        status = text(rec["implementation_status"], "not started")
        planned, done = rec["planned_date"], rec["implemented_on"]
        late = isinstance(planned, dt.date) and not done and planned < as_of
        in_scope = rec["in_scope"] is not False
        rows.append(
            [
                Cell(text(rec["process"]), bold=True),
                Cell("yes" if in_scope else "no", tone="" if in_scope else "muted"),
                Cell(text(rec["target_level"], "3" if in_scope else NOT_SET)),
                Cell(status, tone="bad" if late else STATUS_TONE.get(status, "")),
                Cell(iso(planned) or NOT_SET, tone="bad" if late else ""),
                Cell(iso(done) or NOT_SET),
                Cell(people.name(rec["manager"])),
            ]
        )
    return Section(
        "Process implementation roadmap",
        [
            Paragraph(
                "When each process is planned to be implemented and when it was. Dates come "
                "from the Processes sheet.",
                "note",
            ),
            Chart(
                name="roadmap",
                data=roadmap_series(dataset, as_of),
                caption="Process implementation roadmap: planned dates (diamonds) and "
                "implementation dates (dots); the dashed line is the as-of date.",
                alt="Timeline of planned and actual implementation dates per process.",
            ),
            Table(
                columns=[
                    Column("Process", 0.9),
                    Column("In scope", 0.8, "center"),
                    Column("Target", 0.7, "center"),
                    Column("Status", 1.3),
                    Column("Planned", 1.1),
                    Column("Implemented", 1.1),
                    Column("Process manager", 1.8),
                ],
                rows=rows,
                empty="The Processes sheet is empty.",
            ),
        ],
        new_page=True,
    )
