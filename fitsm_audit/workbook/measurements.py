"""Service Level Measurements joined to the targets they measure (the model the assessment and
the service reports share).

A measurement counts for its target only when the target exists, belongs to the measurement's
agreement and the units agree (check reports each case otherwise). Met or breached is computed
from the target's "op number" text, never typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fitsm_audit.spec.service_levels import compare_target, units_match
from fitsm_audit.workbook.records import Dataset, Record

MEASUREMENTS = "Service Level Measurements"


def _key(value: object) -> str:
    return str(value or "").strip().lower()


@dataclass(frozen=True)
class Measurement:
    """One Service Level Measurements row with the Targets row it measures."""

    record: Record
    target: Record

    @property
    def start(self) -> dt.date | None:
        value = self.record["period_start"]
        return value if isinstance(value, dt.date) else None

    @property
    def end(self) -> dt.date | None:
        value = self.record["period_end"]
        return value if isinstance(value, dt.date) else None

    @property
    def value(self) -> float | None:
        value = self.record["measured_value"]
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    @property
    def met(self) -> bool | None:
        """Met (True), breached (False), or None when the target is not a comparison."""
        return compare_target(self.value, self.target["target"])

    @property
    def line(self) -> tuple[str, str, str]:
        """What is measured: agreement, parameter and service of the target (a parameter repeated
        on Targets with a new ID per period is one line)."""
        t = self.target
        return _key(t["agreement"]), _key(t["parameter"]), _key(t["service"])

    def as_target_row(self) -> Record:
        """The measurement as a row of its target: the target's parameter, category, service and
        target text with this row's ID, value, period and follow-up (its cells are this row's)."""
        m = self.record
        values = {
            **self.target.values,
            "id": m.id,
            "measured_value": self.value,
            "period_start": self.start,
            "period_end": self.end,
            "met": None,  # computed, never typed
            "follow_up": m["follow_up"],
            "comment": m["comment"],
            "measures": self.target.id,
        }
        return Record(MEASUREMENTS, m.row, values)


def measurements(dataset: Dataset) -> list[Measurement]:
    """Every measurement that counts for its target, in register order."""
    targets = dataset.by_key("Targets")
    out: list[Measurement] = []
    for m in dataset.rows(MEASUREMENTS):
        t = targets.get(_key(m["target"]))
        if t is None or _key(t["agreement"]) != _key(m["agreement"]) or not units_match(m["unit"], t["unit"]):
            continue
        if m["period_start"] is None or m["period_end"] is None or m["measured_value"] is None:
            continue
        out.append(Measurement(m, t))
    return out
