"""Capability per process over many assessments (``trend``, docs/progress.md): for each process
(GR1-GR7, PR1-PR14) one point per assessment date, with its target and whether it was assessed,
out of scope, or absent from that assessment's edition; and per date the readiness verdict.

The assessments come in their JSON form (``assessment.json``), each named by the file it was read
from. Processes are matched by group ID, so assessments of both FitSM-1 editions line up; a group
that one edition lacks is absent at that date. Pure: no file is read here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from fitsm_audit.core.errors import UsageError

ASSESSED, NOT_ASSESSED, OUT_OF_SCOPE, ABSENT = "assessed", "not assessed", "out of scope", "absent"
_ID = re.compile(r"^([A-Za-z]+)(\d+)$")
_KIND_ORDER = {"GR": 0, "PR": 1}


@dataclass(frozen=True)
class Point:
    """One process at one assessment date."""

    state: str  # assessed / not assessed / out of scope / absent
    capability: int | None = None
    target: int | None = None

    @property
    def below_target(self) -> bool:
        return (
            self.state == ASSESSED
            and self.capability is not None
            and self.target is not None
            and self.capability < self.target
        )


@dataclass(frozen=True)
class ProcessTrend:
    id: str
    name: str  # as the latest assessment holding the process names it
    points: tuple[Point, ...]  # one per assessment, in date order

    @property
    def target(self) -> int | None:
        """The target at the latest date that states one."""
        return next((p.target for p in reversed(self.points) if p.target is not None), None)

    @property
    def out_of_scope(self) -> bool:
        """Out of scope at every date it appears (a greyed panel)."""
        present = [p for p in self.points if p.state != ABSENT]
        return bool(present) and all(p.state == OUT_OF_SCOPE for p in present)


@dataclass(frozen=True)
class Snapshot:
    """One assessment: where it came from and what it says as a whole."""

    source: str
    as_of: str
    edition: str
    provider: str
    verdict: str


@dataclass(frozen=True)
class Trend:
    snapshots: tuple[Snapshot, ...]  # sorted by date
    processes: tuple[ProcessTrend, ...]

    @property
    def provider(self) -> str:
        """The provider the latest assessment names."""
        return next((s.provider for s in reversed(self.snapshots) if s.provider), "")

    @property
    def dates(self) -> list[str]:
        return [s.as_of for s in self.snapshots]

    @property
    def providers(self) -> list[str]:
        """Every provider named, in date order, each once."""
        return list(dict.fromkeys(s.provider for s in self.snapshots if s.provider))

    @property
    def editions(self) -> list[str]:
        return list(dict.fromkeys(s.edition for s in self.snapshots))


def build_trend(assessments: Sequence[tuple[str, Mapping[str, Any]]]) -> Trend:
    """The trend of ``(source, assessment)`` pairs. Raises UsageError for fewer than two, for two
    of the same date, and for groups that are not a list of processes with IDs."""
    if len(assessments) < 2:
        raise UsageError(
            f"a trend needs at least two assessments; {len(assessments)} given "
            "(give assessment.json files from assess --format json, or a folder of them)"
        )
    ordered = sorted(assessments, key=lambda item: str(item[1].get("as_of")))
    for (first, a), (second, b) in pairwise(ordered):
        if str(a.get("as_of")) == str(b.get("as_of")):
            raise UsageError(
                f"{first} and {second} are both as of {a.get('as_of')}; give one assessment per date"
            )
    groups = [_groups(source, a) for source, a in ordered]
    ids = sorted({g for by_id in groups for g in by_id}, key=_id_key)
    processes = tuple(
        ProcessTrend(
            id=gid,
            name=next(
                str(by_id[gid].get("name") or "") for by_id in reversed(groups) if gid in by_id
            ),
            points=tuple(_point(by_id.get(gid)) for by_id in groups),
        )
        for gid in ids
    )
    return Trend(tuple(_snapshot(source, a) for source, a in ordered), processes)


def _groups(source: str, assessment: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    groups = assessment.get("groups", [])
    if not isinstance(groups, list) or not all(
        isinstance(g, dict) and isinstance(g.get("id"), str) for g in groups
    ):
        raise UsageError(f"{source}: its groups are not a list of processes with IDs")
    return {g["id"]: g for g in groups}


def _id_key(gid: str) -> tuple[int, str, int, str]:
    """GR1-GR7 before PR1-PR14, numbers in numeric order; anything else after them."""
    m = _ID.match(gid)
    if not m:
        return 9, gid, 0, gid
    return _KIND_ORDER.get(m.group(1).upper(), 2), m.group(1).upper(), int(m.group(2)), gid


def _level(value: Any) -> int | None:
    """A capability or target level 0-4; anything else (null, text, out of range) is none."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
        return None
    return value


def _point(group: Mapping[str, Any] | None) -> Point:
    if group is None:
        return Point(ABSENT)
    target = _level(group.get("target"))
    if group.get("in_scope", True) is False:
        return Point(OUT_OF_SCOPE, None, target)
    capability = _level(group.get("capability"))
    return Point(NOT_ASSESSED if capability is None else ASSESSED, capability, target)


def _snapshot(source: str, assessment: Mapping[str, Any]) -> Snapshot:
    readiness = assessment.get("readiness")
    verdict = readiness.get("verdict") if isinstance(readiness, dict) else None
    return Snapshot(
        source=source,
        as_of=str(assessment.get("as_of") or ""),
        edition=str(assessment.get("edition") or ""),
        provider=str(assessment.get("provider") or ""),
        verdict=str(verdict or ""),
    )


def short_name(name: str) -> str:
    """A process name short enough for a panel title: without the ``Management`` a process name
    ends with, and ``(IT) Service Management`` as FitSM abbreviates it (``SM``, ``ITSM``)."""
    text = " ".join(name.split())
    if not text.endswith("Service Management"):
        text = re.sub(r" Management$", "", text)
    text = text.replace("IT Service Management", "ITSM").replace("Service Management", "SM")
    return text or " ".join(name.split())
