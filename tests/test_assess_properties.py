"""Property test: arbitrary values in the typed cells of the sample never stop ``assess``.

Copies of samples/pizza-delivery.xlsx get one to three typed cells (dates, numbers, enums, yes/no,
levels, references, IDs, Organisation intervals) overwritten with hostile values: unicode text,
huge and negative numbers, NaN and infinities, booleans, calendar-end dates (users type 9999-12-31
for "never"), long strings. The workbook is read with the real pipeline and assessed as of an
ordinary or an extreme date; the assessment must always finish with 85 requirements whose levels
are 0-4 or null, and its text and JSON renderings must build.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from cellpatch import patch, sheet_paths
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from fitsm_audit.assess import assess
from fitsm_audit.render.assessment_text import render_json, render_text
from fitsm_audit.spec.contract import load_contract
from fitsm_audit.workbook.container import column_letters
from fitsm_audit.workbook.pipeline import read_sms

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples" / "pizza-delivery.xlsx").read_bytes()
CONTRACT = load_contract()
PATHS = sheet_paths(SAMPLE)
TYPED = ("date", "int", "number", "enum", "yesno", "level", "ref", "reflist", "id", "process")
LEVELS = {None, 0, 1, 2, 3, 4}


def _data_rows() -> dict[str, list[int]]:
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        fh.write(SAMPLE)
        fh.flush()
        ds = read_sms([fh.name], dt.date(2026, 11, 30)).dataset
    return {s.name: [r.row for r in ds.rows(s.name)] or [2] for s in CONTRACT.sheets}


ROWS = _data_rows()
# A target is (sheet, column): a register column, or an Organisation field (one field a row,
# its value in column B). _cell() turns it and a row pick into a cell reference.
Target = tuple[str, str]
TYPES: dict[Target, str] = {
    (sheet.name, col.name): col.type
    for sheet in CONTRACT.sheets
    for col in (sheet.columns or sheet.fields)
    if col.type in TYPED
}
TARGETS = sorted(TYPES)
# Users type 9999-12-31 for "never" into planned dates, and 1900-01-01 for "long ago" elsewhere
PLANNED = {
    "next_review",
    "due",
    "valid_until",
    "go_live",
    "timing",
    "planned_date",
    "planned_on",
    "period_end",
}
PLANNED_TARGETS = [t for t in TARGETS if TYPES[t] == "date" and t[1] in PLANNED]
PAST_TARGETS = [t for t in TARGETS if TYPES[t] == "date" and t[1] not in PLANNED]


def _cell(target: Target, pick: int) -> str:
    sheet, column = target
    spec = CONTRACT.sheet(sheet)
    if spec.kind == "fields":
        return f"B{[c.name for c in spec.fields].index(column) + 2}"
    rows = ROWS[sheet]
    return f"{column_letters(spec.column_names().index(column) + 1)}{rows[pick % len(rows)]}"


# XML 1.0 cannot carry most control characters; the corpus covers those
xml_text = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\ufffe\uffff"
        + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)),
    ),
    max_size=80,
)
EXTREME_DATES = [dt.date(9999, 12, 31), dt.date(1900, 1, 1), dt.date(1900, 3, 1)]
values = st.one_of(
    xml_text,
    st.builds(lambda n, c: c * n, st.integers(2000, 40000), st.sampled_from("x9é€ ,")),
    st.integers(-(10**18), 10**18),
    st.sampled_from([0, -1, 5, 2**31, -(2**63), 10**15]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(EXTREME_DATES),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(
        [
            "9999-12-31",
            "1900-01-01",
            "0001-01-01",
            "GR1.9",
            "PR2.2",
            "SVC-001, SVC-999",
            "yes",
            "no",
            "live",
            "5",
            "-3",
            "4.5",
            "1e400",
            "NaN",
            "PER-001",
            "=1+1",
            "",
            "  ",
        ]
    ),
)
as_of_dates = st.one_of(
    st.sampled_from(
        [
            dt.date(2026, 11, 30),
            dt.date(9999, 12, 15),
            dt.date(9999, 12, 31),
            dt.date(1900, 1, 1),
            dt.date(1, 1, 1),
        ]
    ),
    st.dates(),
)


@seed(20261126)
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: a failure is reported as drawn
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    # every example has a "never" in one to three planned dates, up to two "long ago" dates and
    # up to two arbitrary values anywhere
    never=st.lists(
        st.tuples(
            st.sampled_from(PLANNED_TARGETS),
            st.integers(0, 50),
            st.sampled_from([dt.date(9999, 12, 31), "9999-12-31", dt.date(9999, 12, 1)]),
        ),
        min_size=1,
        max_size=3,
    ),
    long_ago=st.lists(
        st.tuples(
            st.sampled_from(PAST_TARGETS),
            st.integers(0, 50),
            st.sampled_from([dt.date(1900, 1, 1), dt.date(1900, 3, 1), "1900-01-01"]),
        ),
        max_size=2,
    ),
    cells=st.lists(st.tuples(st.sampled_from(TARGETS), st.integers(0, 50), values), max_size=2),
    as_of=as_of_dates,
)
def test_assess_survives_any_value_in_any_typed_cell(
    never: list[tuple[Target, int, Any]],
    long_ago: list[tuple[Target, int, Any]],
    cells: list[tuple[Target, int, Any]],
    as_of: dt.date,
) -> None:
    data = SAMPLE
    for target, pick, value in [*never, *long_ago, *cells]:
        data = patch(data, PATHS[target[0]], _cell(target, pick), value)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        fh.write(data)
        fh.flush()
        checked = read_sms([fh.name], as_of)
        findings = [f.to_dict() for f in checked.findings]
        result = assess(checked.dataset, as_of=as_of, findings=findings)
    assert len(result.requirements) == 85
    for r in result.requirements:
        assert {r.level, r.evidenced_level, r.claimed_level} <= LEVELS, r.to_dict()
    assert {g.capability for g in result.groups} <= LEVELS
    assert result.maturity["headline"] in LEVELS
    assert len(json.loads(render_json(result))["requirements"]) == 85
    assert "FitSM-1 assessment of" in render_text(result)
