"""The gap report's view-model, built from the assessment dictionary (``AssessmentResult.to_dict()``).

Working from the dictionary (not the objects) means a saved ``assess --json`` output renders the
same report. The report is a summary with appendices: per-requirement evidence is capped, and the
data-quality findings list only the first rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from fitsm_audit.core.words import count, is_are
from fitsm_audit.documents.common import NOT_SET, join_and, long_date, text
from fitsm_audit.documents.model import (
    Bullets,
    CapabilitySeries,
    Cell,
    Chart,
    Column,
    Document,
    DocumentControl,
    Facts,
    Paragraph,
    Section,
    Stat,
    Stats,
    Table,
    level_tone,
)

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}  # the values of recommendation.priority
PRIORITY_TONES = {"high": "bad", "medium": "warn", "low": "good"}
MAX_EVIDENCE_ITEMS = 3
MAX_EVIDENCE_CHARS = 280
MAX_FINDINGS = 40
TOP_GAPS = 5
_OUT_OF_SCOPE = {"out of scope", "n/a", "not applicable"}
_MET = {"met", "meets target", "ok", "achieved", "compliant", "above target"}
_GAP = {"not met", "not assessed", "gap", "below target"}


def build_gap_report(
    assessment: Mapping[str, Any],
    *,
    provider: str,
    scope: str,
    control: DocumentControl,
    findings: Sequence[Mapping[str, Any]] | None = None,
) -> Document:
    """The gap report from an assessment dictionary and the organisation's name and scope."""
    as_of = _as_date(assessment.get("as_of"))
    edition = text(assessment.get("edition"), "2")
    requirements = [r for r in assessment.get("requirements", []) if isinstance(r, Mapping)]
    groups = [g for g in assessment.get("groups", []) if isinstance(g, Mapping)]
    found = list(findings if findings is not None else assessment.get("findings") or [])
    found = [f if isinstance(f, Mapping) else {"message": text(f)} for f in found]
    gaps = sorted((r for r in requirements if is_gap(r)), key=_gap_order(requirements))

    in_scope = [g for g in groups if g.get("in_scope", True)]
    met = sum(1 for g in in_scope if g.get("met"))
    headline = _headline(assessment.get("maturity"))
    readiness = f"{met} of {len(in_scope)} in-scope requirement groups meet their target level"
    sections = [
        _summary(requirements, groups, gaps, found, readiness, headline),
        _results(requirements, groups),
        _gap_list(gaps, _method_of(assessment)),
        _kpis(assessment.get("kpis") or []),
        _findings(found),
        _method(assessment, edition, as_of),
    ]
    return Document(
        kind="gap-report",
        stem="gap-report",
        title="FitSM gap report",
        subtitle=f"Compliance and maturity against FitSM-1 edition {edition}",
        provider=provider,
        as_of=as_of,
        summary=f"{readiness}. {headline}".strip(),
        cover_facts=[
            ("Service provider", provider),
            ("Scope", scope),
            ("Assessed as of", long_date(as_of)),
            ("Standard", f"FitSM-1, edition {edition}"),
            ("Gaps", f"{count(len(gaps), 'requirement')} below target"),
        ],
        control=control,
        sections=sections,
        keywords=["FitSM", "gap report", "maturity", "compliance"],
        extra={
            "gaps": [text(r.get("id")) for r in gaps],
            "met_groups": met,
            "groups": len(in_scope),
        },
    )


# ---------------------------------------------------------------------- rules
def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    return None


def is_out_of_scope(req: Mapping[str, Any]) -> bool:
    return text(req.get("status")).lower() in _OUT_OF_SCOPE


def is_gap(req: Mapping[str, Any]) -> bool:
    """An in-scope requirement below its target level (or not assessed at all)."""
    status = text(req.get("status")).lower()
    if status in _OUT_OF_SCOPE or req.get("in_scope") is False:
        return False
    if status in _GAP:
        return True
    if status in _MET:
        return False
    level, target = _int(req.get("level")), _int(req.get("target"))
    return level is None or (target is not None and level < target)


def recommendation(req: Mapping[str, Any]) -> str:
    """The recommended action: ``recommendation.action`` of the assessment, or its text."""
    rec = req.get("recommendation")
    if isinstance(rec, Mapping):
        return text(rec.get("action") or rec.get("text"))
    return text(rec)


def priority(req: Mapping[str, Any]) -> str:
    """high, medium or low: the assessment's ``recommendation.priority`` (rule P of
    :mod:`fitsm_audit.assess.recommend`); blank when the assessment gives none."""
    rec = req.get("recommendation")
    given = text(rec.get("priority") if isinstance(rec, Mapping) else req.get("priority")).lower()
    return given if given in PRIORITY_RANK else ""


def _gap_order(requirements: list[Mapping[str, Any]]) -> Any:
    position = {text(r.get("id")): i for i, r in enumerate(requirements)}

    def key(req: Mapping[str, Any]) -> tuple[int, int, int]:
        level, target = _int(req.get("level")) or 0, _int(req.get("target")) or 0
        rank = PRIORITY_RANK.get(priority(req), len(PRIORITY_RANK))
        return (rank, -(target - level), position[text(req.get("id"))])

    return key


def status_tone(req: Mapping[str, Any]) -> str:
    status = text(req.get("status")).lower()
    if status in _OUT_OF_SCOPE:
        return "muted"
    if status in _MET:
        return "good"
    if status == "not assessed":
        return "bad"
    level, target = _int(req.get("level")), _int(req.get("target"))
    if level is not None and target is not None:
        return "good" if level >= target else "warn" if level == target - 1 else "bad"
    return "bad"


def _level_cell(value: Any) -> Cell:
    level = _int(value)
    return Cell(
        NOT_SET if level is None else str(level),
        tone=level_tone(level) if level is not None else "",
    )


def _headline(maturity: Any) -> str:
    """One sentence on the maturity headline (the lowest in-scope group capability)."""
    if not isinstance(maturity, Mapping):
        return text(maturity)
    head = maturity.get("headline")
    if isinstance(head, int) and not isinstance(head, bool):
        label = text(maturity.get("headline_label"))
        lowest = [text(g) for g in maturity.get("lowest") or []]
        named = f" ({label})" if label else ""
        where = f", set by {join_and(lowest)}" if lowest else ""
        return f"Overall maturity is level {head}{named}: the lowest group capability{where}."
    return text(head)


def _evidence_notes(req: Mapping[str, Any]) -> list[str]:
    items = req.get("evidence") or []
    if isinstance(items, (str, Mapping)):
        items = [items]
    lines = [_evidence_text(e) for e in items]
    lines = [ln for ln in lines if ln]
    notes = []
    for line in lines[:MAX_EVIDENCE_ITEMS]:
        short = line if len(line) <= MAX_EVIDENCE_CHARS else line[: MAX_EVIDENCE_CHARS - 1] + "…"
        notes.append(f"Evidence: {short}")
    if len(lines) > MAX_EVIDENCE_ITEMS:
        notes.append(f"(and {len(lines) - MAX_EVIDENCE_ITEMS} more evidence items)")
    if req.get("evidenced_level") is None and req.get("claimed_level") is not None:
        notes.append("Rests on the self-assessment: the registers cannot show this requirement.")
    if req.get("blocking") and not is_out_of_scope(req):
        notes.append(f"Blocks the next level: {text(req.get('blocking'))}")
    discrepancy = discrepancy_text(req)
    if discrepancy:
        notes.append(f"Discrepancy: {discrepancy}")
    return notes


def discrepancy_text(req: Mapping[str, Any]) -> str:
    value = req.get("discrepancy")
    if isinstance(value, Mapping):
        return text(value.get("message")) or "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    return text(value)


def _evidence_text(item: Any) -> str:
    if isinstance(item, Mapping):
        for key in ("text", "summary", "detail", "message", "condition"):
            if item.get(key):
                return text(item[key])
        return "; ".join(f"{k}: {text(v)}" for k, v in item.items() if v not in (None, "", []))
    return text(item)


# ---------------------------------------------------------------------- sections
def _summary(
    requirements: list[Mapping[str, Any]],
    groups: list[Mapping[str, Any]],
    gaps: list[Mapping[str, Any]],
    findings: list[Mapping[str, Any]],
    readiness: str,
    headline: str,
) -> Section:
    in_scope_reqs = [r for r in requirements if not is_out_of_scope(r)]
    at_target = len(in_scope_reqs) - len(gaps)
    discrepancies = [r for r in requirements if discrepancy_text(r)]
    severities = Counter(
        text(f.get("severity") or f.get("level"), "info").lower() for f in findings
    )
    in_scope = [g for g in groups if g.get("in_scope", True)]
    met = sum(1 for g in in_scope if g.get("met"))
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
                    (
                        text(g.get("id")),
                        g.get("capability"),
                        _int(g.get("target")),
                        bool(g.get("in_scope", True)),
                    )
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
            Bullets(
                [_urgent_line(r) for r in gaps[:TOP_GAPS]]
            ),
        )
    else:
        section.add(Paragraph("Every in-scope requirement meets its target level.", "body"))
    return section


def _urgent_line(req: Mapping[str, Any]) -> str:
    """GR1.2 (level 2 of target 3, high priority): the action."""
    prio = priority(req)
    return (
        f"{text(req.get('id'))} (level {text(req.get('level'), NOT_SET)} of target "
        f"{text(req.get('target'), NOT_SET)}{f', {prio} priority' if prio else ''}): "
        f"{recommendation(req) or 'see the gap list'}"
    )


def _results(requirements: list[Mapping[str, Any]], groups: list[Mapping[str, Any]]) -> Section:
    section = Section("Results by requirement group")
    section.add(
        Paragraph(
            "Each requirement shows the level evidenced by the registers, the level claimed in the "
            "self-assessment, and the resulting status against the target. Evidence lists what the "
            "registers show; a discrepancy is a claim the records do not support.",
            "note",
        )
    )
    by_group: dict[str, list[Mapping[str, Any]]] = {}
    for req in requirements:
        by_group.setdefault(text(req.get("group")), []).append(req)
    out_of_scope: list[str] = []
    for group in groups:
        gid = text(group.get("id"))
        reqs = by_group.get(gid, [])
        if not group.get("in_scope", True):
            out_of_scope.append(f"{gid} {text(group.get('name'))}")
            continue
        sub = Section(f"{gid} {text(group.get('name'))}")
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
                        Cell(text(r.get("id")), bold=True),
                        Cell(_requirement_text(r), notes=_evidence_notes(r)),
                        _level_cell(r.get("evidenced_level")),
                        _level_cell(r.get("claimed_level")),
                        Cell(text(r.get("target"), NOT_SET)),
                        Cell(text(r.get("status"), NOT_SET), tone=status_tone(r)),
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


def _group_line(group: Mapping[str, Any]) -> str:
    capability, mean = group.get("capability"), group.get("mean")
    if capability is None:
        return "Not assessed: no requirement of the group has a level."
    shown = f"{mean:.2f}".rstrip("0").rstrip(".") if isinstance(mean, (int, float)) else ""
    mean_text = f" (mean level {shown})" if shown else ""
    verdict = "meets its target" if group.get("met") else "is below its target"
    return (
        f"Capability {text(capability)}{mean_text} against target "
        f"{text(group.get('target'), NOT_SET)}: the group {verdict}."
    )


def _requirement_text(req: Mapping[str, Any]) -> str:
    raw = text(req.get("text"))
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    return "\n".join(("• " + ln[2:]) if ln.startswith("- ") else ln for ln in lines)


def _gap_list(gaps: list[Mapping[str, Any]], method: Mapping[str, Any]) -> Section:
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
                    Cell(text(r.get("id")), bold=True),
                    Cell(
                        priority(r) or NOT_SET,
                        tone=PRIORITY_TONES.get(priority(r), "muted"),
                    ),
                    Cell(
                        f"{text(r.get('level'), NOT_SET)} → {text(r.get('target'), NOT_SET)}",
                        tone=level_tone(_int(r.get("level"))),
                    ),
                    Cell(
                        recommendation(r) or "Bring the requirement to its target level.",
                        notes=[t for t in [_first_line(r.get("text"))] if t],
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


def _kpis(kpis: Sequence[Any]) -> Section:
    rows = []
    for k in kpis:
        if not isinstance(k, Mapping):
            continue
        value = k.get("value")
        if isinstance(value, float):
            shown = f"{value:.1f}".rstrip("0").rstrip(".")
        else:
            shown = text(value, "n/a")
        rows.append(
            [
                Cell(text(k.get("process"))),
                Cell(text(k.get("name")), notes=[text(k["note"])] if k.get("note") else []),
                Cell(shown, tone="muted" if value is None else ""),
                Cell(text(k.get("unit"))),
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


def _findings(findings: list[Mapping[str, Any]]) -> Section:
    order = {"error": 0, "warning": 1}
    ranked = sorted(findings, key=lambda f: order.get(_severity(f), 2))
    counts = Counter(_severity(f) for f in findings)
    summary = ", ".join(
        count(n, sev) for sev, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], 2))
    )
    rows = []
    for f in ranked[:MAX_FINDINGS]:
        cell = text(f.get("cell"))
        where = cell if "!" in cell else "!".join(x for x in (text(f.get("sheet")), cell) if x)
        sev = _severity(f)
        rows.append(
            [
                Cell(sev, tone={"error": "bad", "warning": "warn"}.get(sev, "muted")),
                Cell(where or NOT_SET),
                Cell(text(f.get("message")), notes=[text(f.get("hint"))] if f.get("hint") else []),
            ]
        )
    more = len(findings) - len(rows)
    return Section(
        "Appendix A: Data-quality findings",
        [
            Paragraph(
                f"The check of the workbooks found {summary or 'no problems'}. Cells with errors count "
                "as blank in the assessment, so fixing them can raise evidenced levels.",
                "body",
            ),
            Table(
                columns=[Column("Severity", 0.9), Column("Location", 1.5), Column("Problem", 5.6)],
                rows=rows,
                empty="No findings.",
                note=f"{count(more, 'more finding')} {is_are(more)} not listed here; run fitsm-audit check "
                "for the full list."
                if more > 0
                else "",
            ),
        ],
        appendix=True,
    )


def _severity(finding: Mapping[str, Any]) -> str:
    return text(finding.get("severity") or finding.get("level"), "info").lower()


def _method_of(assessment: Mapping[str, Any]) -> Mapping[str, Any]:
    method = assessment.get("method")
    return method if isinstance(method, Mapping) else {}


def _method(assessment: Mapping[str, Any], edition: str, as_of: dt.date) -> Section:
    method = _method_of(assessment)
    labels = method.get("scale") or assessment.get("labels") or {}
    labels = labels if isinstance(labels, Mapping) else {}
    ladder = method.get("generic_ladder") or {}
    ladder = ladder if isinstance(ladder, Mapping) else {}
    section = Section("Appendix B: Method", appendix=True)
    section.add(
        Paragraph(
            f"Each requirement of FitSM-1 edition {edition} is assessed as of {long_date(as_of)}. "
            "The evidenced level comes from rules over the registers (what the records show); the "
            "claimed level is the self-assessment in the Assessment sheet.",
            "body",
        )
    )
    rules = [
        ("Result", method.get("result_rule")),
        ("Group capability", method.get("capability_rule")),
        ("Default target", method.get("default_target")),
    ]
    section.add(Facts([(k, text(v)) for k, v in rules if v not in (None, "")]))
    if labels or ladder:
        section.add(
            Table(
                columns=[
                    Column("Level", 0.6, "center"),
                    Column("Name", 1.2),
                    Column("Evidenced when", 6.0),
                ],
                rows=[
                    [
                        Cell(str(n), tone=level_tone(n)),
                        Cell(text(_by_level(labels, n), NOT_SET)),
                        Cell(text(_by_level(ladder, n), NOT_SET)),
                    ]
                    for n in range(5)
                ],
                caption="Capability scale and the generic rule for the evidenced level",
            )
        )
    prio = method.get("priority_rule")
    if isinstance(prio, Mapping) and prio:
        section.add(
            Table(
                columns=[Column("Priority", 1.0), Column("When", 7.0)],
                rows=[[Cell(text(k)), Cell(text(v))] for k, v in prio.items()],
                caption="Priority of a gap",
            )
        )
    ladders = _ladder_section(method.get("ladders"))
    if ladders is not None:
        section.subsections.append(ladders)
    defaults = method.get("defaults")
    if isinstance(defaults, Mapping) and defaults:
        section.subsections.append(
            Section(
                "Settings used by the rules",
                [
                    Facts(
                        [
                            (str(k).replace("_", " "), _setting(str(k), v))
                            for k, v in defaults.items()
                        ]
                    ),
                ],
            )
        )
    notes = [text(n) for n in assessment.get("notes") or [] if text(n)]
    if notes:
        section.subsections.append(Section("Notes on this assessment", [Bullets(notes)]))
    return section


def _by_level(mapping: Mapping[Any, Any], level: int) -> Any:
    return mapping.get(str(level), mapping.get(level))


# The level-3 and level-4 rungs of every check start with these words; the table header says them
# once, so each row shows only what is particular to its check.
_L3_PREFIX = "c = 100 % and "
_L4_PREFIX = "level 3 and "


def _ladder_section(ladders: Any) -> Section | None:
    """Appendix B.1: each requirement's evidence check with the condition of each level.

    ``ladders`` is the assessment's ``method.ladders``: requirement -> check -> rungs ("c" what
    the coverage counts, "0" ... "4"). Levels 1 and 2 follow the same rule for almost every
    check; it is stated once above the table, and a row shows them only where they differ.
    """
    if not isinstance(ladders, Mapping) or not ladders:
        return None
    rungs = [
        (text(rid), text(name), rung)
        for rid, checks in ladders.items()
        if isinstance(checks, Mapping)
        for name, rung in checks.items()
        if isinstance(rung, Mapping)
    ]
    if not rungs:
        return None
    g1, g2 = _most_common(rungs, "1"), _most_common(rungs, "2")
    rows = []
    for rid, name, rung in rungs:
        notes = [f"Level 0: {text(rung.get('0'))}"] if text(rung.get("0")) else []
        for level, usual in (("1", g1), ("2", g2)):
            own = text(rung.get(level))
            if own and own != usual:
                notes.append(f"Level {level}: {own}")
        l3, l4 = text(rung.get("3")), text(rung.get("4"))
        rows.append(
            [
                Cell(rid, bold=True, notes=[name.replace("_", " ")]),
                Cell(text(rung.get("c"), NOT_SET), notes=notes),
                Cell(_without(l3, _L3_PREFIX, "c = 100 %") or NOT_SET),
                Cell(_without(l4, _L4_PREFIX) or NOT_SET),
            ]
        )
    return Section(
        "Evidence checks and their level thresholds",
        [
            Paragraph(
                "Each requirement's evidence check, what its coverage c counts, and the "
                "condition of each level. Level 0 is given under the coverage; levels 1 and 2 "
                "follow the same rule for every check unless stated: level 1 when "
                f"{g1 or NOT_SET}; level 2 when {g2 or NOT_SET}. M(area) means the process "
                "(or the SMS) is measured by a KPI with a target, evaluated in the KPI window.",
                "note",
            ),
            Table(
                columns=[
                    Column("Req. and check", 1.35),
                    Column("Coverage c counts", 2.9),
                    Column("Level 3: c = 100 % and", 2.15),
                    Column("Level 4: level 3 and", 1.9),
                ],
                rows=rows,
            ),
        ],
    )


def _without(value: str, prefix: str, alone: str = "") -> str:
    """A rung without the words the column header already says."""
    if alone and value == alone:
        return "nothing more"
    return value[len(prefix) :] if value.startswith(prefix) else value


def _most_common(rungs: list[tuple[str, str, Mapping[str, Any]]], level: str) -> str:
    counts = Counter(text(r.get(level)) for _, _, r in rungs if text(r.get(level)))
    return counts.most_common(1)[0][0] if counts else ""


def _setting(key: str, value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {text(v)}" for k, v in value.items())
    if isinstance(value, int) and not isinstance(value, bool):
        if key.endswith("_days"):
            return f"{value} days"
        if key.endswith(("window", "fallback", "check", "horizon", "interval")):
            return f"{value} months"
    return text(value)
