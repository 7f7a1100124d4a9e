"""What the evidence says: failing rows under their own sheet, each reason in its own words."""

from __future__ import annotations

from test_assess_checks_gr import run
from test_assess_fixture import D, field, put


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
