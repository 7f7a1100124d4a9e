"""Edition 3 judges each requirement on its own conditions: GR1 gives the SMS owner (GR1.1), the
policy (GR1.2) and the management reviews (GR1.3) a requirement each, and PR3.1 (identify the
reports) does not borrow PR3.3's production of them, nor PR4.2/PR4.3 or PR5.2/PR5.4 each
other's conditions."""

from __future__ import annotations

from test_assess_fixture import AS_OF, apply_all, drop, field, model

from fitsm_audit.assess import assess
from fitsm_audit.assess.registry import checks_for


def levels(*mutations, ids=("GR1.1", "GR1.2", "GR1.3")) -> list[int | None]:  # noqa: ANN002
    result = assess(apply_all(model("3"), *mutations), edition="3", as_of=AS_OF)
    return [result.requirement(i).evidenced_level for i in ids]


def no_management_reviews():  # noqa: ANN201
    return drop("Reviews", where=lambda r: r["type"] == "management review")


def test_each_gr1_requirement_has_its_own_check() -> None:
    mapping = checks_for("3")
    assert (mapping["GR1.1"], mapping["GR1.2"], mapping["GR1.3"]) == (
        ("sms_owner",), ("policy_contents",), ("management_reviews",),
    )  # fmt: skip
    assert mapping["PR3.1"] == ("required_reports",)
    assert checks_for("2")["GR1.1"] == ("top_management",)  # edition 2 keeps its one check


def test_no_review_ever_held_is_level_0_and_marks_nothing_else_down() -> None:
    assert levels() == [4, 4, 4]
    assert levels(no_management_reviews()) == [4, 4, 0]


def test_an_ambiguous_sms_owner_marks_down_gr1_1_alone() -> None:
    owners = levels(field(sms_owner="PER-002"))  # Organisation says PER-002, Roles PER-001
    assert owners[0] is not None and owners[0] < 3 and owners[1:] == [4, 4]


def test_a_review_without_outcome_stops_gr1_3_at_level_2() -> None:
    def no_outcome(ds):  # noqa: ANN001, ANN202
        for r in ds.rows("Reviews"):
            if r["type"] == "management review":
                r.values["outcome"] = None

    assert levels(no_outcome) == [4, 4, 2]


def test_pr6_2_is_judged_on_the_risks_alone() -> None:
    """Edition 3 PR6.2 (assess IS risks at planned intervals) is not marked down for controls,
    which PR6.3 judges; an overdue risk review marks PR6.2 down."""
    assert checks_for("3")["PR6.2"] == ("risk_assessment",)
    assert levels(ids=("PR6.2", "PR6.3")) == [4, 4]

    def loose_controls(ds):  # noqa: ANN001, ANN202
        for c in ds.rows("Controls"):
            c.values["owner"] = None

    assert levels(loose_controls, ids=("PR6.2", "PR6.3")) == [4, 2]

    def stale_risks(ds):  # noqa: ANN001, ANN202
        for r in ds.rows("Risks"):
            r.values["last_review"] = AS_OF.replace(year=AS_OF.year - 3)

    stale = levels(stale_risks, ids=("PR6.2",))[0]
    assert stale is not None and stale < 3


def test_no_check_judges_two_edition_3_requirements() -> None:
    """Each edition-3 requirement is judged on conditions of its own: no check serves two."""
    used: dict[str, list[str]] = {}
    for req, names in checks_for("3").items():
        for name in names:
            used.setdefault(name, []).append(req)
    assert {n: r for n, r in used.items() if len(r) > 1} == {}


def _set(sheet: str, **values):  # noqa: ANN003, ANN202
    def change(ds):  # noqa: ANN001, ANN202
        for r in ds.rows(sheet):
            r.values.update(values)

    return change


def test_pr3_1_identifies_the_reports_and_pr3_2_agrees_them() -> None:
    ids = ("PR3.1", "PR3.2")
    assert levels(ids=ids) == [4, 4]
    no_nc = levels(_set("Reports", includes_nonconformities=False), ids=ids)
    assert no_nc[0] is not None and no_nc[0] < 3 and no_nc[1] == 4
    unspecified = levels(_set("Reports", purpose=None, format=None), ids=ids)
    assert unspecified[0] == 4 and unspecified[1] is not None and unspecified[1] < 3


def test_pr4_2_assesses_the_risks_and_pr4_3_takes_the_measures() -> None:
    ids = ("PR4.2", "PR4.3")
    assert levels(ids=ids) == [4, 4]
    assert levels(_set("Availability & Continuity Plans", measures=None), ids=ids) == [4, 1]
    no_risks = levels(_set("Availability & Continuity Plans", risks=None), ids=ids)
    assert no_risks == [1, 4]
    stale = levels(_set("Availability & Continuity Plans", last_review=AS_OF.replace(year=AS_OF.year - 3)), ids=ids)
    assert stale == [2, 4]
    untested = levels(_set("Availability & Continuity Plans", last_continuity_test=None), ids=ids)
    assert untested == [4, 3]


def test_pr5_2_knows_todays_capacity_and_pr5_4_monitors_it_against_thresholds() -> None:
    ids = ("PR5.2", "PR5.4")
    assert levels(ids=ids) == [4, 4]
    no_threshold = levels(_set("Capacity Plans", thresholds=None), ids=ids)
    assert no_threshold[0] == 4 and no_threshold[1] is not None and no_threshold[1] < 3
    unmeasured = levels(_set("Capacity Plans", utilisation=None), ids=ids)
    assert unmeasured[0] is not None and unmeasured[0] < 3


def test_edition_3_keystones_follow_the_mapping_not_the_ids() -> None:
    """v3 GR3.1 is the stakeholder analysis, v3 GR3.2 the scope statement (edition 2's GR3.1
    keystone): a scope statement at level 1 is a major nonconformity in edition 3 too."""
    from fitsm_audit.assess.grading import grade, keystones
    from fitsm_audit.assess.ladder import Settings

    three = keystones("3")
    assert "GR3.2" in three and "GR3.1" not in three and keystones("2") >= {"GR3.1"}
    s = Settings()
    assert grade("GR3.2", "GR3", 1, 3, False, s, three) == "major nonconformity"
    assert grade("GR3.1", "GR3", 1, 3, False, s, three) == "minor nonconformity"
