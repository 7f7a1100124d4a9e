"""The gap report's view-model, built from the typed assessment (:class:`AssessmentResult`).

The report never decides a verdict: status, gaps, priorities and their order are the
assessment's. A saved ``assess --format json`` output renders the same report through
``AssessmentResult.from_dict``. The report is a summary with appendices: per-requirement evidence
is capped, and the data-quality findings list only the first rows. How a requirement is worded is
in :mod:`.gap_report_rules`, the body sections in :mod:`.gap_report_sections`, the appendices in
:mod:`.gap_report_appendices`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from fitsm_audit.assess.result import AssessmentResult
from fitsm_audit.core.findings import Finding
from fitsm_audit.core.words import count
from fitsm_audit.documents.common import join_and, long_date, text
from fitsm_audit.documents.gap_report_appendices import findings_appendix, method_appendix
from fitsm_audit.documents.gap_report_audit import (
    action_plan_section,
    evidence_appendix,
    findings_section,
)
from fitsm_audit.documents.gap_report_progress import baseline_date, progress_section
from fitsm_audit.documents.gap_report_sections import (
    kpis_section,
    results_section,
    summary_section,
)
from fitsm_audit.documents.model import Document, DocumentControl

if TYPE_CHECKING:
    from fitsm_audit.assess.compare import Comparison


def build_gap_report(
    assessment: AssessmentResult,
    *,
    provider: str,
    scope: str,
    control: DocumentControl,
    findings: Sequence[Finding] | None = None,
    name_of: Callable[[str], str] = str,
    baseline: Comparison | None = None,
) -> Document:
    """The gap report of an assessment, for the organisation's name and scope.

    ``findings`` are the check's (default: the ones the assessment was given). ``baseline``, the
    comparison of an earlier assessment with this one, adds "Progress since" after the summary."""
    as_of, edition = assessment.as_of, assessment.edition
    requirements, groups = assessment.requirements, assessment.groups
    found = (
        list(findings)
        if findings is not None
        else [Finding.from_dict(f) for f in assessment.findings]
    )
    gaps = assessment.gaps()
    met, in_scope = assessment.groups_met(), len(assessment.in_scope_groups())
    headline = _headline(assessment.maturity)
    readiness = f"{met} of {in_scope} in-scope requirement groups meet their target level"
    sections = [
        summary_section(
            requirements, groups, gaps, found, readiness, headline, assessment.readiness,
            assessment.actions,
        ),
        *([progress_section(baseline, groups)] if baseline is not None else []),
        results_section(requirements, groups),
        findings_section(assessment.graded(), assessment.method),
        action_plan_section(assessment.actions, assessment.method, name_of),
        kpis_section(assessment.kpis, assessment.kpi_targets),
        findings_appendix(found),
        evidence_appendix(requirements),
        method_appendix(assessment, edition, as_of),
    ]
    return Document(
        kind="gap-report",
        stem="gap-report",
        title="FitSM gap report",
        subtitle=f"Compliance and maturity against FitSM-1 edition {edition}",
        provider=provider,
        as_of=as_of,
        summary=(
            f"Readiness: {assessment.readiness.verdict}. " if assessment.readiness else ""
        ) + f"{readiness}. {headline}".strip(),
        cover_facts=[
            ("Service provider", provider),
            ("Scope", scope),
            ("Assessed as of", long_date(as_of)),
            *([("Baseline", baseline_date(baseline))] if baseline is not None else []),
            ("Standard", f"FitSM-1, edition {edition}"),
            ("Readiness", assessment.readiness.verdict if assessment.readiness else "not given"),
            ("Gaps", f"{count(len(gaps), 'requirement')} below target"),
        ],
        control=control,
        sections=sections,
        keywords=["FitSM", "gap report", "maturity", "compliance"],
        extra={
            "gaps": [r.id for r in gaps],
            "met_groups": met,
            "groups": in_scope,
            **({"baseline": baseline.old_as_of} if baseline is not None else {}),
        },
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
