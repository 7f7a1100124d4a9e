"""Recommended actions: the general guidance beside each specific action (docs/assessment-method.md, D12).

Levels 0-1 get the "set up" action (after the seed's initial process setup), level 2 the "keep up"
action (after its ongoing activities), level 3 with target 4 the "measure" action. Wording is ours.
"""

from __future__ import annotations

# check -> (set up, keep up)
ACTIONS: dict[str, tuple[str, str]] = {
    "sms_owner": (
        "Have top management appoint one of its members as SMS owner and record the person in "
        "Organisation (sms_owner) and People.",
        "Settle who the single SMS owner is and record that person once.",
    ),
    "management_reviews": (
        "Set the management review interval and hold and record a first management review "
        "with its outcome.",
        "Hold the overdue management review and record its outcome.",
    ),
    "risk_assessment": (
        "Record the information security risks with asset, likelihood, impact, level, treatment "
        "and owner, and set the risk review interval.",
        "Review the overdue risks and complete their assessment.",
    ),
    "required_reports": (
        "Decide which reports customers and management need, so that together they cover "
        "performance against targets, significant events and nonconformities.",
        "Add the report content still missing and give every customer with an individual SLA "
        "a report on its targets.",
    ),
    "continuity_risk_assessment": (
        "Name in each availability and continuity plan the risks it assesses, as IDs from "
        "Risks, and set each plan's review interval.",
        "Review the overdue plans and the risks they name.",
    ),
    "continuity_measures": (
        "Record in each availability and continuity plan the measures against its risks and "
        "the requirements they meet.",
        "Complete the missing measures and test them.",
    ),
    "current_capacity": (
        "Measure the current utilisation of what each capacity plan covers and record it with "
        "its date.",
        "Measure the utilisation again where it is missing or old.",
    ),
    "stakeholders": (
        "List the stakeholders of the SMS and the legal, regulatory and contractual requirements "
        "that apply, each with its source and an owner, on Stakeholders & Obligations.",
        "Review the overdue requirements, name an owner for each and add the kinds not yet "
        "considered.",
    ),
    "service_proposals": (
        "Record each proposal for a new, changed or retired service on Service Proposals, with "
        "the date it was evaluated, the decision and who decided.",
        "Evaluate proposals before deciding them, and give each approved one a design and "
        "transition package.",
    ),
    "top_management": (
        "Have top management name the SMS owner, state dated goals, approve a short SM "
        "policy and hold and record a first management review.",
        "Hold the overdue management review, settle who the single SMS owner is and "
        "republish changed goals.",
    ),
    "policy_contents": (
        "Write the four policy commitments and the overall goals, and have the SMS owner "
        "approve the policy document.",
        "Add the missing policy statements and re-approve the policy after its review date.",
    ),
    "sms_documentation": (
        "Write the scope statement, the SM policy and the SMS plan, register them in "
        "Documents and get them approved.",
        "Approve the drafts and give each document an owner, version, location and "
        "next review date.",
    ),
    "process_definitions": (
        "Write a short definition for each in-scope process (objective, inputs and "
        "outputs, activities, roles, KPIs) and link it in Processes.",
        "Have the process managers approve draft definitions and keep their review dates.",
    ),
    "process_records": (
        "Start the missing registers of the failing processes.",
        "Record each review, evaluation, report and test when it happens.",
    ),
    "document_control": (
        "List every SMS document with owner, version, status, approval and next review.",
        "Run overdue document reviews, approve or withdraw stale drafts and "
        "raise the version on each change.",
    ),
    "scope_statement": (
        "Fill in the scope fields (services, technology, locations, customers), write the "
        "scope statement from them and approve it.",
        "Align the services' in-scope flags with the statement and re-approve it when "
        "services change.",
    ),
    "sm_plan": (
        "Write the SMS plan from the sms workbook, make the SMS manager its owner and have the "
        "SMS owner approve it.",
        "Review and re-approve the SMS plan by its next review date.",
    ),
    "plan_contents": (
        "Fill in Goals, Roles, Training and Tools; give each in-scope process a planned "
        "date and a manager.",
        "Date the undated goals, name the missing process managers "
        "and plan training for new role holders.",
    ),
    "plans_aligned": (
        "Register every plan with an owner and link it to portfolio services.",
        "Remove references to retired services and review dependent plans when the SMS "
        "plan changes.",
    ),
    "plan_implemented": (
        "Give goals and process implementations dates and statuses.",
        "Finish overdue plan items, or re-plan them with a new date the SMS owner approves.",
    ),
    "processes_followed": (
        "Define the recurring activities of each process and record them in the registers.",
        "Catch up on overdue reviews, evaluations and reports, and "
        "audit adherence at each audit interval.",
    ),
    "kpis": (
        "Choose one or two KPIs per process from its critical success factors, set targets and "
        "record a first measurement.",
        "Measure every period and act on missed targets.",
    ),
    "audits": (
        "Complete the self-assessment on the Assessment sheet and plan a first internal audit.",
        "Repeat the audit and the assessment within the interval and register the findings as "
        "improvements.",
    ),
    "nonconformities": (
        "Log every audit finding and missed target as an improvement with owner, action "
        "and due date.",
        "Close overdue corrective actions and check after closure that the target is met again.",
    ),
    "improvements": (
        "Register improvement ideas from reviews, audits, complaints and KPIs; evaluate each "
        "and give it an owner and a due date.",
        "Decide on waiting ideas and chase overdue ones.",
    ),
    "portfolio": (
        "Agree a service specification template and enter at least every live in-scope "
        "service with its owner.",
        "Add, update and retire services as they change, and review the portfolio at its interval.",
    ),
    "transition_planned": (
        "Define an SDTP template and create an SDTP for every service in preparation.",
        "Approve SDTPs before work starts, keep them current and close them at go-live.",
    ),
    "sdtp_contents": (
        "Put timescales, responsibilities, technology, communication and acceptance "
        "criteria into the SDTP template.",
        "Complete the missing SDTP items before approval.",
    ),
    "parties": (
        "Map every party involved in delivery with its role and one contact point.",
        "Update the map when members, suppliers or contacts change.",
    ),
    "catalogue": (
        "Define the catalogue format and create the catalogue from the portfolio's live services.",
        "Add services that go live and remove retired ones.",
    ),
    "sla_coverage": (
        "Publish a default SLA for every service without an individual one, then agree "
        "individual SLAs for the most critical services.",
        "Sign pending drafts, renew expiring SLAs and give every SLA a target.",
    ),
    "sla_reviews": (
        "Give every SLA a review interval and record each review date.",
        "Hold the overdue SLA reviews with the customers and update or re-sign the SLAs.",
    ),
    "sla_performance": (
        "Decide how and how often each SLA target is measured, and record the first period.",
        "Record every period's value and whether it was met; notify customers of violations.",
    ),
    "ola_coverage": (
        "Identify the most critical supporting components and agree OLAs/UAs with their "
        "providers from a template.",
        "Sign pending drafts and extend coverage to the other supporting components.",
    ),
    "ola_reviews": (
        "Give every OLA/UA a review interval and record its reviews.",
        "Hold the overdue OLA/UA reviews and update or re-sign them.",
    ),
    "ola_performance": (
        "Agree with each provider how operational targets are measured and record the "
        "first period.",
        "Evaluate each period and notify providers of violations.",
    ),
    "reports_agreed": (
        "List every report produced now or planned, with an owner, and agree each with "
        "its recipients.",
        "Add the reports new SLAs require and terminate unused ones.",
    ),
    "report_specs": (
        "Specify each listed report (identity, purpose, audience, frequency, content, "
        "format, delivery) using a report template.",
        "Update the specifications when reporting needs change.",
    ),
    "reports_produced": (
        "Build report templates with sections for targets, events and nonconformities, "
        "and produce the first reports.",
        "Check production against the specifications and follow up late or inaccurate reports.",
    ),
    "availability_requirements": (
        "Derive the most critical availability and continuity requirements "
        "from the SLAs and record them.",
        "Update the requirements when SLAs change.",
    ),
    "availability_plans": (
        "Define a plan template and write availability and continuity plans for the "
        "most critical services first.",
        "Review each plan at its interval and after major changes.",
    ),
    "continuity_risks": (
        "Assess the availability and continuity risks of each plan and record measures "
        "against them.",
        "Re-assess risks after incidents and changes, and test continuity measures regularly.",
    ),
    "availability_monitored": (
        "Define how availability is monitored and recorded, and record it against "
        "each availability target.",
        "Record availability each period and act on misses.",
    ),
    "capacity_requirements": (
        "Record the capacity and performance requirements of each service, starting "
        "from its SLA targets.",
        "Update them when SLAs or demand change.",
    ),
    "capacity_plans": (
        "Define a capacity plan template and plan the most constrained resources first.",
        "Review capacity plans at their interval, reflecting demand, upgrades and reallocations.",
    ),
    "capacity_resources": (
        "Add human, technical and financial resource sections to the capacity plan template.",
        "Complete the resource sections at each plan review.",
    ),
    "utilisation": (
        "Define how utilisation and performance are monitored and recorded, with warning "
        "thresholds.",
        "Record utilisation each period and raise follow-ups on breaches.",
    ),
    "is_policies": (
        "Write the basic information security policies (e.g. classification, access "
        "control, acceptable use) and have them approved.",
        "Approve drafts and re-approve policies at their review dates.",
    ),
    "security_controls": (
        "Set up an asset inventory with a classification scheme, choose a risk method, "
        "assess the most significant risks and record the controls in place.",
        "Re-assess risks at the interval and when threats change; implement planned controls.",
    ),
    "security_reviews": (
        "Give each IS policy a next review date and each control a review interval.",
        "Review overdue policies and controls and retire obsolete controls.",
    ),
    "security_events": (
        "Define how security events are recorded and classified, and when an event is an incident.",
        "Close or escalate stale events and record follow-up actions after incidents.",
    ),
    "access_control": (
        "Link assets to the systems that hold them and review access rights on each.",
        "Review access rights at the interval and act on findings.",
    ),
    "customers": (
        "Build the customer database with a contact on each side.",
        "Add, update and remove customers as needed.",
    ),
    "customer_contact": (
        "Name an account manager for each customer.",
        "Reassign customers when people change roles or leave.",
    ),
    "customer_channels": (
        "Agree with each customer how requests, escalations and complaints reach you.",
        "Keep the communication channels current.",
    ),
    "service_reviews": (
        "Define how a service review is held and recorded, and set an interval per customer.",
        "Hold and record the overdue service reviews.",
    ),
    "complaints": (
        "Define how complaints are recorded, answered and followed up.",
        "Close overdue complaints and review complaints and their actions periodically.",
    ),
    "satisfaction": (
        "Define a customer satisfaction questionnaire or survey.",
        "Run the survey at the interval and follow up low scores.",
    ),
    "suppliers": (
        "Build the supplier database with contacts on both sides.",
        "Add, update and remove suppliers as needed.",
    ),
    "supplier_contact": (
        "Name a relationship manager for each supplier.",
        "Reassign suppliers on staff changes.",
    ),
    "supplier_channels": (
        "Record a contact and communication channels for each supplier.",
        "Keep contacts and channels current.",
    ),
    "supplier_performance": (
        "Set an evaluation interval per supplier and evaluate each one against its agreement.",
        "Evaluate suppliers at the interval and act on poor performance.",
    ),
}

MEASURE = (
    "Record a KPI for {area} with a target and measure it every period, so the requirement is "
    "managed, not only defined."
)

# Processes and GR groups without register checks (and edition-3 requirements without a mapped
# check), and the PR9-PR13 operations checks.
GROUP_ACTIONS: dict[str, tuple[str, str]] = {
    "PR9": (
        "Define how incidents and service requests are logged, classified, prioritised, escalated "
        "and closed, and use one tool for it.",
        "Check that tickets follow the defined steps and that priorities follow the SLAs.",
    ),
    "PR10": (
        "Define how problems are identified from incident trends and recorded with known errors "
        "and workarounds.",
        "Review open problems regularly and keep known-error records current.",
    ),
    "PR11": (
        "Decide which configuration items and relationships to record and start a configuration "
        "database.",
        "Verify the configuration database at planned intervals and after changes.",
    ),
    "PR12": (
        "Define how changes are requested, assessed, approved and reviewed, including emergency "
        "changes.",
        "Keep a change schedule and review implemented changes.",
    ),
    "PR13": (
        "Define a release policy and how releases are planned, built, tested and deployed.",
        "Evaluate each deployment and keep rollback steps ready.",
    ),
    "PR14": (
        "Set up a register of improvement opportunities and decide on each in a consistent way.",
        "Review the improvement register regularly and track actions to closure.",
    ),
}
# The operations checks (PR9-PR13) take their process's texts: the specific actions come from their
# failing conditions (A4), and a workbook without the operations area reads as before they existed.
OPS_CHECKS: dict[str, tuple[str, ...]] = {
    "PR9": ("ticket_classification", "priority_targets", "escalation", "ticket_closure",
            "major_incidents"),
    "PR10": ("problem_registration", "problem_investigation", "known_errors",
             "known_error_currency"),
    "PR11": ("ci_types", "ci_detail", "ci_relationships", "ci_control", "cmdb_verification",
             "release_baseline"),
    "PR12": ("change_classification", "change_approval", "change_review", "emergency_changes",
             "change_risk", "change_schedule", "change_remediation"),
    "PR13": ("release_planning", "release_testing", "release_acceptance", "release_rollback",
             "release_evaluation"),
}  # fmt: skip
ACTIONS.update({c: GROUP_ACTIONS[g] for g, names in OPS_CHECKS.items() for c in names})
GENERIC = (
    "Record evidence for this requirement and self-assess it on the Assessment sheet.",
    "Close the gap named in the self-assessment and record the evidence.",
)


def action_for(
    checks: tuple[str, ...], group: str, level: int | None, target: int
) -> tuple[str, str]:
    """(kind, text) of the action for a requirement at ``level`` below ``target``."""
    lvl = level or 0
    if lvl >= 3:
        return "measure", MEASURE.format(area=group if group.startswith("PR") else "the SMS")
    kind, idx = ("set up", 0) if lvl <= 1 else ("keep up", 1)
    if checks:
        texts = list(dict.fromkeys(ACTIONS[c][idx] for c in checks))
        return kind, " ".join(texts)
    return kind, GROUP_ACTIONS.get(group, GENERIC)[idx]

