"""Per-check level tables for PR1-PR8: the complete model is level 4; each case breaks it."""

from __future__ import annotations

import pytest
from test_assess_checks_gr import run
from test_assess_fixture import D, add, drop, no_kpi, put, put_all

ACP, CAP = "Availability & Continuity Plans", "Capacity Plans"
ALL_RETIRED = put_all("Services", status="retired")
NO_SLA = drop("Agreements", where=lambda r: r["type"] == "SLA")
NO_OLA_UA = drop("Agreements", where=lambda r: r["type"] in ("OLA", "UA"))
NO_CUSTOMERS_NAMED = [put_all("Services", customers=[]), put_all("Customers", services=[])]
OWN_COMPONENTS = put_all("Components", provided_by=None)

CASES = [
    # PR1.1 portfolio
    ("PR1.1", [], 4, ()),
    ("PR1.1", [no_kpi("PR1")], 3, ()),
    ("PR1.1", [put("Services", "SVC-001", owner=None)], 2, ("SVC-001",)),
    ("PR1.1", [put("Services", "SVC-003", owner="PER-099")], 2, ("SVC-003",)),
    (
        "PR1.1",
        [
            add(
                "Complaints",
                id="CMPL-009",
                customer="CUS-001",
                service="SVC-099",
                received_on=D(2025, 1, 1),
            )
        ],
        2,
        ("SVC-099",),
    ),
    ("PR1.1", [drop("Reviews", "REV-005")], 2, ()),
    ("PR1.1", [put_all("Services", description=None)], 1, ("SVC-001", "SVC-002", "SVC-003")),
    ("PR1.1", [drop("Services")], 0, ()),
    ("PR1.1", [ALL_RETIRED], None, ()),
    # PR1.2 design and transition planned
    ("PR1.2", [], 4, ()),
    ("PR1.2", [put("Design & Transition", "SDTP-001", go_live=D(2025, 6, 1))], 3, ("SDTP-001",)),
    ("PR1.2", [put("Design & Transition", "SDTP-001", approved_by=None)], 2, ("SDTP-001",)),
    ("PR1.2", [add("Services", id="SVC-005", name="n", status="in preparation")], 2, ("SVC-005",)),
    ("PR1.2", [put("Design & Transition", "SDTP-001", status="cancelled")], 1, ("SVC-003",)),
    ("PR1.2", [drop("Design & Transition")], 0, ("SVC-003",)),
    ("PR1.2", [put("Services", "SVC-003", status="live")], None, ()),
    # PR1.3 SDTP contents
    ("PR1.3", [], 4, ()),
    ("PR1.3", [no_kpi("PR1")], 3, ()),
    ("PR1.3", [put("Design & Transition", "SDTP-001", approved_on=None)], 2, ("SDTP-001",)),
    ("PR1.3", [put("Design & Transition", "SDTP-001", technology=None)], 1, ("SDTP-001",)),
    ("PR1.3", [drop("Design & Transition")], 0, ("SVC-003",)),
    ("PR1.3", [drop("Design & Transition"), put("Services", "SVC-003", status="live")], None, ()),
    # PR1.4 parties and contact points
    ("PR1.4", [], 4, ()),
    ("PR1.4", [no_kpi("PR1")], 3, ()),
    ("PR1.4", [put("Parties", "PTY-002", contact_point=None)], 2, ("PTY-002",)),
    (
        "PR1.4",
        [add("Parties", id="PTY-003", name="x", role="service provider", contact_point="PER-001")],
        2,
        (),
    ),
    ("PR1.4", [put("Components", "CMP-002", provided_by="PTY-099")], 2, ("PTY-099",)),
    (
        "PR1.4",
        [put_all("Parties", contact_point=None), put("Suppliers", "SUP-001", contact=None)],
        1,
        (),
    ),
    ("PR1.4", [drop("Parties"), OWN_COMPONENTS, NO_OLA_UA], 0, ()),
    # PR2.1 catalogue
    ("PR2.1", [], 4, ()),
    ("PR2.1", [no_kpi("PR2")], 3, ()),
    ("PR2.1", [drop("Catalogue", "SVC-002")], 2, ("SVC-002",)),
    (
        "PR2.1",
        [add("Catalogue", service="SVC-004", description="d", how_to_request="h")],
        2,
        ("SVC-004",),
    ),
    ("PR2.1", [put("Catalogue", "SVC-001", default_sla="UA-001")], 2, ("SVC-001",)),
    ("PR2.1", [put_all("Catalogue", how_to_request=None)], 1, ("SVC-001", "SVC-002")),
    ("PR2.1", [drop("Catalogue")], 0, ()),
    ("PR2.1", [ALL_RETIRED], None, ()),
    # PR2.2 SLAs in place
    ("PR2.2", [], 4, ()),
    ("PR2.2", [put("Targets", "TGT-002", measured_value=None, met=None)], 3, ("TGT-002",)),
    ("PR2.2", [drop("Agreements", "SLA-001")], 2, ("SVC-002",)),
    ("PR2.2", [put("Agreements", "SLA-002", owner=None)], 2, ("SLA-002",)),
    ("PR2.2", [put("Agreements", "SLA-002", counterparty="CUS-099")], 2, ("SLA-002",)),
    ("PR2.2", [put("Agreements", "SLA-002", valid_until=D(2025, 1, 1))], 2, ("SLA-002",)),
    ("PR2.2", [put("Agreements", "SLA-002", services=["SVC-001", "SVC-004"])], 2, ("SLA-002",)),
    (
        "PR2.2",
        [drop("Agreements", "SLA-001"), put("Agreements", "SLA-002", status="draft")],
        1,
        ("SVC-001", "SVC-002"),
    ),
    ("PR2.2", [NO_SLA], 0, ("SVC-001",)),
    ("PR2.2", NO_CUSTOMERS_NAMED, None, ()),
    ("PR2.2", [ALL_RETIRED], None, ()),
    # PR2.3 SLA reviews
    ("PR2.3", [], 4, ()),
    ("PR2.3", [no_kpi("PR2")], 3, ()),
    ("PR2.3", [put("Agreements", "SLA-002", review_interval=None)], 2, ("SLA-002",)),
    ("PR2.3", [put("Agreements", "SLA-002", last_review=D(2024, 1, 1))], 2, ("SLA-002",)),
    ("PR2.3", [put_all("Agreements", last_review=D(2024, 1, 1), signed_on=D(2024, 1, 1))], 1, ()),
    ("PR2.3", [put_all("Agreements", status="draft")], 1, ()),
    ("PR2.3", [NO_SLA], 0, ()),
    ("PR2.3", NO_CUSTOMERS_NAMED, None, ()),
    # PR2.4 SLA performance
    ("PR2.4", [], 4, ()),
    (
        "PR2.4",
        [
            put("Targets", "TGT-002", follow_up=None),
            put("Improvements", "IMP-004", source_ref=None),
        ],
        3,
        ("TGT-002",),
    ),
    ("PR2.4", [put("Targets", "TGT-001", period_end=D(2024, 6, 30))], 2, ("TGT-001",)),
    (
        "PR2.4",
        [
            add(
                "Agreements",
                id="SLA-003",
                type="SLA",
                services=["SVC-002"],
                counterparty="CUS-002",
                owner="PER-004",
                status="active",
                signed_on=D(2025, 1, 1),
            )
        ],
        2,
        ("SLA-003",),
    ),
    ("PR2.4", [put_all("Targets", measured_value=None, met=None)], 1, ()),
    ("PR2.4", [drop("Targets", where=lambda r: r["agreement"].startswith("SLA"))], 0, ()),
    # PR2.5 OLAs and UAs
    ("PR2.5", [], 4, ()),
    ("PR2.5", [put("Targets", "TGT-003", measured_value=None)], 3, ("TGT-003",)),
    ("PR2.5", [put("Agreements", "OLA-001", status="draft")], 2, ("CMP-002",)),
    ("PR2.5", [put("Agreements", "OLA-001", type="UA")], 2, ("OLA-001",)),
    ("PR2.5", [put("Agreements", "UA-001", counterparty="PTY-002")], 2, ("UA-001",)),
    ("PR2.5", [put("Agreements", "UA-001", owner=None)], 2, ("UA-001",)),
    ("PR2.5", [put_all("Agreements", status="draft")], 1, ("CMP-002", "CMP-003")),
    ("PR2.5", [NO_OLA_UA], 0, ("CMP-002", "CMP-003")),
    ("PR2.5", [drop("Components")], 0, ()),
    ("PR2.5", [OWN_COMPONENTS], None, ()),
    # PR2.6 OLA/UA reviews
    ("PR2.6", [], 4, ()),
    ("PR2.6", [no_kpi("PR2")], 3, ()),
    ("PR2.6", [put("Agreements", "OLA-001", review_interval=None)], 2, ("OLA-001",)),
    ("PR2.6", [put("Agreements", "OLA-001", signed_on=D(2023, 1, 1))], 2, ("OLA-001",)),
    ("PR2.6", [put_all("Agreements", status="draft")], 1, ()),
    ("PR2.6", [NO_OLA_UA], 0, ()),
    ("PR2.6", [OWN_COMPONENTS], None, ()),
    # PR2.7 OLA/UA performance
    ("PR2.7", [], 4, ()),
    ("PR2.7", [put("Targets", "TGT-003", met=False)], 3, ("TGT-003",)),
    ("PR2.7", [put("Targets", "TGT-003", period_end=D(2024, 1, 31))], 2, ("TGT-003",)),
    ("PR2.7", [drop("Targets", "TGT-003", "TGT-004")], 0, ()),
    ("PR2.7", [OWN_COMPONENTS], None, ()),
    # PR3.1 reports agreed
    ("PR3.1", [], 4, ()),
    ("PR3.1", [no_kpi("PR3")], 3, ()),
    ("PR3.1", [put("Reports", "RPT-001", owner=None)], 2, ("RPT-001",)),
    ("PR3.1", [put("Reports", "RPT-001", agreed_with=["PER-001"])], 2, ("CUS-001",)),
    (
        "PR3.1",
        [add("Reports", id="RPT-002", name="x", owner="PER-004", agreed_with=["CUS-099"])],
        2,
        ("RPT-002",),
    ),
    ("PR3.1", [put("Reports", "RPT-001", agreed_with=[])], 1, ("RPT-001",)),
    ("PR3.1", [put_all("Reports", status="terminated")], 0, ()),
    ("PR3.1", [drop("Reports")], 0, ()),
    # PR3.2 report specification
    ("PR3.2", [], 4, ()),
    ("PR3.2", [no_kpi("PR3")], 3, ()),
    ("PR3.2", [add("Reports", id="RPT-002", name="x", owner="PER-004")], 2, ("RPT-002",)),
    ("PR3.2", [put("Reports", "RPT-001", purpose=None)], 1, ("RPT-001",)),
    ("PR3.2", [drop("Reports")], 0, ()),
    # PR3.3 reports produced
    ("PR3.3", [], 4, ()),
    ("PR3.3", [put("Reports", "RPT-001", frequency="on demand")], 4, ()),
    ("PR3.3", [no_kpi("PR3")], 3, ()),
    ("PR3.3", [put("Reports", "RPT-001", includes_events=False)], 2, ()),
    ("PR3.3", [put("Reports", "RPT-001", agreed_with=["CUS-002"])], 2, ("CUS-001",)),
    (
        "PR3.3",
        [
            add(
                "Reports",
                id="RPT-002",
                name="w",
                frequency="weekly",
                status="active",
                last_produced=D(2025, 6, 1),
            )
        ],
        2,
        ("RPT-002",),
    ),
    ("PR3.3", [put("Reports", "RPT-001", last_produced=D(2025, 3, 1))], 1, ("RPT-001",)),
    ("PR3.3", [put("Reports", "RPT-001", last_produced=None)], 0, ()),
    ("PR3.3", [put("Reports", "RPT-001", last_produced=D(2025, 12, 1))], 0, ()),  # not yet: after D
    # PR4.1 availability and continuity requirements
    ("PR4.1", [], 4, ()),
    ("PR4.1", [no_kpi("PR4")], 3, ()),
    ("PR4.1", [put(ACP, "ACP-001", services=["SVC-001"])], 2, ("SVC-002",)),
    ("PR4.1", [NO_SLA], 2, ()),  # no SLA at all: capped
    ("PR4.1", [put(ACP, "ACP-001", owner=None)], 2, ("ACP-001",)),
    ("PR4.1", [put(ACP, "ACP-001", requirements=None)], 1, ("SVC-001", "SVC-002")),
    ("PR4.1", [drop(ACP)], 0, ()),
    ("PR4.1", [ALL_RETIRED], None, ()),
    # PR4.2 availability and continuity plans
    ("PR4.2", [], 4, ()),
    ("PR4.2", [no_kpi("PR4")], 3, ()),
    ("PR4.2", [put(ACP, "ACP-001", review_interval=None)], 2, ("ACP-001",)),
    ("PR4.2", [put(ACP, "ACP-001", last_review=D(2023, 1, 1))], 2, ("ACP-001",)),
    ("PR4.2", [put(ACP, "ACP-001", services=["SVC-001"])], 2, ("SVC-002",)),
    ("PR4.2", [put(ACP, "ACP-001", owner=None)], 1, ()),
    ("PR4.2", [drop(ACP)], 0, ()),
    # PR4.3 risks and measures
    ("PR4.3", [], 4, ()),
    ("PR4.3", [put(ACP, "ACP-001", last_continuity_test=D(2024, 1, 1))], 3, ("ACP-001",)),
    ("PR4.3", [put(ACP, "ACP-001", last_review=D(2023, 1, 1))], 2, ("ACP-001",)),
    (
        "PR4.3",
        [
            add(
                ACP,
                id="ACP-002",
                services=["SVC-001"],
                risks="fire",
                owner="PER-005",
                review_interval=12,
                last_review=D(2025, 1, 1),
            )
        ],
        2,
        ("ACP-002",),
    ),
    ("PR4.3", [put(ACP, "ACP-001", risks="RSK-099")], 1, ("ACP-001",)),
    ("PR4.3", [drop(ACP)], 0, ()),
    # PR4.4 availability monitored
    ("PR4.4", [], 4, ()),
    ("PR4.4", [put("Targets", "TGT-001", met=False)], 3, ("TGT-001",)),
    ("PR4.4", [put("Targets", "TGT-003", measured_value=None)], 2, ("CMP-002",)),
    (
        "PR4.4",
        [
            put("Targets", "TGT-001", period_end=D(2024, 1, 31)),
            put("Targets", "TGT-003", measured_value=None),
        ],
        1,
        ("SVC-001", "SVC-002", "CMP-002"),
    ),
    ("PR4.4", [put_all("Targets", category="performance")], 0, ()),
    # PR5.1 capacity requirements
    ("PR5.1", [], 4, ()),
    ("PR5.1", [no_kpi("PR5")], 3, ()),
    ("PR5.1", [put(CAP, "CAP-001", scope=["SVC-001"])], 2, ("SVC-002",)),
    ("PR5.1", [NO_SLA], 2, ()),
    ("PR5.1", [put(CAP, "CAP-001", requirements=None)], 1, ()),
    ("PR5.1", [drop(CAP)], 0, ()),
    # PR5.2 capacity plans
    ("PR5.2", [], 4, ()),
    ("PR5.2", [put(CAP, "CAP-001", scope=["CMP-001", "CMP-003"])], 4, ()),  # via components
    ("PR5.2", [no_kpi("PR5")], 3, ()),
    ("PR5.2", [put(CAP, "CAP-001", review_interval=None)], 2, ("CAP-001",)),
    ("PR5.2", [put(CAP, "CAP-001", scope=["SVC-001"])], 2, ("SVC-002",)),
    ("PR5.2", [put(CAP, "CAP-001", owner=None)], 1, ()),
    ("PR5.2", [drop(CAP)], 0, ()),
    # PR5.3 resources
    ("PR5.3", [], 4, ()),
    ("PR5.3", [no_kpi("PR5")], 3, ()),
    ("PR5.3", [put(CAP, "CAP-001", last_review=D(2023, 1, 1))], 2, ("CAP-001",)),
    ("PR5.3", [put(CAP, "CAP-001", financial_resources=None)], 1, ("CAP-001",)),
    ("PR5.3", [drop(CAP)], 0, ()),
    # PR5.4 utilisation
    ("PR5.4", [], 4, ()),
    ("PR5.4", [put("Targets", "TGT-002", measured_value=None, met=None)], 3, ("TGT-002",)),
    ("PR5.4", [put(CAP, "CAP-001", utilisation=90.0)], 2, ("CAP-001",)),
    ("PR5.4", [put(CAP, "CAP-001", utilisation=90.0, follow_up="second oven")], 4, ()),
    ("PR5.4", [put(CAP, "CAP-001", measured_on=D(2024, 1, 1))], 1, ("CAP-001",)),
    ("PR5.4", [drop(CAP)], 0, ()),
    # PR6.1 IS policies
    ("PR6.1", [], 4, ()),
    ("PR6.1", [no_kpi("PR6")], 3, ()),
    (
        "PR6.1",
        [add("Documents", id="DOC-005", type="information security policy", status="draft")],
        2,
        ("DOC-005",),
    ),
    ("PR6.1", [put("Documents", "DOC-004", status="in review")], 1, ("DOC-004",)),
    ("PR6.1", [drop("Documents", "DOC-004")], 0, ()),
    # PR6.2 controls against risks
    ("PR6.2", [], 4, ()),
    ("PR6.2", [put("Risks", "RSK-001", treatment="accept")], 4, ()),
    ("PR6.2", [no_kpi("PR6")], 3, ()),
    ("PR6.2", [put("Risks", "RSK-001", owner=None)], 2, ("RSK-001",)),
    ("PR6.2", [put("Risks", "RSK-001", asset="AST-099")], 2, ("RSK-001",)),
    ("PR6.2", [put("Controls", "CTL-003", status="planned")], 2, ()),
    ("PR6.2", [put("Controls", "CTL-002", owner=None)], 2, ("CTL-002",)),
    ("PR6.2", [put("Risks", "RSK-001", last_review=D(2023, 1, 1))], 2, ("RSK-001",)),
    ("PR6.2", [put("Controls", "CTL-001", status="planned")], 1, ("RSK-001",)),
    ("PR6.2", [drop("Risks")], 1, ()),
    ("PR6.2", [drop("Risks"), drop("Controls")], 0, ()),
    # PR6.3 policy and control reviews
    ("PR6.3", [], 4, ()),
    ("PR6.3", [no_kpi("PR6")], 3, ()),
    ("PR6.3", [put("Controls", "CTL-001", review_interval=None)], 2, ("CTL-001",)),
    ("PR6.3", [put("Documents", "DOC-004", next_review=D(2030, 1, 1))], 2, ("DOC-004",)),
    ("PR6.3", [put("Controls", "CTL-001", last_review=D(2023, 1, 1))], 2, ("CTL-001",)),
    (
        "PR6.3",
        [
            put_all("Controls", last_review=D(2023, 1, 1)),
            put("Documents", "DOC-004", next_review=D(2025, 1, 1)),
        ],
        1,
        (),
    ),
    ("PR6.3", [drop("Controls"), drop("Documents", "DOC-004")], 0, ()),
    # PR6.4 security events
    ("PR6.4", [], 4, ()),
    ("PR6.4", [put("Security Events", "SEC-001", follow_up=None)], 2, ("SEC-001",)),
    (
        "PR6.4",
        [
            add(
                "Security Events",
                id="SEC-002",
                reported_on=D(2025, 6, 1),
                priority="critical",
                status="open",
                handler="PER-005",
            )
        ],
        2,
        ("SEC-002",),
    ),
    (
        "PR6.4",
        [
            add(
                "Security Events",
                id="SEC-002",
                reported_on=D(2025, 6, 28),
                priority="critical",
                status="open",
                handler="PER-005",
            )
        ],
        4,
        (),
    ),  # open, within its limit
    ("PR6.4", [put("Security Events", "SEC-001", handler=None)], 1, ("SEC-001",)),
    ("PR6.4", [drop("Security Events")], None, ()),  # PR6 definition approved
    ("PR6.4", [drop("Security Events"), put("Documents", "DOC-106", status="draft")], 0, ()),
    # PR6.5 access control
    ("PR6.5", [], 4, ()),
    ("PR6.5", [no_kpi("PR6")], 3, ()),
    (
        "PR6.5",
        [
            add(
                "Access Reviews",
                id="ACR-002",
                system="CMP-001",
                date=D(2025, 6, 1),
                reviewer="PER-005",
                result="findings",
            )
        ],
        2,
        ("ACR-002",),
    ),
    ("PR6.5", [put("Assets", "AST-001", components=["CMP-001", "CMP-002"])], 2, ("CMP-002",)),
    ("PR6.5", [drop("Assets")], 1, ("CMP-002", "CMP-003")),
    ("PR6.5", [put("Access Reviews", "ACR-001", date=D(2024, 1, 1))], 1, ("CMP-001",)),
    ("PR6.5", [drop("Access Reviews")], 0, ()),
    # PR7.1 customers
    ("PR7.1", [], 4, ()),
    ("PR7.1", [no_kpi("PR7")], 3, ()),
    (
        "PR7.1",
        [put("Services", "SVC-001", customers=["CUS-001", "CUS-099"])],
        2,
        ("SVC-001", "CUS-099"),
    ),
    ("PR7.1", [put("Customers", "CUS-002", contact=None)], 2, ("CUS-002",)),
    ("PR7.1", NO_CUSTOMERS_NAMED, 1, ("SVC-001", "SVC-002")),
    ("PR7.1", [drop("Customers")], 0, ()),
    ("PR7.1", [ALL_RETIRED], None, ()),
    # PR7.2 account manager
    ("PR7.2", [], 4, ()),
    ("PR7.2", [no_kpi("PR7")], 3, ()),
    ("PR7.2", [put("Customers", "CUS-002", account_manager=None)], 2, ("CUS-002",)),
    ("PR7.2", [put_all("Customers", account_manager="PER-099")], 1, ()),
    ("PR7.2", [drop("Customers")], 0, ()),
    ("PR7.2", [put_all("Customers", status="former")], None, ()),
    # PR7.3 channels
    ("PR7.3", [], 4, ()),
    ("PR7.3", [no_kpi("PR7")], 3, ()),
    ("PR7.3", [drop("Agreement Terms")], 2, ("SLA-002",)),
    ("PR7.3", [put_all("Customers", channels=None)], 1, ()),
    ("PR7.3", [drop("Customers")], 0, ()),
    # PR7.4 service reviews
    ("PR7.4", [], 4, ()),
    ("PR7.4", [no_kpi("PR7")], 3, ()),
    ("PR7.4", [put("Customers", "CUS-002", last_service_review=D(2024, 6, 1))], 2, ("CUS-002",)),
    ("PR7.4", [put("Customers", "CUS-002", review_interval=None)], 2, ("CUS-002",)),
    ("PR7.4", [put_all("Customers", last_service_review=D(2024, 1, 1))], 1, ()),
    (
        "PR7.4",
        [put_all("Customers", last_service_review=None), drop("Agreements", "SLA-002")],
        0,
        (),
    ),
    ("PR7.4", [drop("Customers")], 0, ()),
    # PR7.5 complaints
    ("PR7.5", [], 4, ()),
    ("PR7.5", [no_kpi("PR7")], 3, ()),
    (
        "PR7.5",
        [
            add(
                "Complaints",
                id="CMPL-002",
                customer="CUS-002",
                received_on=D(2025, 4, 1),
                owner="PER-006",
                status="open",
            )
        ],
        2,
        ("CMPL-002",),
    ),
    ("PR7.5", [put("Complaints", "CMPL-001", action=None)], 1, ("CMPL-001",)),
    ("PR7.5", [drop("Complaints")], None, ()),
    ("PR7.5", [drop("Complaints"), put("Documents", "DOC-107", status="draft")], 0, ()),
    # PR7.6 satisfaction
    ("PR7.6", [], 4, ()),
    ("PR7.6", [no_kpi("PR7")], 3, ()),
    ("PR7.6", [put("Satisfaction", "SAT-002", score=3.0)], 2, ("SAT-002",)),
    (
        "PR7.6",
        [drop("Satisfaction", "SAT-002"), put("Customers", "CUS-002", last_survey=None)],
        2,
        ("CUS-002",),
    ),
    (
        "PR7.6",
        [
            put_all("Satisfaction", date=D(2023, 1, 1)),
            put_all("Customers", last_survey=D(2023, 1, 1)),
        ],
        1,
        (),
    ),
    ("PR7.6", [drop("Satisfaction"), put_all("Customers", last_survey=None)], 0, ()),
    # PR8.1 suppliers
    ("PR8.1", [], 4, ()),
    ("PR8.1", [no_kpi("PR8")], 3, ()),
    ("PR8.1", [add("Suppliers", id="SUP-002", name="x", type="internal")], 2, ("SUP-002",)),
    (
        "PR8.1",
        [
            put("Components", "CMP-001", provided_by="PTY-003"),
            add("Parties", id="PTY-003", name="x", role="external supplier", contact_point="a@b.c"),
        ],
        2,
        ("PTY-003",),
    ),
    ("PR8.1", [drop("Suppliers")], 0, ()),
    # PR8.2 relationship manager
    ("PR8.2", [], 4, ()),
    ("PR8.2", [no_kpi("PR8")], 3, ()),
    (
        "PR8.2",
        [add("Suppliers", id="SUP-002", name="x", type="internal", relationship_manager=None)],
        2,
        ("SUP-002",),
    ),
    ("PR8.2", [put("Suppliers", "SUP-001", relationship_manager=None)], 1, ("SUP-001",)),
    ("PR8.2", [drop("Suppliers")], 0, ()),
    # PR8.3 channels
    ("PR8.3", [], 4, ()),
    ("PR8.3", [no_kpi("PR8")], 3, ()),
    ("PR8.3", [put("Suppliers", "SUP-001", contact="nobody")], 1, ("SUP-001",)),
    ("PR8.3", [drop("Suppliers")], 0, ()),
    # PR8.4 supplier performance
    ("PR8.4", [], 4, ()),
    ("PR8.4", [put("Targets", "TGT-004", measured_value=None)], 3, ("TGT-004",)),
    ("PR8.4", [put("Suppliers", "SUP-001", rating="poor")], 2, ("SUP-001",)),
    ("PR8.4", [put("Suppliers", "SUP-001", rating="poor", follow_up="IMP-009")], 4, ()),
    ("PR8.4", [put("Suppliers", "SUP-001", evaluation_interval=None)], 2, ("SUP-001",)),
    (
        "PR8.4",
        [
            put("Suppliers", "SUP-001", last_evaluation=D(2023, 1, 1)),
            put("Agreements", "UA-001", signed_on=D(2023, 1, 1)),
        ],
        1,
        ("SUP-001",),
    ),
    (
        "PR8.4",
        [put("Suppliers", "SUP-001", last_evaluation=None), drop("Agreements", "UA-001")],
        0,
        (),
    ),
    ("PR8.4", [drop("Suppliers")], 0, ()),
]


@pytest.mark.parametrize(
    ("req", "mutations", "level", "ids"),
    CASES,
    ids=[f"{c[0]}-{i}-L{c[2]}" for i, c in enumerate(CASES)],
)
def test_pr_levels(req: str, mutations: list, level: int | None, ids: tuple[str, ...]) -> None:
    ev = run(req, *mutations)
    assert ev.level == level, (ev.texts, ev.blocking)
    assert set(ids) <= set(ev.ids()), ev.ids()
    assert ev.texts
    if level is None:
        assert ev.na_reason


def test_sla_gap_names_pending_drafts() -> None:
    ev = run(
        "PR2.2",
        drop("Agreements", "SLA-001"),
        add("Agreements", id="SLA-009", type="SLA", services=["SVC-002"], status="draft"),
    )
    assert ev.level == 2
    assert (
        ev.texts[0] == "1 of 2 live services with customers are covered by an in-force SLA (50 %)"
    )
    assert "no SLA in force covers it: SVC-002" in ev.texts
    assert any("pending" in t and "SLA-009" in t for t in ev.texts)
