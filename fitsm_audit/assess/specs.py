"""Each check's level ladder, written down for the report's method section.

"c" is the check's coverage (covered / population, or satisfied sub-bullets / all); 50 % and 100 %
are the thresholds of :mod:`fitsm_audit.assess.ladder`. Level 4 "M(PRn)" means: the process has a
KPI with a target, evaluated in the KPI window.
"""

from __future__ import annotations

from fitsm_audit.assess.specs_ops import LADDERS_OPS
from fitsm_audit.assess.specs_v3 import LADDERS_V3

_G1 = "c < 50 %"
_G2 = "50 % <= c < 100 %, or 100 % with a level-3 condition failing"

# check -> (what c measures, level 0, level 3 conditions, level 4 condition)
LADDERS: dict[str, tuple[str, str, str, str]] = {
    "top_management": (
        "sub-bullets shown: one SMS owner; goals with timing and a published approved "
        "policy or plan; an approved policy; a management review with outcome within the "
        "interval",
        "nothing recorded for any sub-bullet",
        "all four",
        "the two latest management reviews at most one interval apart and no goal past "
        "its timing still planned",
    ),
    "policy_contents": (
        "the five policy statements (Organisation fields; goals also from Goals)",
        "no statement and no policy document",
        "all five and the policy controlled",
        "M(SMS)",
    ),
    "sms_documentation": (
        "scope statement, SM policy and SM plan registered",
        "none registered",
        "all three controlled, and A&C and capacity plans exist where PR4/PR5 are in scope",
        "M(SMS)",
    ),
    "process_definitions": (
        "in-scope processes with a registered definition document",
        "Processes empty or no definition registered",
        "every definition controlled",
        "every in-scope process has a KPI with a target",
    ),
    "process_records": (
        "in-scope processes whose records the workbook holds (PR1-PR8, PR14; table T1) whose "
        "output registers have rows and an activity date within the activity window; in-scope "
        "PR9-PR13 named as not shown by the registers",
        "no output register has rows",
        "c = 100 %",
        "M(PRn) for every in-scope process",
    ),
    "document_control": (
        "documents out of draft that are approved and owned, located, in date and versioned",
        "Documents empty",
        "every draft has an owner and a version",
        "M(SMS)",
    ),
    "scope_statement": (
        "statement, services, technology, locations, customers present",
        "nothing",
        "the statement a controlled document; listed services match the portfolio",
        "M(SMS)",
    ),
    "sm_plan": (
        "plan registered, approved, owned, in date",
        "no SM plan row",
        "all four",
        "M(SMS)",
    ),
    "plan_contents": (
        "goals and timing; roles; training; tools",
        "Goals, Roles, Training, Tools empty",
        "all four",
        "no training past its date undone; no goal past its timing planned",
    ),
    "plans_aligned": (
        "A&C plans, capacity plans and open SDTPs naming current in-scope objects, "
        "owned and in date",
        "no SM plan and no plan rows (no SM plan: at most level 1)",
        "the SM plan controlled",
        "M(SMS)",
    ),
    "plan_implemented": (
        "goals, process implementations and training due by the as-of date that are done",
        "nothing dated",
        "every in-scope process has an implementation status and is implemented",
        "M(PRn) for every in-scope process",
    ),
    "processes_followed": (
        "recurring obligations of the in-scope processes (table T1: PR1-PR8 have them) in date; "
        "in-scope PR9-PR14 named as not shown by the registers",
        "no recurring activity recorded",
        "an audit with an outcome within the audit interval",
        "improvements from that audit owned, dated and not late",
    ),
    "kpis": (
        "SMS and in-scope processes with an evaluated KPI against a target",
        "KPIs empty",
        "c = 100 %",
        "every measured KPI has two evaluated periods and every miss a follow-up",
    ),
    "audits": (
        "(a) audit with outcome in the interval, (b) maturity assessment in the interval, "
        "(c) share of in-scope requirements self-assessed; level 1: neither (a) nor (b) or "
        "(c) < 50 %; level 2: (a) or (b) and (c) >= 50 %",
        "no audit, assessment or Assessment row",
        "(a), (b), (c) = 100 % and the audit interval set",
        "improvements from those reviews owned, dated and not late",
    ),
    "nonconformities": (
        "the lower of: missed targets and KPIs with a follow-up; nonconformities with "
        "owner, action and due",
        "nothing measured, no audit, no nonconformity (n/a when measured with no deviation)",
        "no open nonconformity past due",
        "no corrected deviation missed again after closure",
    ),
    "improvements": (
        "opportunities evaluated and, unless rejected, owned and dated",
        "no opportunity recorded",
        "no open improvement past due",
        "an improvement closed in the last 12 months and M(PR14)",
    ),
    "portfolio": (
        "live and in-preparation services fully specified with an owner",
        "Services empty",
        "no unknown service ID referenced; a portfolio review within its interval",
        "M(PR1)",
    ),
    "transition_planned": (
        "services in preparation or being changed with an SDTP",
        "no SDTP while services are in preparation (n/a: none in preparation)",
        "every covering SDTP approved",
        "no SDTP open after go-live; every SDTP of a new service now live completed",
    ),
    "sdtp_contents": (
        "SDTPs with timescales, responsibilities, technology, communication and "
        "acceptance criteria",
        "no SDTP while services are in preparation",
        "every SDTP approved",
        "M(PR1)",
    ),
    "parties": (
        "parties, providers and OLA/UA counterparties with a role and a contact point",
        "no party recorded or named",
        "exactly one service provider row; every named party exists",
        "M(PR1)",
    ),
    "catalogue": (
        "live services with a catalogue entry (description, how to request)",
        "Catalogue empty (n/a: no live service)",
        "no entry for a non-live service; every default SLA in force",
        "M(PR2)",
    ),
    "sla_coverage": (
        "live services with customers covered by an in-force SLA",
        "no SLA row",
        "every in-force SLA owned, with a target, a known customer, no retired or unknown "
        "service, none lapsed",
        "every target of every in-force SLA evaluated",
    ),
    "sla_reviews": (
        "in-force SLAs reviewed within their interval",
        "no SLA row (none in force: 1)",
        "no SLA without a planned interval",
        "M(PR2)",
    ),
    "sla_performance": (
        "targets of in-force SLAs evaluated in the measure window",
        "no target on any SLA",
        "every in-force SLA has a target",
        "every missed target has a follow-up",
    ),
    "ola_coverage": (
        "components of live services provided by others covered by an in-force OLA/UA",
        "Components empty, or no OLA/UA row (n/a: nothing provided by others)",
        "type matches the provider, counterparty is the provider, owner, a target",
        "every target of these agreements evaluated",
    ),
    "ola_reviews": (
        "in-force OLAs/UAs reviewed within their interval",
        "no OLA/UA row while needed",
        "no OLA/UA without a planned interval",
        "M(PR2)",
    ),
    "ola_performance": (
        "targets of in-force OLAs/UAs evaluated in the measure window",
        "no target on any OLA/UA",
        "every in-force OLA/UA has a target",
        "every missed target has a follow-up",
    ),
    "reports_agreed": (
        "active reports agreed with existing customers or people",
        "Reports empty",
        "every report owned; every customer with an individual SLA among some report's Agreed with",
        "M(PR3)",
    ),
    "report_specs": (
        "active reports with all seven specification items",
        "Reports empty",
        "every report owned",
        "M(PR3)",
    ),
    "reports_produced": (
        "active periodic reports produced within their period (on-demand only: within 12 months)",
        "no report ever produced",
        "targets, events and "
        "nonconformities reported; every individual-SLA customer gets a target report",
        "M(PR3)",
    ),
    "availability_requirements": (
        "live services with an in-force SLA whose requirements are in an "
        "A&C plan (no SLA at all: all live services, level at most 2)",
        "plan sheet empty",
        "plan owners assigned",
        "M(PR4)",
    ),
    "availability_plans": (
        "live services in an A&C plan with an owner",
        "plan sheet empty",
        "every plan in date with a planned interval",
        "M(PR4)",
    ),
    "continuity_risks": (
        "plans with risks and measures (risk IDs existing)",
        "no plan",
        "every plan in date",
        "every plan's continuity test within 12 months",
    ),
    "availability_monitored": (
        "live services and OLA/UA components with an evaluated availability target",
        "no availability target",
        "c = 100 %",
        "every missed availability target has a follow-up",
    ),
    "capacity_requirements": (
        "live services with an in-force SLA whose requirements are in a "
        "capacity plan (no SLA: level at most 2)",
        "Capacity Plans empty",
        "plan owners assigned",
        "M(PR5)",
    ),
    "capacity_plans": (
        "live services (or their components) in a capacity plan with an owner",
        "Capacity Plans empty",
        "every plan in date with a planned interval",
        "M(PR5)",
    ),
    "capacity_resources": (
        "capacity plans covering human, technical and financial resources",
        "no plan",
        "every plan in date",
        "M(PR5)",
    ),
    "utilisation": (
        "capacity plans with utilisation and thresholds measured in the measure window",
        "no plan",
        "every plan in warning has a follow-up",
        "every performance and capacity target evaluated",
    ),
    "is_policies": (
        "registered IS policies that are controlled",
        "no IS policy row",
        "c = 100 %",
        "M(PR6)",
    ),
    "security_controls": (
        "risks to reduce with an implemented control",
        "Risks and Controls empty",
        "risks complete and reviewed within the risk interval; controls typed and "
        "owned; implemented controls of all three types",
        "M(PR6)",
    ),
    "security_reviews": (
        "approved IS policies and implemented controls in date",
        "no approved policy and no implemented control",
        "no unplanned interval",
        "M(PR6)",
    ),
    "security_events": (
        "recent and open events prioritised, assigned and closed within the limit",
        "empty log without an approved PR6 definition (with one: n/a)",
        "every closed incident has a follow-up",
        "M(PR6)",
    ),
    "access_control": (
        "systems holding assets (else components of live services) with a recent access review",
        "no access review",
        "every review with findings has actions",
        "M(PR6)",
    ),
    "customers": (
        "live services with known customers",
        "Customers empty",
        "no unknown customer ID; every active customer has a name, a contact and a service",
        "M(PR7)",
    ),
    "customer_contact": (
        "active customers with an account manager",
        "Customers empty",
        "c = 100 %",
        "M(PR7)",
    ),
    "customer_channels": (
        "active customers with channels",
        "Customers empty",
        "every individual SLA states communication, reporting and escalation",
        "M(PR7)",
    ),
    "service_reviews": (
        "active customers of live services reviewed within their interval",
        "Customers empty or no base date",
        "no unplanned interval",
        "M(PR7)",
    ),
    "complaints": (
        "recent and open complaints owned and closed with an action, or open within the limit",
        "empty log without an approved PR7 definition (with one: n/a)",
        "c = 100 %",
        "M(PR7)",
    ),
    "satisfaction": (
        "active customers surveyed within the periodic check interval",
        "Customers empty or no survey date",
        "every recent survey scored; every low score followed up",
        "M(PR7)",
    ),
    "suppliers": (
        "active suppliers, external providers and UA counterparties in Suppliers with name "
        "and type",
        "Suppliers empty",
        "every active supplier linked to a component or agreement",
        "M(PR8)",
    ),
    "supplier_contact": (
        "active suppliers with a relationship manager",
        "Suppliers empty",
        "c = 100 %",
        "M(PR8)",
    ),
    "supplier_channels": (
        "active suppliers with a contact and channels",
        "Suppliers empty",
        "c = 100 %",
        "M(PR8)",
    ),
    "supplier_performance": (
        "active suppliers evaluated within their interval and rated",
        "Suppliers empty or no base date",
        "no unplanned interval; every poor rating followed up",
        "every target of their OLAs/UAs evaluated",
    ),
    **LADDERS_OPS,
    **LADDERS_V3,
}


def ladder(check: str) -> dict[str, str]:
    """The five rungs of a check's ladder."""
    what, l0, l3, l4 = LADDERS[check]
    return {
        "c": what,
        "0": l0,
        "1": f"something recorded, {_G1}",
        "2": _G2,
        "3": f"c = 100 % and {l3}" if l3 != "c = 100 %" else l3,
        "4": f"level 3 and {l4}",
    }
