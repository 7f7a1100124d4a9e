"""A register of thousands of rows gives documents a person can read: an action names its first
25 records and counts the rest, Appendix B lists the first 25 failing records of a requirement
and counts the rest, and an evidence line lists the first 20 items; the JSON keeps every record."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from test_documents_data import sample

from fitsm_audit.assess.actions import plan
from fitsm_audit.assess.audit_result import EvidenceRecord
from fitsm_audit.assess.common import id_list
from fitsm_audit.assess.ladder import Settings
from fitsm_audit.documents.gap_report_audit import evidence_appendix
from fitsm_audit.documents.model import Table

AS_OF = dt.date(2026, 11, 30)
WHY = "last agreement review more than a year ago"


@pytest.fixture(scope="module")
def sampled() -> Any:
    return sample()


def many_failing(n: int) -> list[EvidenceRecord]:
    return [EvidenceRecord("Agreements", 10 + i, f"SLA-{i:04d}", f"Agreements!A{10 + i}", "fails", WHY)
            for i in range(n)]


def with_records(sampled: Any, records: list[EvidenceRecord]) -> Any:
    _, result, _ = sampled
    req = next(r for r in result.requirements if r.finding is not None)
    return dataclasses.replace(req, records=records, records_total=len(records))


def test_an_action_names_25_records_and_counts_the_rest(sampled: Any) -> None:
    dataset = sampled[0]
    req = with_records(sampled, many_failing(1_030))
    (action,) = [a for a in plan([req], dataset, AS_OF, Settings()) if a.records]
    assert "SLA-0024" in action.what and "SLA-0025" not in action.what
    assert action.what.endswith("and 1,005 more records (every one in the JSON output)")
    assert len(action.records) == 1_030  # the action still holds every record


def test_a_short_action_names_every_record(sampled: Any) -> None:
    req = with_records(sampled, many_failing(25))
    (action,) = [a for a in plan([req], sampled[0], AS_OF, Settings()) if a.records]
    assert "SLA-0024" in action.what and "more record" not in action.what


def test_appendix_b_lists_25_failing_records_and_counts_the_rest(sampled: Any) -> None:
    req = with_records(sampled, many_failing(400))
    (table,) = [b for b in evidence_appendix([req]).blocks if isinstance(b, Table)]
    (row,) = table.rows
    failing = row[1]
    assert "SLA-0024" in failing.text and "SLA-0025" not in failing.text
    assert failing.notes == [WHY, "375 more failing records in the JSON output"]


def test_appendix_b_lists_every_failing_record_up_to_25(sampled: Any) -> None:
    req = with_records(sampled, many_failing(25))
    (table,) = [b for b in evidence_appendix([req]).blocks if isinstance(b, Table)]
    assert "SLA-0024" in table.rows[0][1].text and table.rows[0][1].notes == [WHY]


def test_an_evidence_list_shows_20_items_and_counts_the_rest() -> None:
    items = [f"CMP-{i} needs drivers, ovens" for i in range(2_520)]
    shown = id_list(items, sep="; ")
    assert shown.count("; ") == 19 and shown.endswith("CMP-19 needs drivers, ovens and 2,500 more")
    assert id_list(items[:20], sep="; ") == "; ".join(items[:20])
