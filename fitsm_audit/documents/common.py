"""Helpers the document builders share: dates, people, the organisation, document control."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from fitsm_audit.documents.model import DocumentControl
from fitsm_audit.workbook.records import Dataset, Record

NOT_SET = "—"
def iso(value: Any) -> str:
    """A date as ISO text (2026-03-31); blank for None; other values as text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def long_date(day: dt.date) -> str:
    """31 March 2026 (no locale involved, so the output never depends on the machine)."""
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{day.day} {months[day.month - 1]} {day.year}"


def text(value: Any, default: str = "") -> str:
    """A cell value as display text: lists joined, numbers without a trailing .0, dates in ISO."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(text(v) for v in value if v not in (None, "")) or default
    if isinstance(value, (dt.date, dt.datetime)):
        return iso(value)
    return str(value).strip() or default


def join_and(items: list[str]) -> str:
    """a, b and c."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def join_unique(parts: list[str], sep: str = "; ") -> str:
    """Non-blank parts joined, leaving out any part already contained in another one."""
    kept: list[str] = []
    for part in (p.strip() for p in parts):
        if part and not any(part in k for k in kept):
            kept = [k for k in kept if k not in part] + [part]
    return sep.join(kept)


def slug(value: str) -> str:
    """A safe file-name part: letters, digits, dot, dash and underscore only."""
    out = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-._")
    return out[:80] or "document"


class People:
    """Resolves People IDs and e-mail contacts to names and roles."""

    def __init__(self, dataset: Dataset) -> None:
        self._by_id = dataset.by_key("People")

    def record(self, ref: Any) -> Record | None:
        return self._by_id.get(ref.lower()) if isinstance(ref, str) else None

    def name(self, ref: Any, default: str = NOT_SET) -> str:
        """The person's name; an e-mail contact as given; the default when blank."""
        rec = self.record(ref)
        if rec is not None:
            return text(rec["name"], text(ref))
        return text(ref, default)

    def name_or_id(self, ref: str) -> str:
        """The person's name; the reference itself when it names no one."""
        return self.name(ref, ref)

    def position(self, ref: Any) -> str:
        rec = self.record(ref)
        return text(rec["position"]) if rec is not None else ""

    def label(self, ref: Any, default: str = NOT_SET) -> str:
        """Name, with the position in brackets when known."""
        pos = self.position(ref)
        name = self.name(ref, default)
        return f"{name} ({pos})" if pos and name != default else name

    def contact(self, ref: Any, default: str = NOT_SET) -> str:
        """Name with e-mail and phone, for support contacts."""
        rec = self.record(ref)
        if rec is None:
            return text(ref, default)
        bits = [text(rec["name"])]
        bits += [text(rec[k]) for k in ("email", "phone") if text(rec[k])]
        return ", ".join(b for b in bits if b)


def provider_name(dataset: Dataset) -> str:
    return text(dataset.field("provider"), "The service provider")


def process_names() -> dict[str, str]:
    """PR1 -> Service portfolio management (from the workbook contract)."""
    from fitsm_audit.spec.contract import load_contract

    return {p.id: p.name for p in load_contract().processes}


def best_document(dataset: Dataset, doc_type: str, as_of: dt.date) -> Record | None:
    """The register row standing for a document type, by the rule the assessment applies
    (docs/assessment-method.md D4): controlled, then approved, then registered."""
    from fitsm_audit.assess.context import RegisterContext

    return RegisterContext(dataset, as_of).best_doc(doc_type)


def control_from_register(
    dataset: Dataset,
    doc_type: str,
    *,
    identifier: str,
    as_of: dt.date,
    fallback_owner: Any = None,
    fallback_approver: Any = None,
) -> DocumentControl:
    """Document control from the Documents row of that type, or a draft generated from the data."""
    people = People(dataset)
    row = best_document(dataset, doc_type, as_of)
    if row is None:
        return DocumentControl(
            identifier=identifier,
            version="0.1",
            status="draft (generated; not yet in the document register)",
            owner=people.label(fallback_owner),
            approved_by=f"pending: {people.label(fallback_approver)}"
            if fallback_approver
            else "pending",
            approved_on=NOT_SET,
            date=iso(as_of),
            source="generated",
        )
    approved = text(row["status"]).lower() == "approved"
    return DocumentControl(
        identifier=f"{identifier} ({text(row.id)})" if row.id else identifier,
        version=text(row["version"], NOT_SET),
        status=text(row["status"], NOT_SET),
        owner=people.label(row["owner"] or fallback_owner),
        approved_by=people.label(row["approved_by"]) if approved else "pending",
        approved_on=iso(row["approved_on"]) if approved else NOT_SET,
        date=iso(as_of),
        next_review=iso(row["next_review"]),
        source=f"Documents {text(row.id)}",
        note=_control_note(row, approved, as_of),
    )


def _control_note(row: Record, approved: bool, as_of: dt.date) -> str:
    """What the reader must know when the register's dates and this copy's differ: the approved
    version is older than the registers this copy is written from, or its review is overdue."""
    parts: list[str] = []
    approved_on, review = row["approved_on"], row["next_review"]
    version = text(row["version"])
    named = f"Version {version}" if version else "The registered version"
    if approved and isinstance(approved_on, dt.date) and approved_on < as_of:
        parts.append(
            f"{named} was approved on {iso(approved_on)}; this copy is written from the registers "
            f"as of {iso(as_of)}. Where they changed since the approval, register and approve a "
            "new version."
        )
    if isinstance(review, dt.date) and review < as_of:
        parts.append(f"Its review was due on {iso(review)} and is overdue.")
    return " ".join(parts)


def setting_text(key: str, value: Any) -> str:
    """An assessment setting as a person reads it: ``12 months``, ``30 days``, ``critical 7,
    high 14``, ``GR1, GR2``, ``yes``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {setting_text(key, v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(text(v) for v in value)
    if isinstance(value, int):
        if key.endswith("_days"):
            return f"{value} day{'s' if value != 1 else ''}"
        if key.endswith(("window", "fallback", "check", "horizon", "interval")):
            return f"{value} months"
    return text(value)
