"""The service management plan (GR4) with the scope statement (GR3) and the policy (GR1.2).

The scope and the policy are in :mod:`.sms_plan_scope`, the roadmap in :mod:`.sms_plan_roadmap`,
the other sections in :mod:`.sms_plan_sections`.
"""

from __future__ import annotations

import datetime as dt

from fitsm_audit.documents.common import (
    People,
    control_from_register,
    long_date,
    provider_name,
)
from fitsm_audit.documents.model import Document
from fitsm_audit.documents.row_use import uses
from fitsm_audit.documents.sms_plan_roadmap import roadmap_section
from fitsm_audit.documents.sms_plan_scope import policy_section, scope_section, scope_statement
from fitsm_audit.documents.sms_plan_sections import (
    goals_section,
    introduction_section,
    monitoring_section,
    roles_section,
    tools_section,
    training_section,
)
from fitsm_audit.workbook.records import Dataset
from fitsm_audit.workbook.roles import sms_roles

# The registers the plan is written from (scope, policy, roles, goals, processes, documents,
# training, tools, reviews; Services for the services in scope).
PLAN_SHEETS = (
    "Organisation", "People", "Roles", "Goals", "Processes", "Documents", "Training", "Tools",
    "Reviews", "Services",
)  # fmt: skip


def build_sms_plan(dataset: Dataset, as_of: dt.date) -> Document:
    """The SMS plan document from the sms workbook (and the portfolio for the scope)."""
    provider = provider_name(dataset)
    owner, manager = sms_roles(dataset)
    people = People(dataset)
    statement, composed = scope_statement(dataset)
    control = control_from_register(
        dataset,
        "service management plan",
        identifier="Service management plan",
        as_of=as_of,
        fallback_owner=manager,
        fallback_approver=owner,
    )
    sections = [
        introduction_section(dataset, people, owner, manager, provider),
        scope_section(dataset, statement, composed),
        policy_section(dataset, provider, people, as_of),
        goals_section(dataset, people, as_of),
        roles_section(dataset, people),
        roadmap_section(dataset, people, as_of),
        training_section(dataset, as_of),
        tools_section(dataset, people),
        monitoring_section(dataset, people),
    ]
    return Document(
        kind="sms-plan",
        stem="sms-plan",
        title="Service management plan",
        subtitle="Goals, roles, training, tools and process roadmap of the SMS (FitSM GR4)",
        provider=provider,
        as_of=as_of,
        summary=statement,
        cover_facts=[
            ("Service provider", provider),
            ("SMS owner", people.label(owner)),
            ("SMS manager", people.label(manager)),
            ("Plan as of", long_date(as_of)),
        ],
        control=control,
        sections=sections,
        chapter_breaks=False,  # short chapters flow on; the roadmap and policy start their own pages
        keywords=["FitSM", "GR4", "service management plan", "scope statement", "policy"],
        extra={"scope_statement": statement, "scope_composed": composed, "uses": uses(PLAN_SHEETS)},
    )
