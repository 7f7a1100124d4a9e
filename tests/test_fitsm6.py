"""FitSM-6 out and in: ``assess --format fitsm6`` writes the layout of the FitSM-6 Assessment and
Audit Tool, ``import-fitsm6`` reads its scores, comments and evidence back into a copy of a
workbook as self-assessment claims. Real files throughout: the sample, LibreOffice for .ods."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.spec.catalogue import load_catalogue
from fitsm_audit.spec.fitsm6 import load_layout, parse_layout
from fitsm_audit.workbook.fitsm6_import import parse_score
from tests.test_documents_data import AS_OF, SAMPLE, sample

SHEETS = ["2. Scope & Goals", "3. Assessment", "7. Conclusions", "8. Audit Details"]
HEADER, FIRST = 4, 5


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(cli, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def export_args(workbook: Path, out: Path, *extra: str) -> list[str]:
    return [
        "assess",
        str(workbook),
        "--as-of",
        AS_OF.isoformat(),
        "--format",
        "fitsm6",
        "-o",
        str(out),
        *extra,
    ]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's assessment in the FitSM-6 layout (written once per test process)."""
    out = tmp_path_factory.mktemp("fitsm6") / "assessment-fitsm6.xlsx"
    assert run_guarded(cli, export_args(SAMPLE, out)) in (0, 1)  # 1: groups below target
    return out


@pytest.fixture(scope="session")
def exported_ods(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export converted by LibreOffice: it opens without repair, and gives the .ods to import."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("soffice")
    env = {**os.environ, "HOME": str(work)}
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "ods",
         "--outdir", str(work), str(exported)],
        check=True, capture_output=True, timeout=120, env=env,
    )  # fmt: skip
    out = work / "assessment-fitsm6.ods"
    assert out.is_file() and out.stat().st_size > 10_000
    return out


def cells(path: Path, sheet: str, row: int) -> dict[str, Any]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.column_letter: c.value for c in ws[row] if c.value is not None}


def exported_claims(path: Path) -> dict[str, tuple[Any, Any, Any]]:
    """Requirement -> (L, M, N) of a FitSM-6 file."""
    ws = openpyxl.load_workbook(path)["3. Assessment"]
    return {
        ws[f"E{r}"].value: (ws[f"L{r}"].value, ws[f"M{r}"].value, ws[f"N{r}"].value)
        for r in range(FIRST, ws.max_row + 1)
        if ws[f"E{r}"].value
    }


def workbook_claims(path: Path) -> dict[str, tuple[Any, Any, Any]]:
    """Requirement -> (level, comment, evidence) of a workbook's Assessment sheet."""
    ws = openpyxl.load_workbook(path)["Assessment"]
    head = [str(c.value).replace("*", "").strip().lower() for c in ws[1]]
    col = {name: head.index(name) for name in ("requirement", "level", "comment", "evidence")}
    return {
        row[col["requirement"]]: (row[col["level"]], row[col["comment"]], row[col["evidence"]])
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row[col["requirement"]]
    }


def test_the_export_has_the_fitsm6_sheets_headers_and_rows(exported: Path) -> None:
    _, result, _ = sample()
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == SHEETS
    scope, assessment = wb["2. Scope & Goals"], wb["3. Assessment"]
    assert [scope[f"{c}{HEADER}"].value for c in "BDEF"] == [
        "Process",
        "Certification goal",
        "Custom goal",
        "Scope",
    ]
    assert scope[f"B{FIRST}"].value == "GR1: Top Management Commitment & Responsibility"
    assert [scope[f"B{FIRST + i}"].value.split(":")[0] for i in range(21)] == [
        g.id for g in result.groups
    ]
    pr7 = next(r for r in range(FIRST, FIRST + 21) if scope[f"B{r}"].value.startswith("PR7:"))
    assert (scope[f"D{pr7}"].value, scope[f"E{pr7}"].value, scope[f"F{pr7}"].value) == (
        3,
        4,
        "in scope",
    )
    pr10 = next(r for r in range(FIRST, FIRST + 21) if scope[f"B{r}"].value.startswith("PR10:"))
    assert scope[f"F{pr10}"].value == "out of scope"
    assert [assessment[f"{c}{HEADER}"].value for c in "BCDELMN"] == [
        "Goal", "Process", "Abbreviation", "Requirement", "Capability score", "Comment", "Evidence",
    ]  # fmt: skip
    assert assessment["A1"].value is None and assessment["B1"].value.startswith("Assessment")
    assert assessment.freeze_panes == f"A{FIRST}"
    assert assessment.max_row == HEADER + len(result.requirements)
    row = next(
        r for r in range(FIRST, assessment.max_row + 1) if assessment[f"E{r}"].value == "PR2.3"
    )
    req = result.requirement("PR2.3")
    got = cells(exported, "3. Assessment", row)
    assert (got["B"], got["C"], got["D"], got["E"]) == (
        3,
        "PR2: Service Level Management",
        "SLM",
        "PR2.3",
    )
    assert got["F"] == load_catalogue("2").requirement("PR2.3").text
    assert got["L"] == req.level == 2
    assert (
        got["M"] == "SLA-003 review postponed by the customer (IMP-015)"
    )  # the self-assessment's comment
    assert got["N"].startswith("3 of 4 in-force SLAs are reviewed") and "Agreements!P4" in got["N"]
    assert got["G"].startswith("0 absent: ") and got["K"].startswith("4 managed: level 3 and ")
    assert assessment[f"D{FIRST}"].value == "TMC"  # GR1's abbreviation, from the layout data


def test_conclusions_say_met_exactly_when_the_capability_reaches_the_target(exported: Path) -> None:
    _, result, _ = sample()
    ws = openpyxl.load_workbook(exported)["7. Conclusions"]
    assert [ws[f"{c}{HEADER}"].value for c in "BCDE"] == ["Process", "Capability", "Target", "Met"]
    seen = 0
    for r, g in enumerate(result.groups, start=FIRST):
        process, capability, target, met = (ws[f"{c}{r}"].value for c in "BCDE")
        assert process.startswith(f"{g.id}: ") and (capability, target) == (g.capability, g.target)
        if g.in_scope:
            assert met == ("yes" if capability >= target else "no")
            seen += met == "yes"
        else:
            assert capability is None and met is None
    assert 0 < seen < len(result.groups)


def test_audit_details_come_from_the_registers(exported: Path) -> None:
    dataset, result, _ = sample()
    ws = openpyxl.load_workbook(exported)["8. Audit Details"]
    details = {ws[f"B{r}"].value: ws[f"C{r}"].value for r in range(FIRST, ws.max_row + 1)}
    assert list(details)[:5] == [
        "Auditee name",
        "Lead auditor name",
        "Audit scope",
        "Audit start date",
        "Audit end date",
    ]
    assert details["Auditee name"] == result.provider == "Pronto Pizza Ltd."
    lead = dataset.by_key("People")["per-002"][
        "name"
    ]  # the lead of the maturity assessment REV-007
    assert details["Lead auditor name"] == lead
    assert details["Audit scope"] == dataset.field("scope_statement")
    assert details["Audit start date"].date().isoformat() == "2026-10-14"
    assert details["Audit end date"].date() == details["Assessment as of"].date() == AS_OF
    assert details["FitSM-1 edition"] == "2"


def test_the_export_opens_in_libreoffice_with_every_sheet(exported_ods: Path) -> None:
    import fastexcel

    reader = fastexcel.read_excel(str(exported_ods))
    assert reader.sheet_names == SHEETS
    frame = reader.load_sheet(
        "3. Assessment", header_row=None, dtypes="string", skip_rows=0
    ).to_polars()
    assert frame.height == HEADER + len(sample()[1].requirements)


def test_import_reproduces_the_exported_claims_and_a_new_export_repeats_them(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(SAMPLE), digest(exported)
    copy = tmp_path / "imported.xlsx"
    code, out, err = run(["import-fitsm6", str(exported), str(SAMPLE), "-o", str(copy)], capsys)
    assert code == 0, out + err
    assert err.startswith(f"wrote {copy}: 85 claims") and "85 rows updated, 0 added" in err
    assert (digest(SAMPLE), digest(exported)) == before  # the inputs are never changed
    claims = exported_claims(exported)
    assert workbook_claims(copy) == claims
    again = tmp_path / "again-fitsm6.xlsx"
    assert run_guarded(cli, export_args(copy, again)) in (0, 1)
    assert exported_claims(again) == claims  # a fixed point: the claims give the same assessment
    ws = openpyxl.load_workbook(copy)["Assessment"]
    assert ws["G2"].value == "PER-002" and ws["H2"].value.date() == AS_OF  # assessor and date


def test_the_ods_file_imports_the_same_claims(
    exported: Path, exported_ods: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(exported_ods)
    copy = tmp_path / "from-ods.xlsx"
    code, out, err = run(["import-fitsm6", str(exported_ods), str(SAMPLE), "-o", str(copy)], capsys)
    assert code == 0, out + err
    assert workbook_claims(copy) == exported_claims(exported)
    assert digest(exported_ods) == before


def test_the_copy_keeps_every_other_sheet_and_still_checks_clean(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "imported.xlsx"
    assert run(["import-fitsm6", str(exported), str(SAMPLE), "-o", str(copy)], capsys)[0] == 0
    old, new = openpyxl.load_workbook(SAMPLE), openpyxl.load_workbook(copy)
    assert new.sheetnames == old.sheetnames
    for name in old.sheetnames:
        if name != "Assessment":
            assert list(new[name].values) == list(old[name].values), name
    assert [t.ref for t in new["Assessment"].tables.values()] == [
        t.ref for t in old["Assessment"].tables.values()
    ]
    code, out, _ = run(["check", str(copy), "--as-of", AS_OF.isoformat()], capsys)
    assert code == 0 and "no errors" in out


def test_requirements_missing_from_the_sheet_get_rows(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = tmp_path / "short.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["Assessment"]
    last = ws.max_row
    ws.delete_rows(last - 1, 2)  # the last two requirements (PR14.x)
    wb.save(short)
    copy = tmp_path / "imported.xlsx"
    code, out, err = run(["import-fitsm6", str(exported), str(short), "-o", str(copy)], capsys)
    assert code == 0, out + err
    assert "83 rows updated, 2 added" in err
    assert workbook_claims(copy) == exported_claims(exported)
    table = next(iter(openpyxl.load_workbook(copy)["Assessment"].tables.values()))
    assert table.ref.endswith(str(last))


def _score(ws: Any, code: str, value: Any) -> str:
    row = next(r for r in range(FIRST, ws.max_row + 1) if ws[f"E{r}"].value == code)
    ws[f"L{row}"] = value
    return f"L{row}"


def _deviate(kind: str, wb: Any) -> tuple[str, str]:
    """Change the export one way; return the cell the finding must name and a part of its text."""
    ws = wb["3. Assessment"]
    if kind == "deleted sheet":
        del wb["3. Assessment"]
        return "-", 'The sheet "3. Assessment" is missing'
    if kind == "moved column":
        ws.insert_cols(8)  # a column of one's own among the level guidance: L holds "Level 4" now
        return (
            f"L{HEADER}",
            'The header here is "Level 4", but the FitSM-6 layout has the Capability score column',
        )
    if kind == "unknown code":
        ws[f"E{FIRST + 3}"] = "PR99.1"
        return f"E{FIRST + 3}", '"PR99.1" is not a requirement of FitSM-1 edition 2'
    if kind == "score 5":
        return _score(ws, "PR2.3", 5), '"5" is not a capability score. Use a whole number 0-4'
    return _score(ws, "PR2.3", "high"), '"high" is not a capability score'


@pytest.mark.parametrize(
    "kind", ["deleted sheet", "moved column", "unknown code", "score 5", "score high"]
)
def test_a_layout_deviation_is_a_finding_naming_its_cell_and_nothing_is_written(
    kind: str, exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(exported)
    cell, text = _deviate(kind, wb)
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    copy = tmp_path / "imported.xlsx"
    code, out, err = run(["import-fitsm6", str(bad), str(SAMPLE), "-o", str(copy)], capsys)
    assert code == 1, out + err
    assert not copy.exists()
    assert out.startswith("Errors (") and "\n3. Assessment\n" in out  # a moved column: L, M and N
    line = next(x for x in out.splitlines() if x.startswith("  error"))
    assert line.split()[1] == cell and text in line, line
    assert out.rstrip().endswith("run fitsm-audit import-fitsm6 again.")


def test_a_file_of_another_layout_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Budget"
    wb.active["A1"] = "Item"
    wb.save(other)
    copy = tmp_path / "imported.xlsx"
    code, out, err = run(["import-fitsm6", str(other), str(SAMPLE), "-o", str(copy)], capsys)
    assert code == 2 and out == "" and not copy.exists()
    assert err.count("\n") == 1 and "not a FitSM-6 assessment" in err and '"3. Assessment"' in err


def test_an_existing_output_is_never_overwritten_silently(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"my own file")
    code, _, err = run(["import-fitsm6", str(exported), str(SAMPLE), "-o", str(target)], capsys)
    assert code == 2 and "already exists" in err and "--force" in err
    assert target.read_bytes() == b"my own file"
    code, _, err = run(export_args(SAMPLE, target), capsys)
    assert code == 2 and "already exists" in err
    assert target.read_bytes() == b"my own file"
    code, _, err = run(
        ["import-fitsm6", str(exported), str(SAMPLE), "-o", str(target), "--force"], capsys
    )
    assert code == 0 and workbook_claims(target) == exported_claims(exported)
    code, _, err = run(["import-fitsm6", str(exported), str(SAMPLE), "-o", str(SAMPLE)], capsys)
    assert code == 2 and "refusing to write into an input" in err


def test_fitsm6_export_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["assess", str(SAMPLE), "--format", "fitsm6"], capsys)
    assert code == 2 and "-o FILE" in err


@pytest.mark.parametrize(
    ("text", "level"),
    [(None, None), ("", None), (" ", None), ("0", 0), ("4", 4), ("3.0", 3), (" 2 ", 2)],
)
def test_scores_read_as_whole_numbers_0_to_4(text: str | None, level: int | None) -> None:
    assert parse_score(text) == level


@pytest.mark.parametrize("text", ["5", "-1", "2.5", "high", "#N/A"])
def test_other_scores_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_score(text)


def test_the_layout_is_data_and_a_broken_one_is_refused() -> None:
    import copy as copying

    from fitsm_audit.core.resources import read_yaml

    layout = load_layout()
    assert layout.sheet_names() == SHEETS and layout.first_data_row == FIRST
    assert layout.sheet("assessment").column("score").letter == "L"
    data = read_yaml("contract.yaml")["fitsm6"]
    twice = copying.deepcopy(data)
    twice["sheets"][1]["columns"][10]["column"] = "M"  # score and comment in one column
    with pytest.raises(ValueError, match="unique"):
        parse_layout(twice)
    lacking = copying.deepcopy(data)
    del lacking["sheets"][1]["columns"][-1]  # no evidence column
    with pytest.raises(ValueError, match="evidence"):
        parse_layout(lacking)


def test_without_audit_details_the_rows_keep_assessor_and_date(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(exported)
    del wb["8. Audit Details"]
    bare = tmp_path / "bare.xlsx"
    wb.save(bare)
    copy = tmp_path / "imported.xlsx"
    code, out, err = run(["import-fitsm6", str(bare), str(SAMPLE), "-o", str(copy)], capsys)
    assert code == 0 and out == ""
    assert f'warning: {bare}: The sheet "8. Audit Details" is missing' in err
    old, new = (
        openpyxl.load_workbook(SAMPLE)["Assessment"],
        openpyxl.load_workbook(copy)["Assessment"],
    )
    assert [[c.value for c in new[r][6:8]] for r in (2, 40)] == [
        [c.value for c in old[r][6:8]] for r in (2, 40)
    ]
    assert workbook_claims(copy) == exported_claims(exported)


def test_an_unknown_lead_auditor_leaves_the_assessor_blank_and_as_of_sets_the_date(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb["8. Audit Details"]
    row = next(r for r in range(FIRST, ws.max_row + 1) if ws[f"B{r}"].value == "Lead auditor name")
    ws[f"C{row}"] = "Ada Outside"
    other = tmp_path / "consultant.xlsx"
    wb.save(other)
    copy = tmp_path / "imported.xlsx"
    args = ["import-fitsm6", str(other), str(SAMPLE), "-o", str(copy), "--as-of", "2027-01-15"]
    code, _, err = run(args, capsys)
    assert code == 0 and '"Ada Outside" is not on the People sheet' in err
    ws = openpyxl.load_workbook(copy)["Assessment"]
    assert ws["G2"].value is None and ws["H2"].value.date().isoformat() == "2027-01-15"


def test_edition_3_claims_go_to_an_edition_3_sheet_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported3 = tmp_path / "edition3-fitsm6.xlsx"
    assert run_guarded(cli, export_args(SAMPLE, exported3, "--edition", "3")) in (0, 1)
    copy = tmp_path / "imported.xlsx"
    code, _, err = run(["import-fitsm6", str(exported3), str(SAMPLE), "-o", str(copy)], capsys)
    assert code == 2 and not copy.exists()
    assert (
        "uses the requirement codes of FitSM-1 edition 2" in err
        and "export with --edition 2" in err
    )
    blank = tmp_path / "blank3.xlsx"
    assert run_guarded(cli, ["init", str(blank), "--edition", "3"]) == 0
    code, out, err = run(["import-fitsm6", str(exported3), str(blank), "-o", str(copy)], capsys)
    assert code == 0, out + err
    claims = exported_claims(exported3)
    assert len(claims) == len(load_catalogue("3").requirements)
    assert workbook_claims(copy) == claims
