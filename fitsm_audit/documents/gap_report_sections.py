"""The body of the gap report: executive summary, results by group, prioritised gaps, KPIs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from fitsm_audit.assess.audit_result import Action, KpiTarget, Readiness
from fitsm_audit.assess.result import GroupResult, Kpi, RequirementResult
from fitsm_audit.core.findings import Finding
from fitsm_audit.documents.common import NOT_SET, join_and, text
from fitsm_audit.documents.gap_report_rules import (
    evidence_notes,
    status_text,
    status_tone,
)
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

TOP_GAPS = 5


def summary_section(
    requirements: list[RequirementResult],
    groups: list[GroupResult],
    gaps: list[RequirementResult],
    findings: Sequence[Finding],
    readiness: str,
    headline: str,
    verdict: Readiness | None = None,
    actions: Sequence[Action] = (),
) -> Section:
    in_scope_reqs = [r for r in requirements if r.in_scope]
    at_target = len(in_scope_reqs) - len(gaps)
    on_claim = [r for r in in_scope_reqs if r.status == "met" and r.basis == "claimed only"]
    discrepancies = [r for r in requirements if r.discrepancy is not None]
    severities = Counter(f.severity for f in findings)
    in_scope = [g for g in groups if g.in_scope]
    met = sum(1 for g in in_scope if g.met)
    section = Section("Executive summary")
    if verdict is not None:
        section.add(
            Paragraph(f"Readiness for the certification audit: {verdict.verdict}.", "lead"),
            Bullets([f"{reason[:1].upper()}{reason[1:]}." for reason in verdict.reasons]),
        )
    section.add(
        Paragraph(f"{readiness}. {headline}".strip(), "body"),
        Stats(
            [
                Stat(
                    "groups at target",
                    f"{met} / {len(in_scope)}",
                    "good" if in_scope and met == len(in_scope) else "warn" if met else "bad",
                ),
                Stat(
                    "requirements at target (on the evidence)",
                    f"{at_target - len(on_claim)} / {len(in_scope_reqs)}",
                ),
                Stat(
                    "met on the self-assessment only",
                    str(len(on_claim)),
                    "warn" if on_claim else "good",
                ),
                Stat("gaps", str(len(gaps)), "good" if not gaps else "bad"),
                Stat(
                    "self-assessments differing from the records",
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
    if actions:
        section.add(
            Paragraph("The most urgent actions (the action plan has them all):", "body"),
            Bullets([_urgent_line(a) for a in actions[:TOP_GAPS]]),
        )
    else:
        section.add(Paragraph("Every in-scope requirement meets its target level.", "body"))
    return section


def _urgent_line(action: Action) -> str:
    """A-1E2E15 (GR2.4, medium, PER-002 by 2027-02-28): what."""
    return (
        f"{action.id} ({', '.join(action.requirements)}; {action.priority} priority; "
        f"{action.owner} by {action.due.isoformat()}): {action.what}"
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
                        Cell(status_text(r), tone=status_tone(r)),
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


def kpis_section(kpis: Sequence[Kpi], recorded: Sequence[KpiTarget] = ()) -> Section:
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
                Cell(_unit(k.unit, value)),
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
            *_recorded_kpis(recorded),
        ],
    )


def _shown(value: float | int | None) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return text(value, "n/a")


def _recorded_kpis(recorded: Sequence[KpiTarget]) -> list[Any]:
    """The provider's own KPIs (the KPIs sheet) against their targets, the missed ones named."""
    if not recorded:
        return []
    missed = [k for k in recorded if k.met is False]
    said = (
        f"{len(missed)} of {len(recorded)} recorded KPIs missed their target in the latest "
        f"period: {join_and([f'{k.name} ({k.process}, {_shown(k.value)} against {k.target})' for k in missed])}."
        if missed
        else f"Every one of the {len(recorded)} recorded KPIs met its target in the latest period."
    )
    return [
        Paragraph(said, "body"),
        Table(
            columns=[
                Column("Process", 0.8),
                Column("KPI (KPIs sheet)", 3.6),
                Column("Target", 1.0),
                Column("Measured", 1.0, "right"),
                Column("Period end", 1.1),
                Column("Met", 0.7, "center"),
            ],
            rows=[
                [
                    Cell(k.process),
                    Cell(k.name, notes=[k.cell] if k.cell else []),
                    Cell(k.target),
                    Cell(_shown(k.value) + (f" {_unit(k.unit, k.value)}" if k.unit and k.value is not None else "")),
                    Cell(k.period_end.isoformat() if k.period_end else NOT_SET),
                    Cell(
                        {True: "yes", False: "no"}.get(k.met, NOT_SET),  # type: ignore[arg-type]
                        tone={True: "good", False: "bad"}.get(k.met, "muted"),  # type: ignore[arg-type]
                    ),
                ]
                for k in recorded
            ],
            caption="The KPIs the provider records, latest measurement against its own target",
        ),
    ]


def _unit(unit: str, value: object) -> str:
    """A counted unit in the number's form: ``1 plan``, ``2 plans`` (``%`` and the like as given)."""
    if value == 1 and unit.endswith("s") and unit.isalpha():
        return unit[:-1]
    return unit
