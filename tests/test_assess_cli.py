"""``fitsm-audit assess`` and ``fitsm-audit requirements``: outputs, files and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from fitsm_audit.assess.registry import checks_for
from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.workbook.pipeline import read_sms


def evidenced_count(edition: str) -> int:
    """Requirements of the edition that a register check evidences."""
    return sum(1 for names in checks_for(edition).values() if names)


SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pizza-delivery.xlsx"
AS_OF = dt.date(2026, 11, 30)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_guarded(cli, list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def checked() -> Any:
    return read_sms([str(SAMPLE)], AS_OF)


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, checked: Any) -> None:
    """Skip re-reading the sample workbook (the real read is covered once, below)."""
    from fitsm_audit.cli import commands_assess

    def fake(paths: tuple[str, ...], kwargs: dict[str, Any]) -> tuple[Any, dt.date]:
        return checked, AS_OF

    monkeypatch.setattr(commands_assess, "read_inputs", fake)


def test_json_end_to_end_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--as-of", "2026-11-30", "--format", "json")
    assert code == 1  # groups below target
    data = json.loads(out)
    assert len(data["requirements"]) == 85
    assert (
        sum(1 for r in data["requirements"] if r["evidenced_level"] is not None and r["evidence"])
        == 58  # 53, and the five PR9 requirements the operations records show
    )
    assert data["groups"] and data["kpis"] and data["maturity"]["headline"] == 1
    gaps = [r for r in data["requirements"] if r["status"] == "not met"]
    assert gaps and all(r["recommendation"]["action"] for r in gaps)


@pytest.mark.usefixtures("cached")
@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ([], 1),
        (["--fail-under", "0"], 0),
        (["--fail-under", "1"], 0),
        (["--fail-under", "2"], 1),
    ],
)
def test_exit_codes(capsys: pytest.CaptureFixture[str], extra: list[str], code: int) -> None:
    assert run(capsys, "assess", str(SAMPLE), "--brief", *extra)[0] == code


@pytest.mark.usefixtures("cached")
def test_edition_3_lists_82(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--edition", "3", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["edition"] == "3" and len(data["requirements"]) == 82


@pytest.mark.usefixtures("cached")
def test_text_output_has_groups_gaps_and_actions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", str(SAMPLE))
    assert code == 1
    assert "SMS maturity (lowest in-scope capability): 1 (initial), in PR9" in out
    assert "PR2   Service Level Management" in out
    assert out.splitlines()[0] == "Readiness for certification: READY AFTER MINOR ACTIONS"
    assert "SVC-004 (Services!A5): no SLA in force covers it; availability not monitored" in out and "PER-005 (process manager of PR2)" in out
    assert "[minor nonconformity] PR2.2 expects: For all services delivered to customers" in out
    assert "over-claim: claimed level 3 (defined) but the registers show level 2" in out
    assert "records: SVC-004 Services!A5 fails; SVC-001 Services!A2 supports" in out
    assert "how: " in out and "\x1b[" not in out  # no colour when not a terminal


@pytest.mark.usefixtures("cached")
def test_brief_fits_one_screen_and_top_limits_the_actions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--brief")
    lines = out.splitlines()
    assert code == 1 and len(lines) <= 40 and max(len(ln) for ln in lines) <= 100
    assert lines[0].startswith("Readiness for certification:") and "Actions (20, the first 8)" in out
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--top", "3")
    assert "Actions (20, the first 3), most urgent first" in out
    assert out.count("  due 2027-") == 3


@pytest.mark.usefixtures("cached")
def test_fail_on_gates_on_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    """The sample is ready after minor actions: --fail-on not-ready passes, --fail-on minor fails."""
    assert run(capsys, "assess", str(SAMPLE), "--fail-on", "not-ready", "--brief")[0] == 0
    assert run(capsys, "assess", str(SAMPLE), "--fail-on", "minor", "--brief")[0] == 1
    assert run(capsys, "assess", str(SAMPLE), "--fail-on", "never")[0] == 2


@pytest.mark.usefixtures("cached")
def test_xlsx_results_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "results.xlsx"
    code, _, err = run(capsys, "assess", str(SAMPLE), "--format", "xlsx", "-o", str(target))
    assert code == 1 and "wrote" in err
    wb = load_workbook(target)
    assert wb.sheetnames == [
        "Summary", "Requirements", "Findings", "Actions", "Evidence", "KPIs", "Data quality", "Method",
    ]  # fmt: skip
    assert (wb["Summary"]["A1"].value, wb["Summary"]["B1"].value) == ("Readiness", "ready after minor actions")
    reqs = wb["Requirements"]
    assert reqs.max_row == 86 and reqs["A2"].value == "GR1.1"
    row = next(r for r in reqs.iter_rows(min_row=2, values_only=True) if r[0] == "PR2.2")
    assert row[3:8] == (2, 3, 2, 3, "not met") and "SVC-004" in row[10]
    assert row[14:16] == ("evidenced", "minor nonconformity")
    assert wb["KPIs"].max_row > 30 and wb["Data quality"].max_row == 9
    findings = list(wb["Findings"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == 21 and findings[0][1] == "minor nonconformity"  # 17 minor, 4 opportunities
    assert {f[0] for f in findings if f[1] == "opportunity for improvement"} == {"GR6.1", "PR9.2", "PR9.3", "PR9.7"}
    actions = wb["Actions"]
    assert [c.value for c in actions[1]][-2:] == ["Status", "Comment"]
    assert actions.max_row == 21 and actions["G2"].value is not None and actions["K2"].value is None  # 20 actions
    (valid,) = actions.data_validations.dataValidation
    assert valid.formula1 == '"open,in progress,done"' and str(valid.sqref) == "K2:K21"
    evidence = list(wb["Evidence"].iter_rows(min_row=2, values_only=True))
    assert ("PR2.2", "fails", "Services", 5, "SVC-004", "Services!A5", "no SLA in force covers it", None) in evidence
    says = {r[4]: r[7] for r in evidence if r[0] == "PR2.3" and r[1] == "fails"}
    assert says == {"SLA-003": "last agreement review 2025-09-18, due 2026-09-18, every 12 months"}


@pytest.mark.usefixtures("cached")
def test_xlsx_needs_output_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "assess", str(SAMPLE), "--format", "xlsx")[0] == 2
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"keep me")
    code, _, err = run(capsys, "assess", str(SAMPLE), "--format", "xlsx", "-o", str(target))
    assert code == 2 and "already exists" in err and target.read_bytes() == b"keep me"
    code, _, _ = run(
        capsys, "assess", str(SAMPLE), "--format", "xlsx", "-o", str(target), "--force"
    )
    assert code == 1 and target.read_bytes()[:2] == b"PK"


@pytest.mark.usefixtures("cached")
def test_json_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--format", "json", "-o", str(target))
    assert code == 1 and out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["requirements"]) == 85


def test_never_writes_into_an_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy = tmp_path / "sms.xlsx"
    shutil.copy(SAMPLE, copy)
    before = copy.read_bytes()
    code, _, err = run(capsys, "assess", str(copy), "--format", "xlsx", "-o", str(copy), "--force")
    assert code == 2 and "input" in err and copy.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "missing.xlsx"],
        ["assess", "README.md"],
        ["assess", str(SAMPLE), "--as-of", "30/11/2026"],
        ["assess", str(SAMPLE), "--edition", "4"],
        ["assess", str(SAMPLE), "--fail-under", "5"],
        ["assess"],
    ],
)
def test_unusable_input_or_misuse_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and err and "Traceback" not in err


def test_not_a_workbook_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    code, _, err = run(capsys, "assess", str(bad))
    assert code == 2 and "bad.xlsx" in err


@pytest.mark.parametrize(("edition", "count"), [("2", 85), ("3", 82)])
def test_requirements_json(capsys: pytest.CaptureFixture[str], edition: str, count: int) -> None:
    code, out, _ = run(capsys, "requirements", "--edition", edition, "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data["requirements"]) == count
    evidenced = sum(1 for r in data["requirements"] if r["evidenced"])
    assert evidenced == evidenced_count(edition)
    pr22 = next(r for r in data["requirements"] if r["id"] == "PR2.2")
    assert pr22["checks"] == (
        ["sla_coverage"] if edition == "2" else ["sla_coverage", "sla_reviews"]
    )


def test_requirements_text_marks_paraphrases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "requirements")
    assert code == 0 and f"85 requirements; {evidenced_count('2')} are evidenced" in out
    assert "* PR2.2  For all services delivered to customers, SLAs shall be in place." in out
    assert "PR9.1" in out and "[paraphrase]" in out and "CC BY 4.0" in out


def test_help_is_available(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--help")
    assert code == 0 and "--fail-under" in out and "--edition" in out


EXTREME_CELLS = [
    ("Documents", "next_review", dt.date(9999, 12, 31)),  # typed for "never"
    ("Documents", "approved_on", dt.date(1900, 1, 1)),
    ("Controls", "last_review", dt.date(9999, 12, 31)),
    ("Reviews", "date", dt.date(1900, 1, 1)),
]


@pytest.fixture(scope="module")
def extreme_book(tmp_path_factory: pytest.TempPathFactory, checked: Any) -> Path:
    """The sample with calendar-end dates in the first rows of the reviewed registers."""
    from cellpatch import patch, sheet_paths

    from fitsm_audit.spec.contract import load_contract
    from fitsm_audit.workbook.container import column_letters

    contract, data = load_contract(), SAMPLE.read_bytes()
    paths = sheet_paths(data)
    for sheet, column, value in EXTREME_CELLS:
        letter = column_letters(contract.sheet(sheet).column_names().index(column) + 1)
        for rec in checked.dataset.rows(sheet)[:3]:
            data = patch(data, paths[sheet], f"{letter}{rec.row}", value)
    target = tmp_path_factory.mktemp("extreme") / "extreme.xlsx"
    target.write_bytes(data)
    return target


@pytest.mark.parametrize("as_of", ["2026-11-30", "9999-12-15", "0001-01-01"])
def test_never_and_always_dates_do_not_overflow(
    capsys: pytest.CaptureFixture[str], extreme_book: Path, as_of: str
) -> None:
    """9999-12-31 typed for "never" (and 1900-01-01 for "long ago") must not crash assess."""
    fmt = "text" if as_of.startswith("9999") else "json"
    code, out, err = run(capsys, "assess", str(extreme_book), "--as-of", as_of, "--format", fmt)
    assert code in (0, 1), err
    if fmt == "json":
        assert len(json.loads(out)["requirements"]) == 85
    else:
        assert f"as of {as_of}" in out


def test_gap_report_survives_never_dates(extreme_book: Path) -> None:
    from fitsm_audit.assess import assess
    from fitsm_audit.documents.build import documents_for
    from fitsm_audit.render import render

    as_of = dt.date(9999, 12, 15)
    checked = read_sms([str(extreme_book)], as_of)
    findings = [f.to_dict() for f in checked.findings]
    assessment = assess(checked.dataset, as_of=as_of, findings=findings)
    (doc,) = documents_for(
        ["report"], checked.dataset, as_of, assessment=assessment, findings=checked.findings
    )
    assert render(doc, ["html"])["html"]


def test_blank_workbook_from_init_evidences_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`init` pre-fills the Assessment rows (ID and text only): GR6.2 must not count them."""
    book = tmp_path / "blank.xlsx"
    assert run(capsys, "init", str(book))[0] == 0
    code, out, _ = run(capsys, "assess", str(book), "--as-of", "2026-11-30", "--format", "json")
    data = json.loads(out)
    gr62 = next(r for r in data["requirements"] if r["id"] == "GR6.2")
    assert code == 1 and gr62["evidenced_level"] == 0, gr62["evidence"]
    assert {r["evidenced_level"] for r in data["requirements"]} <= {0, None}


LABELS = "0=absent-x,1=initial-x,2=repeatable-x,3=defined-x,4=managed-x"


@pytest.mark.usefixtures("cached")
def test_labels_option_reaches_text_json_and_xlsx(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    code, out, _ = run(capsys, "assess", str(SAMPLE), "--labels", LABELS)
    assert code == 1 and "levels: 0 absent-x, 1 initial-x, 2 repeatable-x" in out
    assert "1 (initial-x), in PR9" in out and "claimed level 3 (defined-x)" in out
    code, out, _ = run(capsys, "assess", str(SAMPLE), "--format", "json", "--labels", " 4 = top ")
    data = json.loads(out)
    assert data["labels"] == {
        "0": "absent",
        "1": "initial",
        "2": "repeatable",
        "3": "defined",
        "4": "top",
    }
    assert data["method"]["scale"]["4"] == "top" and data["maturity"]["headline_label"] == "initial"
    target = tmp_path / "r.xlsx"
    run(capsys, "assess", str(SAMPLE), "--format", "xlsx", "-o", str(target), "--labels", LABELS)
    wb = load_workbook(target)
    method = {r[0]: r[1] for r in wb["Method"].iter_rows(min_row=2, values_only=True)}
    assert method["level 0"] == "absent-x" and method["level 4"] == "managed-x"
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r}
    assert summary["Level label"] == "initial-x"


@pytest.mark.parametrize(
    ("labels", "reason"),
    [
        ("", "at least one"),
        ("5=top", "not a level"),
        ("-1=x", "not a level"),
        ("1.0=x", "not a level"),
        ("one=x", "not a level"),
        ("1=", "empty label"),
        ("1=  ,2=b", "empty label"),
        ("absent", "not LEVEL=LABEL"),
        ("1=a,1=b", "given twice"),
        ("1=a\x1bb", "control character"),
    ],
)
def test_bad_labels_are_a_one_line_usage_error(
    capsys: pytest.CaptureFixture[str], labels: str, reason: str
) -> None:
    code, out, err = run(capsys, "assess", str(SAMPLE), "--labels", labels)
    assert code == 2 and out == ""
    assert err.startswith("fitsm-audit: --labels: ") and reason in err and err.count("\n") == 1


def test_parse_labels_any_subset() -> None:
    from fitsm_audit.assess.ladder import parse_labels

    assert parse_labels("3=defined , 0=none") == {3: "defined", 0: "none"}
    assert parse_labels("2 = well  repeated,") == {2: "well repeated"}
    assert parse_labels("1=a=b") == {1: "a=b"}


def test_text_output_escapes_control_characters() -> None:
    """Provider, IDs, evidence, notes and labels come from the workbook: no raw ESC reaches a terminal."""
    from test_assess_fixture import AS_OF as MODEL_AS_OF
    from test_assess_fixture import add, apply_all, field, model, put

    from fitsm_audit.assess import assess
    from fitsm_audit.render.assessment_text import render_text

    ds = apply_all(
        model(),
        field(provider="Evil\x1b[2J Corp\x07"),
        put("Services", "SVC-001", id="SVC-\x1b[31m001", owner=None),
        add("Assessment", requirement="GR\x1b]0;pwned\x079", level=2),
    )
    result = assess(ds, as_of=MODEL_AS_OF, labels={1: "init\x1b[5mial"})
    text = render_text(result, color=False)
    assert "\x1b" not in text and "\x07" not in text
    assert "FitSM-1 assessment of Evil\\x1b[2J Corp\\x07" in text
    assert "SVC-\\x1b[31m001" in text  # a failing ID in the evidence of a gap
    assert "GR\\x1b]0;pwned\\x079 (row 87, claimed level 2)" in text  # the unknown-ID note
    assert "1 init\\x1b[5mial" in text
    coloured = render_text(result, color=True)
    assert "\x1b[2J" not in coloured and "\x1b[31m001" not in coloured
