"""The method of an assessment as data: the scale, thresholds, rules and every check's ladder.

It sits above the checks and their registry (it lists the ladder of each requirement's checks), so
the ladder and the specs below stay free of them. Printed in the JSON ``method``, on the results
workbook's Method sheet and in the gap report.
"""

from __future__ import annotations

from typing import Any

from fitsm_audit.assess.grading import keystones
from fitsm_audit.assess.ladder import (
    COMPLETE,
    DEFAULT_TARGET,
    GENERIC_LADDER,
    GRADING_RULE,
    PARTIAL,
    PRIORITY_RULE,
    READINESS_RULE,
    Settings,
)
from fitsm_audit.assess.registry import checks_for
from fitsm_audit.assess.specs import ladder


def ladders_by_requirement(edition: str = "2") -> dict[str, Any]:
    """Requirement ID -> the ladders of its checks."""
    return {
        rid: {name: ladder(name) for name in names}
        for rid, names in checks_for(edition).items()
        if names
    }


def method_dict(labels: dict[int, str], settings: Settings, edition: str = "2") -> dict[str, Any]:
    """The scale, thresholds and defaults, for the report's method section."""
    return {
        "scale": {str(k): v for k, v in labels.items()},
        "default_target": DEFAULT_TARGET,
        "thresholds": {"partial": float(PARTIAL), "complete": float(COMPLETE)},
        "generic_ladder": {str(k): v for k, v in GENERIC_LADDER.items()},
        "result_rule": "the evidenced level where the registers give one, else the claimed "
        "level; a claim above the evidence (over-claim) or below it (under-claim, a "
        "self-assessment to correct) is a discrepancy",
        "capability_rule": "minimum of the in-scope requirement levels of a group (a requirement "
        "neither evidenced nor claimed counts as 0); the mean is shown too",
        "priority_rule": dict(PRIORITY_RULE),
        "grading_rule": dict(GRADING_RULE),
        "readiness_rule": dict(READINESS_RULE),
        "keystones": sorted(keystones(edition)),
        "defaults": settings.to_dict(),
        "ladders": ladders_by_requirement(edition),
    }
