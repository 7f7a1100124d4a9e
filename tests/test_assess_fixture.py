"""A model provider that evidences every requirement at level 4, and helpers to break it.

The other ``test_assess_*`` files import :func:`model` and the mutation helpers from here; the tests
in this file check that the model really is complete, so the per-check tables start from level 4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fitsm_audit.assess import assess
from fitsm_audit.spec.catalogue import load_catalogue
from fitsm_audit.workbook.records import Dataset, Record

AS_OF = dt.date(2025, 6, 30)
D = dt.date

DOC = {
    "owner": "PER-002",
    "version": "1.0",
    "status": "approved",
    "approved_by": "PER-001",
    "approved_on": D(2025, 1, 15),
    "next_review": D(2026, 1, 15),
    "location": "https://sms/docs",
}
SPEC = {
    "name": "Pizza",
    "description": "Hot pizza",
    "value_proposition": "Fast food",
    "owner": "PER-003",
}


def _tables() -> dict[str, list[dict[str, Any]]]:
    procs = [f"PR{i}" for i in range(1, 15)]
    kpis = [
        {
            "process": area,
            "kpi": f"{area} KPI",
            "target": ">= 90",
            "measured_value": 95.0,
            "period_end": end,
            "met": True,
        }
        for area in ["SMS", *procs]
        for end in (D(2025, 3, 31), D(2025, 6, 30))
    ]
    return {
        "People": [{"id": f"PER-00{i}", "name": f"Person {i}"} for i in range(1, 7)],
        "Roles": [
            {"role": "SMS owner", "person": "PER-001"},
            {"role": "SMS manager", "person": "PER-002"},
        ]
        + [{"role": "process manager", "process": p, "person": "PER-002"} for p in procs],
        "Goals": [
            {"id": "GOAL-001", "goal": "Certify", "timing": D(2025, 3, 31), "status": "achieved"},
            {"id": "GOAL-002", "goal": "Grow", "timing": D(2025, 12, 31), "status": "in progress"},
        ],
        "Processes": [
            {
                "process": p,
                "in_scope": True,
                "target_level": 3,
                "definition_document": f"DOC-1{i:02d}",
                "owner": "PER-001",
                "manager": "PER-002",
                "implementation_status": "implemented",
                "planned_date": D(2024, 6, 1),
                "implemented_on": D(2024, 6, 1),
            }
            for i, p in enumerate(procs, start=1)
        ],
        "Documents": [
            {"id": "DOC-001", "type": "scope statement", **DOC},
            {"id": "DOC-002", "type": "service management policy", **DOC},
            {"id": "DOC-003", "type": "service management plan", **DOC},
            {"id": "DOC-004", "type": "information security policy", **DOC},
        ]
        + [{"id": f"DOC-1{i:02d}", "type": "process definition", **DOC} for i in range(1, 15)],
        "Training": [
            {
                "id": "TRN-001",
                "topic": "FitSM",
                "audience": "all",
                "planned_on": D(2025, 2, 1),
                "done_on": D(2025, 2, 1),
            }
        ],
        "Tools": [{"id": "TOOL-001", "name": "Wiki", "purpose": "documents", "status": "in use"}],
        "Reviews": [
            {"id": "REV-001", "type": "management review", "date": D(2025, 5, 15), "outcome": "ok"},
            {
                "id": "REV-002",
                "type": "management review",
                "date": D(2024, 11, 20),
                "outcome": "ok",
            },
            {
                "id": "REV-003",
                "type": "internal audit",
                "date": D(2025, 4, 10),
                "outcome": "1 finding",
            },
            {
                "id": "REV-004",
                "type": "maturity assessment",
                "date": D(2025, 4, 20),
                "outcome": "ok",
            },
            {
                "id": "REV-005",
                "type": "service portfolio review",
                "date": D(2025, 3, 1),
                "outcome": "ok",
            },
        ],
        "KPIs": kpis,
        "Improvements": [
            {
                "id": "IMP-001",
                "kind": "opportunity",
                "description": "x",
                "owner": "PER-002",
                "status": "approved",
                "due": D(2025, 9, 30),
            },
            {
                "id": "IMP-002",
                "kind": "opportunity",
                "description": "x",
                "owner": "PER-002",
                "status": "closed",
                "due": D(2025, 5, 31),
                "closed_on": D(2025, 5, 1),
            },
            {
                "id": "IMP-003",
                "kind": "nonconformity",
                "description": "x",
                "source_ref": "REV-003",
                "action": "fix",
                "owner": "PER-002",
                "status": "in progress",
                "due": D(2025, 8, 31),
            },
            {
                "id": "IMP-004",
                "kind": "deviation",
                "description": "late",
                "source_ref": "TGT-002",
                "action": "more drivers",
                "owner": "PER-004",
                "status": "in progress",
                "due": D(2025, 7, 31),
            },
        ],
        "Services": [
            {"id": "SVC-001", **SPEC, "status": "live", "customers": ["CUS-001", "CUS-002"]},
            {"id": "SVC-002", **SPEC, "status": "live", "customers": ["CUS-002"]},
            {"id": "SVC-003", **SPEC, "status": "in preparation", "sdtp": ["SDTP-001"]},
            {"id": "SVC-004", **SPEC, "status": "retired"},
        ],
        "Components": [
            {"id": "CMP-001", "name": "Oven", "services": ["SVC-001"]},
            {"id": "CMP-002", "name": "Bikes", "services": ["SVC-001"], "provided_by": "PTY-002"},
            {"id": "CMP-003", "name": "Flour", "services": ["SVC-002"], "provided_by": "SUP-001"},
        ],
        "Design & Transition": [
            {
                "id": "SDTP-001",
                "service": "SVC-003",
                "change_type": "new",
                "acceptance_criteria": "tasty",
                "go_live": D(2025, 9, 1),
                "responsibilities": "PER-003",
                "technology": "app",
                "communication": "flyer",
                "status": "approved",
                "approved_by": "PER-001",
                "approved_on": D(2025, 5, 1),
            },
        ],
        "Parties": [
            {
                "id": "PTY-001",
                "name": "Pizza Co",
                "role": "service provider",
                "contact_point": "PER-002",
            },
            {
                "id": "PTY-002",
                "name": "Bike club",
                "role": "federation member",
                "contact_point": "ops@bikes.example",
            },
        ],
        "Catalogue": [
            {"service": s, "description": "d", "how_to_request": "call", "default_sla": "SLA-001"}
            for s in ("SVC-001", "SVC-002")
        ],
        "Agreements": [
            {
                "id": "SLA-001",
                "type": "SLA",
                "sla_kind": "default",
                "owner": "PER-004",
                "status": "active",
                "signed_on": D(2025, 1, 10),
                "review_interval": 12,
                "last_review": D(2025, 1, 10),
            },
            {
                "id": "SLA-002",
                "type": "SLA",
                "sla_kind": "individual",
                "services": ["SVC-001"],
                "counterparty": "CUS-001",
                "owner": "PER-004",
                "status": "active",
                "signed_on": D(2024, 10, 1),
                "review_interval": 12,
                "last_review": D(2025, 4, 1),
            },
            {
                "id": "OLA-001",
                "type": "OLA",
                "components": ["CMP-002"],
                "counterparty": "PTY-002",
                "owner": "PER-004",
                "status": "active",
                "signed_on": D(2025, 1, 5),
                "review_interval": 12,
            },
            {
                "id": "UA-001",
                "type": "UA",
                "components": ["CMP-003"],
                "counterparty": "SUP-001",
                "owner": "PER-004",
                "status": "active",
                "signed_on": D(2025, 2, 1),
                "review_interval": 12,
            },
        ],
        "Agreement Terms": [
            {
                "agreement": "SLA-002",
                "section": "communication, reporting and escalation",
                "text": "t",
            },
        ],
        "Targets": [
            {
                "id": "TGT-001",
                "agreement": "SLA-001",
                "parameter": "uptime",
                "category": "availability",
                "target": ">= 99",
                "measured_value": 99.5,
                "period_end": D(2025, 5, 31),
            },
            {
                "id": "TGT-002",
                "agreement": "SLA-002",
                "parameter": "delivery",
                "category": "performance",
                "target": "<= 30",
                "measured_value": 35.0,
                "period_end": D(2025, 5, 31),
                "met": False,
                "follow_up": "IMP-004",
            },
            {
                "id": "TGT-003",
                "agreement": "OLA-001",
                "parameter": "uptime",
                "category": "availability",
                "service": "CMP-002",
                "target": ">= 99",
                "measured_value": 99.9,
                "period_end": D(2025, 5, 31),
            },
            {
                "id": "TGT-004",
                "agreement": "UA-001",
                "parameter": "uptime",
                "category": "availability",
                "service": "CMP-003",
                "target": ">= 98",
                "measured_value": 99.0,
                "period_end": D(2025, 5, 31),
            },
        ],
        "Reports": [
            {
                "id": "RPT-001",
                "name": "Monthly",
                "purpose": "p",
                "audience": "a",
                "frequency": "monthly",
                "content": "c",
                "format": "PDF",
                "delivery": "mail",
                "owner": "PER-004",
                "agreed_with": ["CUS-001"],
                "status": "active",
                "last_produced": D(2025, 6, 15),
                "includes_targets": True,
                "includes_events": True,
                "includes_nonconformities": True,
            },
        ],
        "Availability & Continuity Plans": [
            {
                "id": "ACP-001",
                "services": ["SVC-001", "SVC-002"],
                "requirements": "99 %",
                "risks": "RSK-001",
                "measures": "spare oven",
                "owner": "PER-005",
                "review_interval": 12,
                "last_review": D(2025, 2, 1),
                "last_continuity_test": D(2025, 3, 1),
            },
        ],
        "Capacity Plans": [
            {
                "id": "CAP-001",
                "scope": ["SVC-001", "CMP-003"],
                "requirements": "100/h",
                "human_resources": "5 drivers",
                "technical_resources": "2 ovens",
                "financial_resources": "10k",
                "utilisation": 60.0,
                "thresholds": 80.0,
                "measured_on": D(2025, 6, 1),
                "owner": "PER-005",
                "review_interval": 12,
                "last_review": D(2025, 2, 1),
            },
        ],
        "Assets": [
            {
                "id": "AST-001",
                "name": "Orders",
                "classification": "confidential",
                "owner": "PER-005",
                "components": ["CMP-001"],
            }
        ],
        "Risks": [
            {
                "id": "RSK-001",
                "asset": "AST-001",
                "likelihood": 2,
                "impact": 3,
                "level": "medium",
                "treatment": "reduce",
                "controls": ["CTL-001"],
                "owner": "PER-005",
                "last_review": D(2025, 3, 1),
            }
        ],
        "Controls": [
            {
                "id": f"CTL-00{i}",
                "name": t,
                "type": t,
                "owner": "PER-005",
                "status": "implemented",
                "review_interval": 12,
                "last_review": D(2025, 3, 1),
            }
            for i, t in enumerate(("physical", "technical", "organisational"), start=1)
        ],
        "Security Events": [
            {
                "id": "SEC-001",
                "description": "phish",
                "reported_on": D(2025, 4, 1),
                "priority": "medium",
                "incident": True,
                "status": "closed",
                "handler": "PER-005",
                "closed_on": D(2025, 4, 3),
                "follow_up": "training",
            },
        ],
        "Access Reviews": [
            {
                "id": "ACR-001",
                "system": "CMP-001",
                "date": D(2025, 5, 1),
                "reviewer": "PER-005",
                "result": "no findings",
            }
        ],
        "Customers": [
            {
                "id": f"CUS-00{i}",
                "name": f"Customer {i}",
                "status": "active",
                "contact": f"c{i}@x.example",
                "account_manager": "PER-006",
                "channels": "phone",
                "services": ["SVC-001"],
                "review_interval": 6,
                "last_service_review": D(2025, 4, 1),
                "last_survey": D(2025, 3, 1),
            }
            for i in (1, 2)
        ],
        "Complaints": [
            {
                "id": "CMPL-001",
                "customer": "CUS-001",
                "received_on": D(2025, 3, 1),
                "owner": "PER-006",
                "status": "closed",
                "closed_on": D(2025, 3, 5),
                "action": "refund",
            }
        ],
        "Satisfaction": [
            {
                "id": f"SAT-00{i}",
                "customer": f"CUS-00{i}",
                "date": D(2025, 3, 1),
                "score": 4.5,
                "scale_max": 5.0,
                "target": 4.0,
            }
            for i in (1, 2)
        ],
        "Suppliers": [
            {
                "id": "SUP-001",
                "name": "Flour Ltd",
                "type": "external",
                "status": "active",
                "contact": "x@flour.example",
                "relationship_manager": "PER-004",
                "channels": "mail",
                "components": ["CMP-003"],
                "agreements": ["UA-001"],
                "evaluation_interval": 12,
                "last_evaluation": D(2025, 3, 1),
                "rating": "good",
            },
        ],
    }


FIELDS: dict[str, Any] = {
    "provider": "Pizza Co",
    "scope_statement": "Pizza delivery in town",
    "scope_services": "all",
    "scope_technology": "ovens, bikes",
    "scope_locations": "town",
    "scope_customers": "everyone",
    "policy_customer_requirements": "yes we do",
    "policy_service_orientation": "services first",
    "policy_process_approach": "FitSM",
    "policy_continual_improvement": "always",
    "policy_goals": "happy customers",
    "sms_owner": "PER-001",
    "sms_manager": "PER-002",
    "management_review_interval": 6,
    "audit_interval": 12,
    "portfolio_review_interval": 12,
    "risk_review_interval": 12,
}


def model(edition: str = "2", claims: int | None = 4) -> Dataset:
    """The complete provider: every check at level 4 on AS_OF."""
    tables: dict[str, list[Record]] = {}
    for sheet, rows in _tables().items():
        tables[sheet] = [Record(sheet, i + 2, dict(r)) for i, r in enumerate(rows)]
    if claims is not None:
        tables["Assessment"] = [
            Record(
                "Assessment",
                i + 2,
                {
                    "requirement": r.id,
                    "level": claims,
                    "assessor": "PER-002",
                    "date": D(2025, 4, 20),
                },
            )
            for i, r in enumerate(load_catalogue(edition).requirements)
        ]
    ds = Dataset(tables=tables, fields=dict(FIELDS))
    ds.sources["Organisation"] = "model.xlsx"
    return ds


# ---------------------------------------------------------------------- mutation helpers
def find(ds: Dataset, sheet: str, ident: str) -> Record:
    for r in ds.rows(sheet):
        if ident in (r.id, r["service"], r["process"], r["requirement"]):
            return r
    raise KeyError(f"{sheet}!{ident}")


def put(sheet: str, ident: str, **values: Any) -> Callable[[Dataset], None]:
    """Set columns of one row (by ID or key)."""

    def apply(ds: Dataset) -> None:
        find(ds, sheet, ident).values.update(values)

    return apply


def put_all(sheet: str, **values: Any) -> Callable[[Dataset], None]:
    def apply(ds: Dataset) -> None:
        for r in ds.rows(sheet):
            r.values.update(values)

    return apply


def drop(
    sheet: str, *idents: str, where: Callable[[Record], bool] | None = None
) -> Callable[[Dataset], None]:
    """Remove rows by ID (or by predicate); no IDs and no predicate: empty the sheet."""

    def apply(ds: Dataset) -> None:
        rows = ds.tables.get(sheet, [])
        if where is not None:
            ds.tables[sheet] = [r for r in rows if not where(r)]
        elif idents:
            ds.tables[sheet] = [
                r for r in rows if r.id not in idents and r["service"] not in idents
            ]
        else:
            ds.tables[sheet] = []

    return apply


def add(sheet: str, **values: Any) -> Callable[[Dataset], None]:
    def apply(ds: Dataset) -> None:
        rows = ds.tables.setdefault(sheet, [])
        rows.append(Record(sheet, len(rows) + 2, dict(values)))

    return apply


def field(**values: Any) -> Callable[[Dataset], None]:
    def apply(ds: Dataset) -> None:
        ds.fields.update(values)

    return apply


def no_kpi(*areas: str) -> Callable[[Dataset], None]:
    return drop("KPIs", where=lambda r: r["process"] in areas)


def apply_all(ds: Dataset, *mutations: Callable[[Dataset], None]) -> Dataset:
    for m in mutations:
        m(ds)
    return ds


# ---------------------------------------------------------------------- tests of the model itself
def test_model_is_level_4_everywhere() -> None:
    result = assess(model(), as_of=AS_OF)
    ops = ("PR9", "PR10", "PR11", "PR12", "PR13")  # the model predates the operations area
    checked = [r for r in result.requirements if r.checks and r.group not in ops]
    assert len(checked) == 53
    below = {r.id: (r.evidenced_level, r.blocking) for r in checked if r.evidenced_level != 4}
    assert below == {}
    claim_only = [r for r in result.requirements if r.group in ops and r.checks]
    assert claim_only and all(r.evidenced_level is None for r in claim_only)


def test_model_meets_every_target_without_discrepancy() -> None:
    result = assess(model(), as_of=AS_OF)
    assert all(g.met for g in result.groups)
    assert result.maturity["headline"] == 4
    assert not any(r.discrepancy for r in result.requirements)
    assert result.gaps() == []
