"""The federation workbook's evidence (docs/federation.md): which members it lists and whether
each federation service is delivered by a member, under an agreement, from the member's own
portfolio.

The federation workbook is an ordinary fitsm-audit workbook kept by the federation office:
its Organisation sheet names the federation (provider), Parties with role "federation member"
and Suppliers of type "federation member" list the members, Services the federation's services,
Components who provides each part of a service (``provided_by`` a member), and Agreements the
OLAs and UAs between the federation and the members, covering those components. Members are
matched by name (the member workbook's provider field), services by name (each member numbers
its own services).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from fitsm_audit.assess.federation import MemberResult, norm

MEMBER = "federation member"


@dataclass(frozen=True)
class Delivery:
    member: str  # the member's name in the federation workbook
    component: str  # component ID in the federation workbook
    agreements: tuple[str, ...]  # the active OLAs/UAs covering the component with that member
    in_portfolio: bool | None  # None: the member was not assessed (or is not in MEMBERS)

    @property
    def covered(self) -> bool:
        return bool(self.agreements) and self.in_portfolio is True


@dataclass
class ServiceCheck:
    id: str
    name: str
    deliveries: list[Delivery] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return not self.problems


@dataclass
class ServiceCoverage:
    federation: str
    listed: list[str]  # member names the federation workbook lists
    missing: list[str]  # listed, but no member workbook in MEMBERS
    not_listed: list[str]  # a member workbook in MEMBERS the federation workbook does not list
    services: list[ServiceCheck]

    @property
    def problems(self) -> int:
        return len(self.missing) + len(self.not_listed) + sum(1 for s in self.services if not s.covered)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for s, checked in zip(out["services"], self.services, strict=True):
            s["covered"] = checked.covered
        return out


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def listed_members(dataset: Any) -> dict[str, str]:
    """Party/supplier ID -> name, for every federation member the workbook lists."""
    out: dict[str, str] = {}
    if dataset.has("Parties"):
        out |= {_text(r.get("id")): _text(r.get("name")) for r in dataset.rows("Parties") if r.get("role") == MEMBER}
    if dataset.has("Suppliers"):
        out |= {
            _text(r.get("id")): _text(r.get("name"))
            for r in dataset.rows("Suppliers")
            if r.get("type") == MEMBER and r.get("status") != "former"
        }
    return out


def check_services(dataset: Any, members: list[MemberResult], as_of: dt.date) -> ServiceCoverage:
    """Membership and service coverage of the federation workbook ``dataset`` against the members."""
    listed = listed_members(dataset)
    by_name = {norm(m.provider): m for m in members if m.provider}
    listed_names = {norm(n) for n in listed.values()}
    missing = [n for n in listed.values() if norm(n) not in by_name and not _entry_named(n, members)]
    not_listed = [m.label for m in members if m.assessed and norm(m.provider) not in listed_names]
    agreements = _active_agreements(dataset, as_of)
    services = []
    for s in dataset.rows("Services") if dataset.has("Services") else []:
        if s.get("status") != "live" or s.get("in_scope") is False:
            continue
        services.append(_service(s, dataset, listed, by_name, agreements))
    return ServiceCoverage(_text(dataset.field("provider")), sorted(listed.values(), key=str.lower),
                           missing, not_listed, services)  # fmt: skip


def _entry_named(name: str, members: list[MemberResult]) -> bool:
    """A member not assessed still counts as present when its entry bears the listed name."""
    return any(not m.assessed and norm(m.name) == norm(name) for m in members)


def _active_agreements(dataset: Any, as_of: dt.date) -> list[Any]:
    if not dataset.has("Agreements"):
        return []
    out = []
    for a in dataset.rows("Agreements"):
        until = a.get("valid_until")
        if a.get("type") in ("OLA", "UA") and a.get("status") == "active" and not (isinstance(until, dt.date) and until < as_of):
            out.append(a)
    return out


def _service(s: Any, dataset: Any, listed: dict[str, str], by_name: dict[str, MemberResult],
             agreements: list[Any]) -> ServiceCheck:  # fmt: skip
    sid, name = _text(s.get("id")), _text(s.get("name"))
    check = ServiceCheck(sid, name)
    components = [c for c in dataset.rows("Components") if sid in (c.get("services") or [])] if dataset.has("Components") else []
    for c in components:
        provider = _text(c.get("provided_by"))
        if provider not in listed:
            continue
        member = listed[provider]
        covering = tuple(
            _text(a.get("id")) for a in agreements
            if _text(a.get("counterparty")) == provider and _text(c.get("id")) in (a.get("components") or [])
        )  # fmt: skip
        found = by_name.get(norm(member))
        in_portfolio = None if found is None else any(
            norm(x["name"]) == norm(name) and x.get("status") == "live" for x in found.services
        )  # fmt: skip
        check.deliveries.append(Delivery(member, _text(c.get("id")), covering, in_portfolio))
        if not covering:
            check.problems.append(f"{member} delivers {c.get('id')} without an active OLA or UA with the federation")
        if in_portfolio is False:
            check.problems.append(f"{member}'s service portfolio has no live service named {name!r}")
        elif in_portfolio is None:
            check.problems.append(f"{member} delivers it, but its workbook was not assessed")
    if not check.deliveries:
        check.problems.append("no federation member delivers it (no component provided by a member)")
    return check
