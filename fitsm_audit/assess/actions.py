"""The action plan (docs/assessment-method.md, A4): one action per failing condition and its
records, given to the person who answers for the process, due by the grade of its finding.

A record that fails under a process requirement and again under a GR requirement (GR5.2 lists the
overdue items of every process) is one lapse: the GR requirement joins the process's action
instead of getting a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from fitsm_audit.assess.audit_result import Action, EvidenceRecord
from fitsm_audit.assess.ladder import GRADES, PRIORITY_OF_GRADE, Settings
from fitsm_audit.assess.result import PRIORITIES, AssessmentResult, RequirementResult
from fitsm_audit.core.dates import add_days
from fitsm_audit.core.findings import WARNING, Finding
from fitsm_audit.core.words import count
from fitsm_audit.workbook.action_updates import ActionUpdates
from fitsm_audit.workbook.records import Dataset
from fitsm_audit.workbook.roles import responsible


@dataclass
class _Draft:
    conditions: list[str]  # what fails, one per requirement that fails it on the same rows
    records: list[EvidenceRecord]
    requirements: list[RequirementResult] = field(default_factory=list)
    fixed: str = ""  # the whole text, for a draft without records

    @property
    def rows(self) -> tuple[tuple[str, str], ...]:
        return tuple((r.sheet, r.id) for r in self.records)

    @property
    def what(self) -> str:
        if self.fixed or not self.records:
            return self.fixed
        if len(self.conditions) == 1:
            return f"{_sentence(self.conditions[0])}: {_named(self.records)}"
        # one cause behind several requirements' findings: the rows first, then each condition
        return f"{_named(self.records)}: " + "; ".join(_lower(c) for c in self.conditions)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _lower(text: str) -> str:
    text = text.strip()
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


NAMED = 25  # records an action's text (and the gap report's Appendix B) names; the rest are counted


def _named(records: list[EvidenceRecord]) -> str:
    joiner = "; " if any(r.detail for r in records) else ", "
    named = joiner.join(r.named for r in records[:NAMED])
    more = len(records) - NAMED
    return named + (f" and {count(more, 'more record')} (every one in the JSON output)" if more > 0 else "")


def _drafts_of(req: RequirementResult) -> list[_Draft]:
    """What one requirement's failing records ask for; without any, what its level lacks."""
    failing = [r for r in req.records if r.role == "fails"]
    by_why: dict[str, list[EvidenceRecord]] = {}
    for r in failing:
        by_why.setdefault(r.why, []).append(r)
    if by_why:
        return [_Draft([why], recs) for why, recs in by_why.items()]
    if req.level is None:
        why = req.na_reason or "nothing shows it"
        return [_Draft([], [], fixed=f"Self-assess {req.id} and record its evidence ({why})")]
    if req.basis == "claimed only":
        return [_Draft([], [], fixed=f"Record the evidence behind the self-assessed level of {req.id}")]
    said = next((t for t in req.evidence if t.lower().startswith(("missing", "level "))), "")
    missing = said or (req.blocking or "the next level's conditions").removeprefix("not yet: ")
    missing = missing.removeprefix("missing: ").removeprefix(f"level {req.level + 1} needs: ")
    return [_Draft([], [], fixed=f"Bring {req.id} to level {req.level + 1}, which needs {missing}")]


def _rank(req: RequirementResult) -> int:
    return 0 if req.group.startswith("PR") else 1  # a process's own requirement first


def _join(target: _Draft, req: RequirementResult, condition: str | None = None) -> None:
    if req not in target.requirements:
        target.requirements.append(req)
    if condition and condition not in target.conditions:
        target.conditions.append(condition)


def plan(
    requirements: list[RequirementResult], dataset: Dataset, as_of: dt.date, settings: Settings
) -> list[Action]:
    """The actions for every graded finding, most urgent first (priority, then due date).

    Findings that share a cause share an action: the same rows failing under several process
    requirements (a catering service with no SLA and no availability monitoring) are one action
    listing each condition, and a GR requirement that lists rows already acted on (GR5.2's
    overdue items) joins those actions instead of repeating them."""
    gaps = [r for r in requirements if r.finding is not None]
    drafts: list[_Draft] = []
    by_record: dict[tuple[str, str], _Draft] = {}
    for req in sorted(gaps, key=_rank):
        for draft in _drafts_of(req):
            keys = draft.rows
            owners = [by_record[k] for k in keys if k in by_record]
            if keys and len(owners) == len(keys) and not req.group.startswith("PR"):
                for target in {id(o): o for o in owners}.values():
                    _join(target, req)
                continue
            same = next(
                (d for d in drafts if (keys and d.rows == keys) or (not keys and d.what == draft.what)),
                None,
            )
            if same is not None:
                _join(same, req, draft.conditions[0] if draft.conditions else None)
                continue
            draft.requirements.append(req)
            drafts.append(draft)
            for k in keys:
                by_record.setdefault(k, draft)
    actions = [_action(d, dataset, as_of, settings) for d in drafts]
    order = {r.id: i for i, r in enumerate(requirements)}
    actions.sort(key=lambda a: (PRIORITIES.index(a.priority), a.due, order.get(a.requirements[0], 0)))
    return _unique_ids(actions)


def _action(draft: _Draft, dataset: Dataset, as_of: dt.date, settings: Settings) -> Action:
    reqs = draft.requirements
    grades = [r.finding.grade for r in reqs if r.finding is not None]
    gravest = min(grades, key=GRADES.index)
    owner, source = responsible(dataset, reqs[0].group)
    digest = hashlib.sha1(
        "|".join([draft.what, *(f"{r.sheet}!{r.id}" for r in draft.records)]).encode()
    ).hexdigest()[:6]
    guidance = next((r.recommendation.action for r in reqs if r.recommendation), "")
    return Action(
        id=f"A-{digest.upper()}",
        requirements=[r.id for r in reqs],
        what=draft.what,
        records=[r.where for r in draft.records],
        owner=owner or "SMS manager (not named)",
        owner_source=source,
        due=add_days(as_of, settings.due_days.get(gravest, 90)),
        priority=PRIORITY_OF_GRADE[gravest],
        grade=gravest,
        guidance=guidance,
    )


def link(requirements: list[RequirementResult], actions: list[Action]) -> None:
    """Give each finding the actions that answer it and the requirements whose findings share
    its cause (one action for them all): an auditor reads them as one finding."""
    for req in requirements:
        if req.finding is None:
            continue
        mine = [a for a in actions if req.id in a.requirements]
        shared = [r for a in mine if len(a.requirements) > 1 for r in a.requirements if r != req.id]
        req.finding = replace(
            req.finding, actions=[a.id for a in mine], shared_with=list(dict.fromkeys(shared))
        )


def _unique_ids(actions: list[Action]) -> list[Action]:
    seen: dict[str, int] = {}
    out = []
    for a in actions:
        n = seen.get(a.id, 0) + 1
        seen[a.id] = n
        out.append(a if n == 1 else Action(**{**a.__dict__, "id": f"{a.id}-{n}"}))
    return out


def with_updates(result: AssessmentResult, updates: ActionUpdates) -> list[Finding]:
    """Put the Status and Comment a user wrote in a results workbook on ``result``'s actions
    (by action ID, in place); the findings say what could not be used and why."""
    found = list(updates.findings)
    if updates.provider and result.provider and updates.provider != result.provider:
        found.append(
            Finding(WARNING, "actions-other-provider", "Summary", "Summary!B2", 2, "Provider",
                    updates.provider,
                    f"{updates.path} holds the actions of {updates.provider}, not of {result.provider}",
                    "give the results workbook written for this provider; its statuses are not used",
                    updates.path)
        )  # fmt: skip
        return found
    known = {a.id for a in result.actions}
    for ident, update in updates.by_id.items():
        if ident not in known:
            found.append(
                Finding(WARNING, "unknown-action", "Actions", update.cell, None, "ID", ident,
                        f"{ident} is no action of this assessment (done and gone, or the registers "
                        "changed since the results workbook was written)", "", updates.path)
            )  # fmt: skip
    result.actions = [
        replace(a, status=u.status, comment=u.comment) if (u := updates.by_id.get(a.id)) else a
        for a in result.actions
    ]
    return found
