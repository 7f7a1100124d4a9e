"""The auditor's part of the gap report: the graded findings, the action plan (who, what, by
when), and the appendix of the records sampled behind every level."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fitsm_audit.assess.actions import NAMED
from fitsm_audit.assess.audit_result import Action, EvidenceRecord
from fitsm_audit.assess.ladder import GRADES
from fitsm_audit.assess.result import RequirementResult
from fitsm_audit.core.words import count, noun
from fitsm_audit.documents.common import NOT_SET, join_and, text
from fitsm_audit.documents.model import Cell, Column, Paragraph, Section, Table

GRADE_TONES = {
    "major nonconformity": "bad",
    "minor nonconformity": "warn",
    "opportunity for improvement": "muted",
}
PRIORITY_TONES = {"high": "bad", "medium": "warn", "low": "good"}


def findings_section(findings: list[RequirementResult], method: Mapping[str, Any]) -> Section:
    """Every graded finding, gravest first: the in-scope requirements below target, and the met
    ones whose next level fails (opportunities for improvement)."""
    graded = sorted(
        (r for r in findings if r.finding is not None),
        key=lambda r: GRADES.index(r.finding.grade) if r.finding else 0,
    )
    rule = method.get("grading_rule")
    note = (
        "In-scope requirements below their target, graded as a certification auditor grades, and "
        "met requirements whose next level fails, as opportunities for improvement."
    )
    if isinstance(rule, Mapping) and rule:
        note += " " + " ".join(f"{text(k).capitalize()}: {text(v)}." for k, v in rule.items())
    rows = []
    for r in _together(graded):
        assert r.finding is not None
        rows.append(
            [
                Cell(r.id, bold=True),
                Cell(r.finding.grade, tone=GRADE_TONES.get(r.finding.grade, "")),
                Cell(r.finding.statement, notes=_answered_by(r.finding.actions, r.finding.shared_with)),
            ]
        )
    return Section(
        "Findings",
        [
            Paragraph(note, "note"),
            Table(
                columns=[Column("Req.", 0.8), Column("Grade", 1.5), Column("Finding", 6.0)],
                rows=rows,
                empty="No findings: every in-scope requirement meets its target.",
            ),
        ],
    )


def _together(graded: list[RequirementResult]) -> list[RequirementResult]:
    """Findings in grade order, each followed by those that share its cause."""
    by_id = {r.id: r for r in graded}
    out: list[RequirementResult] = []
    for r in graded:
        if r in out:
            continue
        out.append(r)
        shared = r.finding.shared_with if r.finding else []
        out.extend(by_id[s] for s in shared if s in by_id and by_id[s] not in out)
    return out


def _answered_by(actions: list[str], shared_with: list[str]) -> list[str]:
    if not actions:
        return []
    ids = f"{noun(len(actions), 'action')} {', '.join(actions)}"
    if shared_with:
        return [f"One cause with {', '.join(shared_with)}: answered by {ids}."]
    return [f"Answered by {ids}."]


def action_plan_section(
    actions: Sequence[Action],
    method: Mapping[str, Any],
    name_of: Callable[[str], str] = str,
) -> Section:
    """The actions, most urgent first: what (with the records), who, by when."""
    prio = method.get("priority_rule")
    note = (
        "One action per failing condition and its records; an action that closes several "
        "findings lists them all. The owner is the process manager (else the process owner, the "
        "SMS manager, the SMS owner) named in the registers; the due date follows the grade."
    )
    if isinstance(prio, Mapping) and prio:
        note += " Priority " + "; ".join(f"{text(k)}: {text(v)}" for k, v in prio.items()) + "."
    tracked = any(a.status or a.comment for a in actions)
    rows = [
        [
            Cell(a.id, bold=True, notes=[join_and(a.requirements)]),
            Cell(a.priority, tone=PRIORITY_TONES.get(a.priority, "muted")),
            Cell(a.what, notes=[f"How: {a.guidance}"] if a.guidance else []),
            Cell(name_of(a.owner), notes=[f"{a.owner}, {a.owner_source}"]),
            Cell(a.due.isoformat()),
            *([_status_cell(a)] if tracked else []),
        ]
        for a in actions
    ]
    columns = [
        Column("Action", 1.1),
        Column("Priority", 0.9),
        Column("What", 3.6 if tracked else 4.4),
        Column("Owner", 1.3),
        Column("Due", 1.0),
        *([Column("Status", 0.9)] if tracked else []),
    ]
    return Section(
        "Action plan",
        [
            Paragraph(note, "note"),
            Table(
                columns=columns,
                rows=rows,
                empty="No actions: every in-scope requirement meets its target.",
            ),
        ],
    )


def _status_cell(action: Action) -> Cell:
    """The user's status from the results workbook: done shown as done, a comment under it."""
    tone = {"done": "good", "in progress": "warn", "open": "bad"}.get(action.status, "muted")
    return Cell(action.status or "not set", tone=tone, notes=[action.comment] if action.comment else [])


def _named(record: EvidenceRecord) -> str:
    if record.detail or record.cell:
        return record.named
    return f"{record.id} ({record.where})" if record.where else record.id


def evidence_appendix(requirements: list[RequirementResult]) -> Section:
    """Appendix B: per requirement, the records behind its level, by ID and cell."""
    rows = []
    for r in requirements:
        if not r.records:
            continue
        failing = [x for x in r.records if x.role == "fails"]
        fails = failing[:NAMED]
        supports = [x for x in r.records if x.role == "supports"]
        unshown = len(failing) - len(fails)
        shown = len(failing) + len(supports)
        notes = [f"{count(r.records_total - shown, 'more supporting record')} in the JSON output"] if r.records_total > shown else []
        why = list(dict.fromkeys(x.why for x in failing))
        if unshown:
            why.append(f"{count(unshown, 'more failing record')} in the JSON output")
        rows.append(
            [
                Cell(r.id, bold=True),
                Cell(("; " if any(x.detail for x in fails) else ", ").join(_named(x) for x in fails) or NOT_SET,
                     notes=why),
                Cell(", ".join(_named(x) for x in supports) or NOT_SET, notes=notes),
            ]
        )  # fmt: skip
    return Section(
        "Appendix B: Evidence sampled",
        [
            Paragraph(
                "The register rows behind each evidenced level, by ID and cell, for an auditor to "
                "sample: the rows that fail a condition (with the condition) and up to 20 rows "
                "that support the level.",
                "body",
            ),
            Table(
                columns=[
                    Column("Req.", 0.8),
                    Column("Failing records", 3.4),
                    Column("Supporting records", 3.8),
                ],
                rows=rows,
                empty="No register rows stand behind the levels.",
            ),
        ],
        appendix=True,
    )
