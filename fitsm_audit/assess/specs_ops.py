"""The level ladders of the operations checks (PR9-PR13, checks/pr9.py ... pr13.py), in the form of
:data:`fitsm_audit.assess.specs.LADDERS`. A workbook without the operations area gets no evidenced
level from them (the self-assessment decides, as before the area existed)."""

from __future__ import annotations

_LOG = "{sheet} empty without an approved {pr} definition (with one: n/a); no operations sheet at all: self-assessment"
_REG = "{sheet} empty; no operations sheet at all: self-assessment"


def _log(sheet: str, pr: str) -> str:
    return _LOG.format(sheet=sheet, pr=pr)


_T = _log("Incidents & Service Requests", "PR9")
_P = _log("Problems", "PR10")
_C = _log("Changes", "PR12")
_R = _log("Releases", "PR13")
_CI = _REG.format(sheet="Configuration Items")

# check -> (what c measures, level 0, level 3 conditions, level 4 condition)
LADDERS_OPS: dict[str, tuple[str, str, str, str]] = {
    "ticket_classification": (
        "tickets in the event window (or open) with a type and a priority",
        _T,
        "every ticket's priority defined in Incident Priorities",
        "M(PR9)",
    ),
    "priority_targets": (
        "tickets resolved within their priority's resolution time, or open past it (dates only)",
        _REG.format(sheet="Incident Priorities"),
        "every priority has a resolution time and names the SLA targets it serves",
        "M(PR9)",
    ),
    "escalation": (
        "tickets past their resolution time or escalated that name whom and an assignee",
        _T,
        "c = 100 %",
        "M(PR9)",
    ),
    "ticket_closure": (
        "resolved or closed tickets with resolved and closed dates in order",
        _T,
        "c = 100 %",
        "M(PR9)",
    ),
    "major_incidents": (
        "resolved major incidents with a major incident review (Review on)",
        _T,
        "every major incident prioritised critical or high",
        "M(PR9)",
    ),
    "problem_registration": (
        "problems in the window linked to the incidents behind them",
        _P,
        "every problem owned; every ticket's problem in Problems",
        "M(PR10)",
    ),
    "problem_investigation": (
        "problems beyond status new with a root cause or workaround",
        _P,
        "every resolved or closed problem records its root cause",
        "M(PR10)",
    ),
    "known_errors": (
        "known errors with a workaround",
        _P,
        "status known error and Known error yes agree",
        "M(PR10)",
    ),
    "known_error_currency": (
        "open known errors reviewed within the periodic-check window (Last review)",
        _P,
        "c = 100 %",
        "M(PR10)",
    ),
    "ci_types": ("CIs not retired with a type", _CI, "c = 100 %", "M(PR11)"),
    "ci_detail": (
        "CIs not retired with an owner and the service or component they belong to",
        _CI,
        "c = 100 %",
        "M(PR11)",
    ),
    "ci_relationships": (
        "CIs not retired related to another CI (either side)",
        _CI,
        "every related ID is a CI in the register",
        "M(PR11)",
    ),
    "ci_control": (
        "implemented changes whose items name a CI",
        _CI,
        "c = 100 %",
        "M(PR11)",
    ),
    "cmdb_verification": (
        "live CIs verified within their Verification interval (D6 A)",
        _CI,
        "every live CI has a planned interval",
        "M(PR11)",
    ),
    "release_baseline": (
        "deployed releases with a configuration baseline",
        _log("Releases", "PR11"),
        "c = 100 %",
        "M(PR11)",
    ),
    "change_classification": (
        "changes in the window with a summary and a type",
        _C,
        "c = 100 %",
        "M(PR12)",
    ),
    "change_approval": (
        "implemented non-standard changes approved (approver, date) before implementation",
        _C,
        "every approved or scheduled change names its approver and approval date",
        "M(PR12)",
    ),
    "change_review": (
        "implemented changes with a post-implementation review and an outcome",
        _C,
        "c = 100 %",
        "M(PR12)",
    ),
    "emergency_changes": (
        "implemented emergency changes with an approver and a review",
        _C,
        "c = 100 %",
        "M(PR12)",
    ),
    "change_risk": (
        "non-standard changes decided on with their risk assessed",
        _C,
        "c = 100 %",
        "M(PR12)",
    ),
    "change_schedule": (
        "approved changes with a planned date not before their approval",
        _C,
        "c = 100 %",
        "M(PR12)",
    ),
    "change_remediation": (
        "high-risk changes with a remediation plan",
        _C,
        "every failed or rolled-back change followed up",
        "M(PR12)",
    ),
    "release_planning": (
        "releases deployed in the window or still to deploy with a planned date",
        _R,
        "every release names the changes it deploys",
        "M(PR13)",
    ),
    "release_testing": ("deployed releases tested", _R, "c = 100 %", "M(PR13)"),
    "release_acceptance": (
        "deployed releases accepted by a named person (Acceptance by)",
        _R,
        "c = 100 %",
        "M(PR13)",
    ),
    "release_rollback": ("deployed releases with a rollback plan", _R, "c = 100 %", "M(PR13)"),
    "release_evaluation": (
        "deployed releases evaluated (outcome)",
        _R,
        "every release not fully successful followed up",
        "M(PR13)",
    ),
}
