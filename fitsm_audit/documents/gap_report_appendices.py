"""The appendices of the gap report: A, the data-quality findings; C, the method (scale, rules,
each check's level thresholds, settings)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from fitsm_audit.assess.result import AssessmentResult
from fitsm_audit.core.findings import Finding
from fitsm_audit.core.words import count, is_are
from fitsm_audit.documents.common import NOT_SET, long_date, setting_text, text
from fitsm_audit.documents.model import (
    Bullets,
    Cell,
    Column,
    Facts,
    Paragraph,
    Section,
    Table,
    level_tone,
)

MAX_FINDINGS = 40


def findings_appendix(findings: Sequence[Finding]) -> Section:
    order = {"error": 0, "warning": 1}
    ranked = sorted(findings, key=lambda f: order.get(f.severity, 2))
    counts = Counter(f.severity for f in findings)
    summary = ", ".join(
        count(n, sev) for sev, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], 2))
    )
    rows = []
    for f in ranked[:MAX_FINDINGS]:
        cell = f.cell or ""
        where = cell if "!" in cell else "!".join(x for x in (f.sheet or "", cell) if x)
        sev = f.severity
        rows.append(
            [
                Cell(sev, tone={"error": "bad", "warning": "warn"}.get(sev, "muted")),
                Cell(where or NOT_SET),
                Cell(f.message, notes=[f.hint] if f.hint else []),
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


def method_appendix(assessment: AssessmentResult, edition: str, as_of: dt.date) -> Section:
    method = assessment.method
    labels = method.get("scale") or assessment.labels or {}
    labels = labels if isinstance(labels, Mapping) else {}
    ladder = method.get("generic_ladder") or {}
    ladder = ladder if isinstance(ladder, Mapping) else {}
    section = Section("Appendix C: Method", appendix=True)
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
    notes = [n for n in assessment.notes if n]
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
    return setting_text(key, value)
