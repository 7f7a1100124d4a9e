"""The FitSM-1 requirement catalogue (package data), keyed by edition and requirement ID."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from fitsm_audit.core.resources import read_yaml

EDITIONS = ("2", "3")
DEFAULT_EDITION = "2"


@dataclass(frozen=True)
class Group:
    id: str  # GR1 ... PR14
    kind: str  # GR or PR
    code: str  # e.g. SLM
    title: str


@dataclass(frozen=True)
class Requirement:
    id: str  # e.g. PR2.2
    group: str  # e.g. PR2
    text: str
    source: str  # "FitSM-1 (FitSM, CC BY 4.0), verbatim" or "paraphrase"
    equivalents: tuple[str, ...] = ()  # IDs in the other edition (indicative mapping)

    @property
    def verbatim(self) -> bool:
        return self.source != "paraphrase"

    @property
    def title(self) -> str:
        """The first line of the text."""
        return self.text.splitlines()[0] if self.text else ""


@dataclass(frozen=True)
class Catalogue:
    edition: str
    title: str
    groups: tuple[Group, ...]
    requirements: tuple[Requirement, ...]

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def requirement(self, req_id: str) -> Requirement:
        for r in self.requirements:
            if r.id == req_id:
                return r
        raise KeyError(req_id)

    def of_group(self, group_id: str) -> list[Requirement]:
        return [r for r in self.requirements if r.group == group_id]


@cache
def load_catalogue(edition: str = DEFAULT_EDITION) -> Catalogue:
    """The packaged catalogue of one edition ("2" or "3")."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown FitSM-1 edition {edition!r}; use one of {', '.join(EDITIONS)}")
    data = read_yaml("catalogue.yaml")["editions"][edition]
    other = "v3" if edition == "2" else "v2"
    return Catalogue(
        edition=edition,
        title=data["title"],
        groups=tuple(Group(**g) for g in data["groups"]),
        requirements=tuple(
            Requirement(
                id=r["id"],
                group=r["group"],
                text=r["text"],
                source=r["source"],
                equivalents=tuple(r.get(other) or ()),
            )
            for r in data["requirements"]
        ),
    )
