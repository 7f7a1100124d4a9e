"""The gap report's view-model, built from the assessment dictionary (``AssessmentResult.to_dict()``).

Working from the dictionary (not the objects) means a saved ``assess --json`` output renders the
same report. The report is a summary with appendices: per-requirement evidence is capped, and the
data-quality findings list only the first rows. What the report reads from the dictionary is in
:mod:`.gap_report_rules`, the body sections in :mod:`.gap_report_sections`, the appendices in
:mod:`.gap_report_appendices`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from fitsm_audit.core.words import count
from fitsm_audit.documents.common import join_and, long_date, text
from fitsm_audit.documents.gap_report_appendices import findings_appendix, method_appendix
from fitsm_audit.documents.gap_report_rules import gap_order, is_gap, method_of
from fitsm_audit.documents.gap_report_sections import (
    gap_list_section,
    kpis_section,
    results_section,
    summary_section,
)
from fitsm_audit.documents.model import Document, DocumentControl


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
    gaps = sorted((r for r in requirements if is_gap(r)), key=gap_order(requirements))

    in_scope = [g for g in groups if g.get("in_scope", True)]
    met = sum(1 for g in in_scope if g.get("met"))
    headline = _headline(assessment.get("maturity"))
    readiness = f"{met} of {len(in_scope)} in-scope requirement groups meet their target level"
    sections = [
        summary_section(requirements, groups, gaps, found, readiness, headline),
        results_section(requirements, groups),
        gap_list_section(gaps, method_of(assessment)),
        kpis_section(assessment.get("kpis") or []),
        findings_appendix(found),
        method_appendix(assessment, edition, as_of),
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


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


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
