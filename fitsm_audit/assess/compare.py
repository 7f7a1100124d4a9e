"""Progress between two assessments (docs/progress.md): per requirement the old and the new
level and status and whether it improved, regressed or stayed; per process the capability; the
findings and actions closed, new and still open.

Both sides are assessments in their JSON form (``AssessmentResult.to_dict()`` or an
``assessment.json``), so an assessment kept from last year compares with today's workbook.
Findings and actions are matched by requirement and record ID, never by cell: a row that moved, or
a sheet renamed, is the same record. Assessments of different editions are matched through the
catalogue's indicative mapping between the editions; requirements without a counterpart are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

IMPROVED, REGRESSED, UNCHANGED, ADDED, REMOVED = "improved", "regressed", "unchanged", "new", "gone"
_RANK = {"met": 2, "not met": 1, "not assessed": 0}


@dataclass(frozen=True)
class RequirementChange:
    id: str  # the requirement in the new assessment's edition
    group: str
    old_ids: tuple[str, ...]  # its counterparts in the old assessment (itself in the same edition)
    old_level: int | None
    new_level: int | None
    old_status: str
    new_status: str
    target: int | None
    in_scope: bool
    change: str  # improved / regressed / unchanged

    @property
    def below_target(self) -> bool:
        return self.in_scope and self.new_status != "met"


@dataclass(frozen=True)
class ProcessChange:
    id: str
    name: str
    old: int | None
    new: int | None
    target: int | None
    change: str


@dataclass(frozen=True)
class Item:
    """A finding or an action, by its requirements and the record's ID."""

    kind: str  # finding / action
    requirements: tuple[str, ...]
    record: str  # the record's ID as the registers name it ("" for a finding without records)
    text: str
    grade: str = ""
    owner: str = ""
    due: str = ""

    @property
    def key(self) -> tuple[str, tuple[str, ...], str]:
        return self.kind, self.requirements, self.record.lower()


@dataclass
class Comparison:
    provider: str
    old_as_of: str
    new_as_of: str
    old_edition: str
    new_edition: str
    requirements: list[RequirementChange]
    processes: list[ProcessChange]
    unmapped_old: list[str]
    unmapped_new: list[str]
    closed: list[Item] = field(default_factory=list)
    opened: list[Item] = field(default_factory=list)
    still_open: list[Item] = field(default_factory=list)
    old_readiness: str = ""
    new_readiness: str = ""
    old_provider: str = ""

    def changed(self, change: str) -> list[RequirementChange]:
        return [r for r in self.requirements if r.change == change]

    @property
    def regressed_in_scope(self) -> list[RequirementChange]:
        return [r for r in self.requirements if r.change == REGRESSED and r.in_scope]

    @property
    def below_target(self) -> list[RequirementChange]:
        return [r for r in self.requirements if r.below_target]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["counts"] = {c: len(self.changed(c)) for c in (IMPROVED, REGRESSED, UNCHANGED)}
        out["counts"] |= {"closed": len(self.closed), "new": len(self.opened), "still open": len(self.still_open)}
        return out


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Comparison:
    """The progress from ``old`` to ``new`` (assessments as dictionaries)."""
    old_reqs = {r["id"]: r for r in old.get("requirements", [])}
    new_reqs = {r["id"]: r for r in new.get("requirements", [])}
    old_edition, new_edition = str(old.get("edition", "2")), str(new.get("edition", "2"))
    counterparts = _counterparts(old_edition, new_edition, list(new_reqs), set(old_reqs))
    changes = [_requirement_change(r, [old_reqs[i] for i in counterparts[r["id"]]]) for r in new_reqs.values()]
    used = {i for ids in counterparts.values() for i in ids}
    closed, opened, still = _items(old, new, old_edition != new_edition and counterparts or None)
    return Comparison(
        provider=str(new.get("provider") or ""),
        old_provider=str(old.get("provider") or ""),
        old_as_of=str(old.get("as_of") or ""),
        new_as_of=str(new.get("as_of") or ""),
        old_edition=old_edition,
        new_edition=new_edition,
        requirements=changes,
        processes=_processes(old, new),
        unmapped_old=[i for i in old_reqs if i not in used],
        unmapped_new=[r.id for r in changes if not r.old_ids],
        closed=closed,
        opened=opened,
        still_open=still,
        old_readiness=str((old.get("readiness") or {}).get("verdict") or ""),
        new_readiness=str((new.get("readiness") or {}).get("verdict") or ""),
    )


def _counterparts(old_edition: str, new_edition: str, new_ids: list[str], old_ids: set[str]) -> dict[str, tuple[str, ...]]:
    """New requirement -> the old requirements it is compared with."""
    if old_edition == new_edition:
        return {i: (i,) if i in old_ids else () for i in new_ids}
    from fitsm_audit.spec.catalogue import load_catalogue

    catalogue = load_catalogue(new_edition)
    out: dict[str, tuple[str, ...]] = {}
    for i in new_ids:
        try:
            equivalents = catalogue.requirement(i).equivalents
        except KeyError:
            equivalents = ()
        out[i] = tuple(e for e in equivalents if e in old_ids)
    return out


def _requirement_change(new: Mapping[str, Any], olds: list[Mapping[str, Any]]) -> RequirementChange:
    """One requirement's change; several old counterparts count as their weakest (lowest level,
    then the worst status), so a merged requirement is not shown better than it was."""
    old = min(olds, key=lambda r: (_level(r.get("level")), _RANK.get(str(r.get("status")), 0))) if olds else None
    old_level = old.get("level") if old else None
    new_level = new.get("level")
    old_status = str(old.get("status")) if old else "not assessed"
    new_status = str(new.get("status"))
    if old is None:
        change = UNCHANGED if new_level is None else IMPROVED
    elif _level(new_level) != _level(old_level):
        change = _change(_level(old_level), _level(new_level))
    elif "out of scope" in (new_status, old_status):
        change = UNCHANGED
    else:
        change = _change(_RANK.get(old_status, 0), _RANK.get(new_status, 0))
    return RequirementChange(
        id=str(new["id"]),
        group=str(new.get("group") or ""),
        old_ids=tuple(str(r["id"]) for r in olds),
        old_level=old_level,
        new_level=new_level,
        old_status=old_status,
        new_status=new_status,
        target=new.get("target"),
        in_scope=bool(new.get("in_scope", True)),
        change=change,
    )


def _level(value: Any) -> int:
    return value if isinstance(value, int) else -1


def _change(before: int, after: int) -> str:
    """improved, regressed or unchanged, from two ranks (levels, or status ranks)."""
    return UNCHANGED if before == after else IMPROVED if after > before else REGRESSED


def _processes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ProcessChange]:
    old_groups = {g["id"]: g for g in old.get("groups", [])}
    out = []
    for g in new.get("groups", []):
        before = old_groups.get(g["id"], {}).get("capability")
        after = g.get("capability")
        change = _change(_level(before), _level(after))
        out.append(ProcessChange(g["id"], str(g.get("name") or ""), before, after, g.get("target"), change))
    return out


def _items(
    old: Mapping[str, Any], new: Mapping[str, Any], counterparts: dict[str, tuple[str, ...]] | None
) -> tuple[list[Item], list[Item], list[Item]]:
    """Findings and actions closed (in old only), new (in new only) and still open (in both).
    Across editions an old item is named by the new requirement it maps to."""
    rename: dict[str, str] = {}
    for new_id, olds in (counterparts or {}).items():
        for o in olds:
            rename.setdefault(o, new_id)
    before = {i.key: i for i in _open_items(old, rename)}
    after = {i.key: i for i in _open_items(new, {})}
    closed = [i for k, i in before.items() if k not in after]
    opened = [i for k, i in after.items() if k not in before]
    still = [i for k, i in after.items() if k in before]
    return closed, opened, still


def _open_items(assessment: Mapping[str, Any], rename: Mapping[str, str]) -> Iterable[Item]:
    """One finding item per (requirement, failing record) and one action item per (action's
    requirements, record), each record named by its ID."""
    cells: dict[str, str] = {}
    for r in assessment.get("requirements", []):
        for rec in r.get("records") or []:
            if rec.get("cell") and rec.get("id"):
                cells[str(rec["cell"])] = str(rec["id"])
    for r in assessment.get("requirements", []):
        finding = r.get("finding")
        if not finding:
            continue
        req = (rename.get(r["id"], r["id"]),)
        ids = [str(rec.get("id") or rec.get("cell") or "") for rec in r.get("records") or [] if rec.get("role") == "fails"]
        statement = str(finding.get("statement") or "")
        for ident in dict.fromkeys(ids or [""]):
            yield Item("finding", req, ident, statement, grade=str(finding.get("grade") or ""))
    for a in assessment.get("actions", []):
        if str(a.get("status") or "").lower() in ("done", "closed"):
            continue
        reqs = tuple(sorted({rename.get(i, i) for i in a.get("requirements") or []}))
        records = [cells.get(str(c), str(c)) for c in a.get("records") or []] or [""]
        for ident in dict.fromkeys(records):
            yield Item("action", reqs, ident, str(a.get("what") or ""), grade=str(a.get("grade") or ""),
                       owner=str(a.get("owner") or ""), due=str(a.get("due") or ""))  # fmt: skip
