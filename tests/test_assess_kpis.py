"""KPIs: a coverage KPI over a non-empty population is a percentage (0 % when nothing is covered);
n/a only when the population is empty, and then its note gives the true reason."""

from __future__ import annotations

from test_assess_fixture import AS_OF, apply_all, drop, model, put_all

from fitsm_audit.assess import assess
from fitsm_audit.assess.result import Kpi

ACP, CAP = "Availability & Continuity Plans", "Capacity Plans"
ACP_KPI = "Live services covered by an availability and continuity plan"
CAP_KPI = "Live services covered by a capacity plan"
SURVEYED = "Customers surveyed"
REVIEWED = "Customers with a service review in date"
EVALUATED = "Suppliers evaluated in date"


def kpis(*mutations) -> dict[str, Kpi]:  # noqa: ANN002
    result = assess(apply_all(model(), *mutations), as_of=AS_OF)
    return {k.name: k for k in result.kpis}


def test_no_plan_for_live_services_is_zero_percent_not_na() -> None:
    by_name = kpis(drop(ACP), drop(CAP))
    for name in (ACP_KPI, CAP_KPI):
        assert (by_name[name].value, by_name[name].note) == (0.0, "0 of 2"), name


def test_no_survey_of_active_customers_is_zero_percent_not_no_active_customer() -> None:
    by_name = kpis(drop("Satisfaction"), put_all("Customers", last_survey=None))
    assert by_name["Active customers"].value == 2
    assert (by_name[SURVEYED].value, by_name[SURVEYED].note) == (0.0, "0 of 2")


def test_no_service_review_and_no_supplier_evaluation_are_zero_percent() -> None:
    by_name = kpis(
        put_all("Customers", last_service_review=None),
        drop("Agreements", where=lambda a: a["type"] == "SLA" and a["sla_kind"] != "default"),
        put_all("Suppliers", last_evaluation=None),
        drop("Agreements", where=lambda a: a["type"] in ("OLA", "UA")),
    )
    assert (by_name[REVIEWED].value, by_name[REVIEWED].note) == (0.0, "0 of 2")
    assert (by_name[EVALUATED].value, by_name[EVALUATED].note) == (0.0, "0 of 1")


def test_na_notes_give_the_true_reason() -> None:
    no_live = kpis(put_all("Services", status="retired"))
    for name in (ACP_KPI, CAP_KPI):
        assert no_live[name].value is None and no_live[name].note == "no in-scope service is live"
    no_services = kpis(drop("Services"), drop(ACP), drop(CAP))
    assert no_services[CAP_KPI].value is None and no_services[CAP_KPI].note == "no live service"
    no_customers = kpis(drop("Customers"), drop("Satisfaction"))
    assert no_customers["Active customers"].value == 0
    assert no_customers[SURVEYED].value is None and no_customers[SURVEYED].note == "no active customer"
    former = kpis(put_all("Customers", status="former"))
    assert former["Active customers"].value == 0
    assert former[SURVEYED].value is None and former[SURVEYED].note == "no active customer"
