"""assess: an agreement in force whose Agreement Terms leave a required section blank or a
placeholder is incomplete (D5): it covers nothing, the KPIs do not count it, and the evidence names
it ("in force but incomplete")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_assess_fixture import AS_OF, add, apply_all, model

from fitsm_audit.assess import assess
from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.result import AssessmentResult
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.spec.rules import (
    SLA_CONTENTS,
    agreement_complete,
    placeholder,
    unagreed_sections,
)
from fitsm_audit.workbook.records import Dataset

INCOMPLETE = "in force but incomplete"


def terms(agreement: str, section: str, text: str | None) -> Callable[[Dataset], None]:
    return add("Agreement Terms", agreement=agreement, section=section, text=text)


def run(*mutations: Callable[[Dataset], None]) -> AssessmentResult:
    return assess(apply_all(model(), *mutations), as_of=AS_OF)


def failing(result: AssessmentResult, req: str) -> dict[str, list[str]]:
    return {f.condition: f.ids for f in result.requirement(req).failing}


def kpi(result: AssessmentResult, name: str) -> tuple[object, str]:
    (k,) = [k for k in result.kpis if k.name == name]
    return k.value, k.note


# ---------------------------------------------------------------------- the rule (spec.rules)
def test_required_sections_are_the_seed_s_sla_contents_the_sheet_holds() -> None:
    sheet = load_contract().sheet("Agreement Terms").column("section")
    assert set(SLA_CONTENTS) <= set(sheet.values) and len(SLA_CONTENTS) == 12


@pytest.mark.parametrize(
    "text",
    [None, "", "  ", "TBD", "tbd", "TBD.", "[TBD]", "(tbd)", "To be defined", "to be determined",
     "Not yet agreed", "not agreed", "TBD: ask the customer", "n/a", "N/A", "na", "not applicable",
     "none", "-", "?", "...", "xxx", "todo", "pending", "<insert service hours>", "[Enter the hours]",
     "to be agreed with the customer"],
)
def test_placeholders(text: str | None) -> None:
    assert placeholder(text)


@pytest.mark.parametrize(
    "text",
    ["Mon-Fri 11:30-14:00", "None of the data leaves the EU.", "See annex A (signed copy).",
     "Pending orders are delivered first.", "Delivery window: to be defined per order by the customer",
     "24/7", "To do so, call the desk."],
)
def test_real_texts(text: str) -> None:
    assert not placeholder(text)


def test_complete_judges_the_rows_it_has() -> None:
    assert agreement_complete([]) and agreement_complete([("support", "Desk 9-17")])
    assert unagreed_sections([("support", "Desk"), ("review", "TBD"), (None, "TBD"), ("glossary", None)]) == [1, 3]
    assert not agreement_complete([("service level targets", "to be defined")])


# ---------------------------------------------------------------------- assess
def test_an_incomplete_default_sla_covers_nothing_and_is_named() -> None:
    r = run(terms("SLA-001", "service hours and exceptions", "TBD"))
    pr22 = r.requirement("PR2.2")
    assert pr22.evidenced_level == 2
    assert failing(r, "PR2.2") == {"no SLA in force covers it": ["SVC-002"], INCOMPLETE: ["SLA-001"]}
    assert f"{INCOMPLETE}: SLA-001" in pr22.evidence
    assert 'SLA-001: "service hours and exceptions" says "TBD"' in pr22.evidence
    why = {(x.id, x.role): x.why for x in pr22.records}
    assert why[("SLA-001", "fails")] == INCOMPLETE


def test_an_incomplete_individual_sla_stops_level_3_though_the_default_covers_its_service() -> None:
    r = run(terms("SLA-002", "support", None))  # a blank text, as a blank cell reads
    pr22 = r.requirement("PR2.2")
    assert (pr22.evidenced_level, pr22.blocking) == (2, "not yet: every SLA in force is complete")
    assert failing(r, "PR2.2") == {INCOMPLETE: ["SLA-002"]}
    assert 'SLA-002: "support" is blank' in pr22.evidence


def test_an_incomplete_ola_leaves_its_component_uncovered() -> None:
    r = run(terms("OLA-001", "review", "to be defined"))
    assert r.requirement("PR2.5").evidenced_level == 2
    assert failing(r, "PR2.5") == {"no OLA or UA in force covers it": ["CMP-002"], INCOMPLETE: ["OLA-001"]}


def test_the_kpis_count_only_complete_agreements_in_force() -> None:
    r = run(terms("SLA-002", "review", "n/a"), terms("UA-001", "support", "TBD"))
    assert kpi(r, "Number of SLAs") == (1, "default 1, individual 0; not counted: SLA-002 (in force but incomplete)")
    assert kpi(r, "Number of OLAs and UAs") == (
        1, "OLAs 1, UAs 0; not counted: UA-001 (in force but incomplete)"
    )


def test_an_agreement_without_terms_rows_stays_in_force_and_a_draft_is_not_judged() -> None:
    """SLA-001, OLA-001 and UA-001 of the model have no Agreement Terms row: in force as before."""
    ds = apply_all(model(), terms("SLA-002", "glossary", "Window: the 15 minutes chosen"))
    ctx = AssessmentContext(ds, AS_OF)
    assert [a.id for a in ctx.in_force_slas] == ["SLA-001", "SLA-002"]
    assert [a.id for a in ctx.in_force_ola_uas] == ["OLA-001", "UA-001"]
    draft = apply_all(model(), terms("SLA-002", "review", "TBD"), lambda d: d.tables["Agreements"][1].values.update(status="draft"))
    ctx = AssessmentContext(draft, AS_OF)
    assert not ctx.incomplete(ctx.agreements["sla-002"]) and ctx.pending(ctx.agreements["sla-002"])
    assert run().requirement("PR2.2").evidenced_level == 4
