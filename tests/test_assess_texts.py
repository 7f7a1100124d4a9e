"""What the evidence says: failing rows under their own sheet, each reason in its own words."""

from __future__ import annotations

from test_assess_checks_gr import run
from test_assess_fixture import D, drop, field, put


def sheets(req: str, *mutations) -> dict[str, set[str]]:  # noqa: ANN002
    """Failing ID -> the sheets the evidence names it under."""
    out: dict[str, set[str]] = {}
    for f in run(req, *mutations).failing:
        for i in f.ids:
            out.setdefault(i, set()).add(f.sheet)
    return out


def test_an_overdue_is_policy_is_named_under_documents_not_controls() -> None:
    found = sheets(
        "PR6.3",
        put("Documents", "DOC-004", next_review=D(2025, 1, 1)),
        put("Controls", "CTL-001", last_review=D(2023, 1, 1)),
    )
    assert found == {"DOC-004": {"Documents"}, "CTL-001": {"Controls"}}


def test_a_policy_without_a_planned_review_is_named_under_documents() -> None:
    found = sheets(
        "PR6.3",
        put("Documents", "DOC-004", next_review=D(2030, 1, 1)),  # past the planning horizon
        put("Controls", "CTL-002", review_interval=None),
    )
    assert found == {"DOC-004": {"Documents"}, "CTL-002": {"Controls"}}


def test_a_policy_commitment_answered_no_is_not_called_blank() -> None:
    (no,) = [t for t in run("GR1.2", field(policy_process_approach="No")).texts if "missing" in t]
    assert "blank" not in no
    assert 'policy_process_approach is answered "No" (not committed)' in no
    (empty,) = [t for t in run("GR1.2", field(policy_process_approach=None)).texts if "missing" in t]
    assert "policy_process_approach is blank" in empty


def test_gr2_1_says_each_document_and_each_state_once() -> None:
    assert run("GR2.1").texts == [
        "3 of 3 SMS documents recorded (100 %)",
        "controlled: scope statement (DOC-001), service management policy (DOC-002), "
        "service management plan (DOC-003)",
    ]


def test_gr2_1_names_each_gap_once() -> None:
    texts = run(
        "GR2.1",
        put("Documents", "DOC-001", status="draft"),
        drop("Documents", "DOC-003"),
        drop("Capacity Plans"),
    ).texts
    assert texts == [
        "2 of 3 SMS documents recorded (67 %)",
        "controlled: service management policy (DOC-002)",
        "registered, not approved: scope statement (DOC-001)",
        "not registered: service management plan",
        "empty plan register: Capacity Plans",
    ]
    blocked = run("GR2.1", drop("Capacity Plans")).texts
    assert sum("Capacity Plans" in t for t in blocked) == 1
    assert blocked[-1] == "level 3 needs: related plans exist for the in-scope PR4 and PR5"


def test_gr2_1_a_scope_statement_only_in_organisation_is_not_also_registered() -> None:
    texts = run("GR2.1", drop("Documents", "DOC-001")).texts
    assert texts[0] == "3 of 3 SMS documents recorded (100 %)"
    assert "written in Organisation, not registered in Documents: scope statement" in texts
    nothing = run(
        "GR2.1", drop("Documents", "DOC-001", "DOC-002", "DOC-003"), field(scope_statement=None)
    ).texts
    assert nothing == ["Nothing recorded: no scope statement, policy or SM plan in Documents."]
