"""Checks of the Service Level Measurements register against the Targets it measures.

Unknown agreements and targets are dangling references (crosscheck.references); here: a
measurement of a target of another agreement, a unit that is not the target's, two measurements of
one target whose periods overlap, and a target whose text cannot be compared (so met or breached
cannot be computed). Each finding sits at the cell to correct.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fitsm_audit.core.findings import ERROR, WARNING, Finding, quote
from fitsm_audit.spec.service_levels import parse_target, unit_key, units_match
from fitsm_audit.workbook.load import ROW, LoadedSheet

if TYPE_CHECKING:
    import polars as pl

MEASUREMENTS = "Service Level Measurements"


def _lower(value: Any) -> str:
    return str(value or "").strip().lower()


def target_line(target: dict[str, Any]) -> tuple[str, str, str]:
    """Targets rows that measure the same thing: agreement, parameter and service (a parameter
    repeated with a new ID for each period is one line)."""
    return _lower(target.get("agreement")), _lower(target.get("parameter")), _lower(target.get("service"))


def measurements(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame]) -> list[Finding]:
    loaded = sheets.get(MEASUREMENTS)
    if loaded is None or MEASUREMENTS not in clean or "Targets" not in clean:
        return []
    if not {"agreement", "target"} <= set(loaded.columns):
        return []  # a missing column is reported on its own
    targets = {_lower(t["id"]): t for t in clean["Targets"].iter_rows(named=True) if t.get("id")}
    rows = [r for r in clean[MEASUREMENTS].iter_rows(named=True) if _lower(r.get("target")) in targets]
    out: list[Finding] = []
    unreadable: set[str] = set()
    for r in rows:
        t = targets[_lower(r["target"])]
        out += _agreement_and_unit(loaded, r, t)
        if parse_target(t.get("target")) is None and _lower(t["id"]) not in unreadable:
            unreadable.add(_lower(t["id"]))
            out.append(
                Finding(WARNING, "target-not-comparable", MEASUREMENTS, loaded.cell("target", r[ROW]), r[ROW],
                        loaded.spec.column("target").header, r["target"],
                        f"{t['id']}'s target {quote(t.get('target'))} is not a comparison with a number, so "
                        "met or breached cannot be computed for its measurements",
                        "write the target on Targets as an operator and a number, e.g. '>= 99.5' or '<= 30'")
            )  # fmt: skip
    out += _overlaps(loaded, rows, targets)
    return out


def _agreement_and_unit(loaded: LoadedSheet, r: dict[str, Any], t: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    row = r[ROW]
    if r.get("agreement") and _lower(t.get("agreement")) and _lower(r["agreement"]) != _lower(t["agreement"]):
        out.append(
            Finding(ERROR, "measurement-agreement", MEASUREMENTS, loaded.cell("target", row), row,
                    loaded.spec.column("target").header, r["target"],
                    f"{t['id']} is a target of {t['agreement']}, not of {r['agreement']}",
                    f"give a target of {r['agreement']} or correct the agreement")
        )  # fmt: skip
    if "unit" in loaded.columns and not units_match(r.get("unit"), t.get("unit")):
        wanted = f"{quote(t.get('unit'))}" if unit_key(t.get("unit")) else "none (the target has no unit)"
        out.append(
            Finding(ERROR, "measurement-unit", MEASUREMENTS, loaded.cell("unit", row), row,
                    loaded.spec.column("unit").header, r["unit"],
                    f"{quote(r['unit'])} is not the unit of {t['id']}, which is {wanted}",
                    "measure in the target's unit, or leave the unit blank")
        )  # fmt: skip
    return out


def _overlaps(loaded: LoadedSheet, rows: list[dict[str, Any]], targets: dict[str, dict[str, Any]]) -> list[Finding]:
    """Per target line, sorted by start: a period starting on or before the latest end so far
    overlaps the row that holds that end (n log n)."""
    if not {"period_start", "period_end"} <= set(loaded.columns):
        return []
    lines: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("period_start") and r.get("period_end") and r["period_start"] <= r["period_end"]:
            lines.setdefault(target_line(targets[_lower(r["target"])]), []).append(r)
    out: list[Finding] = []
    for line_rows in lines.values():
        line_rows.sort(key=lambda r: (r["period_start"], r[ROW]))
        latest: dict[str, Any] | None = None
        for r in line_rows:
            if latest is not None and r["period_start"] <= latest["period_end"]:
                row = r[ROW]
                other = latest.get("id") or f"row {latest[ROW]}"
                out.append(
                    Finding(ERROR, "measurement-overlap", MEASUREMENTS, loaded.cell("period_start", row), row,
                            loaded.spec.column("period_start").header, r["period_start"].isoformat(),
                            f"{r.get('id') or f'row {row}'} measures {r['target']} from {r['period_start'].isoformat()}, "
                            f"inside the period of {other} ({latest['period_start'].isoformat()} to "
                            f"{latest['period_end'].isoformat()})",
                            "give each period of a target one measurement: correct the dates or delete the duplicate")
                )  # fmt: skip
            if latest is None or r["period_end"] > latest["period_end"]:
                latest = r
    return out
