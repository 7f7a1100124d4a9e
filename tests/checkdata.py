"""A small, complete and valid SMS used by the check tests (one or two rows per register)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

AS_OF = dt.date(2026, 11, 30)
D = dt.date(2026, 9, 1)

FIELDS: dict[str, Any] = {
    "provider": "Test Provider",
    "scope_statement": "All services of Test Provider.",
    "scope_services": "all",
    "scope_technology": "Servers",
    "scope_locations": "HQ",
    "scope_customers": "All customers",
    "policy_customer_requirements": "We meet customer requirements.",
    "policy_service_orientation": "We are service oriented.",
    "policy_process_approach": "We follow processes.",
    "policy_continual_improvement": "We improve continually.",
    "policy_goals": "Deliver on time.",
    "sms_owner": "PER-001",
    "sms_manager": "PER-002",
    "management_review_interval": 12,
    "audit_interval": 12,
    "portfolio_review_interval": 12,
    "risk_review_interval": 12,
}

DATA: dict[str, list[dict[str, Any]]] = {
    "People": [
        {"id": "PER-001", "name": "Ann Owner", "email": "ann@example.org"},
        {"id": "PER-002", "name": "Bob Manager", "email": "bob@example.org"},
    ],
    "Roles": [{"role": "SMS owner", "person": "PER-001"}, {"role": "process manager", "process": "PR1", "person": "PER-002"}],
    "Goals": [{"id": "GOAL-001", "goal": "Certify", "timing": dt.date(2027, 6, 30), "owner": "PER-001", "status": "in progress"}],
    "Processes": [{"process": "PR1", "name": "Service portfolio management", "in_scope": "yes", "target_level": 3,
                   "definition_document": "DOC-001", "owner": "PER-001", "manager": "PER-002",
                   "implementation_status": "implemented", "planned_date": D, "implemented_on": D}],
    "Documents": [{"id": "DOC-001", "title": "PR1 definition", "type": "process definition", "owner": "PER-002",
                   "version": "1.0", "status": "approved", "approved_by": "PER-001", "approved_on": D,
                   "next_review": dt.date(2027, 9, 1), "location": "intranet"}],
    "Training": [{"id": "TRN-001", "topic": "FitSM Foundation", "audience": "all", "planned_on": D, "done_on": D}],
    "Tools": [{"id": "TOOL-001", "name": "Ticket tool", "purpose": "tickets", "status": "in use", "owner": "PER-002"}],
    "Reviews": [{"id": "REV-001", "type": "management review", "date": D, "lead": "PER-001", "outcome": "ok"}],
    "KPIs": [{"id": "KPI-001", "process": "PR1", "kpi": "Services", "target": ">= 1", "measured_value": 2, "period_end": D}],
    "Improvements": [{"id": "IMP-001", "kind": "opportunity", "description": "Automate", "owner": "PER-002",
                      "status": "open", "due": dt.date(2027, 1, 31)}],
    "Assessment": [{"requirement": "GR1.1", "text": "Top management commitment", "level": 2, "assessor": "PER-002", "date": D}],
    "Services": [{"id": "SVC-001", "name": "Delivery", "description": "d", "value_proposition": "v", "status": "live",
                  "owner": "PER-001", "customers": ["CUS-001"], "sdtp": ["SDTP-001"], "in_scope": "yes"}],
    "Components": [{"id": "CMP-001", "name": "Oven", "kind": "enabling", "services": ["SVC-001"], "provided_by": "SUP-001"}],
    "Design & Transition": [{"id": "SDTP-001", "service": "SVC-001", "change_type": "new", "status": "completed",
                             "approved_by": "PER-001", "approved_on": D}],
    "Parties": [{"id": "PTY-001", "name": "Test Provider", "role": "service provider", "contact_point": "PER-001"}],
    "Catalogue": [{"service": "SVC-001", "description": "Delivery", "how_to_request": "phone", "default_sla": "SLA-001"}],
    "Agreements": [
        {"id": "SLA-001", "type": "SLA", "sla_kind": "default", "services": ["SVC-001"], "owner": "PER-001",
         "status": "active", "signed_on": D, "valid_from": D, "review_interval": 12, "last_review": D},
        {"id": "UA-001", "type": "UA", "components": ["CMP-001"], "counterparty": "SUP-001", "owner": "PER-002",
         "status": "active", "signed_on": D, "valid_from": D, "valid_until": dt.date(2028, 1, 1),
         "review_interval": 12, "last_review": D},
    ],
    "Agreement Terms": [{"agreement": "SLA-001", "section": "service description", "text": "Pizza delivery."}],
    "Targets": [{"id": "TGT-001", "agreement": "SLA-001", "parameter": "delivery time", "category": "performance",
                 "service": "SVC-001", "target": "<= 30", "unit": "minutes", "measured_value": 25, "period_end": D}],
    "Service Level Measurements": [{"id": "MEAS-001", "agreement": "SLA-001", "target": "TGT-001",
                                    "period_start": dt.date(2026, 10, 1), "period_end": dt.date(2026, 10, 31),
                                    "measured_value": 25, "unit": "minutes"}],
    "Reports": [{"id": "RPT-001", "name": "Monthly report", "frequency": "monthly", "owner": "PER-002",
                 "agreed_with": ["CUS-001"], "status": "active", "last_produced": dt.date(2026, 11, 1)}],
    "Availability & Continuity Plans": [{"id": "ACP-001", "services": ["SVC-001"], "owner": "PER-002",
                                         "review_interval": 12, "last_review": D, "last_continuity_test": D}],
    "Capacity Plans": [{"id": "CAP-001", "scope": ["SVC-001", "CMP-001"], "utilisation": 60, "thresholds": 80,
                        "measured_on": D, "owner": "PER-002", "review_interval": 12, "last_review": D}],
    "Assets": [{"id": "AST-001", "name": "Customer DB", "classification": "confidential", "owner": "PER-002",
                "components": ["CMP-001"]}],
    "Risks": [{"id": "RSK-001", "asset": "AST-001", "threat": "theft", "likelihood": 2, "impact": 4, "level": "medium",
               "treatment": "reduce", "controls": ["CTL-001"], "owner": "PER-002", "last_review": D}],
    "Controls": [{"id": "CTL-001", "name": "Encryption", "type": "technical", "owner": "PER-002", "status": "implemented",
                  "review_interval": 12, "last_review": D}],
    "Security Events": [{"id": "SEC-001", "description": "Phishing mail", "reported_on": D, "priority": "low",
                         "incident": "no", "status": "closed", "handler": "PER-002", "closed_on": D}],
    "Access Reviews": [{"id": "ACR-001", "system": "CMP-001", "date": D, "reviewer": "PER-002", "result": "no findings"}],
    "Customers": [{"id": "CUS-001", "name": "ACME", "status": "active", "contact": "buyer@acme.example",
                   "account_manager": "PER-001", "services": ["SVC-001"], "review_interval": 12,
                   "last_service_review": D, "last_survey": D}],
    "Complaints": [{"id": "CMPL-001", "customer": "CUS-001", "service": "SVC-001", "received_on": D, "owner": "PER-001",
                    "status": "closed", "closed_on": D}],
    "Satisfaction": [{"id": "SAT-001", "customer": "CUS-001", "date": D, "score": 4, "scale_max": 5}],
    "Suppliers": [{"id": "SUP-001", "name": "Oven Co", "type": "external", "status": "active", "contact": "PER-002",
                   "relationship_manager": "PER-002", "components": ["CMP-001"], "agreements": ["UA-001"],
                   "evaluation_interval": 12, "last_evaluation": D, "rating": "good"}],
    "Stakeholders & Obligations": [{"id": "STK-001", "stakeholder": "ACME", "obligation_type": "contractual",
                                    "source": "SLA-001", "owner": "PER-001", "review_interval": 12, "last_review": D}],
    "Review Actions": [{"id": "RACT-001", "review": "REV-001", "action": "Approve the plan", "owner": "PER-001",
                        "due": D, "status": "done", "done_on": D}],
    "Service Proposals": [{"id": "SPR-001", "proposal": "Delivery", "service": "SVC-001", "kind": "new",
                           "submitted": D, "evaluated_on": D, "decision": "approved", "decided_by": "PER-001",
                           "sdtp": "SDTP-001"}],
    "Capacity Resources": [{"plan": "CAP-001", "resource": "ovens", "unit": "pizzas per hour", "capacity": 100,
                            "utilisation": 60, "threshold": 80, "measured_on": D}],
    "Incident Priorities": [{"priority": "high", "resolution_hours": 8, "targets": ["TGT-001"]}],
    "Incidents & Service Requests": [{"id": "INC-001", "type": "incident", "service": "SVC-001", "priority": "high",
                                      "major": "no", "opened": D, "resolved": D, "closed": D, "status": "closed",
                                      "assignee": "PER-002", "problem": "PRB-001", "change": "CHG-001"}],
    "Problems": [{"id": "PRB-001", "service": "SVC-001", "status": "known error", "known_error": "yes",
                  "workaround": "restart", "incidents": ["INC-001"], "opened": D, "owner": "PER-002"}],
    "Configuration Items": [{"id": "CI-001", "type": "device", "name": "Oven controller", "item": "CMP-001",
                             "owner": "PER-002", "status": "live", "verification_interval": 12, "last_verified": D}],
    "Changes": [{"id": "CHG-001", "type": "normal", "items": ["CI-001"], "risk": "low", "requested": D,
                 "approved_by": "PER-001", "approved_on": D, "implemented_on": D, "status": "closed",
                 "outcome": "successful", "review": "yes", "release": "REL-001"}],
    "Releases": [{"id": "REL-001", "name": "Firmware 2", "changes": ["CHG-001"], "deployed": D, "tested": "yes",
                  "acceptance_by": "PER-001", "rollback_plan": "yes", "outcome": "successful"}],
}


def column_letter(sheet: str, column: str) -> str:
    """The column letter of a contract column in a template-built sheet."""
    from fitsm_audit.spec.contract import load_contract
    from fitsm_audit.workbook.container import column_letters

    return column_letters(load_contract().sheet(sheet).column_names().index(column) + 1)


def mutate(src: Path, dst: Path, fn: Any) -> Path:
    """A copy of the workbook ``src`` at ``dst`` with ``fn(workbook)`` applied (src unchanged)."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    fn(wb)
    wb.save(dst)
    return dst
