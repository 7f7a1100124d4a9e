"""The self-assessment (Assessment sheet): the claimed level per requirement of an edition.

The sheet is keyed by requirement ID. IDs alone do not say which edition the assessor used (GR1.1
exists in both, with different contents), so the sheet's edition is recognised from the IDs only
one edition has (PR2.7, PR9.7 ... in edition 2; GR1.3, PR14.3 ... in edition 3). When it differs
from the edition assessed, each requirement takes the lowest claim of its indicative equivalents.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.assess.common import key
from fitsm_audit.catalogue import EDITIONS, Catalogue, load_catalogue
from fitsm_audit.model import Dataset, Record


def rows_by_requirement(ds: Dataset) -> dict[str, Record]:
    """Assessment rows by requirement ID (case-insensitive; the first row wins)."""
    out: dict[str, Record] = {}
    for r in ds.rows("Assessment"):
        rid = r["requirement"]
        if isinstance(rid, str) and rid.strip() and key(rid) not in out:
            out[key(rid)] = r
    return out


def sheet_edition(rows: dict[str, Record]) -> str | None:
    """The edition whose own IDs the sheet uses (None: undecided, e.g. only shared IDs)."""
    ids = {e: {key(r.id) for r in load_catalogue(e).requirements} for e in EDITIONS}
    only = {e: ids[e] - set().union(*(ids[o] for o in EDITIONS if o != e)) for e in EDITIONS}
    found = [e for e in EDITIONS if only[e] & set(rows)]
    return found[0] if len(found) == 1 else None


def _merge(rows: list[Record]) -> Record:
    """One claim from several: the lowest level; out of scope only if all say so."""
    levels = [r["level"] for r in rows if _valid(r["level"])]
    dates = [r["date"] for r in rows if isinstance(r["date"], dt.date)]
    values: dict[str, Any] = {
        "requirement": "+".join(str(r["requirement"]) for r in rows),
        "level": min(levels) if levels else None,
        "in_scope": False if all(r["in_scope"] is False for r in rows) else None,
        "evidence": "; ".join(str(r["evidence"]) for r in rows if r["evidence"]) or None,
        "comment": "; ".join(str(r["comment"]) for r in rows if r["comment"]) or None,
        "assessor": next((r["assessor"] for r in rows if r["assessor"]), None),
        "date": max(dates) if dates else None,
    }
    return Record("Assessment", rows[0].row, values)


def _valid(level: Any) -> bool:
    return isinstance(level, int) and not isinstance(level, bool) and 0 <= level <= 4


def claims_for(cat: Catalogue, ds: Dataset) -> tuple[dict[str, Record], str | None]:
    """Requirement key -> its Assessment row (mapped across editions if needed), and a note."""
    rows = rows_by_requirement(ds)
    used = sheet_edition(rows)
    if used is None or used == cat.edition:
        return rows, None
    out: dict[str, Record] = {}
    for req in cat.requirements:
        found = [rows[key(e)] for e in req.equivalents if key(e) in rows]
        if found:
            out[key(req.id)] = found[0] if len(found) == 1 else _merge(found)
    note = (
        f"The Assessment sheet uses edition {used} requirement IDs; each edition {cat.edition} "
        "requirement takes the lowest claim of its indicative equivalents."
    )
    return out, note


def claim(row: Record | None) -> tuple[int | None, dict[str, Any] | None]:
    """(claimed level, the self-assessment's evidence, comment, assessor and date)."""
    if row is None:
        return None, None
    level = row["level"]
    info = {
        "evidence": row["evidence"],
        "comment": row["comment"],
        "assessor": row["assessor"],
        "date": row["date"].isoformat() if isinstance(row["date"], dt.date) else None,
    }
    return (level if _valid(level) else None), info
