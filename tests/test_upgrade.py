"""Workbooks made before contract version 2 keep working (warnings that name what to add), `init
--upgrade` brings them up to date keeping every value, and the follow-through warnings of check
(active agreement naming a retired service, missed KPI without follow-up, overdue review action)."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from checkdata import AS_OF, DATA, FIELDS, column_letter, mutate

from fitsm_audit.spec.contract import load_contract
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms
from tests.test_documents_data import SAMPLE

CONTRACT = load_contract()
NEW_SHEETS = [s.name for s in CONTRACT.sheets if s.since > 1]
NEW_COLUMNS = {s.name: [c for c in s.columns if c.since > 1] for s in CONTRACT.sheets if s.since == 1}
NEW_COLUMNS = {k: v for k, v in NEW_COLUMNS.items() if v}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fitsm_audit", *args], capture_output=True, text=True, timeout=180)


def make_old(wb: openpyxl.Workbook) -> None:
    """The workbook as version 1 of the contract made it: no new sheets, no new columns (tables
    dropped, as a hand-made sheet has none), plus a column and a sheet of the user's own."""
    for name in NEW_SHEETS:
        del wb[name]
    for name, cols in NEW_COLUMNS.items():
        ws = wb[name]
        for t in list(ws.tables):
            del ws.tables[t]
        for col in sorted(cols, key=lambda c: -CONTRACT.sheet(name).column_names().index(c.name)):
            ws.delete_cols(CONTRACT.sheet(name).column_names().index(col.name) + 1)
    services = wb["Services"]
    extra = services.max_column + 1
    services.cell(1, extra, "Cost centre")
    services.cell(2, extra, "CC-4711")
    notes = wb.create_sheet("My notes")
    notes.append(["Remember", dt.date(2026, 5, 1)])


@pytest.fixture(scope="module")
def old_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("old")
    data = {k: [{c: v for c, v in row.items() if c not in {x.name for x in NEW_COLUMNS.get(k, [])}} for row in rows]
            for k, rows in DATA.items()}  # fmt: skip
    build_workbook(data=data, fields=FIELDS).save(folder / "new.xlsx")
    return mutate(folder / "new.xlsx", folder / "old.xlsx", make_old)


def test_an_old_workbook_checks_with_warnings_naming_what_to_add(old_path: Path) -> None:
    result = read_sms([str(old_path)], AS_OF)
    assert result.summary["errors"] == 0, [f.to_dict() for f in result.findings if f.severity == "error"]
    columns = {(f.sheet, f.column) for f in result.findings if f.code == "missing-new-column"}
    assert columns == {(s, c.header) for s, cols in NEW_COLUMNS.items() for c in cols}
    assert all("init --upgrade" in (f.hint or "") for f in result.findings if f.code.startswith("missing-new"))
    sheets = {f.sheet for f in result.findings if f.code == "missing-new-sheet"}
    area = [f for f in result.findings if f.code == "missing-new-area"]
    assert len(area) == 1 and "operations registers" in area[0].message
    assert sheets == {s for s in NEW_SHEETS if CONTRACT.sheet(s).workbook != "operations"}


def _values(path: Path) -> dict[str, list[dict[str, Any]]]:
    dataset = read_sms([str(path)], AS_OF).dataset
    return {s.name: [dict(r.values) for r in dataset.rows(s.name)] for s in CONTRACT.sheets if s.kind != "fields"}


def test_upgrade_adds_sheets_and_columns_and_keeps_every_value(old_path: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(old_path.read_bytes()).hexdigest()
    new = tmp_path / "new.xlsx"
    r = run("init", "--upgrade", str(old_path), "-o", str(new))
    assert r.returncode == 0, r.stderr
    assert hashlib.sha256(old_path.read_bytes()).hexdigest() == before  # the input is only read
    assert f"added {len(NEW_SHEETS)} sheets" in r.stderr and "KPIs: added ID and Follow up (IDs KPI-001 to KPI-001" in r.stderr
    assert "kept 1 sheet of your own: My notes" in r.stderr
    result = read_sms([str(new)], AS_OF)
    codes = {f.code for f in result.findings}
    assert not codes & {"missing-new-column", "missing-new-sheet", "missing-new-area", "missing-sheet"}
    assert result.summary["errors"] == 0
    old_values, new_values = _values(old_path), _values(new)
    for sheet, rows in old_values.items():
        if sheet in NEW_SHEETS:
            continue
        kept = [{k: v for k, v in row.items() if k in {c for c in row if row[c] is not None}} for row in rows]
        upgraded = [{k: row.get(k) for k in kept_row} for row, kept_row in zip(new_values[sheet], kept, strict=True)]
        assert upgraded == kept, sheet
    assert result.dataset.field("management_review_interval") == 12
    assert result.dataset.rows("KPIs")[0].id == "KPI-001"
    wb = openpyxl.load_workbook(new)
    services = wb["Services"]
    headers = [c.value for c in services[1]]
    at = headers.index("Cost centre") + 1
    assert services.cell(2, at).value == "CC-4711"
    assert [c.value for c in wb["My notes"][1]] == ["Remember", dt.datetime(2026, 5, 1)]
    assert set(NEW_SHEETS) <= set(wb.sheetnames)


def test_upgrade_never_overwrites_and_never_writes_into_its_input(old_path: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.xlsx"
    new.write_bytes(b"mine")
    r = run("init", "--upgrade", str(old_path), "-o", str(new))
    assert r.returncode == 2 and new.read_bytes() == b"mine" and "Traceback" not in r.stderr
    assert run("init", "--upgrade", str(old_path), "-o", str(new), "--force").returncode == 0
    same = run("init", "--upgrade", str(old_path), "-o", str(old_path), "--force")
    assert same.returncode == 2 and "refusing to write into an input" in same.stderr
    assert run("init", "--upgrade", str(old_path)).returncode == 2  # no -o
    not_a_workbook = tmp_path / "notes.txt"
    not_a_workbook.write_text("hello")
    bad = run("init", "--upgrade", str(not_a_workbook), "-o", str(tmp_path / "x.xlsx"))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_upgrading_a_current_workbook_changes_nothing_it_reads(tmp_path: Path) -> None:
    new = tmp_path / "sample-upgraded.xlsx"
    r = run("init", "--upgrade", str(SAMPLE), "-o", str(new))
    assert r.returncode == 0 and "it already had every sheet and column" in r.stderr
    assert _values(new) == _values(SAMPLE)


# ---------------------------------------------------------------------------- follow-through
@pytest.fixture(scope="module")
def valid_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("valid") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def _cells(**changes: tuple[str, int, Any]):
    def fn(wb: openpyxl.Workbook) -> None:
        for sheet_column, (sheet, row, value) in changes.items():
            column = sheet_column.split("__")[1]
            wb[sheet][f"{column_letter(sheet, column)}{row}"] = value

    return fn


def warnings(path: Path) -> list[tuple[str, str | None, str]]:
    return [(f.code, f.cell, f.message) for f in read_sms([str(path)], AS_OF).findings]


def test_an_active_agreement_naming_a_retired_service_is_a_warning_at_its_services(valid_path: Path, tmp_path: Path) -> None:
    retired = mutate(valid_path, tmp_path / "r.xlsx", _cells(s__status=("Services", 2, "retired")))
    found = [w for w in warnings(retired) if w[0] == "agreement-retired-service"]
    assert found == [("agreement-retired-service", f"Agreements!{column_letter('Agreements', 'services')}2",
                      "SLA-001 is active but names SVC-001, which is retired.")]  # fmt: skip
    dated = mutate(valid_path, tmp_path / "d.xlsx", _cells(s__retired_on=("Services", 2, dt.date(2026, 10, 31))))
    assert any("which is retired on 2026-10-31" in w[2] for w in warnings(dated))
    later = mutate(valid_path, tmp_path / "l.xlsx", _cells(s__retired_on=("Services", 2, dt.date(2027, 3, 31))))
    assert not [w for w in warnings(later) if w[0] == "agreement-retired-service"]  # not yet


def test_a_missed_kpi_needs_a_follow_up(valid_path: Path, tmp_path: Path) -> None:
    cell = f"KPIs!{column_letter('KPIs', 'follow_up')}2"
    missed = mutate(valid_path, tmp_path / "m.xlsx", _cells(k__measured_value=("KPIs", 2, 0)))  # target >= 1
    assert [(c, at) for c, at, _ in warnings(missed)] == [("kpi-missed-no-follow-up", cell)]
    said = mutate(valid_path, tmp_path / "s.xlsx", _cells(k__met=("KPIs", 2, "no")))
    assert [(c, at) for c, at, _ in warnings(said)] == [("kpi-missed-no-follow-up", cell)]
    followed = mutate(valid_path, tmp_path / "f.xlsx", _cells(k__met=("KPIs", 2, "no"), k__follow_up=("KPIs", 2, "IMP-001")))
    assert warnings(followed) == []
    named = mutate(valid_path, tmp_path / "n.xlsx", _cells(k__met=("KPIs", 2, "no"), i__source_ref=("Improvements", 2, "KPI-001")))
    assert warnings(named) == []  # an improvement naming the KPI as its source follows it up


def test_a_customer_on_an_agreement_not_in_force_is_a_warning(valid_path: Path, tmp_path: Path) -> None:
    cell = f"Customers!{column_letter('Customers', 'agreement')}2"
    on_sla = mutate(valid_path, tmp_path / "sla.xlsx", _cells(c__agreement=("Customers", 2, "SLA-001")))
    assert warnings(on_sla) == []
    draft = mutate(valid_path, tmp_path / "draft.xlsx", _cells(c__agreement=("Customers", 2, "SLA-001"),
                                                               a__status=("Agreements", 2, "draft")))  # fmt: skip
    assert [(c, at) for c, at, _ in warnings(draft) if c == "customer-agreement-not-active"] == [
        ("customer-agreement-not-active", cell)]
    ua = mutate(valid_path, tmp_path / "ua.xlsx", _cells(c__agreement=("Customers", 2, "UA-001")))
    assert any("which is a UA" in m for c, _, m in warnings(ua) if c == "customer-agreement-not-active")


def test_a_review_action_past_its_due_date_is_a_warning(valid_path: Path, tmp_path: Path) -> None:
    def action(status: str, due: dt.date):
        def fn(wb: openpyxl.Workbook) -> None:
            ws = wb["Review Actions"]
            for column, value in (("id", "RACT-001"), ("review", "REV-001"), ("action", "Approve the policy"),
                                  ("owner", "PER-001"), ("due", due), ("status", status)):  # fmt: skip
                ws[f"{column_letter('Review Actions', column)}2"] = value

        return fn

    late = mutate(valid_path, tmp_path / "late.xlsx", action("open", dt.date(2026, 11, 1)))
    cell = f"Review Actions!{column_letter('Review Actions', 'due')}2"
    assert [(c, at, m) for c, at, m in warnings(late)] == [
        ("review-action-overdue", cell, "RACT-001 from REV-001 was due on 2026-11-01 and is still open.")]
    assert warnings(mutate(valid_path, tmp_path / "done.xlsx", action("done", dt.date(2026, 11, 1)))) == []
    assert warnings(mutate(valid_path, tmp_path / "due.xlsx", action("open", AS_OF))) == []  # due today: not late


def test_the_sample_plants_the_follow_through_gaps() -> None:
    found = {(f.code, f.cell) for f in read_sms([str(SAMPLE)], AS_OF).findings}
    assert ("review-action-overdue", "Review Actions!E6") in found  # RACT-005
    # every missed KPI of the sample is followed up: by its Follow up column or by an improvement
    # naming it as its source (KPI-015, satisfaction in Q1: IMP-008), as assess counts it
    assert not [c for c, _ in found if c == "kpi-missed-no-follow-up"]
    assert ("review-overdue", "Stakeholders & Obligations!H5") in found  # STK-004
    assert ("customer-agreement-not-active", "Customers!H7") in found  # CUS-006 on the draft SLA-005
