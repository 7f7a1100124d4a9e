"""The SMS plan: scope statement, policy commitments, roadmap; the sample in DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_documents_data import AS_OF, docx_text, pdf_text, sample, tiny_dataset, weasyprint_logs

from fitsm_audit.documents.model import Chart, Table
from fitsm_audit.documents.sms_plan import build_sms_plan
from fitsm_audit.documents.sms_plan_roadmap import roadmap_series
from fitsm_audit.documents.sms_plan_scope import scope_statement
from fitsm_audit.render import render


def test_scope_statement_follows_the_generic_pattern() -> None:
    statement, composed = scope_statement(tiny_dataset())
    assert composed
    assert statement == (
        "The SMS of Tiny Pies <b>Ltd</b> that delivers pie delivery and pie club, supported by "
        "web shop and the van fleet, from the bakery in Springfield, to private customers in "
        "Springfield."
    )


def test_scope_statement_given_wins_and_named_services_are_used() -> None:
    assert scope_statement(tiny_dataset(scope_statement="Ours.")) == ("Ours.", False)
    statement, _ = scope_statement(
        tiny_dataset(
            scope_services="SVC-003",
            scope_technology=None,
            scope_locations=None,
            scope_customers=None,
        )
    )
    assert statement == "The SMS of Tiny Pies <b>Ltd</b> that delivers pie club."


def test_policy_lists_five_commitments_and_flags_the_missing_one() -> None:
    doc = build_sms_plan(tiny_dataset(), AS_OF)
    policy = next(s for s in doc.sections if s.title.startswith("Service management policy"))
    table = next(b for b in policy.blocks if isinstance(b, Table))
    assert [r[0].text for r in table.rows] == [
        "A commitment to fulfil customer service requirements",
        "A commitment to a service-oriented approach",
        "A commitment to a process approach",
        "A commitment to continual improvement",
        "Overall service management goals",
    ]
    assert table.rows[2][1].tone == "bad" and table.rows[2][1].text == "Not yet stated: to be added to the policy."
    assert any(getattr(b, "style", "") == "gap" for b in policy.blocks)


def test_roadmap_has_in_scope_processes_and_dated_others() -> None:
    series = roadmap_series(tiny_dataset(), AS_OF)
    labels = [i[0] for i in series.items]
    assert labels == ["PR1 Service portfolio management", "PR2 Service level management"]
    assert series.items[0][1:] == (dt.date(2026, 3, 31), dt.date(2026, 2, 1), "implemented")


def test_overdue_goals_are_flagged() -> None:
    doc = build_sms_plan(tiny_dataset(), AS_OF)
    goals = next(s for s in doc.sections if s.title == "Goals and timing")
    row = next(b for b in goals.blocks if isinstance(b, Table)).rows[0]
    assert row[4].text == "planned (overdue)" and row[4].tone == "bad"


@pytest.fixture(scope="module")
def rendered():
    dataset, _, _ = sample()
    doc = build_sms_plan(dataset, AS_OF)
    with weasyprint_logs() as records:
        out = render(doc, ["docx", "pdf"])
    return doc, out, records


def test_sample_plan_in_both_formats(rendered) -> None:
    doc, out, records = rendered
    assert records == []
    pdf = re.sub(r"\s+", " ", pdf_text(out["pdf"]))
    word = re.sub(r"\s+", " ", docx_text(out["docx"]))
    for phrase in (
        "Scope of the SMS (GR3)",
        "The SMS of Pronto Pizza Ltd.",
        "A commitment to a process approach",
        "Not yet stated",
        "Process implementation roadmap",
        "FitSM Foundation",
        "TrackRoute",
        "Laura Bennett",
        "GOAL-007",
        "DOC-003",
    ):
        assert phrase in pdf, phrase
        assert phrase in word, phrase
    assert any(isinstance(b, Chart) for s in doc.sections for b in s.blocks)
    assert doc.control.version == "2.0" and doc.control.status == "approved"


def test_document_control_says_how_the_approved_version_relates_to_this_copy() -> None:
    """An approved plan rendered from later registers says so, and an overdue review is named:
    the copy never looks like the approved text of another date."""
    dataset, _, _ = sample()
    control = build_sms_plan(dataset, AS_OF).control
    assert control.approved_on == "2026-02-10" and control.version == "2.0"
    assert control.note == (
        "Version 2.0 was approved on 2026-02-10; this copy is written from the registers as of "
        "2026-11-30. Where they changed since the approval, register and approve a new version."
    )
    late = build_sms_plan(dataset, dt.date(2027, 3, 1)).control
    assert late.note.endswith("Its review was due on 2027-02-10 and is overdue.")
    same_day = build_sms_plan(dataset, dt.date(2026, 2, 10)).control
    assert same_day.note == ""
    html = render(build_sms_plan(dataset, AS_OF), ["html"])["html"].decode()
    assert "this copy is written from the registers as of 2026-11-30" in html
