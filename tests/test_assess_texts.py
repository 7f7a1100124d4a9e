"""What the evidence says: failing rows under their own sheet, each reason in its own words."""

from __future__ import annotations

from pathlib import Path

import checkdata
from test_assess_checks_gr import run
from test_assess_fixture import D, add, drop, field, put

from fitsm_audit.assess import assess
from fitsm_audit.spec.contract import normalise_header
from fitsm_audit.template.build import build_workbook
from fitsm_audit.workbook.pipeline import read_sms


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
    assert 'Policy process approach says "No", not committed' in no
    (empty,) = [t for t in run("GR1.2", field(policy_process_approach=None)).texts if "missing" in t]
    assert "Policy process approach is blank" in empty
    assert "policy_process_approach" not in no + empty  # the thing, not the spreadsheet field


def test_a_scope_element_answered_no_is_not_called_blank() -> None:
    (no,) = [t for t in run("GR3.1", field(scope_locations="no")).texts if "missing" in t]
    assert no == 'missing: locations in scope (Organisation: Scope locations says "no", not stated)'
    (empty,) = [t for t in run("GR3.1", field(scope_locations=None)).texts if "missing" in t]
    assert empty == "missing: locations in scope (Organisation: Scope locations is blank)"


def test_a_blank_policy_field_names_its_cell_in_a_real_workbook(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(SAMPLE)
    org = wb["Organisation"]
    (row,) = [
        c.row for c in org["A"] if normalise_header(c.value or "") == "policy process approach"
    ]
    org.cell(row, 2).value = None
    path = tmp_path / "blank-policy.xlsx"
    wb.save(path)
    result = assess(read_sms([path], D(2026, 11, 30)).dataset, as_of=D(2026, 11, 30))
    gr12 = next(r for r in result.requirements if r.id == "GR1.2")
    assert f"Organisation!B{row}: Policy process approach is blank" in " ".join(gr12.evidence)


def test_gr2_1_says_each_document_and_each_state_once() -> None:
    assert run("GR2.1").texts == [
        "3 of 3 SMS documents recorded (100 %)",
        "controlled: scope statement (DOC-001), service management policy (DOC-002), "
        "service management plan (DOC-003)",
    ]


def test_gr2_1_names_each_gap_once() -> None:
    texts = run(
        "GR2.1",
        put("Documents", "DOC-001", status="draft"),
        drop("Documents", "DOC-003"),
        drop("Capacity Plans"),
    ).texts
    assert texts == [
        "2 of 3 SMS documents recorded (67 %)",
        "controlled: service management policy (DOC-002)",
        "registered, not approved: scope statement (DOC-001)",
        "not registered: service management plan",
        "empty plan register: Capacity Plans",
    ]
    blocked = run("GR2.1", drop("Capacity Plans")).texts
    assert sum("Capacity Plans" in t for t in blocked) == 1
    assert blocked[-1] == "level 3 needs: related plans exist for the in-scope PR4 and PR5"


def test_gr2_1_a_scope_statement_only_in_organisation_is_not_also_registered() -> None:
    texts = run("GR2.1", drop("Documents", "DOC-001")).texts
    assert texts[0] == "3 of 3 SMS documents recorded (100 %)"
    assert "written in Organisation, not registered in Documents: scope statement" in texts
    nothing = run(
        "GR2.1", drop("Documents", "DOC-001", "DOC-002", "DOC-003"), field(scope_statement=None)
    ).texts
    assert nothing == ["Nothing recorded: no scope statement, policy or SM plan in Documents."]


SAMPLE = Path(__file__).parents[1] / "samples" / "pizza-delivery.xlsx"
NOT_A_TYPE = "in Suppliers, but its type is blank or not one of internal, federation member, external"


def test_pr8_1_a_supplier_with_a_mistyped_type_is_not_called_missing_from_suppliers() -> None:
    for typed in (None, "extrenal"):  # a mistyped cell reaches assess blank; a hand-built one as is
        ev = run("PR8.1", put("Suppliers", "SUP-001", type=typed))
        assert [(f.condition, f.sheet, f.ids) for f in ev.failing] == [
            (NOT_A_TYPE, "Suppliers", ["SUP-001"])
        ], typed
        assert f"{NOT_A_TYPE}: SUP-001" in ev.texts
        assert not any("not in Suppliers" in t for t in ev.texts)


def test_pr8_1_still_names_a_supplier_really_missing_and_one_without_a_name() -> None:
    ev = run(
        "PR8.1",
        put("Suppliers", "SUP-001", name=None),
        add("Components", id="CMP-009", name="Cheese", services=["SVC-002"], provided_by="SUP-009"),
        add("Parties", id="SUP-009", name="Cheese Co", role="external supplier", contact_point="x@c.example"),
    )
    assert [(f.condition, f.ids) for f in ev.failing[:2]] == [
        ("not in Suppliers", ["SUP-009"]),
        ("in Suppliers without a name", ["SUP-001"]),
    ]


def test_pr8_1_from_a_workbook_with_a_mistyped_supplier_type(tmp_path: Path) -> None:
    path = tmp_path / "valid.xlsx"
    build_workbook(data=checkdata.DATA, fields=checkdata.FIELDS).save(path)
    cell = f"{checkdata.column_letter('Suppliers', 'type')}2"
    bad = checkdata.mutate(path, tmp_path / "typo.xlsx", lambda wb: wb["Suppliers"].__setitem__(cell, "extrenal"))
    read = read_sms([str(bad)], checkdata.AS_OF)
    assert any(f.code == "invalid-enum" and f.cell == f"Suppliers!{cell}" for f in read.findings)
    r = assess(read.dataset, as_of=checkdata.AS_OF).requirement("PR8.1")
    assert [(f.condition, f.ids) for f in r.failing] == [(NOT_A_TYPE, ["SUP-001"])]
