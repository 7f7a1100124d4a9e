"""The service catalogue: live services with an entry, how to request, support, applicable SLA."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_documents_data import AS_OF, docx_text, pdf_text, sample, tiny_dataset, weasyprint_logs

from fitsm_audit.documents.model import Facts
from fitsm_audit.documents.service_catalogue import build_service_catalogue
from fitsm_audit.render import render


def test_every_live_service_is_listed_those_without_an_entry_from_services() -> None:
    doc = build_service_catalogue(tiny_dataset(), AS_OF)
    assert {k: doc.extra[k] for k in ("services", "missing")} == {
        "services": ["SVC-001", "SVC-003"], "missing": ["SVC-003"],
    }  # fmt: skip
    unlisted = doc.sections[1].subsections[1]
    pairs = dict(next(b for b in unlisted.blocks if isinstance(b, Facts)).pairs)
    assert "not set" not in " ".join(pairs.values()).lower() and "How to request it" not in pairs
    details = doc.sections[1].subsections[0]
    facts = dict(next(b for b in details.blocks if isinstance(b, Facts)).pairs)
    assert facts["How to request it"] == "Call us"
    assert facts["Applicable SLA"] == "SLA-001: Default SLA, version 1.0"
    assert facts["Support"] == "Bob Crust, 555-0100; Call 555-0100"
    assert facts["Service hours"] == "Daily 10-22"


def test_sample_catalogue_in_both_formats() -> None:
    dataset, _, _ = sample()
    doc = build_service_catalogue(dataset, AS_OF)
    assert "SVC-005" in doc.extra["missing"]  # planted gap: the loyalty programme
    with weasyprint_logs() as records:
        out = render(doc, ["docx", "pdf"])
    assert records == []
    pdf = re.sub(r"\s+", " ", pdf_text(out["pdf"]))
    word = re.sub(r"\s+", " ", docx_text(out["docx"]))
    for phrase in (
        "Pizza delivery (SVC-001)",
        "Party and event catering",
        "catering@prontopizza.example",
        "SLA-001: Default SLA",
        "Individual SLA agreed with each customer",
        "How to request it",
    ):
        assert phrase in pdf, phrase
        assert phrase in word, phrase
    # the planted gap: live without a Catalogue entry, still offered, described from Services
    assert "Pronto Points loyalty programme (SVC-005)" in pdf and "No SLA in force" not in pdf


def _applicable(**changes: object) -> str:
    """The Applicable SLA fact of SVC-001 with SLA-001's row changed."""
    ds = tiny_dataset()
    sla = ds.by_key("Agreements")["sla-001"]
    for key, value in changes.items():
        sla.values[key] = value
    details = build_service_catalogue(ds, AS_OF).sections[1].subsections[0]
    return dict(next(b for b in details.blocks if isinstance(b, Facts)).pairs)["Applicable SLA"]


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "draft"},
        {"signed_on": None},
        {"signed_on": AS_OF + dt.timedelta(days=1)},
        {"valid_from": AS_OF + dt.timedelta(days=1)},
        {"valid_until": AS_OF - dt.timedelta(days=1)},
    ],
    ids=["draft", "unsigned", "signed-later", "starts-later", "expired"],
)
def test_an_sla_not_in_force_is_not_printed(changes: dict[str, object]) -> None:
    assert _applicable(**changes) == "No published service levels yet: ask us for the levels that apply to you"


def test_an_sla_in_force_on_its_boundary_days_is_printed() -> None:
    on_day = {"signed_on": AS_OF, "valid_from": AS_OF, "valid_until": AS_OF}
    assert _applicable(**on_day) == "SLA-001: Default SLA, version 1.0"
    assert _applicable(valid_until=dt.date(9999, 12, 31)) == "SLA-001: Default SLA, version 1.0"


def test_individual_slas_count_only_when_in_force() -> None:
    ds = tiny_dataset()
    ds.tables["Catalogue"][0].values["default_sla"] = None
    sla = ds.by_key("Agreements")["sla-001"]
    sla.values["sla_kind"] = "individual"
    facts = lambda: dict(  # noqa: E731
        next(
            b
            for b in build_service_catalogue(ds, AS_OF).sections[1].subsections[0].blocks
            if isinstance(b, Facts)
        ).pairs
    )
    assert facts()["Applicable SLA"] == "Individual SLA agreed with each customer"
    sla.values["valid_until"] = dt.date(2026, 1, 1)
    assert facts()["Applicable SLA"] == "No published service levels yet: ask us for the levels that apply to you"


def test_the_missing_service_warning_ignores_out_of_scope_services() -> None:
    ds = tiny_dataset()
    ds.by_key("Services")["svc-003"].values["in_scope"] = False
    assert build_service_catalogue(ds, AS_OF).extra["missing"] == []
