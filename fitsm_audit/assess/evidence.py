"""What an evidence check returns, and the generic ladder G that turns coverage into a level."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from fitsm_audit.assess.common import Coverage, id_list, percent
from fitsm_audit.assess.ladder import COMPLETE, PARTIAL

if TYPE_CHECKING:
    from fitsm_audit.assess.context import Due


@dataclass
class Failing:
    """The rows failing one condition of a check."""

    condition: str
    sheet: str
    ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"condition": self.condition, "sheet": self.sheet, "ids": list(self.ids)}

    @classmethod
    def from_dict(cls, data: Any) -> Failing:
        return cls(str(data["condition"]), str(data["sheet"]), [str(i) for i in data["ids"]])


@dataclass
class Supporting:
    """The rows a check counted as meeting its coverage (the evidence an auditor can sample)."""

    sheet: str  # "" when the check did not say (the trail then looks the IDs up everywhere)
    ids: list[str]
    why: str


@dataclass
class Evidence:
    """An evidenced level (None: not applicable) with the numbers and rows behind it."""

    level: int | None
    texts: list[str] = field(default_factory=list)
    failing: list[Failing] = field(default_factory=list)
    blocking: str | None = None  # what stops the next level
    na_reason: str | None = None
    badly_overdue: bool = False
    covered: int | None = None
    population: int | None = None
    supports: list[Supporting] = field(default_factory=list)

    def ids(self) -> list[str]:
        """Every failing ID, in order, without repeats."""
        return list(dict.fromkeys(i for f in self.failing for i in f.ids))


@dataclass
class Condition:
    """A level-3 or level-4 condition: holds or not, with the rows that break it."""

    ok: bool
    text: str  # what must hold, e.g. "every in-force SLA has an owner"
    sheet: str = ""
    ids: Sequence[str] = ()


def grade(
    fraction: Fraction | None,
    *,
    nothing: bool,
    l3: Sequence[Condition] = (),
    l4: Sequence[Condition] = (),
    cap: int | None = None,
) -> tuple[int, str | None]:
    """The generic ladder G (D11): the level and the condition blocking the next one."""
    if nothing:
        return 0, "nothing is recorded yet"
    if fraction is None:  # D10 d: own rows exist, but the population they serve is empty
        return 1, "a prerequisite register is empty, so nothing can be covered yet"
    if fraction < PARTIAL:
        level, blocking = 1, "coverage is below 50 %"
    elif fraction < COMPLETE:
        level, blocking = 2, "coverage is below 100 %"
    else:
        failed3 = next((c for c in l3 if not c.ok), None)
        if failed3 is not None:
            level, blocking = 2, f"not yet: {failed3.text}"
        else:
            failed4 = next((c for c in l4 if not c.ok), None)
            if failed4 is not None:
                level, blocking = 3, f"not yet: {failed4.text}"
            else:
                level, blocking = 4, None
    if cap is not None and level > cap:
        level, blocking = cap, "level capped (see evidence)"
    return level, blocking


def cov_sheet(failing: list[Failing]) -> str:
    """The sheet of a coverage the check did not name: that of its first failing rows, if any."""
    return failing[0].sheet if failing else ""


class EvidenceBuilder:
    """Builds an :class:`Evidence`: texts and failing rows as the check goes, then the level."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.failing: list[Failing] = []
        self.supports: list[Supporting] = []
        self._reported: list[Coverage] = []
        self.badly_overdue = False

    def support(self, cov: Coverage, sheet: str, why: str) -> None:
        """Keep the members of ``cov`` that pass as the rows supporting the level."""
        if any(c is cov for c in self._reported):
            return
        self._reported.append(cov)
        failing = set(cov.failing)
        passing = [p for p in dict.fromkeys(cov.population) if p not in failing]
        if passing:
            self.supports.append(Supporting(sheet, passing, why))

    def say(self, text: str) -> None:
        self.texts.append(text)

    def fail(self, condition: str, sheet: str, ids: Iterable[str], show: bool = True) -> None:
        """Record the rows failing a condition (and, by default, name them in the evidence)."""
        items = list(dict.fromkeys(ids))
        if not items:
            return
        self.failing.append(Failing(condition, sheet, items))
        if show:
            self.texts.append(f"{condition}: {id_list(items)}")

    def coverage(self, cov: Coverage, what: str, condition: str, sheet: str) -> None:
        """ "k of n <what> (p %)" and the failing IDs."""
        self.say(f"{cov.k} of {cov.n} {what} ({percent(cov.k, cov.n)})")
        self.fail(condition, sheet, cov.failing)
        self.support(cov, sheet, what)

    def in_date(
        self, cov: Coverage, unplanned: list[str], name: str, due: Due, ok: bool | None = None
    ) -> None:
        """Count one row of a reviewed-in-date population (D6): it passes when ``ok`` (default:
        in date); out of date and badly overdue flags the evidence; an unplanned interval is listed."""
        cov.add(name, due.ok if ok is None else ok)
        self.badly_overdue |= not due.ok and due.badly
        if not due.planned:
            unplanned.append(name)

    def conds(self, conds: Sequence[Condition]) -> None:
        for c in conds:
            if not c.ok and c.ids:
                # "every X has Y" fails as "not every X has Y: ids"; "no X is Y" as "X is Y: ids"
                what = c.text[3:] if c.text.startswith("no ") else f"not {c.text}"
                self.fail(what, c.sheet, c.ids)

    def done(
        self,
        fraction: Fraction | None,
        *,
        nothing: bool = False,
        l3: Sequence[Condition] = (),
        l4: Sequence[Condition] = (),
        cap: int | None = None,
        cov: Coverage | None = None,
    ) -> Evidence:
        """Grade on the generic ladder and return the evidence."""
        self.conds(list(l3) + list(l4))
        if cov is not None:
            self.support(cov, cov_sheet(self.failing), "counted in the coverage")
        if fraction is None and not nothing:
            self.say("nothing to cover yet: the population this requirement serves is empty")
        level, blocking = grade(fraction, nothing=nothing, l3=l3, l4=l4, cap=cap)
        if blocking and level in (2, 3) and blocking.startswith("not yet: "):
            self.say(f"level {level + 1} needs: {blocking.removeprefix('not yet: ')}")
        return Evidence(
            level=level,
            texts=self.texts,
            failing=self.failing,
            supports=self.supports,
            blocking=blocking,
            badly_overdue=self.badly_overdue,
            covered=cov.k if cov else None,
            population=cov.n if cov else None,
        )

    def na(self, reason: str) -> Evidence:
        """Not applicable (D10 b): no evidenced level; the result rests on the self-assessment."""
        self.texts.insert(0, f"Not applicable from the registers: {reason}")
        return Evidence(level=None, texts=self.texts, failing=self.failing, na_reason=reason)

    def zero(self, reason: str) -> Evidence:
        """Nothing recorded (D10 a, d)."""
        self.texts.insert(0, reason)
        return Evidence(level=0, texts=self.texts, failing=self.failing, blocking=reason)
