"""The body of the gap report: executive summary, results by group, prioritised gaps, KPIs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from fitsm_audit.assess.result import GroupResult, Kpi, RequirementResult
from fitsm_audit.core.findings import Finding
from fitsm_audit.documents.common import NOT_SET, join_and, text
from fitsm_audit.documents.gap_report_rules import evidence_notes, recommendation, status_tone
from fitsm_audit.documents.model import (
    Bullets,
    CapabilitySeries,
    Cell,
    Chart,
    Column,
    Paragraph,
    Section,
    Stat,
    Stats,
    Table,
    level_tone,
)

PRIORITY_TONES = {"high": "bad", "medium": "warn", "low": "good"}
TOP_GAPS = 5


def summary_section(
    requirements: list[RequirementResult],
    groups: list[GroupResult],
    gaps: list[RequirementResult],
    findings: Sequence[Finding],
    readiness: str,
    headline: str,
) -> Section:
    in_scope_reqs = [r for r in requirements if r.in_scope]
    at_target = len(in_scope_reqs) - len(gaps)
    discrepancies = [r for r in requirements if r.discrepancy is not None]
    severities = Counter(f.severity for f in findings)
    in_scope = [g for g in groups if g.in_scope]
    met = sum(1 for g in in_scope if g.met)
    section = Section("Executive summary")
    section.add(
        Paragraph(f"Readiness: {readiness}. {headline}".strip(), "lead"),
        Stats(
            [
                Stat(
                    "groups at target",
                    f"{met} / {len(in_scope)}",
                    "good" if in_scope and met == len(in_scope) else "warn" if met else "bad",
                ),
                Stat("requirements at target", f"{at_target} / {len(in_scope_reqs)}"),
                Stat("gaps", str(len(gaps)), "good" if not gaps else "bad"),
                Stat(
                    "claims not backed by records",
                    str(len(discrepancies)),
                    "warn" if discrepancies else "good",
                ),
                Stat(
                    "data errors",
                    str(severities.get("error", 0)),
                    "bad" if severities.get("error") else "good",
                ),
            ]
        ),
        Chart(
            name="capability",
            data=CapabilitySeries(
                [
                    (g.id, g.capability, g.target, g.in_scope)
                    for g in groups
                ]
            ),
            caption="Capability per requirement group (the lowest level among its in-scope "
            "requirements) against the group's target level.",
            alt="Bar chart of the capability level of each requirement group with its target.",
        ),
    )
    if gaps:
        section.add(
            Paragraph("The most urgent gaps:", "body"),
            Bullets([_urgent_line(r) for r in gaps[:TOP_GAPS]]),
        )
    else:
        section.add(Paragraph("Every in-scope requirement meets its target level.", "body"))
    return section


def _urgent_line(req: RequirementResult) -> str:
    """GR1.2 (level 2 of target 3, high priority): the action."""
    prio = req.priority
    return (
        f"{req.id} (level {text(req.level, NOT_SET)} of target "
        f"{req.target}{f', {prio} priority' if prio else ''}): "
        f"{recommendation(req) or 'see the gap list'}"
    )


def results_section(requirements: list[RequirementResult], groups: list[GroupResult]) -> Section:
    section = Section("Results by requirement group")
    section.add(
        Paragraph(
            "Each requirement shows the level evidenced by the registers, the level claimed in the "
            "self-assessment, and the resulting status against the target. Evidence lists what the "
            "registers show; a discrepancy is a claim the records do not support.",
            "note",
        )
    )
    by_group: dict[str, list[RequirementResult]] = {}
    for req in requirements:
        by_group.setdefault(req.group, []).append(req)
    out_of_scope: list[str] = []
    for group in groups:
        reqs = by_group.get(group.id, [])
        if not group.in_scope:
            out_of_scope.append(f"{group.id} {group.name}")
            continue
        sub = Section(f"{group.id} {group.name}")
        sub.add(Paragraph(_group_line(group), "body"))
        sub.add(
            Table(
                columns=[
                    Column("ID", 0.8),
                    Column("Requirement, evidence and discrepancy", 5.4),
                    Column("Evid.", 0.75, "center"),
                    Column("Claim", 0.75, "center"),
                    Column("Target", 0.75, "center"),
                    Column("Status", 1.3),
                ],
                rows=[
                    [
                        Cell(r.id, bold=True),
                        Cell(_requirement_text(r), notes=evidence_notes(r)),
                        _level_cell(r.evidenced_level),
                        _level_cell(r.claimed_level),
                        Cell(str(r.target)),
                        Cell(r.status, tone=status_tone(r)),
                    ]
                    for r in reqs
                ],
            )
        )
        section.subsections.append(sub)
    if out_of_scope:
        section.subsections.append(
            Section(
                "Out of scope",
                [
                    Paragraph(
                        "These groups are outside the scope of the SMS and were not assessed:"
                    ),
                    Bullets(out_of_scope),
                ],
            )
        )
    return section


def _level_cell(level: int | None) -> Cell:
    return Cell(
        NOT_SET if level is None else str(level),
        tone=level_tone(level) if level is not None else "",
    )


def _group_line(group: GroupResult) -> str:
    capability, mean = group.capability, group.mean
    if capability is None:
        return "Not assessed: no requirement of the group has a level."
    shown = f"{mean:.2f}".rstrip("0").rstrip(".") if mean is not None else ""
    mean_text = f" (mean level {shown})" if shown else ""
    verdict = "meets its target" if group.met else "is below its target"
    return (
        f"Capability {capability}{mean_text} against target {group.target}: the group {verdict}."
    )


def _requirement_text(req: RequirementResult) -> str:
    raw = req.text
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    return "\n".join(("• " + ln[2:]) if ln.startswith("- ") else ln for ln in lines)


def gap_list_section(gaps: list[RequirementResult], method: Mapping[str, Any]) -> Section:
    section = Section("Prioritised gaps and recommended actions")
    prio, keystones = method.get("priority_rule"), method.get("keystones")
    note = "In-scope requirements below their target, most urgent first."
    if isinstance(prio, Mapping) and prio:
        note += " Priority " + "; ".join(f"{text(k)}: {text(v)}" for k, v in prio.items()) + "."
    if isinstance(keystones, (list, tuple)) and keystones:
        named = join_and([text(k) for k in keystones])
        note += f" Keystone requirements, which others build on: {named}."
    section.add(Paragraph(note, "note"))
    section.add(
        Table(
            columns=[
                Column("#", 0.45, "right"),
                Column("Req.", 0.8),
                Column("Priority", 0.95),
                Column("Level", 0.95, "center"),
                Column("Recommended action", 6.0),
            ],
            rows=[
                [
                    Cell(str(i)),
                    Cell(r.id, bold=True),
                    Cell(r.priority or NOT_SET, tone=PRIORITY_TONES.get(r.priority, "muted")),
                    Cell(f"{text(r.level, NOT_SET)} → {r.target}", tone=level_tone(r.level)),
                    Cell(
                        recommendation(r) or "Bring the requirement to its target level.",
                        notes=[t for t in [_first_line(r.text)] if t],
                    ),
                ]
                for i, r in enumerate(gaps, 1)
            ],
            empty="No gaps: every in-scope requirement meets its target.",
        )
    )
    return section


def _first_line(value: Any) -> str:
    lines = text(value).splitlines()
    return lines[0].rstrip(":") if lines else ""


def kpis_section(kpis: Sequence[Kpi]) -> Section:
    rows = []
    for k in kpis:
        value = k.value
        if isinstance(value, float):
            shown = f"{value:.1f}".rstrip("0").rstrip(".")
        else:
            shown = text(value, "n/a")
        rows.append(
            [
                Cell(k.process),
                Cell(k.name, notes=[k.note] if k.note else []),
                Cell(shown, tone="muted" if value is None else ""),
                Cell(k.unit),
            ]
        )
    return Section(
        "Key performance indicators",
        [
            Paragraph(
                "Indicators computed from the registers as of the assessment date; n/a means "
                "the registers hold nothing to compute it from.",
                "note",
            ),
            Table(
                columns=[
                    Column("Process", 0.8),
                    Column("KPI", 4.6),
                    Column("Value", 1.0, "right"),
                    Column("Unit", 1.6),
                ],
                rows=rows,
                empty="No KPIs were computed.",
            ),
        ],
    )
