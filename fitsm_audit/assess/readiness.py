"""The readiness verdict (docs/assessment-method.md, A5): ready for the certification audit, ready
after minor actions, or not ready, with the reasons in order of weight."""

from __future__ import annotations

from fitsm_audit.assess.audit_result import Readiness
from fitsm_audit.assess.ladder import IMPROVEMENT, MAJOR, MINOR
from fitsm_audit.assess.result import RequirementResult
from fitsm_audit.core.words import count

NAMED = 10  # requirements named per reason


def _ids(reqs: list[RequirementResult]) -> str:
    names = [r.id for r in reqs]
    more = len(names) - NAMED
    return ", ".join(names[:NAMED]) + (f" and {more} more" if more > 0 else "")


def readiness(requirements: list[RequirementResult], errors: int = 0) -> Readiness:
    """Any major nonconformity: not ready; only minor ones: ready after minor actions; none:
    ready (opportunities for improvement do not stop an audit)."""
    graded = [r for r in requirements if r.finding is not None]
    major = [r for r in graded if r.finding and r.finding.grade == MAJOR]
    minor = [r for r in graded if r.finding and r.finding.grade == MINOR]
    ofi = [r for r in graded if r.finding and r.finding.grade == IMPROVEMENT]
    claimed = [r for r in requirements if r.in_scope and r.basis == "claimed only"]
    under = [r for r in requirements if r.discrepancy and r.discrepancy.kind == "under-claim"]
    over = [r for r in requirements if r.discrepancy and r.discrepancy.kind == "over-claim"]
    verdict = "not ready" if major else "ready after minor actions" if minor else "ready"
    reasons = []
    if major:
        reasons.append(f"{count(len(major), 'major nonconformity')}: {_ids(major)}")
    if minor:
        reasons.append(f"{count(len(minor), 'minor nonconformity')}: {_ids(minor)}")
    if ofi:
        reasons.append(f"{count(len(ofi), 'opportunity for improvement', 'opportunities for improvement')}: {_ids(ofi)}")
    if claimed:
        reasons.append(
            f"{count(len(claimed), 'requirement')} {'rests' if len(claimed) == 1 else 'rest'} "
            "on the self-assessment alone, not on "
            f"records: {_ids(claimed)}; an auditor will ask for their evidence"
        )
    if over:
        reasons.append(f"the self-assessment claims more than the registers show: {_ids(over)}")
    if under:
        reasons.append(f"the self-assessment claims less than the registers show: {_ids(under)}")
    comments = [r for r in requirements if r.comment_conflict]
    if comments:
        reasons.append(
            f"self-assessment comments name records the evidence does not cite: {_ids(comments)}"
        )
    if errors:
        reasons.append(
            f"{count(errors, 'cell')} with errors count as blank; fixing them may raise levels"
        )
    if not reasons:
        reasons.append("every in-scope requirement meets its target on the evidence")
    return Readiness(verdict, reasons)
