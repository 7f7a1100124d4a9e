"""trend A.json B.json ...: capability per process over many assessments, as a text table, small
multiple charts (PNG, SVG) and a workbook. The newest input is the sample assessed by the real
``assess --format json`` command; the older ones are copies of it with lower capabilities, other
dates and verdicts, as an SMS that grew would have them."""

from __future__ import annotations

import copy
import json
import struct
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_documents_cli import run
from test_documents_data import AS_OF, SAMPLE

from fitsm_audit.assess.trend import ABSENT, NOT_ASSESSED, OUT_OF_SCOPE, build_trend, short_name
from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.core.errors import UsageError

DATES = ("2026-03-31", "2026-06-30", AS_OF.isoformat())


def _older(newest: dict[str, Any], as_of: str, lower: int, verdict: str) -> dict[str, Any]:
    """``newest`` as it was at ``as_of``: every capability ``lower`` levels down (not below 0)."""
    old = copy.deepcopy(newest)
    old["as_of"] = as_of
    old["readiness"]["verdict"] = verdict
    for g in old["groups"]:
        if g["capability"] is not None:
            g["capability"] = max(0, g["capability"] - lower)
    return old


def _save(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three assessment files of one provider (oldest first) in a folder, the newest written by
    ``assess``, and its dictionary."""
    folder = tmp_path_factory.mktemp("assessments")
    newest = folder / "a-newest.json"
    code = run_guarded(
        cli, ["assess", str(SAMPLE), "--as-of", DATES[2], "--format", "json", "-o", str(newest)]
    )
    assert code in (0, 1) and newest.is_file()
    data = json.loads(newest.read_text(encoding="utf-8"))
    # named so that the folder's alphabetical order is not the date order
    middle = _save(folder / "b-middle.json", _older(data, DATES[1], 1, "not ready"))
    oldest = _save(folder / "c-oldest.json", _older(data, DATES[0], 2, "not ready"))
    return {"folder": folder, "files": [oldest, middle, newest], "newest": data}


def _groups(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["id"]: g for g in data["groups"]}


def test_the_table_has_a_column_per_date_in_date_order_and_the_verdicts(series, capsys) -> None:
    newest = _groups(series["newest"])
    code, out, err = run(["trend", str(series["folder"])], capsys)
    assert code == 0, err
    assert err == ""  # no file written, no warning
    lines = out.splitlines()
    assert (
        lines[0]
        == f"Capability per process of Pronto Pizza Ltd., {DATES[0]} to {DATES[2]} (3 assessments)"
    )
    header = next(line for line in lines if line.startswith("Process"))
    assert header.split()[1:] == [*DATES, "Target"]
    rows = {line.split()[0]: line.split() for line in lines if line[:2] in ("GR", "PR")}
    assert list(rows) == [f"GR{i}" for i in range(1, 8)] + [f"PR{i}" for i in range(1, 15)]
    gr3 = newest["GR3"]["capability"]
    assert rows["GR3"][-4:] == [
        str(max(0, gr3 - 2)),
        str(max(0, gr3 - 1)),
        str(gr3),
        str(newest["GR3"]["target"]),
    ]
    assert not newest["PR10"]["in_scope"] and rows["PR10"][-4:] == ["n/a", "n/a", "n/a", "3"]
    verdict = series["newest"]["readiness"]["verdict"]
    assert (
        lines[-1] == f"Readiness: {DATES[0]} not ready; {DATES[1]} not ready; {DATES[2]} {verdict}"
    )


def test_the_workbook_has_the_trend_and_the_inputs_and_prints(series, tmp_path, capsys) -> None:
    out = tmp_path / "trend.xlsx"
    code, _, err = run(["trend", *map(str, series["files"]), "-o", str(out)], capsys)
    assert code == 0 and f"wrote {out}" in err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Trend", "Assessments"]
    ws = wb["Trend"]
    assert [c.value for c in ws[1]] == ["Process", "Name", *DATES, "Target"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2) if r[0].value}
    newest = _groups(series["newest"])
    pr7 = newest["PR7"]  # capability 2, target 4: below target at every date
    assert [c.value for c in rows["PR7"][:6]] == [
        "PR7",
        pr7["name"],
        pr7["capability"] - 2,
        pr7["capability"] - 1,
        pr7["capability"],
        pr7["target"],
    ]
    assert all(c.fill.fgColor.rgb.endswith("FFC7CE") for c in rows["PR7"][2:5])
    pr1 = rows["PR1"]  # 4 now, target 3: green at the newest date, red two levels down
    assert pr1[4].value == 4 and pr1[4].fill.fgColor.rgb.endswith("C6EFCE")
    assert pr1[2].value == 2 and pr1[2].fill.fgColor.rgb.endswith("FFC7CE")
    assert [c.value for c in rows["PR11"][2:5]] == ["n/a"] * 3
    assert rows["PR11"][2].fill.fgColor.rgb.endswith("EDEDED")
    readiness = next(r for r in ws.iter_rows() if r[1].value == "Readiness")
    assert [c.value for c in readiness[2:5]] == [
        "not ready",
        "not ready",
        series["newest"]["readiness"]["verdict"],
    ]
    assert ws.freeze_panes == "C2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
    inputs = [[c.value for c in r] for r in wb["Assessments"].iter_rows(min_row=2)]
    assert [(Path(r[0]).name, r[1].date().isoformat(), r[2], r[3]) for r in inputs] == [
        ("c-oldest.json", DATES[0], "2", "Pronto Pizza Ltd."),
        ("b-middle.json", DATES[1], "2", "Pronto Pizza Ltd."),
        ("a-newest.json", DATES[2], "2", "Pronto Pizza Ltd."),
    ]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_charts_are_small_multiples_and_the_same_bytes_every_run(
    series, tmp_path, capsys
) -> None:
    files = [str(f) for f in series["files"]]
    png, svg = tmp_path / "trend.png", tmp_path / "trend.svg"
    code, _, err = run(["trend", *files, "-o", str(png), "-o", str(svg)], capsys)
    assert code == 0 and f"wrote {png}" in err and f"wrote {svg}" in err
    width, height = _png_size(png.read_bytes())
    # A4 landscape at 200 dpi
    assert 1800 <= width <= 2400 and 900 <= height <= 1600 and width > height
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    for label in (
        "GR1",
        "GR7",
        "PR1 ",
        "PR14",
        "2026-03",
        "2026-06",
        "2026-11",
        "out of scope",
        "Pronto Pizza Ltd.",
    ):
        assert label in text, label
    assert "<dc:date>" not in text
    again_png, again_svg = tmp_path / "again.png", tmp_path / "again.svg"
    code, _, _ = run(["trend", *files, "-o", str(again_png), "-o", str(again_svg)], capsys)
    assert code == 0
    assert again_png.read_bytes() == png.read_bytes() and again_svg.read_bytes() == svg.read_bytes()
    books = [tmp_path / "one.xlsx", tmp_path / "two.xlsx"]
    for book in books:
        assert run(["trend", *files, "-o", str(book)], capsys)[0] == 0
    assert books[0].read_bytes() == books[1].read_bytes()  # fixed timestamps inside the workbook


def test_an_existing_output_is_kept_without_force_and_replaced_with_it(
    series, tmp_path, capsys
) -> None:
    files = [str(f) for f in series["files"][1:]]
    out = tmp_path / "trend.svg"
    out.write_text("keep me", encoding="utf-8")
    code, stdout, err = run(["trend", *files, "-o", str(out)], capsys)
    assert code == 2 and "already exists" in err and len(err.strip().splitlines()) == 1
    assert stdout == "" and out.read_text(encoding="utf-8") == "keep me"
    code, _, err = run(["trend", *files, "-o", str(out), "--force"], capsys)
    assert code == 0 and out.read_text(encoding="utf-8").startswith("<?xml")


def test_mixed_editions_and_providers_line_up_by_process_id(series, tmp_path, capsys) -> None:
    later = copy.deepcopy(series["newest"])
    later.update(as_of="2027-03-31", edition="3", provider="Pronto Pizza Group")
    later["groups"] = [g for g in later["groups"] if g["id"] != "PR13"]  # a group this file lacks
    _groups(later)["PR2"]["capability"] = None  # in scope, not assessed
    path = _save(tmp_path / "v3.json", later)
    code, out, err = run(["trend", str(series["files"][2]), str(path)], capsys)
    assert code == 0
    assert err.startswith(
        "fitsm-audit: warning: the assessments name different providers: Pronto Pizza Ltd."
    )
    assert "Pronto Pizza Group" in err and len(err.strip().splitlines()) == 1
    assert f"FitSM-1 edition 2 ({DATES[2]}), edition 3 (2027-03-31)" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line[:2] in ("GR", "PR")}
    assert rows["PR2"].split()[-2] == "-"
    assert rows["PR13"].split()[-2:] == ["n/a", "3"]  # blank in 2027
    assert "blank: not in that edition" in out
    trend = build_trend([("old", series["newest"]), ("new", later)])
    states = {p.id: [pt.state for pt in p.points] for p in trend.processes}
    assert states["PR13"] == [OUT_OF_SCOPE, ABSENT] and states["PR2"][1] == NOT_ASSESSED
    assert trend.provider == "Pronto Pizza Group"


def test_a_changed_target_is_judged_at_its_own_date(series) -> None:
    older = _older(series["newest"], DATES[0], 0, "not ready")
    _groups(older)["GR1"]["target"] = 2
    trend = build_trend([("new", series["newest"]), ("old", older)])  # any order in, date order out
    assert [s.source for s in trend.snapshots] == ["old", "new"]
    (gr1,) = [p for p in trend.processes if p.id == "GR1"]
    assert [p.capability for p in gr1.points] == [2, 2]
    assert [p.target for p in gr1.points] == [2, 3] and gr1.target == 3
    assert [p.below_target for p in gr1.points] == [False, True]  # the same level, a higher bar


def test_short_names_fit_a_panel() -> None:
    assert short_name("Service Level Management") == "Service Level"
    assert short_name("Planning IT Service Management (PLAN)") == "Planning ITSM (PLAN)"
    assert short_name("Defining The Scope Of Service Management") == "Defining The Scope Of SM"
    assert short_name("Documentation") == "Documentation"


def test_misuse_is_one_line_and_exit_2(series, tmp_path, capsys) -> None:
    oldest, middle, newest = (str(f) for f in series["files"])
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    same = _save(tmp_path / "same-day.json", _older(series["newest"], DATES[1], 0, "not ready"))
    empty = tmp_path / "empty"
    empty.mkdir()
    no_groups = _save(
        tmp_path / "nogroups.json",
        {**series["newest"], "as_of": "2025-01-31", "groups": {"GR1": 2}},
    )
    cases = [
        (["trend", newest], "a trend needs at least two assessments; 1 given"),
        (["trend", newest, str(bad)], f"{bad}: not JSON"),
        (["trend", middle, newest, str(same)], f"{middle} and {same} are both as of {DATES[1]}"),
        (
            ["trend", oldest, newest, "-o", str(tmp_path / "trend.pdf")],
            "write a .png, .svg or .xlsx file",
        ),
        (["trend", oldest, newest, "-o", oldest], "write a .png, .svg or .xlsx file"),
        (["trend", str(empty), newest], "the folder holds no .json assessment"),
        (["trend", oldest, str(no_groups)], "its groups are not a list of processes with IDs"),
        (
            ["trend", oldest, newest, "-o", str(tmp_path / "t.png"), "-o", str(tmp_path / "t.png")],
            "given twice",
        ),
    ]
    for args, message in cases:
        code, out, err = run(args, capsys)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1, (args, err)
        assert out == "" and "Traceback" not in err
    # no input was written over
    assert json.loads(Path(oldest).read_text(encoding="utf-8"))["as_of"] == DATES[0]
    assert not (tmp_path / "trend.pdf").exists() and not (tmp_path / "t.png").exists()
    with pytest.raises(UsageError):
        build_trend([])


def test_an_input_is_never_the_output(series, tmp_path, capsys) -> None:
    """An input with a chart's suffix is still an input: refused, not overwritten."""
    disguised = tmp_path / "old.svg"
    disguised.write_bytes(Path(series["files"][0]).read_bytes())
    code, _, err = run(
        ["trend", str(disguised), str(series["files"][2]), "-o", str(disguised), "--force"], capsys
    )
    assert code == 2 and "refusing to write into an input" in err
    assert disguised.read_bytes() == Path(series["files"][0]).read_bytes()
