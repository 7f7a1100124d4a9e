"""compare OLD NEW: progress between two assessments of one SMS, by requirement, process, finding
and action; matched by requirement and record ID, so a moved row is not closed-and-new. The inputs
are the sample and copies of it with a few cells changed (openpyxl), or assessment.json files."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from checkdata import mutate
from test_documents_cli import run
from test_documents_data import AS_OF, SAMPLE

from fitsm_audit.assess.compare import IMPROVED, REGRESSED, UNCHANGED, compare
from fitsm_audit.publish.assessment_input import assess_workbooks
from fitsm_audit.workbook.container import DEFAULT_LIMITS

DAY = AS_OF.isoformat()


def _policy_complete(tmp_path: Path) -> Path:
    """The sample with the policy's missing commitment (Organisation!B10) stated."""

    def change(wb: openpyxl.Workbook) -> None:
        wb["Organisation"]["B10"] = "We manage by processes with owners, inputs and outputs."

    return mutate(SAMPLE, tmp_path / "complete.xlsx", change)


def _rows_moved(tmp_path: Path) -> Path:
    """The sample with an empty row inserted at the top of the Documents data: every document's
    cells move one row down, the records stay the same."""

    def change(wb: openpyxl.Workbook) -> None:
        wb["Documents"].insert_rows(2)

    return mutate(SAMPLE, tmp_path / "moved.xlsx", change)


@pytest.fixture(scope="module")
def sample_assessment() -> dict:
    return assess_workbooks([str(SAMPLE)], AS_OF, "2", DEFAULT_LIMITS)


def test_an_assessment_compared_with_itself_is_unchanged(sample_assessment) -> None:
    c = compare(sample_assessment, sample_assessment)
    assert {r.change for r in c.requirements} == {UNCHANGED}
    assert c.closed == [] and c.opened == [] and c.still_open
    assert {i.kind for i in c.still_open} == {"finding", "action"}
    assert all(p.change == UNCHANGED for p in c.processes) and c.unmapped_old == c.unmapped_new == []


def test_a_regression_is_named_with_its_new_finding_and_the_reverse_closes_it(tmp_path, sample_assessment) -> None:
    complete = assess_workbooks([str(_policy_complete(tmp_path))], AS_OF, "2", DEFAULT_LIMITS)
    worse = compare(complete, sample_assessment)
    (gr12,) = [r for r in worse.requirements if r.id == "GR1.2"]
    assert (gr12.old_status, gr12.new_status, gr12.change) == ("met", "not met", REGRESSED)
    assert gr12.old_level is not None and gr12.new_level < gr12.old_level
    assert [r.id for r in worse.regressed_in_scope] == ["GR1.2"]
    assert [(i.kind, i.requirements, i.record) for i in worse.opened if i.kind == "finding"] == [
        ("finding", ("GR1.2",), "Policy process approach")
    ]
    assert worse.closed == []
    better = compare(sample_assessment, complete)
    assert [r.id for r in better.changed(IMPROVED)] == ["GR1.2"] and better.regressed_in_scope == []
    assert ("GR1.2", "Policy process approach") in [(i.requirements[0], i.record) for i in better.closed]
    assert better.opened == []


def test_moved_rows_are_the_same_records(tmp_path, sample_assessment) -> None:
    moved = assess_workbooks([str(_rows_moved(tmp_path))], AS_OF, "2", DEFAULT_LIMITS)
    statements = " ".join(str((r.get("finding") or {}).get("statement")) for r in moved["requirements"])
    assert "Documents!I23" in statements  # DOC-021's cell moved from I22 ...
    c = compare(sample_assessment, moved)
    assert c.closed == [] and c.opened == []  # ... and its finding is still the same one
    assert any(i.record == "DOC-021" for i in c.still_open)


def test_the_command_reads_json_and_workbooks_and_gates_on_regressions(tmp_path, capsys) -> None:
    old_json = tmp_path / "old.json"
    code, _, err = run(["assess", str(_policy_complete(tmp_path)), "--as-of", DAY, "--format", "json",
                        "-o", str(old_json)], capsys)  # fmt: skip
    assert old_json.is_file(), err
    code, out, err = run(["compare", str(old_json), str(SAMPLE), "--as-of", DAY], capsys)
    assert code == 1, err
    assert "Requirements: 0 improved, 1 regressed, 84 unchanged" in out
    assert "  GR1.2   level " in out and "met -> not met" in out
    assert "1 in-scope requirement regressed" in out
    code, out, _ = run(["compare", str(SAMPLE), str(old_json), "--as-of", DAY, "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["counts"]["improved"] == 1 and data["counts"]["regressed"] == 0
    assert data["requirements"][0]["id"] == "GR1.1" and "closed" in data
    code, _, _ = run(["compare", str(SAMPLE), str(old_json), "--as-of", DAY, "--fail-on", "below-target"], capsys)
    assert code == 1  # the complete policy still leaves requirements below target


def test_the_comparison_workbook_colours_the_changes_and_prints(tmp_path, capsys) -> None:
    out = tmp_path / "progress.xlsx"
    code, _, err = run(["compare", str(_policy_complete(tmp_path)), str(SAMPLE), "--as-of", DAY,
                        "--format", "xlsx", "-o", str(out)], capsys)  # fmt: skip
    assert code == 1 and f"wrote {out}" in err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Requirements", "Processes", "Findings and actions"]
    ws = wb["Requirements"]
    (row,) = [r for r in ws.iter_rows(min_row=2) if r[0].value == "GR1.2"]
    assert row[9].value == "regressed" and row[9].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    states = {r[0].value for r in wb["Findings and actions"].iter_rows(min_row=2)}
    assert states == {"new", "still open"}
    code, _, err = run(["compare", str(SAMPLE), str(SAMPLE), "--as-of", DAY, "--format", "xlsx", "-o", str(out)], capsys)
    assert code == 2 and "already exists" in err  # never a silent overwrite


def test_editions_are_matched_through_the_mapping(sample_assessment) -> None:
    v3 = assess_workbooks([str(SAMPLE)], AS_OF, "3", DEFAULT_LIMITS)
    c = compare(sample_assessment, v3)
    mapped = [r for r in c.requirements if r.old_ids]
    assert mapped and all(all(i in {q["id"] for q in sample_assessment["requirements"]} for i in r.old_ids) for r in mapped)
    assert c.unmapped_new == [r.id for r in c.requirements if not r.old_ids]
    assert set(c.unmapped_old) <= {q["id"] for q in sample_assessment["requirements"]}
    assert len(mapped) + len(c.unmapped_new) == len(v3["requirements"])


def test_bad_inputs_are_one_line(tmp_path, capsys) -> None:
    cases = {
        "notjson.json": (b"{not json", "not JSON"),
        "other.json": (b'{"a": 1}', "not an assessment"),
        "badreq.json": (b'{"edition": "2", "as_of": "2026-11-30", "requirements": [1]}', "not a list of requirements"),
        "baddate.json": (b'{"edition": "2", "as_of": "soon", "requirements": []}', "is not a date"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, _, err = run(["compare", str(path), str(SAMPLE), "--as-of", DAY], capsys)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1, (name, err)
    code, _, err = run(["compare", str(tmp_path / "missing.json"), str(SAMPLE)], capsys)
    assert code == 2 and "no such file" in err
