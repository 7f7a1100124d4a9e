"""Evidence checks for PR11 Configuration management (the Configuration Items register, and the
Changes and Releases that touch it)."""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import Coverage, filled, key, keys, label
from fitsm_audit.assess.evidence import Condition, Evidence, EvidenceBuilder
from fitsm_audit.assess.ops_queries import (
    CHANGES,
    CIS,
    RELEASES,
    covered,
    dangling,
    deployed,
    ids_of,
    implemented,
    live_cis,
    opening,
)
from fitsm_audit.assess.queries import measured
from fitsm_audit.workbook.records import Record

PR = "PR11"
NO_CI = "every CI is retired"


def check_ci_types(ctx: AssessmentContext) -> Evidence:
    """PR11.1: every CI has a type of the provider's own CI types."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CIS, PR, log=False)) is not None:
        return early
    rows = live_cis(ctx)
    types = sorted({key(c["type"]) for c in rows if filled(c["type"])})
    if types:
        ev.say(f"CI types in use: {', '.join(types)}")
    what = (CIS, "CIs with a type", "no type")
    return covered(ev, rows, lambda c: filled(c["type"]), what, NO_CI, l4=measured(ctx, PR))


def check_ci_detail(ctx: AssessmentContext) -> Evidence:
    """PR11.2: every CI records its owner and the service or component it belongs to."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CIS, PR, log=False)) is not None:
        return early

    def belongs(c: Record) -> bool:
        item = c["item"]
        return isinstance(item, str) and (key(item) in ctx.services or key(item) in ctx.components)

    return covered(
        ev,
        live_cis(ctx),
        lambda c: ctx.contact(c["owner"]) and belongs(c),
        (
            CIS,
            "CIs with an owner and the service or component they belong to",
            "owner or item (Services or Components ID) missing",
        ),
        NO_CI,
        l4=measured(ctx, PR),
    )


def check_ci_relationships(ctx: AssessmentContext) -> Evidence:
    """PR11.3: every CI is related to another (its own related list, or named in another's); every
    related ID is a CI of the register."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CIS, PR, log=False)) is not None:
        return early
    rows = live_cis(ctx)
    named = {k for c in ctx.rows(CIS) for k in keys(c["related"])}
    broken = [label(c) for c in rows if dangling(ctx, CIS, c["related"])]
    l3 = [Condition(not broken, "every related ID is a CI in the register", CIS, broken)]
    if len(rows) == 1:
        return ev.na("a single CI has nothing to relate to")
    return covered(
        ev,
        rows,
        lambda c: bool(keys(c["related"])) or key(c.id or "") in named,
        (CIS, "CIs recorded with their relationships", "no relationship recorded"),
        NO_CI,
        l3,
        measured(ctx, PR),
    )


def check_ci_control(ctx: AssessmentContext) -> Evidence:
    """PR11.4: every implemented change names the CIs it changed (its items include a CI ID)."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CIS, PR, log=False)) is not None:
        return early
    cis = ids_of(ctx, CIS)
    return covered(
        ev,
        implemented(ctx),
        lambda c: any(k in cis for k in keys(c["items"])),
        (CHANGES, "implemented changes that name the CIs they changed", "no CI among the items"),
        "no change implemented in the event window",
        l4=measured(ctx, PR),
    )


def check_cmdb_verification(ctx: AssessmentContext) -> Evidence:
    """PR11.5: every live CI verified within its verification interval (D6 style A)."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, CIS, PR, log=False)) is not None:
        return early
    cov, unplanned = Coverage(), list[str]()
    for c in ctx.rows(CIS):
        if c["status"] == "live":
            due = ctx.review_due(c["last_verified"], c["verification_interval"])
            ev.in_date(cov, unplanned, label(c), due)
    if cov.n == 0:
        return ev.na("no live CI")
    ev.coverage(cov, "live CIs verified within their interval", "verification overdue", CIS)
    l3 = [
        Condition(
            not unplanned, "every live CI has a planned verification interval", CIS, unplanned
        )
    ]
    return ev.done(cov.fraction, l3=l3, l4=measured(ctx, PR), cov=cov)


def check_release_baseline(ctx: AssessmentContext) -> Evidence:
    """PR11.6: a configuration baseline taken before each release went live."""
    ev = EvidenceBuilder()
    if (early := opening(ctx, ev, RELEASES, PR)) is not None:
        return early
    return covered(
        ev,
        deployed(ctx),
        lambda r: r["baseline"] is True,
        (RELEASES, "deployed releases with a configuration baseline", "no baseline"),
        "no release deployed in the event window",
        l4=measured(ctx, PR),
    )
