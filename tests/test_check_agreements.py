"""check says why an active agreement does not count as in force: it has no signing date (D5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from checkdata import AS_OF, DATA, FIELDS, column_letter, mutate

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms

SIGNED_ON = column_letter("Agreements", "signed_on")
CODE = "agreement-not-signed"


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("agreements") / "valid.xlsx"
    build_workbook(data=DATA, fields=FIELDS).save(path)
    return path


def _with(valid: Path, tmp_path: Path, row: int, **values: Any) -> Path:
    def change(wb: openpyxl.Workbook) -> None:
        for column, value in values.items():
            wb["Agreements"][f"{column_letter('Agreements', column)}{row}"] = value

    return mutate(valid, tmp_path / "agreements.xlsx", change)


def _unsigned(path: Path) -> list[tuple[str, str | None, str]]:
    return [(f.severity, f.cell, f.text) for f in read_sms([str(path)], AS_OF).findings if f.code == CODE]


def test_an_active_ua_without_a_signing_date_is_a_warning_at_signed_on(valid: Path, tmp_path: Path) -> None:
    path = _with(valid, tmp_path, 3, signed_on=None)  # UA-001
    assert _unsigned(path) == [
        ("warning", f"Agreements!{SIGNED_ON}3",
         "UA-001 is active but has no Signed on date, so it does not count as in force and covers "
         "nothing. Enter the date it was signed, or set its status to draft until it is signed."),
    ]
    result = read_sms([str(path)], AS_OF)
    ctx = AssessmentContext(result.dataset, AS_OF)
    assert [a.id for a in ctx.in_force_ola_uas] == []  # the warning explains what assess does


def test_a_default_sla_is_asked_for_its_publication_date(valid: Path, tmp_path: Path) -> None:
    (finding,) = _unsigned(_with(valid, tmp_path, 2, signed_on=None))  # SLA-001, default
    assert finding[1] == f"Agreements!{SIGNED_ON}2"
    assert "Enter the day it was approved and published" in finding[2]


def test_a_signing_date_after_the_as_of_date_is_a_warning(valid: Path, tmp_path: Path) -> None:
    path = _with(valid, tmp_path, 3, signed_on=dt.date(2027, 1, 5))
    assert _unsigned(path) == [
        ("warning", f"Agreements!{SIGNED_ON}3",
         "UA-001 is active but its Signed on date 2027-01-05 is after the as-of date 2026-11-30, so "
         "it does not count as in force yet. Correct the date if it is a typing error."),
    ]


def test_a_draft_or_expired_agreement_needs_no_signing_date(valid: Path, tmp_path: Path) -> None:
    assert _unsigned(_with(valid, tmp_path, 3, signed_on=None, status="draft")) == []
    assert _unsigned(_with(valid, tmp_path, 3, signed_on=None, status="expired")) == []
    assert _unsigned(valid) == []


def test_an_invalid_signing_date_is_named_as_such(valid: Path, tmp_path: Path) -> None:
    path = _with(valid, tmp_path, 3, signed_on="soon")
    (finding,) = _unsigned(path)
    assert finding[2].startswith('UA-001 is active but its Signed on cell "soon" is not a date, so it')
    codes = {f.code for f in read_sms([str(path)], AS_OF).findings}
    assert "invalid-date" in codes
