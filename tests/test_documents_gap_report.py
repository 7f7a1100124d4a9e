"""The gap report: rules on a hand-made assessment (read from its JSON form), then the sample in
DOCX and PDF."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_documents_data import (
    docx_text,
    pdf_text,
    sample,
    tiny_dataset,
    weasyprint_logs,
)

from fitsm_audit.assess.registry import checks_for
from fitsm_audit.assess.result import AssessmentResult, RequirementResult
from fitsm_audit.core.findings import Finding
from fitsm_audit.documents.build import gap_report_for
from fitsm_audit.documents.gap_report import build_gap_report
from fitsm_audit.documents.gap_report_appendices import MAX_FINDINGS
from fitsm_audit.documents.model import Bullets, Chart, DocumentControl, Stats, Table
from fitsm_audit.render import render

PLANTED = ("GR1.2", "GR2.4", "PR2.1", "PR2.2", "PR2.3", "PR2.5", "PR6.1", "PR6.2", "PR7.4", "PR8.2")


def req(rid: str, level: int | None, status: str, *, target: int = 3, **extra: Any) -> dict:
    return {
        "id": rid,
        "group": rid.split(".")[0],
        "text": f"Text of {rid}:\n- first\n- second",
        "evidenced_level": level,
        "claimed_level": level,
        "level": level,
        "target": target,
        "status": status,
        "discrepancy": None,
        "evidence": [],
        "recommendation": None,
        **extra,
    }


def assessment(**overrides: Any) -> dict:
    data = {
        "edition": "2",
        "as_of": "2026-11-30",
        "requirements": [
            req("GR1.1", 3, "met"),
            req(
                "GR1.2",
                2,
                "not met",
                recommendation={"action": "Write the policy.", "priority": "medium"},
                evidence=[f"item {i} " + "long " * 80 for i in range(6)],
                discrepancy={"claimed": 3, "evidenced": 2, "message": "claimed 3 but 2 shown"},
                finding={"grade": "minor nonconformity", "statement": "GR1.2 expects a policy.",
                         "records": ["Organisation!B7"]},
                self_assessment={"evidence": "Policy v2", "comment": "Signed in May",
                                 "assessor": "PER-002", "date": "2026-10-14"},
            ),
            req("PR1.1", 1, "not met", recommendation={"action": "Start.", "priority": "high"},
                finding={"grade": "major nonconformity", "statement": "PR1.1 expects a portfolio."},
                records=[{"sheet": "Services", "row": 4, "id": "SVC-003", "cell": "Services!A4",
                          "role": "fails", "why": "no owner"},
                         {"sheet": "Services", "row": 2, "id": "SVC-001", "cell": "Services!A2",
                          "role": "supports", "why": "has an owner"}],
                records_total=30),
            req("PR7.3", 3, "not met", target=4, recommendation={"priority": "low"},
                finding={"grade": "opportunity for improvement", "statement": "PR7.3 at 3."}),
            req("PR10.1", None, "out of scope"),
        ],
        "groups": [
            {
                "id": "GR1",
                "name": "Top management",
                "capability": 2,
                "mean": 2.5,
                "target": 3,
                "in_scope": True,
                "met": False,
            },
            {
                "id": "PR1",
                "name": "Portfolio",
                "capability": 1,
                "mean": 1.0,
                "target": 3,
                "in_scope": True,
                "met": False,
            },
            {
                "id": "PR7",
                "name": "Customers",
                "capability": 3,
                "mean": 3.0,
                "target": 4,
                "in_scope": True,
                "met": False,
            },
            {
                "id": "PR10",
                "name": "Problems",
                "capability": None,
                "mean": None,
                "target": 3,
                "in_scope": False,
                "met": None,
            },
        ],
        "maturity": {"headline": 1, "headline_label": "initial", "lowest": ["PR1"]},
        "readiness": {"verdict": "not ready", "reasons": ["1 major nonconformity: PR1.1"]},
        "actions": [
            {"id": "A-000001", "requirements": ["PR1.1"], "what": "No owner: SVC-003 (Services!A4)",
             "records": ["Services!A4"], "owner": "PER-005", "owner_source": "process manager of PR1",
             "due": "2026-12-30", "priority": "high", "grade": "major nonconformity",
             "guidance": "Name an owner."},
            {"id": "A-000002", "requirements": ["GR1.2", "PR7.3"], "what": "Write the policy.",
             "records": [], "owner": "PER-002", "owner_source": "SMS manager",
             "due": "2027-02-28", "priority": "medium", "grade": "minor nonconformity"},
        ],
        "kpis": [
            {"process": "PR2", "name": "Number of SLAs", "value": 3, "unit": "SLAs"},
            {"process": "PR6", "name": "Costs", "value": None, "unit": "-"},
        ],
        "findings": [
            {
                "severity": "warning",
                "sheet": "Agreements",
                "cell": "Agreements!P4",
                "message": "review overdue",
                "hint": "hold it",
            }
        ],
        "method": {
            "result_rule": "the lower of both",
            "priority_rule": {"high": "level 0-1"},
            "keystones": ["GR1.1", "PR1.1"],
            "defaults": {"kpi_window": 12, "event_open_days": {"critical": 7}},
            "ladders": {
                "GR1.1": {
                    "top_management": {
                        "c": "sub-bullets shown",
                        "0": "nothing recorded",
                        "1": "something recorded, c < 50 %",
                        "2": "50 % <= c < 100 %",
                        "3": "c = 100 % and all four",
                        "4": "level 3 and reviews one interval apart",
                    }
                },
                "PR1.1": {
                    "portfolio": {
                        "c": "live services specified",
                        "0": "Services empty",
                        "1": "something recorded, c < 50 %",
                        "2": "at least one service specified",
                        "3": "c = 100 %",
                        "4": "level 3 and M(PR1)",
                    }
                },
            },
        },
    }
    data.update(overrides)
    return data


CONTROL = DocumentControl("Gap report", "0.1", "draft", "Bob", "pending", "—", "2026-11-30")


def typed(**overrides: Any) -> AssessmentResult:
    return AssessmentResult.from_dict(assessment(**overrides))


def build(findings: list[dict] | None = None, **overrides: Any):
    found = None if findings is None else [Finding.from_dict(f) for f in findings]
    return build_gap_report(
        typed(**overrides), provider="Acme", scope="All of it.", control=CONTROL, findings=found
    )


def test_gaps_are_in_scope_requirements_below_target_in_priority_order() -> None:
    doc = build()
    assert doc.extra["gaps"] == ["PR1.1", "GR1.2", "PR7.3"]
    assert not RequirementResult.from_dict(req("PR10.1", None, "out of scope")).is_gap
    assert RequirementResult.from_dict(req("PR9.1", None, "not assessed")).is_gap
    assert not RequirementResult.from_dict(req("PR9.1", 2, "not met", in_scope=False)).is_gap


def test_priorities_grades_and_labels_come_from_the_assessment_only() -> None:
    """No second copy of rule P, the grading rule, the keystones or the level names in the report:
    the findings show the assessment's grades, the action plan its actions as given."""
    from fitsm_audit.documents import (
        gap_report,
        gap_report_appendices,
        gap_report_audit,
        gap_report_rules,
        gap_report_sections,
    )

    modules = (gap_report, gap_report_rules, gap_report_sections, gap_report_appendices, gap_report_audit)
    for module in modules:
        for duplicate in ("KEYSTONES", "LEVEL_NAMES", "LEVEL_MEANINGS", "GRADING_RULE", "grade"):
            assert not hasattr(module, duplicate), (module.__name__, duplicate)
    doc = build(labels={str(n): f"L{n}" for n in range(5)})
    assert doc.extra["gaps"] == ["PR1.1", "GR1.2", "PR7.3"]
    findings = next(b for b in doc.sections[2].blocks if isinstance(b, Table))
    assert [(r[0].text, r[1].text, r[1].tone) for r in findings.rows] == [
        ("PR1.1", "major nonconformity", "bad"),
        ("GR1.2", "minor nonconformity", "warn"),
        ("PR7.3", "opportunity for improvement", "muted"),
    ]
    plan = next(b for b in doc.sections[3].blocks if isinstance(b, Table))
    assert [(r[0].text, r[0].notes, r[1].text, r[3].notes, r[4].text) for r in plan.rows] == [
        ("A-000001", ["PR1.1"], "high", ["PER-005, process manager of PR1"], "2026-12-30"),
        ("A-000002", ["GR1.2 and PR7.3"], "medium", ["PER-002, SMS manager"], "2027-02-28"),
    ]
    assert plan.rows[0][2].notes == ["How: Name an owner."]
    scale = next(b for b in doc.sections[7].blocks if isinstance(b, Table))
    assert [r[1].text for r in scale.rows] == ["L0", "L1", "L2", "L3", "L4"]
    note = doc.sections[3].blocks[0].text
    assert "high: level 0-1" in note


def test_the_summary_leads_with_the_verdict_and_the_first_actions() -> None:
    doc = build()
    blocks = doc.sections[0].blocks
    assert blocks[0].text == "Readiness for the certification audit: not ready."
    assert blocks[1].items == ["1 major nonconformity: PR1.1."]
    urgent = next(b for b in blocks if isinstance(b, Bullets) and b is not blocks[1])
    assert urgent.items[0] == (
        "A-000001 (PR1.1; high priority; PER-005 by 2026-12-30): No owner: SVC-003 (Services!A4)"
    )
    assert doc.summary.startswith("Readiness: not ready.")


def test_the_evidence_appendix_lists_records_by_id_and_cell() -> None:
    doc = build()
    appendix = doc.sections[6]
    assert appendix.title == "Appendix B: Evidence sampled"
    table = next(b for b in appendix.blocks if isinstance(b, Table))
    (row,) = table.rows
    assert (row[0].text, row[1].text, row[1].notes) == ("PR1.1", "SVC-003 (Services!A4)", ["no owner"])
    assert row[2].text == "SVC-001 (Services!A2)" and row[2].notes == ["28 more supporting records in the JSON output"]


def test_sample_gap_grades_are_the_assessments() -> None:
    dataset, assessment, findings = sample()
    doc = gap_report_for(dataset, assessment, findings)
    table = next(b for b in doc.sections[2].blocks if isinstance(b, Table))
    given = {r.id: r.finding.grade for r in assessment.requirements if r.finding}
    assert table.rows and all(row[1].text == given[row[0].text] for row in table.rows)
    plan = next(b for b in doc.sections[3].blocks if isinstance(b, Table))
    assert [row[0].text for row in plan.rows] == [a.id for a in assessment.actions]
    assert all(row[3].text and row[4].text for row in plan.rows)  # every action has an owner and a date


def test_sections_and_the_capability_chart() -> None:
    doc = build()
    titles = [s.title for s in doc.sections]
    assert titles == [
        "Executive summary",
        "Results by requirement group",
        "Findings",
        "Action plan",
        "Key performance indicators",
        "Appendix A: Data-quality findings",
        "Appendix B: Evidence sampled",
        "Appendix C: Method",
    ]
    chart = doc.charts()[0]
    assert isinstance(chart, Chart) and chart.data.groups[-1] == ("PR10", None, 3, False)
    results = doc.sections[1]
    assert [s.title for s in results.subsections][-1] == "Out of scope"
    assert "Overall maturity is level 1 (initial)" in doc.summary


def test_requirement_rows_carry_whole_evidence_the_self_assessment_and_the_discrepancy() -> None:
    doc = build()
    gr1 = doc.sections[1].subsections[0].blocks[1]
    row = next(r for r in gr1.rows if r[0].text == "GR1.2")
    assert row[1].text.startswith("Text of GR1.2:\n• first")
    notes = row[1].notes
    assert notes[:6] == [f"Evidence: item {i} " + "long " * 80 for i in range(6)]  # whole, every one
    assert "Self-assessment (PER-002, 2026-10-14): evidence: Policy v2; comment: Signed in May" in notes
    assert "Discrepancy (over-claim): claimed 3 but 2 shown" in notes
    assert [c.tone for c in row[2:4]] == ["lvl2", "lvl2"] and row[5].tone == "warn"


def test_findings_are_capped_with_a_pointer_to_check() -> None:
    many = [
        {"severity": "error", "cell": f"Services!B{i}", "message": f"bad {i}"}
        for i in range(MAX_FINDINGS + 7)
    ]
    doc = build(findings=many)
    table = next(b for b in doc.sections[5].blocks if isinstance(b, Table))
    assert len(table.rows) == MAX_FINDINGS and table.rows[0][1].text == "Services!B0"
    assert "7 more findings are not listed" in table.note and "fitsm-audit check" in table.note


def test_method_shows_rules_settings_and_each_checks_level_thresholds() -> None:
    doc = build()
    method = doc.sections[7]
    text = repr(method)
    assert "the lower of both" in text and "critical 7" in text
    ladders = next(s for s in method.subsections if s.title.startswith("Evidence checks"))
    table = next(b for b in ladders.blocks if isinstance(b, Table))
    assert [c.header for c in table.columns] == [
        "Req. and check",
        "Coverage c counts",
        "Level 3: c = 100 % and",
        "Level 4: level 3 and",
    ]
    gr, pr = table.rows
    assert (gr[0].text, gr[0].notes) == ("GR1.1", ["top management"])
    assert (gr[1].text, gr[1].notes) == ("sub-bullets shown", ["Level 0: nothing recorded"])
    assert [gr[2].text, gr[3].text] == ["all four", "reviews one interval apart"]
    # PR1.1's level 2 differs from the rule every other check follows, so its row says so
    assert pr[1].notes == ["Level 0: Services empty", "Level 2: at least one service specified"]
    assert [pr[2].text, pr[3].text] == ["nothing more", "M(PR1)"]
    intro = ladders.blocks[0].text
    assert "level 1 when something recorded, c < 50 %" in intro


# ---------------------------------------------------------------------- the sample, rendered once
@pytest.fixture(scope="module")
def rendered():
    dataset, assessment, findings = sample()
    doc = gap_report_for(dataset, assessment, findings)
    with weasyprint_logs() as records:
        out = render(doc, ["docx", "pdf"])
    return doc, out, records, assessment


def test_sample_report_renders_without_weasyprint_warnings(rendered) -> None:
    _, _, records, _ = rendered
    assert [r.getMessage() for r in records] == []


def test_sample_report_lists_every_requirement_and_the_planted_gaps(rendered) -> None:
    doc, out, _, assessment = rendered
    pdf, word = pdf_text(out["pdf"]), docx_text(out["docx"])
    for r in assessment.requirements:
        if r.status != "out of scope":
            assert r.id in pdf and r.id in word
    for rid in PLANTED:
        assert rid in doc.extra["gaps"]
    findings = next(b for b in doc.sections[2].blocks if isinstance(b, Table))
    assert {r[0].text for r in findings.rows} >= set(PLANTED)
    for phrase in (
        "Pronto Pizza Ltd.",
        "Action plan",
        "FitSM-1, edition 2",
        "Appendix C: Method",
        "Appendix B: Evidence sampled",
        "Evidence checks and their level thresholds",
    ):
        assert phrase in pdf and phrase in word


def test_sample_method_lists_every_checks_thresholds_in_both_formats(rendered) -> None:
    _, out, _, assessment = rendered
    def flat(value: str) -> str:  # one space between words; lines broken after - or / joined
        return re.sub(r"([-/])\s+", r"\1", re.sub(r"\s+", " ", value))

    pdf, word = flat(pdf_text(out["pdf"])), flat(docx_text(out["docx"]))
    ladders = assessment.method["ladders"]
    assert len(ladders) == sum(1 for n in checks_for("2").values() if n)
    for rid in ("GR1.1", "PR2.2", "PR8.4"):
        for name, rung in ladders[rid].items():
            for phrase in (
                name.replace("_", " "),
                rung["c"],
                rung["3"].removeprefix("c = 100 % and "),
                rung["4"].removeprefix("level 3 and "),
            ):
                assert phrase in pdf, phrase
                assert phrase in word, phrase


def test_docx_and_pdf_agree_on_key_values(rendered) -> None:
    doc, out, _, _ = rendered
    pdf = re.sub(r"\s+", " ", pdf_text(out["pdf"]))
    word = re.sub(r"\s+", " ", docx_text(out["docx"]))
    summary = next(b for b in doc.sections[0].blocks if isinstance(b, Stats))
    for stat in summary.items:
        assert stat.value in pdf and stat.value in word
    assert doc.summary.split(".")[0] in pdf and doc.summary.split(".")[0] in word


def test_docx_headings_follow_the_sections(rendered) -> None:
    import io

    import docx

    doc, out, _, _ = rendered
    document = docx.Document(io.BytesIO(out["docx"]))
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["Document control", *[s.title for s in doc.sections]]
    h2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "GR1 Top Management Commitment & Responsibility" in h2


def test_hostile_provider_name_is_text_in_both_formats() -> None:
    ds = tiny_dataset(provider='<img src="file:///etc/passwd">')
    doc = gap_report_for(ds, typed())
    with weasyprint_logs() as records:
        out = render(doc, ["docx", "pdf", "html"])
    assert records == []
    assert '<img src="file:///etc/passwd">' in pdf_text(out["pdf"]).replace("\n", "")
    assert '<img src="file:///etc/passwd">' in docx_text(out["docx"])
    assert b"&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in out["html"]
