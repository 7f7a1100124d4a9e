"""The KPIs the provider records (the KPIs sheet) against their own targets: the latest
measurement of each KPI, whether it met its target (D7), and the cell it stands in."""

from __future__ import annotations

from typing import Any

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.audit_result import KpiTarget
from fitsm_audit.assess.common import key


def kpi_targets(ctx: AssessmentContext) -> list[KpiTarget]:
    """The latest row of each recorded KPI (by process and name) with a target, in sheet order."""
    latest: dict[tuple[str, str], Any] = {}
    for row in ctx.rows("KPIs"):
        if not isinstance(row["kpi"], str) or not row["target"]:
            continue
        k = (key(row["process"] or ""), key(row["kpi"]))
        held = latest.get(k)
        end, held_end = row["period_end"], held["period_end"] if held is not None else None
        if held is None or (end is not None and (held_end is None or end > held_end)):
            latest[k] = row
    out = []
    for row in latest.values():
        value = row["measured_value"]
        out.append(
            KpiTarget(
                process=str(row["process"] or ""),
                name=str(row["kpi"]),
                target=str(row["target"]),
                value=value,
                unit=str(row["unit"] or ""),
                period_end=row["period_end"],
                met=ctx.met(row) if value is not None else None,
                cell=ctx.ds.cell("KPIs", "measured_value", row.row),
            )
        )
    return out
