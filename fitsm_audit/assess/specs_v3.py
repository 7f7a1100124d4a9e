"""The level ladders of the checks written for edition 3 alone (checks/gr1_v3.py,
checks/gr3_v3.py, checks/pr1_v3.py, checks/pr6_v3.py, checks/pr345_v3.py), in the form of :data:`fitsm_audit.assess.specs.LADDERS`."""

from __future__ import annotations

# check -> (what c measures, level 0, level 3 conditions, level 4 condition)
LADDERS_V3: dict[str, tuple[str, str, str, str]] = {
    "sms_owner": (
        "one SMS owner named, a person in People (edition 3 GR1.1)",
        "no SMS owner recorded",
        "c = 100 %",
        "M(SMS)",
    ),
    "management_reviews": (
        "the latest management review within the interval (edition 3 GR1.3)",
        "no management review ever held",
        "the interval set and every review records its outcome",
        "the two latest management reviews at most one interval apart",
    ),
    "risk_assessment": (
        "risks reviewed within the risk review interval (edition 3 PR6.2)",
        "Risks empty",
        "the interval set and every risk fully assessed (asset, likelihood, impact, level, "
        "treatment, owner)",
        "M(PR6)",
    ),
    "required_reports": (
        "report contents covered by the active reports: performance against targets, "
        "significant events, nonconformities (edition 3 PR3.1)",
        "no active report",
        "every customer with an individual SLA has a report on its targets",
        "M(PR3)",
    ),
    "continuity_risk_assessment": (
        "availability and continuity plans that name the risks they assess (edition 3 PR4.2)",
        "Availability & Continuity Plans empty",
        "every plan reviewed within its planned interval, and the interval set",
        "every risk a plan names reviewed within the risk review interval",
    ),
    "continuity_measures": (
        "availability and continuity plans that record their measures (edition 3 PR4.3)",
        "Availability & Continuity Plans empty",
        "every plan states the requirements its measures meet",
        "every plan's measures tested within the periodic-check window",
    ),
    "current_capacity": (
        "capacity plans with a utilisation measured within the measuring window (edition 3 PR5.2)",
        "Capacity Plans empty",
        "every plan names the services or components it covers",
        "M(PR5)",
    ),
    "stakeholders": (
        "stakeholder requirements with an owner, reviewed within their interval (edition 3 GR3.1)",
        "Stakeholders & Obligations empty",
        "legal, regulatory and contractual requirements all recorded, each with its source",
        "M(SMS)",
    ),
    "service_proposals": (
        "decided service proposals evaluated, with a named decider (edition 3 PR1.2)",
        "Service Proposals empty",
        "every approved new service or change has a design and transition package",
        "M(PR1)",
    ),
}
