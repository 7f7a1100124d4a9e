"""The document builders wired to one SMS: what each CLI command renders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from fitsm_audit.assess.compare import Comparison
from fitsm_audit.assess.result import AssessmentResult
from fitsm_audit.core.findings import Finding
from fitsm_audit.documents.agreement import build_agreements
from fitsm_audit.documents.common import People, control_from_register, provider_name, text
from fitsm_audit.documents.gap_report import build_gap_report
from fitsm_audit.documents.model import Document
from fitsm_audit.documents.service_catalogue import build_service_catalogue
from fitsm_audit.documents.service_report import build_service_reports
from fitsm_audit.documents.sms_plan import build_sms_plan
from fitsm_audit.documents.sms_plan_scope import scope_statement
from fitsm_audit.workbook.records import Dataset
from fitsm_audit.workbook.roles import sms_roles

DOCUMENT_KINDS = ("report", "plan", "sla", "catalogue", "service-report")


def gap_report_for(
    dataset: Dataset,
    assessment: AssessmentResult,
    findings: Sequence[Finding] | None = None,
    baseline: Comparison | None = None,
) -> Document:
    """The gap report of an assessment, with provider, scope and ownership from the dataset;
    ``baseline`` (an earlier assessment compared with this one) adds the progress section."""
    owner, manager = sms_roles(dataset)
    as_of = assessment.as_of
    provider = (
        text(dataset.field("provider")) or text(assessment.provider) or provider_name(dataset)
    )
    return build_gap_report(
        assessment,
        provider=provider,
        scope=scope_statement(dataset)[0],
        control=control_from_register(
            dataset,
            "gap report",
            identifier="Gap report",
            as_of=as_of,
            fallback_owner=manager,
            fallback_approver=owner,
        ),
        findings=findings,
        name_of=People(dataset).name_or_id,
        baseline=baseline,
    )


def documents_for(
    kinds: Iterable[str],
    dataset: Dataset,
    as_of: dt.date,
    *,
    assessment: AssessmentResult | None = None,
    findings: Sequence[Finding] | None = None,
    agreement_ids: Iterable[str] = (),
    baseline: Comparison | None = None,
    period: str | None = None,
) -> list[Document]:
    """The documents of each kind (report needs ``assessment``; ``baseline`` is its progress;
    ``period``, e.g. ``2026-10``, is the service reports' month)."""
    docs: list[Document] = []
    for kind in kinds:
        if kind == "report":
            if assessment is None:
                raise ValueError("the gap report needs an assessment")
            docs.append(gap_report_for(dataset, assessment, findings, baseline))
        elif kind == "plan":
            docs.append(build_sms_plan(dataset, as_of))
        elif kind == "sla":
            docs.extend(build_agreements(dataset, as_of, agreement_ids))
        elif kind == "catalogue":
            docs.append(build_service_catalogue(dataset, as_of))
        elif kind == "service-report":
            docs.extend(build_service_reports(dataset, as_of, list(agreement_ids), period))
        else:
            raise ValueError(f"unknown document kind {kind!r}")
    return docs
