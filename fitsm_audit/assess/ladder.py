"""The level scale, the generic ladder's thresholds and the assessment defaults, as data.

Everything here is printed in the report's method section (``AssessmentResult.method``), so the
numbers a level rests on are visible to the reader. Per-check ladders are in
:mod:`fitsm_audit.assess.specs`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from fitsm_audit.assess.audit_result import GRADES

LEVELS = (0, 1, 2, 3, 4)

DEFAULT_LABELS: dict[int, str] = {
    0: "absent",
    1: "initial",
    2: "repeatable",
    3: "defined",
    4: "managed",
}

DEFAULT_TARGET = 3

# The generic ladder G (docs/assessment-method.md, D11): coverage c against these two thresholds.
PARTIAL = Fraction(1, 2)  # c below this: level 1; at or above: level 2
COMPLETE = Fraction(1, 1)  # c equal to this and every level-3 condition holds: level 3

GENERIC_LADDER: dict[int, str] = {
    0: "nothing recorded (the register is missing or empty, or a prerequisite is missing)",
    1: "something recorded, coverage below 50 %",
    2: "coverage at least 50 % but below 100 %, or 100 % with a level-3 condition failing",
    3: "coverage 100 % and every level-3 condition holds (owners, approvals, reviews in date, "
    "no inconsistency, as the requirement states)",
    4: "level 3 and the level-4 condition (by default: the process is measured by a KPI with a "
    "target and an evaluated measurement)",
}

# Grading rule A3 and priority rule P (docs/assessment-method.md, D12 and A3).
KEYSTONES = ("GR1.1", "GR3.1", "GR4.1", "PR1.1", "PR2.2", "PR6.2", "PR7.1", "PR8.1")
MAJOR, MINOR, IMPROVEMENT = GRADES  # gravest first (audit_result.GRADES)
PRIORITY_OF_GRADE = {MAJOR: "high", MINOR: "medium", IMPROVEMENT: "low"}
PRIORITY_RULE = {
    "high": "a major nonconformity: it blocks certification",
    "medium": "a minor nonconformity: the requirement is partly met",
    "low": "an opportunity for improvement: conformity shown, the maturity target not yet "
    "reached, or the registers cannot show the requirement",
}
READINESS_RULE = {
    "not ready": "any major nonconformity",
    "ready after minor actions": "no major nonconformity, one or more minor ones",
    "ready": "no nonconformity (opportunities for improvement do not stop an audit)",
}
GRADING_RULE = {
    MAJOR: "the requirement is absent (level 0, or neither evidenced nor claimed), or a "
    "keystone requirement or one of the direction groups (GR1, GR2 by default) is at level 1",
    MINOR: "the requirement is partly met (level 1-2 below its target)",
    IMPROVEMENT: "level 3 or more below a target of 4, or not applicable from the registers and "
    "not self-assessed",
}


@dataclass(frozen=True)
class Settings:
    """Windows, limits and fallbacks of the assessment (docs/assessment-method.md, D13)."""

    row_interval_fallback: int = 12  # months, when a row's interval is blank (flagged)
    sms_interval_fallback: int = 12  # months, when an Organisation interval field is blank
    measure_window: int = 6  # months: Targets, capacity utilisation
    kpi_window: int = 12  # months: KPIs (D9, GR6.1)
    activity_window: int = 12  # months: GR2.3
    periodic_check: int = 12  # months: continuity tests, access reviews, satisfaction
    event_window: int = 12  # months: complaints and security events looked at
    complaint_open_days: int = 30
    event_open_days: dict[str, int] = field(
        default_factory=lambda: {"critical": 7, "high": 14, "medium": 30, "low": 90}
    )
    grace_days: int = 0
    planned_horizon: int = 36  # months: a next_review further than this after approval is unplanned
    report_period_days: dict[str, int] = field(default_factory=lambda: {"daily": 1, "weekly": 7})
    report_period_months: dict[str, int] = field(
        default_factory=lambda: {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
    )
    # grading rule A3 and the due dates of rule A4
    major_at_or_below: int = 0  # any requirement at this level or lower: major nonconformity
    direction_groups: tuple[str, ...] = ("GR1", "GR2")  # groups that give the SMS its direction
    direction_major_at_or_below: int = 1  # ... and keystones: major at this level or lower
    improvement_from: int = 3  # a gap at this level or higher: opportunity for improvement
    improve_met: bool = True  # a met, evidenced requirement whose next level fails: improvement
    due_days: dict[str, int] = field(
        default_factory=lambda: {MAJOR: 30, MINOR: 90, IMPROVEMENT: 180}
    )

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON data (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def parse_labels(text: str) -> dict[int, str]:
    """Level labels from "0=absent,1=initial,..." (any subset of the levels 0-4).

    Raises ``ValueError`` with a one-line reason for anything else: a part without "=", a key that
    is not a level 0-4, an empty label or a level given twice.
    """
    out: dict[int, str] = {}
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise ValueError("give at least one LEVEL=LABEL, e.g. 0=absent,4=managed")
    for part in parts:
        level_text, sep, name = part.partition("=")
        level_text, name = level_text.strip(), " ".join(name.split())
        if not sep:
            raise ValueError(f"{part.strip()!r} is not LEVEL=LABEL")
        if level_text not in {str(lv) for lv in LEVELS}:
            raise ValueError(f"{level_text!r} is not a level; use 0, 1, 2, 3 or 4")
        if not name:
            raise ValueError(f"level {level_text} has an empty label")
        if any(not c.isprintable() for c in name):
            raise ValueError(f"the label of level {level_text} has a control character")
        if int(level_text) in out:
            raise ValueError(f"level {level_text} is given twice")
        out[int(level_text)] = name
    return out
