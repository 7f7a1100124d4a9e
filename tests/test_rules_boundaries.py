"""Boundaries and finding codes that no other test pinned down ("mutants that must die").

Each group names the rule it guards. The boundary tests sit on the exact day or level where the
rule flips, plus one step either side, so that a `<` turned into `<=` (or a rule dropped) fails
here instead of slipping through the rest of the suite.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from checkdata import AS_OF, DATA, FIELDS, column_letter
from test_assess_fixture import AS_OF as MODEL_AS_OF
from test_assess_fixture import apply_all, field, model, put

from fitsm_audit.assess import assess
from fitsm_audit.publish.manifest import (
    MANIFEST,
    Written,
    build_manifest,
    check_manifest,
    file_sha256,
    manifest_bytes,
)
from fitsm_audit.render.assessment_xlsx import build_workbook as results_workbook
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms

DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def valid_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small complete SMS of checkdata, written by the template writer: no findings as of AS_OF."""
    path = tmp_path_factory.mktemp("boundaries") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def said(text: str) -> str:
    """A message as compared here: whether it is written as a sentence (capital, full stop) or not."""
    text = text.strip().removesuffix(".")
    return text[:1].lower() + text[1:]


def findings_with(valid: Path, tmp_path: Path, sheet: str, column: str, row: int, value: Any) -> list[tuple]:
    """(severity, code, cell, message) of every finding after setting one cell."""
    wb = openpyxl.load_workbook(valid)
    wb[sheet][f"{column_letter(sheet, column)}{row}"] = value
    path = tmp_path / "changed.xlsx"
    wb.save(path)
    return [(f.severity, f.code, f.cell, said(f.message)) for f in read_sms([str(path)], AS_OF).findings]


def cell(sheet: str, column: str, row: int) -> str:
    return f"{sheet}!{column_letter(sheet, column)}{row}"


# ---------------------------------------------------------------------- check: review dates
def test_next_review_due_on_the_as_of_date_is_in_date(valid_path: Path, tmp_path: Path) -> None:
    """Rule "next" (Documents.next_review): a review planned for the as-of date itself is not yet
    overdue; only a date before the as-of date is. Guards `due < as_of` against `<=`."""
    assert findings_with(valid_path, tmp_path, "Documents", "next_review", 2, AS_OF) == []
    assert findings_with(valid_path, tmp_path, "Documents", "next_review", 2, AS_OF + DAY) == []


def test_next_review_due_the_day_before_is_overdue(valid_path: Path, tmp_path: Path) -> None:
    """Rule "next": one day late is overdue, with the due date in the message."""
    assert findings_with(valid_path, tmp_path, "Documents", "next_review", 2, AS_OF - DAY) == [
        ("warning", "review-overdue", cell("Documents", "next_review", 2),
         said("Document review of DOC-001 was due on 2026-11-29")),
    ]


def test_interval_review_due_on_the_as_of_date_is_in_date(valid_path: Path, tmp_path: Path) -> None:
    """Rule "interval" (Controls: last review + 12 months): last review 2025-11-30 is due on
    2026-11-30 = AS_OF, still in date; a day earlier it is overdue. Guards the second `due < as_of`."""
    assert findings_with(valid_path, tmp_path, "Controls", "last_review", 2, dt.date(2025, 11, 30)) == []
    assert findings_with(valid_path, tmp_path, "Controls", "last_review", 2, dt.date(2025, 11, 29)) == [
        ("warning", "review-overdue", cell("Controls", "last_review", 2),
         said("Control review of CTL-001 is overdue: last 2025-11-29, due 2026-11-29 (every 12 months)")),
    ]


def test_review_not_planned(valid_path: Path, tmp_path: Path) -> None:
    """Rule "next" with a blank date: an approved document with no next review is reported."""
    assert findings_with(valid_path, tmp_path, "Documents", "next_review", 2, None) == [
        ("warning", "review-not-planned", cell("Documents", "next_review", 2), said("DOC-001 has no next review date")),
    ]


def test_review_missing(valid_path: Path, tmp_path: Path) -> None:
    """Rule "interval" with no last review (and no base date): an implemented control never reviewed."""
    assert findings_with(valid_path, tmp_path, "Controls", "last_review", 2, None) == [
        ("warning", "review-missing", cell("Controls", "last_review", 2),
         said("No control review is recorded for CTL-001")),
    ]


# ---------------------------------------------------------------------- check: cell rules
NOT_AN_ID = "is not a usable ID: IDs must not contain commas, semicolons or line breaks"
CELL_RULES = [
    ("Training", "id", 2, "TRN-001; TRN-002", "invalid-id", f'"TRN-001; TRN-002" {NOT_AN_ID}'),
    ("Training", "id", 2, "TRN-001,TRN-002", "invalid-id", f'"TRN-001,TRN-002" {NOT_AN_ID}'),
    ("People", "email", 2, "ann.example.org", "invalid-email", '"ann.example.org" is not an e-mail address (email)'),
    ("People", "email", 2, "ann@example", "invalid-email", '"ann@example" is not an e-mail address (email)'),
    ("Roles", "process", 3, "PR99", "invalid-process", '"PR99" is not a FitSM process (process)'),
    ("KPIs", "measured_value", 2, "lots", "invalid-number", '"lots" is not a number (measured value)'),
    ("Assessment", "level", 2, 5, "invalid-level", '"5" is not a level 0-4 (level)'),
    ("Assessment", "level", 2, "three", "invalid-level", '"three" is not a level 0-4 (level)'),
]


@pytest.mark.parametrize(("sheet", "column", "row", "value", "code", "message"), CELL_RULES,
                         ids=[f"{r[4]}-{r[3]}" for r in CELL_RULES])
def test_cell_rule_reports_code_cell_and_message(valid_path: Path, tmp_path: Path, sheet: str, column: str,
                                                 row: int, value: Any, code: str, message: str) -> None:
    """validate.column_checks: each typed column has its own rule (ID form, e-mail, process,
    number, level); dropping one leaves the bad cell unreported, which this catches."""
    assert findings_with(valid_path, tmp_path, sheet, column, row, value) == [
        ("error", code, cell(sheet, column, row), said(message))
    ]


@pytest.mark.parametrize(("sheet", "column", "row", "value"), [
    ("Training", "id", 2, "TRN-001"),
    ("People", "email", 2, "ann.owner@mail.example.org"),
    ("Roles", "process", 3, "pr14"),
    ("KPIs", "measured_value", 2, "2.5"),
    ("Assessment", "level", 2, 0),
    ("Assessment", "level", 2, 4),
])
def test_cell_rules_accept_good_values(valid_path: Path, tmp_path: Path, sheet: str, column: str, row: int,
                                       value: Any) -> None:
    """The other side of each cell rule: a well-formed value (level 0 and 4: both ends) passes."""
    assert findings_with(valid_path, tmp_path, sheet, column, row, value) == []


# ---------------------------------------------------------------------- writers: formula injection
def _quote_prefixed_cells(xlsx: Path, sheet_title: str) -> set[str]:
    """The cells of a sheet whose style (cellXfs entry) has quotePrefix="1", read from the XML."""
    with zipfile.ZipFile(xlsx) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet_title)}"[^>]*r:id="(rId\d+)"', workbook)
        assert rid, sheet_title
        target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
        assert target
        sheet_xml = z.read("xl/" + target.group(1).lstrip("/").removeprefix("xl/")).decode("utf-8")
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
    assert xfs
    entries = re.findall(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", xfs.group(1), re.S)
    quoted = {str(i) for i, xf in enumerate(entries) if re.search(r'quotePrefix="(1|true)"', xf)}
    return {ref for ref, s in re.findall(r'<c r="([A-Z]+\d+)"[^>]*?\ss="(\d+)"', sheet_xml) if s in quoted}


def test_template_writer_stores_formula_text_as_quoted_text(tmp_path: Path) -> None:
    """template.style.set_text: text that a spreadsheet would run ("=1+1") is written as a string
    with quotePrefix, so Excel keeps it as text even after the user edits the cell."""
    data = {**DATA, "Services": [{**DATA["Services"][0], "name": "=1+1", "description": "@SUM(A1)"}]}
    path = tmp_path / "inject.xlsx"
    build_workbook(data=data, fields={**FIELDS, "provider": "=HYPERLINK(\"http://x\")"}).save(path)
    wb = openpyxl.load_workbook(path)
    name, desc = wb["Services"]["B2"], wb["Services"]["C2"]
    assert (name.value, name.data_type, name.quotePrefix) == ("=1+1", "s", True)
    assert (desc.value, desc.data_type, desc.quotePrefix) == ("@SUM(A1)", "s", True)
    assert wb["Services"]["D2"].quotePrefix is False  # plain text gets no prefix
    assert {"B2", "C2"} <= _quote_prefixed_cells(path, "Services")
    assert "D2" not in _quote_prefixed_cells(path, "Services")


def test_results_workbook_stores_formula_text_as_quoted_text(tmp_path: Path) -> None:
    """assess --format xlsx: the provider name and finding texts are user text; "=1+1" must come
    back as a string with quotePrefix, never as a formula."""
    ds = apply_all(model(), field(provider="=1+1"))
    finding = {"severity": "error", "code": "invalid-enum", "sheet": "Services", "cell": "Services!E2",
               "message": "=HYPERLINK(\"http://evil\",\"click\")", "hint": "-2+3"}
    result = assess(ds, as_of=MODEL_AS_OF, findings=[finding])
    path = tmp_path / "results.xlsx"
    results_workbook(result).save(path)
    wb = openpyxl.load_workbook(path)
    provider = wb["Summary"]["B2"]
    assert (wb["Summary"]["A2"].value, provider.value, provider.data_type) == ("Provider", "=1+1", "s")
    assert provider.quotePrefix is True
    message, hint = wb["Data quality"]["E2"], wb["Data quality"]["F2"]
    assert (message.value, message.data_type, message.quotePrefix) == (finding["message"], "s", True)
    assert (hint.value, hint.data_type, hint.quotePrefix) == ("-2+3", "s", True)
    assert "B2" in _quote_prefixed_cells(path, "Summary")
    assert {"E2", "F2"} <= _quote_prefixed_cells(path, "Data quality")
    assert "A2" not in _quote_prefixed_cells(path, "Data quality")  # "error": plain text, no prefix


# ---------------------------------------------------------------------- manifest
def _folder_with_manifest(folder: Path) -> None:
    folder.mkdir()
    outputs = []
    for name, data in (("gap-report.html", b"<p>report</p>\n"), ("check.json", b'{"findings": []}\n')):
        path = folder / name
        path.write_bytes(data)
        outputs.append(Written(path, path.stem, "gap-report", path.suffix[1:], file_sha256(path), len(data)))
    manifest = build_manifest(outputs, folder, as_of=AS_OF, inputs=[("sms.xlsx", "0" * 64)])
    (folder / MANIFEST).write_bytes(manifest_bytes(manifest))


def test_manifest_matches_untouched_files(tmp_path: Path) -> None:
    """check_manifest: the baseline for the failure tests below, every file as written."""
    _folder_with_manifest(tmp_path / "docs")
    assert check_manifest(tmp_path / "docs") == []


def test_manifest_reports_a_file_whose_bytes_changed(tmp_path: Path) -> None:
    """check_manifest compares SHA-256 digests: one byte changed (same size, same name) is caught."""
    folder = tmp_path / "docs"
    _folder_with_manifest(folder)
    path = folder / "gap-report.html"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"report", b"rEport"))
    assert path.stat().st_size == len(data)
    assert check_manifest(folder) == ["gap-report.html: content differs from the manifest"]


def test_manifest_reports_a_missing_file(tmp_path: Path) -> None:
    """check_manifest: an output listed in the manifest but gone from the folder."""
    folder = tmp_path / "docs"
    _folder_with_manifest(folder)
    (folder / "check.json").unlink()
    (folder / "gap-report.html").write_bytes(b"changed")
    assert check_manifest(folder) == [
        "check.json: missing",
        "gap-report.html: content differs from the manifest",
    ]


def test_manifest_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    _folder_with_manifest(folder)
    (folder / MANIFEST).write_text("{not json", encoding="utf-8")
    (problem,) = check_manifest(folder)
    assert problem.startswith(f"{folder / MANIFEST}: cannot be read")


# ---------------------------------------------------------------------- assess: self-assessment
@pytest.mark.parametrize("claimed", [5, -1, 2.5, "three", True])
def test_a_claim_outside_0_to_4_is_not_used(claimed: Any) -> None:
    """selfassess._valid: only whole levels 0-4 are claims. A claim of 5 (or -1, 2.5, "three",
    a boolean) counts as no claim: the result rests on the evidence (level 4), no discrepancy."""
    r = assess(apply_all(model(), put("Assessment", "PR1.1", level=claimed)), as_of=MODEL_AS_OF).requirement("PR1.1")
    assert (r.claimed_level, r.evidenced_level, r.level, r.discrepancy) == (None, 4, 4, None)


@pytest.mark.parametrize("claimed", [0, 4])
def test_the_ends_of_the_claim_scale_are_used(claimed: int) -> None:
    """selfassess._valid: 0 and 4 are valid claims. PR12.3 has no register check, so its level is
    the claim (rule R)."""
    r = assess(apply_all(model(), put("Assessment", "PR12.3", level=claimed)), as_of=MODEL_AS_OF).requirement("PR12.3")
    assert (r.claimed_level, r.level, r.basis) == (claimed, claimed, "claimed only")


@pytest.mark.parametrize(("claimed", "kind"), [(0, "under-claim"), (3, "under-claim")])
def test_a_claim_below_the_evidence_keeps_the_evidenced_level(claimed: int, kind: str) -> None:
    """Rule R: where the registers give a level, it stands; a lower claim is an under-claim to
    correct, not a gap (PR1.1 is evidenced at 4 in the model)."""
    r = assess(apply_all(model(), put("Assessment", "PR1.1", level=claimed)), as_of=MODEL_AS_OF).requirement("PR1.1")
    assert (r.evidenced_level, r.level, r.status, r.finding) == (4, 4, "met", None)
    assert r.discrepancy is not None and r.discrepancy.kind == kind
    assert "correct the self-assessment" in r.discrepancy.message


# ---------------------------------------------------------------------- assess: agreements in force
def _number_of_slas(**sla_001: Any) -> Any:
    result = assess(apply_all(model(), put("Agreements", "SLA-001", **sla_001)), as_of=MODEL_AS_OF)
    (kpi,) = [k for k in result.kpis if k.name == "Number of SLAs"]
    return kpi.value


def test_an_agreement_valid_until_the_as_of_date_is_in_force() -> None:
    """D5 (spec.rules.agreement_in_force): validity includes its last day. The model has two SLAs
    in force; SLA-001 valid until exactly the as-of date still counts, the day before it does not.
    Guards `end >= as_of` against `>`."""
    assert _number_of_slas() == 2
    assert _number_of_slas(valid_until=MODEL_AS_OF) == 2
    assert _number_of_slas(valid_until=MODEL_AS_OF + DAY) == 2
    assert _number_of_slas(valid_until=MODEL_AS_OF - DAY) == 1


def test_an_agreement_valid_from_the_as_of_date_is_in_force() -> None:
    """D5: validity includes its first day too; starting tomorrow is not in force yet."""
    assert _number_of_slas(valid_from=MODEL_AS_OF) == 2
    assert _number_of_slas(valid_from=MODEL_AS_OF + DAY) == 1


# ---------------------------------------------------------------------- assess: met
def test_a_level_equal_to_its_target_is_met() -> None:
    """scoring: "met" means level >= target. PR12's target is 3; a claim of exactly 3 on PR12.3 (no register check: the claim is its level) makes
    the requirement met and the group (capability 3 = target 3) met."""
    result = assess(apply_all(model(), put("Assessment", "PR12.3", level=3)), as_of=MODEL_AS_OF)
    r = result.requirement("PR12.3")
    assert (r.level, r.target, r.status) == (3, 3, "met")
    g = result.group("PR12")
    assert (g.capability, g.target, g.met) == (3, 3, True)
    assert "PR12" not in [b.id for b in result.below_target()]


def test_a_level_one_below_its_target_is_not_met() -> None:
    """scoring: one level short of the target is not met, for the requirement and the group."""
    result = assess(apply_all(model(), put("Assessment", "PR12.3", level=2)), as_of=MODEL_AS_OF)
    r = result.requirement("PR12.3")
    assert (r.level, r.target, r.status) == (2, 3, "not met")
    g = result.group("PR12")
    assert (g.capability, g.target, g.met) == (2, 3, False)
    assert "PR12" in [b.id for b in result.below_target()]


def test_a_group_target_of_4_is_met_only_at_4() -> None:
    """scoring: the same boundary at the top of the scale (target_level 4 on the Processes row)."""
    at = assess(apply_all(model(), put("Processes", "PR12", target_level=4)), as_of=MODEL_AS_OF)
    assert (at.group("PR12").capability, at.group("PR12").met, at.requirement("PR12.3").status) == (4, True, "met")
    below = assess(apply_all(model(), put("Processes", "PR12", target_level=4), put("Assessment", "PR12.3", level=3)),
                   as_of=MODEL_AS_OF)
    assert (below.group("PR12").met, below.requirement("PR12.3").status) == (False, "not met")


# ---------------------------------------------------------------------- found by test_properties
@pytest.mark.parametrize("value", [1e20, "1E20", 9.223372036854776e18])
def test_a_huge_number_in_a_date_cell_is_reported(valid_path: Path, tmp_path: Path, value: Any) -> None:
    """Cell rule "date": a number far beyond 9999-12-31 is no date and is reported at its cell
    (it once overflowed the serial conversion, which dropped the whole column's check)."""
    found = findings_with(valid_path, tmp_path, "Controls", "last_review", 2, value)
    assert ("invalid-date", cell("Controls", "last_review", 2)) in [(code, where) for _, code, where, _ in found]


@pytest.mark.parametrize("value", [3e6, "1E5", -5])
def test_a_number_beyond_the_calendar_in_a_date_cell_is_reported(valid_path: Path, tmp_path: Path, value: Any) -> None:
    """Cell rule "date": the reported counterpart of the gap above (serials beyond 9999-12-31, or negative)."""
    found = findings_with(valid_path, tmp_path, "Controls", "last_review", 2, value)
    assert ("invalid-date", cell("Controls", "last_review", 2)) in [(code, where) for _, code, where, _ in found]


# ---------------------------------------------------------------------- survivors of the first mutation run
@pytest.mark.parametrize("value", ["2026-01-31", 20260131, 46053.0, None, True])
def test_as_date_takes_dates_only(value: Any) -> None:
    """spec.rules.as_date: text, serial numbers and booleans are no dates (mutant: `or True`)."""
    from fitsm_audit.spec.rules import as_date

    assert as_date(value) is None
    assert as_date(dt.datetime(2026, 1, 31, 13, 5)) == dt.date(2026, 1, 31)


@pytest.mark.parametrize(("target", "used"), [(0, 0), (4, 4), (5, 3), (-1, 3), (True, 3)])
def test_a_process_target_of_0_to_4_is_used_and_nothing_else(target: Any, used: int) -> None:
    """scoring.group_target: 0 and 4 are targets a provider may set (mutants: `1 <=`, `0 <`);
    anything outside 0-4 falls back to the default 3."""
    result = assess(apply_all(model(), put("Processes", "PR1", target_level=target)), as_of=MODEL_AS_OF)
    assert result.group("PR1").target == used


def test_the_scope_note_names_exactly_the_missing_processes_pr1_to_pr14() -> None:
    """scoring.scope_notes: the range is PR1-PR14 (mutants: range(15), range(2, 15), range(1, 16))."""
    ds = apply_all(model(), _drop_processes("PR1", "PR14"))
    notes = [n for n in assess(ds, as_of=MODEL_AS_OF).notes if n.startswith("No Processes row")]
    assert notes == ["No Processes row for PR1, PR14: treated as in scope."]
    assert not [n for n in assess(model(), as_of=MODEL_AS_OF).notes if n.startswith("No Processes row")]


def _drop_processes(*ids: str) -> Any:
    def apply(ds: Any) -> None:
        ds.tables["Processes"] = [r for r in ds.rows("Processes") if r["process"] not in ids]

    return apply
