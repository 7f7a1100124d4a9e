"""report --baseline OLD: the gap report's "Progress since" section after the summary (what
improved and regressed, the findings and actions closed and new, the process profile then and
now as a chart), in the DOCX and the PDF; refusals of a bad or misplaced baseline; the chart."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from checkdata import mutate
from test_documents_cli import run
from test_documents_data import AS_OF, SAMPLE, pdf_text, sample

from fitsm_audit.assess.compare import compare
from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.documents.build import gap_report_for
from fitsm_audit.documents.gap_report_progress import MAX_CHANGES
from fitsm_audit.documents.model import Chart, Paragraph, ProfileComparison, Table
from fitsm_audit.render.charts import render_chart

HEADING = "Progress since 30 November 2025"
CHANGED = ["GR1.2", "GR2.1", "GR3.1", "PR1.1"]  # the regression first


def _now() -> dict[str, Any]:
    """The sample's assessment in its JSON form."""
    return json.loads(json.dumps(sample()[1].to_dict(), default=str))


def _older(now: dict[str, Any]) -> dict[str, Any]:
    """The assessment a year before: GR2.1, GR3.1 and PR1.1 lower, GR1.2 met; a finding on GR2.1
    and a finding and an action on GR3.1 that are closed now; no finding or action on GR1.2."""
    old = copy.deepcopy(now)
    old["as_of"] = "2025-11-30"
    reqs = {r["id"]: r for r in old["requirements"]}

    def level(ident: str, value: int, status: str, statement: str = "", record: str = "") -> None:
        finding = {"statement": statement, "grade": "major nonconformity"} if statement else None
        fails = [{"id": record, "role": "fails", "cell": ""}] if record else []
        reqs[ident].update(level=value, status=status, finding=finding, records=fails)

    level("GR1.2", 3, "met")
    level("GR2.1", 2, "not met", "No document register is kept.", "Documents")
    level("GR3.1", 2, "not met", "The scope leaves out the locations.", "Scope locations")
    level("PR1.1", 1, "not met")
    old["actions"] = [a for a in old["actions"] if "GR1.2" not in a["requirements"]]
    old["actions"].append(
        {"id": "A-OLD", "requirements": ["GR3.1"], "what": "State the locations in the scope.",
         "records": [], "owner": "PER-001", "due": "2026-02-28", "grade": "major nonconformity"}
    )  # fmt: skip
    lower = {"GR1": 3, "GR2": 2, "GR3": 2, "PR1": 1}
    for g in old["groups"]:
        g["capability"] = lower.get(g["id"], g["capability"])
    old["readiness"] = {"verdict": "not ready", "reasons": []}
    return old


def _report(tmp: Path, *extra: str) -> list[str]:
    return ["report", str(SAMPLE), "-o", str(tmp), "--as-of", AS_OF.isoformat(), *extra]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report with the baseline as DOCX and PDF, and without it as DOCX (rendered once)."""
    folder = tmp_path_factory.mktemp("baseline")
    old = folder / "assessment-2025.json"
    old.write_text(json.dumps(_older(_now())))
    assert run_guarded(cli, _report(folder / "with", "--baseline", str(old))) == 0
    assert run_guarded(cli, _report(folder / "without", "--format", "docx")) == 0
    return {"old": old, "with": folder / "with", "without": folder / "without"}


def _headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]


def _table(path: Path, first_header: str) -> list[list[str]]:
    for t in docx.Document(str(path)).tables:
        cells = [[c.text for c in row.cells] for row in t.rows]
        if cells and cells[0][0] == first_header and len(cells[0]) == 4:
            return cells
    raise AssertionError(f"no table headed {first_header}")


def test_the_docx_has_the_section_after_the_summary_with_its_tables_and_chart(written) -> None:
    report = written["with"] / "gap-report.docx"
    headings = _headings(report)
    assert headings[headings.index("Executive summary") + 1] == HEADING
    changes = _table(report, "Req.")
    assert [row[0] for row in changes[1:]] == CHANGED
    assert changes[1][3].startswith("regressed") and "in scope" in changes[1][3]
    items = _table(report, "Change")
    assert [(r[0], r[1], r[2]) for r in items[1:]] == [
        ("closed", "finding", "GR2.1"),
        ("closed", "finding", "GR3.1"),
        ("closed", "action", "GR3.1"),
        ("new", "finding", "GR1.2"),
        ("new", "action", "GR1.2"),
    ]
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "3 requirements improved, 1 regressed and 81 unchanged" in text
    assert "not ready then, ready after minor actions now" in text
    plain = docx.Document(str(written["without"] / "gap-report.docx"))
    assert len(docx.Document(str(report)).inline_shapes) == len(plain.inline_shapes) + 1
    assert not any(
        h.startswith("Progress since") for h in _headings(written["without"] / "gap-report.docx")
    )
    cover = [[c.text for c in row.cells] for row in docx.Document(str(report)).tables[0].rows]
    assert ["Baseline", "30 November 2025"] in cover


def test_the_pdf_has_the_section_and_the_chart(written) -> None:
    text = pdf_text((written["with"] / "gap-report.pdf").read_bytes())
    assert text.count(HEADING) == 2  # the contents and the heading
    assert "30 November 2025 (baseline)" in text  # the chart's legend, drawn as text
    body = text[
        text.rindex(HEADING) : text.index("Results by requirement group", text.rindex(HEADING))
    ]
    assert all(ident in body for ident in CHANGED) and "regressed" in body and "closed" in body


def test_a_bad_or_misplaced_baseline_is_one_line_and_writes_nothing(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = tmp_path / "out"
    code, _, err = run(_report(out, "--baseline", str(bad)), capsys)
    assert code == 2 and err.count("\n") == 1 and "not JSON" in err
    code, _, err = run(_report(out, "--baseline", str(out / "gap-report.pdf")), capsys)
    assert code == 2 and err.count("\n") == 1 and "the report writes there" in err
    code, _, err = run(_report(out, "--baseline", str(SAMPLE), "--baseline-as-of", "June"), capsys)
    assert code == 2 and err.count("\n") == 1 and "--baseline-as-of 'June'" in err
    code, _, err = run(_report(out, "--baseline-as-of", "2026-06-30"), capsys)
    assert code == 2 and "give --baseline too" in err
    assert not out.exists()


def test_a_workbook_baseline_is_assessed_as_of_its_date(tmp_path, capsys) -> None:
    def complete(wb: openpyxl.Workbook) -> None:
        wb["Organisation"]["B10"] = "We manage by processes with owners, inputs and outputs."

    old = mutate(SAMPLE, tmp_path / "last-year.xlsx", complete)
    out = tmp_path / "out"
    args = _report(
        out, "--baseline", str(old), "--baseline-as-of", "2026-06-30", "--format", "docx"
    )
    code, _, err = run(args, capsys)
    assert code == 0, err
    assert "Progress since 30 June 2026" in _headings(out / "gap-report.docx")
    changes = _table(out / "gap-report.docx", "Req.")
    assert changes[1][0] == "GR1.2" and changes[1][3].startswith("regressed")


def test_nothing_changed_is_one_sentence() -> None:
    dataset, assessment, findings = sample()
    now = _now()
    doc = gap_report_for(dataset, assessment, findings, compare(now, now))
    section = doc.sections[1]
    assert section.title == "Progress since 30 November 2026"
    assert len(section.blocks) == 1 and isinstance(section.blocks[0], Paragraph)
    assert section.blocks[0].text.startswith(
        "Nothing changed since the assessment of 30 November 2026"
    )


def test_many_changes_are_capped_and_editions_name_the_unmapped() -> None:
    dataset, assessment, findings = sample()
    now = _now()
    old = copy.deepcopy(now)
    for r in old["requirements"]:
        r.update(level=0, status="not met")
    section = gap_report_for(dataset, assessment, findings, compare(old, now)).sections[1]
    (changes,) = [
        b for b in section.blocks if isinstance(b, Table) and b.columns[0].header == "Req."
    ]
    assert (
        len(changes.rows) == MAX_CHANGES
        and "more changed requirements are not listed" in changes.note
    )
    other = copy.deepcopy(now)
    other["edition"] = "3"
    other["requirements"] = [
        {"id": "GR1.1", "level": 4, "status": "met"},
        {"id": "XX9.9", "level": 1},
    ]
    section = gap_report_for(dataset, assessment, findings, compare(other, now)).sections[1]
    notes = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.style == "note"]
    assert len(notes) == 1 and "edition 3" in notes[0] and "Not compared" in notes[0]
    assert "XX9.9 (edition 3)" in notes[0]


CHART = Chart(
    "progress",
    ProfileComparison(
        "30 November 2025 (baseline)",
        "30 November 2026",
        [
            ("GR1", 3, 2, 3, True),
            ("GR2", None, 4, 3, True),
            ("PR10", None, None, 3, False),
            ("PR1", 1, 4, 3, True),
        ],
    ),
    "caption",
    "alt",
)


def test_the_progress_chart_is_deterministic_with_both_dates() -> None:
    svg = render_chart(CHART, "svg")
    assert svg == render_chart(CHART, "svg") and b"<dc:date>" not in svg
    assert b"30 November 2025 (baseline)" in svg and b"30 November 2026" in svg
    png = render_chart(CHART, "png")
    assert png.startswith(b"\x89PNG") and png == render_chart(CHART, "png")
