"""The self-assessment (Assessment sheet): the claimed level per requirement of an edition.

The sheet is keyed by requirement ID. IDs alone do not say which edition the assessor used (GR1.1
exists in both, with different contents), so the sheet's edition is recognised from the IDs only
one edition has (PR2.7, PR9.7 ... in edition 2; GR1.3, PR14.3 ... in edition 3). When it differs
from the edition assessed, each requirement takes the lowest claim of its indicative equivalents.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.assess.common import id_list, key
from fitsm_audit.core.words import noun
from fitsm_audit.spec.catalogue import EDITIONS, Catalogue, load_catalogue
from fitsm_audit.workbook.records import Dataset, Record


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


def claims_for(cat: Catalogue, ds: Dataset) -> tuple[dict[str, Record], list[str]]:
    """Requirement key -> its Assessment row (mapped across editions if needed), and notes."""
    rows = rows_by_requirement(ds)
    used = sheet_edition(rows)
    if used is None or used == cat.edition:
        own = {key(req.id) for req in cat.requirements}
        out = {k: r for k, r in rows.items() if k in own}
        return out, unused_notes(ds, rows, set(out), cat.edition)
    out = {}
    consumed: set[str] = set()
    for req in cat.requirements:
        found = [k for k in map(key, req.equivalents) if k in rows]
        consumed.update(found)
        if found:
            out[key(req.id)] = (
                rows[found[0]] if len(found) == 1 else _merge([rows[k] for k in found])
            )
    note = (
        f"The Assessment sheet uses edition {used} requirement IDs; each edition {cat.edition} "
        "requirement takes the lowest claim of its indicative equivalents."
    )
    return out, [note, *unused_notes(ds, rows, consumed, cat.edition)]


def _row_text(r: Record) -> str:
    """ "GR1.9 (row 12, claimed level 3)": an Assessment row as named in a note."""
    level = f", claimed level {r['level']}" if _valid(r["level"]) else ""
    return f"{str(r['requirement']).strip()} (row {r.row}{level})"


def unused_notes(ds: Dataset, rows: dict[str, Record], used: set[str], edition: str) -> list[str]:
    """Notes naming every Assessment row whose claim the assessment does not use, so none is lost
    silently: unknown IDs, IDs only the other edition has (with a claim), repeated IDs and claims
    without an ID."""
    known = {key(r.id) for e in EDITIONS for r in load_catalogue(e).requirements}
    unknown = [r for k, r in rows.items() if k not in known]
    other = [r for k, r in rows.items() if k in known and k not in used and _valid(r["level"])]
    repeated = [
        r
        for r in ds.rows("Assessment")
        if isinstance(r["requirement"], str)
        and (first := rows.get(key(r["requirement"]))) is not None
        and first is not r
    ]
    no_id = [
        r
        for r in ds.rows("Assessment")
        if not (isinstance(r["requirement"], str) and r["requirement"].strip())
        and _valid(r["level"])
    ]
    notes = []
    if unknown:
        notes.append(
            "The Assessment sheet names requirement IDs that no FitSM-1 edition has: "
            f"{id_list(map(_row_text, unknown))}. Their claims are not used; correct the IDs."
        )
    if other:
        notes.append(
            f"Claims that no edition {edition} requirement maps to are not used: "
            f"{id_list(map(_row_text, other))}."
        )
    if repeated:
        notes.append(
            "Requirements listed more than once on the Assessment sheet (only the first row "
            f"counts): {id_list(map(_row_text, repeated))}."
        )
    if no_id:
        which = id_list(str(r.row) for r in no_id)
        notes.append(
            f"Assessment {noun(len(no_id), 'row')} {which} "
            f"{noun(len(no_id), 'claims', 'claim')} a level but {noun(len(no_id), 'names', 'name')} "
            "no requirement: not used."
        )
    return notes


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
