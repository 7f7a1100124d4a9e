"""Assess compliance and maturity per FitSM-1 requirement from the registers (FitSM-6 style).

``assess(dataset, edition="2", as_of=...)`` runs the edition-independent evidence checks that the
edition maps to its requirements, reads the self-assessment (Assessment sheet), takes the lower of
evidence and claim, rolls up capability per GR/PR group and computes the KPIs.
"""

from __future__ import annotations

from fitsm_audit.assess.evidence import Evidence
from fitsm_audit.assess.ladder import DEFAULT_LABELS, Settings
from fitsm_audit.assess.result import AssessmentResult, GroupResult, Kpi, RequirementResult
from fitsm_audit.assess.scoring import assess

__all__ = [
    "DEFAULT_LABELS",
    "AssessmentResult",
    "Evidence",
    "GroupResult",
    "Kpi",
    "RequirementResult",
    "Settings",
    "assess",
]
