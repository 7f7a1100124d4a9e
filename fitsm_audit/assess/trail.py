"""The evidence trail (docs/assessment-method.md, A1): the register rows behind each level, found
by the names the checks give them, each with its sheet, Excel row and cell."""

from __future__ import annotations

import re

from fitsm_audit.assess.audit_result import EvidenceRecord
from fitsm_audit.assess.common import ROW_KEYS, blank, key, label
from fitsm_audit.assess.evidence import Evidence
from fitsm_audit.assess.row_facts import RowFacts, facts
from fitsm_audit.core.findings import quote
from fitsm_audit.spec.contract import header_for, load_contract
from fitsm_audit.workbook.records import Dataset, Record

ORGANISATION_FIELDS = frozenset(f.name for f in load_contract().sheet("Organisation").fields)

_UNSEEN = object()
SUPPORTING_KEPT = 20  # supporting rows kept per requirement (every failing row is kept)
_ID = re.compile(r"\b[A-Z][A-Z0-9]*-[A-Z0-9-]*\d\b")  # SVC-004, SLA-003, DOC-021 ...


class RowFinder:
    """Finds the row a check names: by its label in the sheet named, else by its ID anywhere."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._by_sheet: dict[str, dict[str, Record]] = {}  # built per sheet when first searched
        self._by_id: dict[str, Record] | None = None
        self._found: dict[tuple[str, str], Record | None] = {}  # requirements name the same rows

    def index(self, sheet: str) -> dict[str, Record]:
        """The sheet's rows by the key of their label (and a KPI row by process and KPI)."""
        if sheet not in self._by_sheet:
            index: dict[str, Record] = {}
            for rec in self.dataset.rows(sheet):
                index.setdefault(key(label(rec)), rec)
                if rec["kpi"] and rec["process"]:  # a KPI row has no ID: "PR9 Tickets logged"
                    index.setdefault(key(f"{rec['process']} {rec['kpi']}"), rec)
            self._by_sheet[sheet] = index
        return self._by_sheet[sheet]

    @property
    def by_id(self) -> dict[str, Record]:
        """Every row with an ID, by its key, the first of each in sheet order."""
        if self._by_id is None:
            self._by_id = {}
            for sheet in self.dataset:
                for rec in self.dataset.rows(sheet):
                    if rec.id:
                        self._by_id.setdefault(key(rec.id), rec)
        return self._by_id

    def find(self, sheet: str, name: str) -> Record | None:
        found = self._found.get((sheet, name), _UNSEEN)
        if found is _UNSEEN:
            found = self._found[(sheet, name)] = self._find(sheet, name)
        return found  # type: ignore[return-value]

    def _find(self, sheet: str, name: str) -> Record | None:
        index = self.index(sheet)
        found = index.get(key(name))
        if found is not None:
            return found
        tail = name.rpartition(": ")[2]  # "PR2: SLA-003" names SLA-003
        found = index.get(key(tail))
        if found is not None:
            return found
        for token in _ID.findall(name):
            found = index.get(key(token)) or self.by_id.get(key(token))
            if found is not None:
                return found
        return None

    def record(self, sheet: str, name: str, role: str, why: str) -> EvidenceRecord:
        if sheet == "Organisation" and name in ORGANISATION_FIELDS:
            return self._field(name, role, why)
        rec = self.find(sheet, name)
        if rec is None:
            return EvidenceRecord(sheet or "", None, name, None, role, why)
        column = "id" if rec.id else ROW_KEYS.get(rec.sheet, "")
        said = facts(self.dataset, rec, why) if role == "fails" else RowFacts(None, "")
        value = said.detail.partition(": ")[2]
        if value and value in name:
            said = RowFacts(said.column, "")  # the value is the name itself ("KPI: Tickets logged")
        column = said.column or column  # a failing row points at its failing value
        cell = self.dataset.cell(rec.sheet, column, rec.row) if column else None
        shown = rec.id or name
        return EvidenceRecord(rec.sheet, rec.row, shown, cell, role, why, said.detail)


    def locate(self, sheet: str, name: str) -> tuple[str, str] | None:
        """The (sheet, shown ID) of the record :meth:`record` would give, when it has a row;
        without building it (a requirement may be supported by thousands of rows)."""
        if sheet == "Organisation" and name in ORGANISATION_FIELDS:
            layout = self.dataset.layouts.get("Organisation")
            return None if layout is None or layout.field_rows.get(name) is None else ("Organisation", header_for(name))
        rec = self.find(sheet, name)
        return None if rec is None or rec.row is None else (rec.sheet, rec.id or name)

    def _field(self, name: str, role: str, why: str) -> EvidenceRecord:
        """An Organisation field as a record: its row label, its value cell, what it says."""
        layout = self.dataset.layouts.get("Organisation")
        row = layout.field_rows.get(name) if layout else None
        value = self.dataset.field(name)
        said = "blank" if blank(value) else f"says {quote(str(value).strip())}"
        return EvidenceRecord(
            "Organisation", row, header_for(name), self.dataset.field_cell(name), role, why, said
        )


def records_for(ev: Evidence | None, finder: RowFinder) -> tuple[list[EvidenceRecord], int]:
    """Every failing row and the first :data:`SUPPORTING_KEPT` supporting rows of one
    requirement's evidence, and how many rows there are in all (each row once per role). A
    supporting item that is no register row (a sub-requirement a check counts) is left out; a
    failing one is kept, with no row and no cell, since it names what is missing."""
    if ev is None:
        return [], 0
    failing: dict[tuple[str, str], EvidenceRecord] = {}
    for f in ev.failing:
        for name in f.ids:
            rec = finder.record(f.sheet, name, "fails", f.condition)
            failing.setdefault((rec.sheet, rec.id), rec)
    supporting: set[tuple[str, str]] = set()
    kept = list(failing.values())
    for s in ev.supports:
        for name in s.ids:
            where = finder.locate(s.sheet, name)
            if where is None:  # a counted item that is no register row (a sub-requirement)
                continue
            if where not in failing and where not in supporting:
                supporting.add(where)
                if len(supporting) <= SUPPORTING_KEPT:
                    kept.append(finder.record(s.sheet, name, "supports", s.why))
    return kept, len(failing) + len(supporting)


def comment_conflict(info: dict[str, object] | None, records: list[EvidenceRecord],
                     finder: RowFinder) -> str | None:
    """A self-assessment comment that names register rows the evidence does not cite (e.g. "one
    late report in September (IMP-010)" beside "6 of 6 produced on schedule"): the two disagree
    until someone checks which is right (docs/assessment-method.md A2). Only where the evidence
    shows rows and none of them fails: a comment explaining a lapse the evidence lists agrees."""
    comment = info.get("comment") if info else None
    if not isinstance(comment, str) or not records or any(r.role == "fails" for r in records):
        return None  # nothing evidenced, or the evidence names lapses of its own
    cited = {key(r.id) for r in records}
    named = [t for t in dict.fromkeys(_ID.findall(comment)) if key(t) not in cited]
    if not named:
        return None
    where = []
    for token in named:
        rec = finder.by_id.get(key(token))
        where.append(f"{token} ({rec.sheet})" if rec is not None else f"{token} (in no register)")
    return (
        f"the self-assessment comment names {', '.join(where)}, which the evidence for this "
        f"requirement does not cite: check which is right"
    )
