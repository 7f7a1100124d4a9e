"""fitsm-audit federation MEMBERS -o OUT: real member workbooks assessed in worker processes,
the roll-up read back from federation.json, federation.xlsx, the DOCX and the PDF."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from checkdata import column_letter, mutate
from test_documents_cli import run
from test_documents_data import pdf_text

from fitsm_audit.assess.federation import MemberResult, duplicate_providers, norm, shared_gaps

ROOT = Path(__file__).resolve().parents[1]
FED = ROOT / "samples" / "federation"
MEMBERS, BOOK = FED / "members", FED / "pizza-alliance.xlsx"
AS_OF = "2026-11-30"


def federation(members: Path, out: Path, *extra: str) -> list[str]:
    return ["federation", str(members), "-o", str(out), "--as-of", AS_OF, "--jobs", "2", *extra]


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("federation")
    code = _cli(federation(MEMBERS, out, "--federation-book", str(BOOK)))
    return {"code": code, "out": out, "data": json.loads((out / "federation.json").read_text())}


def _cli(args: list[str]) -> int:
    from fitsm_audit.cli import cli
    from fitsm_audit.cli.base import run_guarded

    return run_guarded(cli, args)


def test_the_sample_federation_is_rolled_up_with_its_services(rolled) -> None:
    data = rolled["data"]
    assert rolled["code"] == 0
    assert data["name"] == "Pizza Alliance"
    assert [m["provider"] for m in data["members"]] == ["Napoli Express GmbH", "Pronto Pizza Ltd.", "Slice Lab Cooperative"]
    assert all(m["reason"] == "" for m in data["members"])
    assert [m["files"] for m in data["members"]][2] == sorted(p.name for p in (MEMBERS / "slice-lab").glob("*.xlsx"))
    services = data["services"]
    assert services["missing"] == ["Torino Slice S.r.l."] and services["not_listed"] == []
    delivery, ordering = services["services"]
    assert delivery["covered"] and [d["agreements"] for d in delivery["deliveries"]] == [["OLA-001"], ["OLA-002"]]
    assert not ordering["covered"]
    assert any("without an active OLA or UA" in p for p in ordering["problems"])  # OLA-003 is a draft
    assert any("no live service named 'Online ordering'" in p for p in ordering["problems"])  # Slice Lab: "Web shop"
    assert data["membership"] == [["Slice Lab Cooperative", "its Organisation sheet names no federation (field federation)"]]
    # Napoli Express has no reviews or training on record: below Pronto Pizza where the registers say so
    napoli, pronto = data["members"][0], data["members"][1]
    assert len(napoli["gaps"]) > len(pronto["gaps"])
    counts = [len(g["members"]) for g in data["shared_gaps"]]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3 and min(counts) >= 2


def test_the_workbook_holds_the_heat_map_and_every_verdict(rolled) -> None:
    import openpyxl

    data = rolled["data"]
    wb = openpyxl.load_workbook(rolled["out"] / "federation.xlsx")
    assert wb.sheetnames == ["Summary", "Heat map", "Requirements", "Readiness", "Shared gaps", "Services", "Membership"]
    heat = list(wb["Heat map"].iter_rows(values_only=True))
    groups = [g["id"] for g in data["members"][0]["groups"]]
    assert list(heat[0][2:]) == groups and heat[1][0] == "Target"
    for row, member in zip(heat[2:], data["members"], strict=True):
        expected = [g["capability"] if g["in_scope"] and g["capability"] is not None else "n/a" for g in member["groups"]]
        assert row[0] == member["provider"] and row[1] == member["readiness"] and list(row[2:]) == expected
    readiness = {r[0]: r for r in wb["Readiness"].iter_rows(min_row=2, values_only=True)}
    assert set(readiness) == {"napoli-express", "pronto-pizza", "slice-lab"}
    missing = [r for r in wb["Membership"].iter_rows(min_row=2, values_only=True) if r[0] == "Torino Slice S.r.l."]
    assert missing and "no member workbook" in missing[0][1]


def test_the_report_has_a_heat_map_the_shared_gaps_and_a_profile_per_member(rolled) -> None:
    import docx

    document = docx.Document(str(rolled["out"] / "federation-report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("Summary", "Maturity across the federation", "Gaps shared by the most members",
                    "Membership and services", "Members not assessed", "Member profile: Napoli Express GmbH",
                    "Member profile: Slice Lab Cooperative"):  # fmt: skip
        assert heading in headings, heading
    assert len(document.inline_shapes) == 4  # the heat map and three profiles
    text = pdf_text((rolled["out"] / "federation-report.pdf").read_bytes())
    top = rolled["data"]["shared_gaps"][0]["requirement"]
    for phrase in ("Pizza Alliance", "Torino Slice", top, "Online ordering", "Every member was assessed"):
        assert phrase in text, phrase


def test_a_rerun_gives_the_same_bytes(rolled, tmp_path) -> None:
    assert _cli(federation(MEMBERS, tmp_path, "--federation-book", str(BOOK), "--format", "json,xlsx", "--jobs", "1")) == 0
    for name in ("federation.json", "federation.xlsx"):
        assert (tmp_path / name).read_bytes() == (rolled["out"] / name).read_bytes(), name


def _broken_folder(tmp_path: Path) -> Path:
    members = tmp_path / "members"
    members.mkdir()
    shutil.copy(MEMBERS / "pronto-pizza.xlsx", members / "pronto.xlsx")
    shutil.copy(MEMBERS / "pronto-pizza.xlsx", members / "pronto-copy.xlsx")
    (members / "notes.xlsx").write_text("minutes of the federation board\n")
    (members / "README.txt").write_text("one workbook per member\n")
    (members / "empty").mkdir()
    outside = tmp_path / "secret.xlsx"
    shutil.copy(MEMBERS / "napoli-express.xlsx", outside)
    os.symlink(outside, members / "elsewhere.xlsx")
    letter = column_letter("Services", "status")

    def launch(wb) -> None:
        wb["Services"][f"{letter}3"] = "launched"

    mutate(MEMBERS / "napoli-express.xlsx", members / "napoli.xlsx", launch)
    return members


def test_bad_members_never_stop_the_roll_up(tmp_path, capsys) -> None:
    members = _broken_folder(tmp_path)
    code, out, err = run(federation(members, tmp_path / "out", "--format", "json"), capsys)
    assert code == 1
    data = json.loads((tmp_path / "out" / "federation.json").read_text())
    reasons = {m["name"]: m["reason"] for m in data["members"]}
    assert set(reasons) == {"elsewhere", "empty", "napoli", "notes", "pronto", "pronto-copy"}
    assert reasons["pronto"] == reasons["pronto-copy"] == ""
    assert "symbolic link leading outside MEMBERS" in reasons["elsewhere"]
    assert "no .xlsx workbook" in reasons["empty"]
    assert reasons["notes"].startswith("notes.xlsx: ") and "not an Excel workbook" in reasons["notes"]
    assert "check found 1 error" in reasons["napoli"] and "launched" in reasons["napoli"]
    assert str(tmp_path) not in json.dumps(reasons)  # members are named inside MEMBERS, not by local path
    assert data["skipped"] == ["README.txt"]
    assert data["duplicates"] == [["Pronto Pizza Ltd.", ["pronto", "pronto-copy"]]]
    lines = err.strip().splitlines()
    assert sum("not assessed" in line for line in lines) == 4 and "Traceback" not in err
    assert "warning: Pronto Pizza Ltd. is the provider of pronto, pronto-copy" in err
    assert "2 members assessed" in out and "4 not assessed" in out


def test_a_member_running_too_long_is_stopped(tmp_path, capsys) -> None:
    members = tmp_path / "members"
    members.mkdir()
    shutil.copy(MEMBERS / "pronto-pizza.xlsx", members / "slow.xlsx")
    code, _, err = run(federation(members, tmp_path / "out", "--format", "json", "--member-timeout", "0.05"), capsys)
    assert code == 1
    data = json.loads((tmp_path / "out" / "federation.json").read_text())
    assert "took longer than 0.05 s (--member-timeout); stopped" in data["members"][0]["reason"]
    assert "slow: not assessed: took longer" in err


def test_outputs_are_never_overwritten_or_put_inside_members(rolled, tmp_path, capsys) -> None:
    before = (rolled["out"] / "federation.json").read_bytes()
    code, _, err = run(federation(MEMBERS, rolled["out"], "--format", "json"), capsys)
    assert code == 2 and "already exists" in err and (rolled["out"] / "federation.json").read_bytes() == before
    members = tmp_path / "members"
    shutil.copytree(MEMBERS, members)
    code, _, err = run(federation(members, members / "out"), capsys)
    assert code == 2 and "inside MEMBERS" in err and not (members / "out").exists()
    code, _, err = run(federation(members, tmp_path / "o", "--federation-book", str(members / "pronto-pizza.xlsx")), capsys)
    assert code == 2 and "inside MEMBERS" in err
    code, _, err = run(federation(tmp_path / "nowhere", tmp_path / "o"), capsys)
    assert code == 2 and "not a folder" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(federation(members, tmp_path / "o", "--format", "pdf,tiff"), capsys)
    assert code == 2 and "--format" in err


def test_demo_federation_rolls_up_the_packaged_sample(tmp_path, capsys) -> None:
    code, out, err = run(["demo", "--federation", "-o", str(tmp_path), "--format", "docx"], capsys)
    assert code == 0, err
    assert "Rolled up the federation sample Pizza Alliance: 3 members assessed" in out
    assert "Torino Slice S.r.l.: listed by the federation workbook, but no member workbook in MEMBERS" in out
    assert "service SVC-002 Online ordering:" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["federation-report.docx", "federation.json", "federation.xlsx"]
    code, _, err = run(["demo", "--federation", "-o", str(tmp_path), "--format", "docx"], capsys)
    assert code == 2 and "already exists" in err


def test_the_federation_sample_is_current() -> None:
    sys.path.insert(0, str(ROOT / "samples"))
    try:
        import build_federation
    finally:
        sys.path.remove(str(ROOT / "samples"))
    assert build_federation.main(["--check"]) == 0, "run python samples/build_federation.py"


def _member(name: str, provider: str, gaps: list[str]) -> MemberResult:
    requirements = [{"id": r, "group": r.split(".")[0]} for r in ("GR1.1", "GR2.1", "PR1.1")]
    return MemberResult(name, provider=provider, gaps=gaps, requirements=requirements)


def test_shared_gaps_rank_by_how_many_share_them_then_catalogue_order() -> None:
    members = [_member("a", "A", ["PR1.1", "GR2.1"]), _member("b", "B", ["PR1.1", "GR1.1", "GR2.1"]),
               _member("c", "C", ["PR1.1", "GR1.1"]), _member("d", "D", ["GR2.1"])]  # fmt: skip
    ranked = [(g.requirement, g.members) for g in shared_gaps(members)]
    # PR1.1 and GR2.1 tie at three members: catalogue order decides
    assert ranked == [("GR2.1", ("A", "B", "D")), ("PR1.1", ("A", "B", "C")), ("GR1.1", ("B", "C"))]
    assert shared_gaps(members[:1]) == []  # one member's gap is not shared


def test_provider_names_match_whatever_the_case_and_spacing() -> None:
    assert norm("  Pronto  Pizza LTD. ") == norm("pronto pizza ltd")
    members = [_member("x", "Pronto Pizza Ltd.", []), _member("y", "pronto  pizza ltd", []), _member("z", "Other", [])]
    assert duplicate_providers(members) == [("Pronto Pizza Ltd.", ["x", "y"])]
