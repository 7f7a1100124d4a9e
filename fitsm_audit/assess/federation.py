"""A federation's members side by side (docs/federation.md): each member's assessment cut down to
what the roll-up compares, and the roll-up itself: the capability heat map (member x process),
the requirement levels (member x requirement), the readiness verdicts, the gaps the most members
share, duplicate provider names and membership as the members' own workbooks state it.

Pure: the members arrive assessed (publish/federation_pool.py runs them); the federation
workbook's service checks are in :mod:`.federation_services`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from fitsm_audit.core.words import count


@dataclass
class MemberResult:
    """One member: assessed (``reason`` blank) or not assessed, with the one-line reason."""

    name: str  # the entry in MEMBERS (file stem or folder name)
    files: list[str] = field(default_factory=list)  # the workbooks read, by name
    reason: str = ""
    provider: str = ""
    federation: str = ""  # the member's Organisation field
    as_of: str = ""
    edition: str = ""
    readiness: str = ""
    headline: int | None = None  # the lowest in-scope process capability
    errors: int = 0
    warnings: int = 0
    groups: list[dict[str, Any]] = field(default_factory=list)  # id, name, capability, target, in_scope, met
    requirements: list[dict[str, Any]] = field(default_factory=list)  # id, group, level, status, target, in_scope
    gaps: list[str] = field(default_factory=list)  # requirement IDs below target, most urgent first
    services: list[dict[str, Any]] = field(default_factory=list)  # id, name, status, in_scope
    seconds: float = 0.0

    @property
    def assessed(self) -> bool:
        return not self.reason

    @property
    def label(self) -> str:
        """How documents name the member: its provider name, else its entry."""
        return self.provider or self.name

    def capability(self, group: str) -> int | None:
        for g in self.groups:
            if g["id"] == group:
                return g["capability"] if g.get("in_scope", True) else None
        return None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemberResult:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def summarise_member(name: str, files: list[str], check: Any, result: Any) -> MemberResult:
    """A member's check and assessment (``AssessmentResult``) cut down for the roll-up."""
    dataset = check.dataset
    maturity = result.maturity if isinstance(result.maturity, dict) else {}
    headline = maturity.get("headline")
    return MemberResult(
        name=name,
        files=files,
        provider=_text(dataset.field("provider")),
        federation=_text(dataset.field("federation")),
        as_of=result.as_of.isoformat(),
        edition=str(result.edition),
        readiness=result.readiness.verdict if result.readiness else "",
        headline=headline if isinstance(headline, int) and not isinstance(headline, bool) else None,
        errors=int(check.summary.get("errors", 0)),
        warnings=int(check.summary.get("warnings", 0)),
        groups=[
            {"id": g.id, "name": g.name, "capability": g.capability, "target": g.target,
             "in_scope": g.in_scope, "met": g.met}
            for g in result.groups
        ],  # fmt: skip
        requirements=[
            {"id": r.id, "group": r.group, "level": r.level, "status": r.status, "target": r.target,
             "in_scope": r.in_scope}
            for r in result.requirements
        ],  # fmt: skip
        gaps=[r.id for r in result.gaps()],
        services=[
            {"id": _text(s.get("id")), "name": _text(s.get("name")), "status": _text(s.get("status")),
             "in_scope": s.get("in_scope") is not False}
            for s in dataset.rows("Services")
        ] if dataset.has("Services") else [],  # fmt: skip
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def norm(name: str) -> str:
    """A provider or service name as names are matched: case, spacing and a trailing full stop
    do not count."""
    return " ".join(name.casefold().split()).rstrip(".")


@dataclass(frozen=True)
class SharedGap:
    requirement: str
    group: str
    members: tuple[str, ...]  # labels of the members with the gap


@dataclass
class Federation:
    """The roll-up of every member."""

    name: str  # the federation's name: the federation workbook's provider, else the members' majority
    as_of: str
    edition: str
    members: list[MemberResult]
    groups: list[tuple[str, str]]  # (id, name) in catalogue order
    targets: dict[str, int | None]
    shared_gaps: list[SharedGap]
    duplicates: list[tuple[str, list[str]]]  # (provider, member entries)
    membership: list[tuple[str, str]]  # (member label, problem with its federation field)
    services: Any = None  # federation_services.ServiceCoverage when a federation workbook was given
    skipped: list[str] = field(default_factory=list)

    @property
    def assessed(self) -> list[MemberResult]:
        return [m for m in self.members if m.assessed]

    @property
    def not_assessed(self) -> list[MemberResult]:
        return [m for m in self.members if not m.assessed]

    def verdicts(self) -> Counter[str]:
        return Counter(m.readiness for m in self.assessed)

    def summary(self) -> str:
        assessed, failed = len(self.assessed), len(self.not_assessed)
        ready = self.verdicts().get("ready", 0)
        line = f"{count(assessed, 'member')} assessed, {ready} ready for certification"
        return line + (f"; {failed} not assessed" if failed else "")

    def problem_lines(self) -> list[str]:
        """One line per thing the federation office should act on, for the terminal."""
        lines = [f"{m.name}: not assessed: {m.reason}" for m in self.not_assessed]
        lines += [f"{p}: the provider of several member entries ({', '.join(e)})" for p, e in self.duplicates]
        lines += [f"{label}: {problem}" for label, problem in self.membership]
        cov = self.services
        if cov is not None:
            lines += [f"{n}: listed by the federation workbook, but no member workbook in MEMBERS" for n in cov.missing]
            lines += [f"{n}: a member workbook the federation workbook does not list" for n in cov.not_listed]
            lines += [f"service {s.id} {s.name}: {p}" for s in cov.services for p in s.problems]
        return lines

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["summary"] = self.summary()
        out["verdicts"] = dict(sorted(self.verdicts().items()))
        out["services"] = self.services.to_dict() if self.services is not None else None
        return out


def roll_up(members: list[MemberResult], *, federation_name: str = "", services: Any = None,
            skipped: list[str] | None = None) -> Federation:  # fmt: skip
    """The federation of ``members`` (assessed or not), named ``federation_name`` (default: the
    name most members give)."""
    assessed = [m for m in members if m.assessed]
    first = assessed[0] if assessed else None
    groups = [(g["id"], g["name"]) for g in first.groups] if first else []
    targets = {g["id"]: g.get("target") for g in first.groups} if first else {}
    named = Counter(norm(m.federation) for m in assessed if m.federation)
    if not federation_name and named:
        majority = named.most_common(1)[0][0]
        federation_name = next(m.federation for m in assessed if norm(m.federation) == majority)
    return Federation(
        name=federation_name,
        as_of=first.as_of if first else "",
        edition=first.edition if first else "",
        members=members,
        groups=groups,
        targets=targets,
        shared_gaps=shared_gaps(assessed),
        duplicates=duplicate_providers(assessed),
        membership=membership_problems(assessed, federation_name),
        services=services,
        skipped=list(skipped or []),
    )


def shared_gaps(members: list[MemberResult]) -> list[SharedGap]:
    """The requirements below target, by how many members share the gap (most first), then in
    catalogue order; a gap of one member alone is not shared."""
    holders: dict[str, list[str]] = defaultdict(list)
    order: dict[str, tuple[int, str]] = {}
    for m in members:
        for i, r in enumerate(m.requirements):
            order.setdefault(r["id"], (i, str(r.get("group") or "")))
        for gap in m.gaps:
            holders[gap].append(m.label)
    ranked = sorted(holders, key=lambda r: (-len(holders[r]), order.get(r, (0, ""))[0]))
    return [SharedGap(r, order.get(r, (0, ""))[1], tuple(holders[r])) for r in ranked if len(holders[r]) > 1]


def duplicate_providers(members: list[MemberResult]) -> list[tuple[str, list[str]]]:
    """Provider names that more than one member entry gives (a copied workbook, a member twice)."""
    by_name: dict[str, list[MemberResult]] = defaultdict(list)
    for m in members:
        if m.provider:
            by_name[norm(m.provider)].append(m)
    return [(ms[0].provider, sorted(m.name for m in ms)) for ms in by_name.values() if len(ms) > 1]


def membership_problems(members: list[MemberResult], federation: str) -> list[tuple[str, str]]:
    """Members whose Organisation sheet does not name the federation."""
    out = []
    for m in members:
        if not m.federation:
            out.append((m.label, "its Organisation sheet names no federation (field federation)"))
        elif federation and norm(m.federation) != norm(federation):
            out.append((m.label, f"its Organisation sheet names the federation {m.federation!r}, not {federation!r}"))
    return out
