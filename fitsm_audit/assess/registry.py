"""Edition-independent evidence checks, and how each FitSM-1 edition maps its requirements to them."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.checks import (
    gr1_v3,
    gr3_v3,
    gr_check,
    gr_plan,
    gr_records,
    gr_sms,
    pr1,
    pr1_v3,
    pr2,
    pr3,
    pr4_pr5,
    pr6,
    pr6_v3,
    pr7,
    pr8,
    pr9,
    pr10,
    pr11,
    pr12,
    pr13,
    pr345_v3,
)
from fitsm_audit.assess.evidence import Evidence

Check = Callable[[AssessmentContext], Evidence]

# Check name -> (function, the edition-2 requirement it was written for).
CHECKS: dict[str, tuple[Check, str]] = {
    "top_management": (gr_sms.check_top_management, "GR1.1"),
    "policy_contents": (gr_sms.check_policy_contents, "GR1.2"),
    "sms_documentation": (gr_sms.check_sms_documentation, "GR2.1"),
    "process_definitions": (gr_sms.check_process_definitions, "GR2.2"),
    "process_records": (gr_records.check_process_records, "GR2.3"),
    "document_control": (gr_sms.check_document_control, "GR2.4"),
    "scope_statement": (gr_sms.check_scope_statement, "GR3.1"),
    "sm_plan": (gr_plan.check_sm_plan, "GR4.1"),
    "plan_contents": (gr_plan.check_plan_contents, "GR4.2"),
    "plans_aligned": (gr_plan.check_plans_aligned, "GR4.3"),
    "plan_implemented": (gr_plan.check_plan_implemented, "GR5.1"),
    "processes_followed": (gr_records.check_processes_followed, "GR5.2"),
    "kpis": (gr_check.check_kpis, "GR6.1"),
    "audits": (gr_check.check_audits, "GR6.2"),
    "nonconformities": (gr_check.check_nonconformities, "GR7.1"),
    "improvements": (gr_check.check_improvements, "GR7.2"),
    "portfolio": (pr1.check_portfolio, "PR1.1"),
    "transition_planned": (pr1.check_transition_planned, "PR1.2"),
    "sdtp_contents": (pr1.check_sdtp_contents, "PR1.3"),
    "parties": (pr1.check_parties, "PR1.4"),
    "catalogue": (pr2.check_catalogue, "PR2.1"),
    "sla_coverage": (pr2.check_sla_coverage, "PR2.2"),
    "sla_reviews": (pr2.check_sla_reviews, "PR2.3"),
    "sla_performance": (pr2.check_sla_performance, "PR2.4"),
    "ola_coverage": (pr2.check_ola_coverage, "PR2.5"),
    "ola_reviews": (pr2.check_ola_reviews, "PR2.6"),
    "ola_performance": (pr2.check_ola_performance, "PR2.7"),
    "reports_agreed": (pr3.check_reports_agreed, "PR3.1"),
    "report_specs": (pr3.check_report_specs, "PR3.2"),
    "reports_produced": (pr3.check_reports_produced, "PR3.3"),
    "availability_requirements": (pr4_pr5.check_availability_requirements, "PR4.1"),
    "availability_plans": (pr4_pr5.check_availability_plans, "PR4.2"),
    "continuity_risks": (pr4_pr5.check_continuity_risks, "PR4.3"),
    "availability_monitored": (pr4_pr5.check_availability_monitored, "PR4.4"),
    "capacity_requirements": (pr4_pr5.check_capacity_requirements, "PR5.1"),
    "capacity_plans": (pr4_pr5.check_capacity_plans, "PR5.2"),
    "capacity_resources": (pr4_pr5.check_capacity_resources, "PR5.3"),
    "utilisation": (pr4_pr5.check_utilisation, "PR5.4"),
    "is_policies": (pr6.check_is_policies, "PR6.1"),
    "security_controls": (pr6.check_security_controls, "PR6.2"),
    "security_reviews": (pr6.check_security_reviews, "PR6.3"),
    "security_events": (pr6.check_security_events, "PR6.4"),
    "access_control": (pr6.check_access_control, "PR6.5"),
    "customers": (pr7.check_customers, "PR7.1"),
    "customer_contact": (pr7.check_customer_contact, "PR7.2"),
    "customer_channels": (pr7.check_customer_channels, "PR7.3"),
    "service_reviews": (pr7.check_service_reviews, "PR7.4"),
    "complaints": (pr7.check_complaints, "PR7.5"),
    "satisfaction": (pr7.check_satisfaction, "PR7.6"),
    "suppliers": (pr8.check_suppliers, "PR8.1"),
    "supplier_contact": (pr8.check_supplier_contact, "PR8.2"),
    "supplier_channels": (pr8.check_supplier_channels, "PR8.3"),
    "supplier_performance": (pr8.check_supplier_performance, "PR8.4"),
    # PR9-PR13 read the operations area (contract version 2); PR9.5, PR9.6, PR13.1 have no check
    "ticket_classification": (pr9.check_ticket_classification, "PR9.1"),
    "priority_targets": (pr9.check_priority_targets, "PR9.2"),
    "escalation": (pr9.check_escalation, "PR9.3"),
    "ticket_closure": (pr9.check_ticket_closure, "PR9.4"),
    "major_incidents": (pr9.check_major_incidents, "PR9.7"),
    "problem_registration": (pr10.check_problem_registration, "PR10.1"),
    "problem_investigation": (pr10.check_problem_investigation, "PR10.2"),
    "known_errors": (pr10.check_known_errors, "PR10.3"),
    "known_error_currency": (pr10.check_known_error_currency, "PR10.4"),
    "ci_types": (pr11.check_ci_types, "PR11.1"),
    "ci_detail": (pr11.check_ci_detail, "PR11.2"),
    "ci_relationships": (pr11.check_ci_relationships, "PR11.3"),
    "ci_control": (pr11.check_ci_control, "PR11.4"),
    "cmdb_verification": (pr11.check_cmdb_verification, "PR11.5"),
    "release_baseline": (pr11.check_release_baseline, "PR11.6"),
    "change_classification": (pr12.check_change_classification, "PR12.1"),
    "change_approval": (pr12.check_change_approval, "PR12.2"),
    "change_review": (pr12.check_change_review, "PR12.3"),
    "emergency_changes": (pr12.check_emergency_changes, "PR12.4"),
    "change_risk": (pr12.check_change_risk, "PR12.5"),
    "change_schedule": (pr12.check_change_schedule, "PR12.6"),
    "change_remediation": (pr12.check_change_remediation, "PR12.7"),
    "release_planning": (pr13.check_release_planning, "PR13.2"),
    "release_testing": (pr13.check_release_testing, "PR13.3"),
    "release_acceptance": (pr13.check_release_acceptance, "PR13.4"),
    "release_rollback": (pr13.check_release_rollback, "PR13.5"),
    "release_evaluation": (pr13.check_release_evaluation, "PR13.6"),
}

# Checks written for an edition-3 requirement alone (it splits what one edition-2 check judges).
EDITION3_CHECKS: dict[str, tuple[Check, str]] = {
    "sms_owner": (gr1_v3.check_sms_owner, "GR1.1"),
    "management_reviews": (gr1_v3.check_management_reviews, "GR1.1"),
    "risk_assessment": (pr6_v3.check_risk_assessment, "PR6.2"),
    "required_reports": (pr345_v3.check_required_reports, "PR3.1"),
    "continuity_risk_assessment": (pr345_v3.check_continuity_risk_assessment, "PR4.3"),
    "continuity_measures": (pr345_v3.check_continuity_measures, "PR4.3"),
    "current_capacity": (pr345_v3.check_current_capacity, "PR5.2"),
    "stakeholders": (gr3_v3.check_stakeholders, "GR3.1"),
    "service_proposals": (pr1_v3.check_service_proposals, "PR1.2"),
}
BY_V2 = {v2: name for name, (_, v2) in CHECKS.items()}
CHECKS.update(EDITION3_CHECKS)

# Edition 3 requirements whose catalogue mapping we refine: a better-fitting check, or one where
# the catalogue lists no edition-2 equivalent but the registers still show the activity.
EDITION3_OVERRIDES: dict[str, tuple[str, ...]] = {
    # "identify current capacity and utilisation": the measured utilisation, not its thresholds
    "PR5.2": ("current_capacity",),
    # contract version 2: the stakeholder analysis and the evaluation of service proposals
    "GR3.1": ("stakeholders",),
    "PR1.2": ("service_proposals",),
    "PR1.3": ("transition_planned", "sdtp_contents"),
    # GR1: edition 3 gives the SMS owner, the policy and the management reviews a requirement each
    "GR1.1": ("sms_owner",),
    "GR1.2": ("policy_contents",),
    "GR1.3": ("management_reviews",),
    # "identify required reports": what the reports cover; agreeing them is PR3.2, producing PR3.3
    "PR3.1": ("required_reports",),
    # "assess availability/continuity risks at planned intervals"; the measures are PR4.3's
    "PR4.2": ("continuity_risk_assessment",),
    "PR4.3": ("continuity_measures",),
    # "assess IS risks at planned intervals": the risks alone; the controls are PR6.3's
    "PR6.2": ("risk_assessment",),
    # PR9-PR13: the catalogue lists no edition-2 equivalents; these map where the activity is the
    # same. v3 PR9.4 (keep users informed) and PR13.2 (criteria for including changes in a
    # release) stay self-assessed; v2 PR11.6 (baseline) and PR12.7 (remediation) have no v3 twin.
    "PR9.1": ("ticket_classification",),
    "PR9.2": ("priority_targets",),  # resolve using SLA information: in time for the priority
    "PR9.3": ("escalation",),
    "PR9.5": ("ticket_closure",),
    "PR9.6": ("major_incidents",),
    "PR10.1": ("problem_registration",),
    "PR10.2": ("problem_investigation",),
    "PR10.3": ("known_errors",),
    "PR10.4": ("known_error_currency",),
    "PR11.1": ("ci_types",),
    "PR11.2": ("ci_detail",),
    "PR11.3": ("ci_relationships",),
    "PR11.4": ("ci_control",),
    "PR11.5": ("cmdb_verification",),
    "PR12.1": ("change_classification",),
    "PR12.2": ("emergency_changes",),  # handling steps per change type: the emergency ones
    "PR12.3": ("change_risk",),
    "PR12.4": ("change_approval",),
    "PR12.5": ("change_review",),
    "PR12.6": ("change_schedule",),
    "PR13.3": ("release_planning",),
    "PR13.4": ("release_testing", "release_acceptance"),
    "PR13.5": ("release_rollback",),
    "PR13.6": ("release_evaluation",),
}


@cache
def checks_for(edition: str) -> dict[str, tuple[str, ...]]:
    """Requirement ID -> the check names that evidence it (empty: self-assessment only)."""
    from fitsm_audit.spec.catalogue import load_catalogue

    cat = load_catalogue(edition)
    out: dict[str, tuple[str, ...]] = {}
    for req in cat.requirements:
        if edition == "2":
            out[req.id] = (BY_V2[req.id],) if req.id in BY_V2 else ()
        elif req.id in EDITION3_OVERRIDES:
            out[req.id] = EDITION3_OVERRIDES[req.id]
        else:
            out[req.id] = tuple(BY_V2[e] for e in req.equivalents if e in BY_V2)
    return out
