"""Warnings on records that were started but not followed through: an active agreement that still
names a retired service, a customer on an agreement not in force, a missed KPI without a
follow-up, a review action past its due date.

Each warning sits at the cell to act on. A column a workbook made before the contract added it
lacks is reported on its own (``missing-new-column``), never here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from fitsm_audit.core.findings import WARNING, Finding, quote
from fitsm_audit.spec.service_levels import compare_target
from fitsm_audit.workbook.load import ROW, LoadedSheet

if TYPE_CHECKING:
    import polars as pl

OPEN_ACTION = ("open", "in progress")


def _key(value: Any) -> str:
    return str(value or "").strip().lower()


def follow_through(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame], as_of: dt.date) -> list[Finding]:
    """Every follow-through warning of the workbook, in sheet order."""
    return (retired_services(sheets, clean, as_of) + customer_agreements(sheets, clean) + missed_kpis(sheets, clean)
            + overdue_actions(sheets, clean, as_of))


def _rows(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame], name: str, *columns: str) -> list[dict[str, Any]]:
    loaded = sheets.get(name)
    if loaded is None or name not in clean or not set(columns) <= set(loaded.columns):
        return []
    return list(clean[name].iter_rows(named=True))


def retired_services(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame], as_of: dt.date) -> list[Finding]:
    """An active agreement naming a service that is retired (status, or a retired-on date by the
    as-of date): the agreement promises a service no longer delivered."""
    retired: dict[str, str] = {}
    for s in _rows(sheets, clean, "Services", "status"):
        day = s.get("retired_on")
        if s.get("id") and (s.get("status") == "retired" or (isinstance(day, dt.date) and day <= as_of)):
            retired[_key(s["id"])] = f"retired on {day.isoformat()}" if isinstance(day, dt.date) else "retired"
    out: list[Finding] = []
    loaded = sheets.get("Agreements")
    if not retired or loaded is None:
        return out
    for a in _rows(sheets, clean, "Agreements", "services", "status"):
        if a.get("status") != "active":
            continue
        named = [s for s in a.get("services") or [] if _key(s) in retired]
        for service in named:
            out.append(
                Finding(WARNING, "agreement-retired-service", "Agreements", loaded.cell("services", a[ROW]), a[ROW],
                        loaded.spec.column("services").header, service,
                        f"{a.get('id')} is active but names {service}, which is {retired[_key(service)]}",
                        "remove the service from the agreement, or retire or renew the agreement")
            )  # fmt: skip
    return out


def customer_agreements(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame]) -> list[Finding]:
    """An active customer said to be on an agreement that is not an active SLA (a draft, an OLA,
    one that ended): the customer has no agreement in force."""
    loaded = sheets.get("Customers")
    agreements = {_key(a.get("id")): a for a in _rows(sheets, clean, "Agreements", "status")}
    out: list[Finding] = []
    if loaded is None or not agreements:
        return out
    for c in _rows(sheets, clean, "Customers", "agreement"):
        a = agreements.get(_key(c.get("agreement")))
        if c.get("status") not in (None, "active") or a is None:
            continue  # a former customer, or a dangling reference (reported on its own)
        if a.get("type") != "SLA" or a.get("status") != "active":
            what = f"a {a.get('type')}" if a.get("type") != "SLA" else f"{a.get('status') or 'without a status'}"
            out.append(
                Finding(WARNING, "customer-agreement-not-active", "Customers", loaded.cell("agreement", c[ROW]), c[ROW],
                        loaded.spec.column("agreement").header, c.get("agreement"),
                        f"{c.get('id')} is on {a.get('id')}, which is {what}, so no SLA of it is in force",
                        "activate and sign the SLA, or name the SLA the customer is on (blank: the default SLA)")
            )  # fmt: skip
    return out


def missed_kpis(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame]) -> list[Finding]:
    """A KPI row whose target was missed (met says no, or the measured value fails the target)
    without a follow-up naming an Improvements row."""
    loaded = sheets.get("KPIs")
    out: list[Finding] = []
    if loaded is None:
        return out
    named = _source_refs(clean)
    for k in _rows(sheets, clean, "KPIs", "follow_up"):
        met = k.get("met")
        if met is None and k.get("measured_value") is not None:
            met = compare_target(k["measured_value"], k.get("target"))
        names = {_key(k.get("id")), _key(k.get("kpi")), _key(f"{k.get('process')} {k.get('kpi')}")} - {""}
        if met is False and not _key(k.get("follow_up")) and not names & named:
            label = k.get("id") or f"{k.get('kpi')} ({k.get('process')})"
            period = k.get("period_end")
            when = f" for the period ending {period.isoformat()}" if isinstance(period, dt.date) else ""
            out.append(
                Finding(WARNING, "kpi-missed-no-follow-up", "KPIs", loaded.cell("follow_up", k[ROW]), k[ROW],
                        loaded.spec.column("follow_up").header, None,
                        f"{label} missed its target {quote(k.get('target'))}{when} and has no follow-up",
                        "record the follow-up on Improvements and put its ID in the Follow up column (or name "
                        "the KPI as the improvement's source)")
            )  # fmt: skip
    return out


def _source_refs(clean: dict[str, pl.DataFrame]) -> set[str]:
    """What Improvements rows name as their source (an ID, or a KPI by name), lower-cased: a
    row naming a KPI is its follow-up too, as assess counts it."""
    import re

    frame = clean.get("Improvements")
    if frame is None or "source_ref" not in frame.columns:
        return set()
    out: set[str] = set()
    for value in frame["source_ref"].to_list():
        items = value if isinstance(value, list) else re.split(r"[,;\n]", str(value or ""))
        out |= {_key(v) for v in items} - {""}
    return out


def overdue_actions(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame], as_of: dt.date) -> list[Finding]:
    """A review action still open after its due date."""
    loaded = sheets.get("Review Actions")
    out: list[Finding] = []
    if loaded is None:
        return out
    for r in _rows(sheets, clean, "Review Actions", "due", "status"):
        due = r.get("due")
        if r.get("status") in OPEN_ACTION and isinstance(due, dt.date) and due < as_of:
            out.append(
                Finding(WARNING, "review-action-overdue", "Review Actions", loaded.cell("due", r[ROW]), r[ROW],
                        loaded.spec.column("due").header, due.isoformat(),
                        f"{r.get('id')} from {r.get('review')} was due on {due.isoformat()} and is still {r['status']}",
                        "carry it out and mark it done, or agree a new due date at the next review")
            )  # fmt: skip
    return out
