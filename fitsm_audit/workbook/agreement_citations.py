"""An SLA's "service components and dependencies" text against the component table its document
shows (docs/documents.md): the table lists the components of the SLA's services and the OLAs and
UAs in force that underpin them, so a text citing a component or an underpinning agreement that
the table leaves out says something else than the register. One warning per such text cell,
naming every ID it cites that the table does not show."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl

from fitsm_audit.core.findings import WARNING, Finding
from fitsm_audit.core.words import join_words
from fitsm_audit.spec.rules import agreement_in_force
from fitsm_audit.workbook.load import ROW, LoadedSheet

TERMS = "Agreement Terms"
SECTION = "service components and dependencies"
CODE = "agreement-text-cites-unlisted"


def _ids(frame: pl.DataFrame | None) -> dict[str, dict[str, Any]]:
    if frame is None or "id" not in frame.columns:
        return {}
    return {str(r["id"]).strip().lower(): r for r in frame.iter_rows(named=True) if r["id"]}


def _lower(values: Any) -> set[str]:
    return {str(v).strip().lower() for v in values or [] if v}


WORD = re.compile(r"[\w-]+")


class _Citations:
    """The IDs a text cites, in the order it first cites them, case-insensitively; an ID counts
    where neither a word character nor a hyphen touches it.

    An ID that begins and ends with a word character or hyphen is cited exactly where it spans
    whole runs of those (``CMP-004`` one run, ``cmp 4`` two), so the text is walked run by run
    and each span looked up, longest first as one alternation of every ID would match: one pass,
    whatever the number of IDs. The few other IDs go in one regex."""

    def __init__(self, keys: set[str]) -> None:
        self.by_runs: dict[int, set[str]] = {}
        rest = []
        for k in keys:
            if WORD.match(k) and WORD.fullmatch(k[-1]):
                self.by_runs.setdefault(len(WORD.findall(k)), set()).add(k)
            else:
                rest.append(k)
        self.lengths = sorted(self.by_runs, reverse=True)
        alternatives = "|".join(re.escape(k) for k in sorted(rest, key=len, reverse=True))
        self.other = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])", re.IGNORECASE) if rest else None

    def keys_in(self, text: str) -> list[str]:
        runs = [(m.start(), m.end()) for m in WORD.finditer(text)]
        hits = []
        i = 0
        while i < len(runs):
            for n in self.lengths:
                j = i + n - 1
                if j < len(runs) and (span := text[runs[i][0] : runs[j][1]].lower()) in self.by_runs[n]:
                    hits.append((runs[i][0], span))
                    i = j
                    break
            i += 1
        if self.other is not None:
            hits += [(m.start(), m.group(1).lower()) for m in self.other.finditer(text)]
        return list(dict.fromkeys(key for _, key in sorted(hits)))


def cited_not_shown(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame], as_of: dt.date) -> list[Finding]:
    terms = sheets.get(TERMS)
    if terms is None or TERMS not in clean or not {"agreement", "section", "text"} <= set(terms.columns):
        return []
    agreements, components = _ids(clean.get("Agreements")), _ids(clean.get("Components"))
    if not agreements or not components:
        return []
    cited = _Citations({*agreements, *components})
    underpinning: dict[str, set[str]] = {}  # OLA/UA in force -> the components it covers
    for key, a in agreements.items():
        if str(a.get("type") or "") in ("OLA", "UA") and agreement_in_force(
            a["status"], a["signed_on"], a["valid_from"], a["valid_until"], as_of
        ):
            underpinning[key] = _lower(a.get("components"))
    by_service: dict[str, set[str]] = {}  # service -> the components that list it
    for c, row in components.items():
        for service in _lower(row.get("services")):
            by_service.setdefault(service, set()).add(c)
    out: list[Finding] = []
    for rec in clean[TERMS].iter_rows(named=True):
        key = str(rec["agreement"] or "").strip().lower()
        sla = agreements.get(key)
        if sla is None or sla.get("type") != "SLA" or str(rec["section"] or "").strip().lower() != SECTION:
            continue
        listed = set().union(*(by_service.get(s, ()) for s in _lower(sla.get("services"))))
        missing: list[str] = []
        for found in cited.keys_in(str(rec["text"] or "")):
            shown = str((agreements.get(found) or components.get(found) or {}).get("id") or found)
            if found in components and found not in listed:
                missing.append(f"{shown}, which is not a component of its services")
            elif found in agreements and str(agreements[found].get("type")) in ("OLA", "UA"):
                if found not in underpinning:
                    missing.append(f"{shown}, which is not in force")
                elif not underpinning[found] & listed:
                    missing.append(f"{shown}, which underpins none of the components of its services")
        if missing:
            row = rec[ROW]
            out.append(
                Finding(WARNING, CODE, TERMS, terms.cell("text", row), row, terms.spec.column("text").header, None,
                        f"{sla['id']}'s components text cites {join_words(missing)}; its document's component "
                        f"table leaves {'it' if len(missing) == 1 else 'them'} out",
                        "add the component to the services in Components (or the OLA or UA in force), or correct the text")
            )  # fmt: skip
    return out
