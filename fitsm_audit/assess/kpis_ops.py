"""Our KPIs for PR9-PR13, from the operations registers (none for a workbook without them).

As in :mod:`fitsm_audit.assess.kpis`: an empty denominator gives null with the reason in ``note``;
a non-empty one with nothing counted gives 0 %.
"""

from __future__ import annotations

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.evidence import Evidence
from fitsm_audit.assess.ops_queries import deployed, implemented, ops_kept, problems, tickets
from fitsm_audit.assess.result import Kpi


def _pct(proc: str, name: str, k: int, n: int, empty: str) -> Kpi:
    if not n:
        return Kpi(proc, name, None, "%", empty, "ours")
    return Kpi(proc, name, round(100 * k / n, 1), "%", f"{k} of {n}", "ours")


def _check(proc: str, name: str, ev: Evidence | None, empty: str) -> Kpi:
    """A percentage KPI equal to a check's coverage (its n/a reason when it has none)."""
    if ev is None or not ev.population:
        return Kpi(proc, name, None, "%", (ev.na_reason if ev else None) or empty, "ours")
    return _pct(proc, name, ev.covered or 0, ev.population, empty)


def pr9_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    rows = tickets(ctx)
    incidents = [t for t in rows if t["type"] == "incident"]
    escalated = sum(1 for t in rows if t["escalated_to"])
    return [
        Kpi("PR9", "Tickets in the event window or open", len(rows), "tickets",
            f"{len(incidents)} incidents, {len(rows) - len(incidents)} other", "ours"),
        _check("PR9", "Tickets resolved within their priority's resolution time",
               ev.get("priority_targets"), "no ticket to judge"),
        _check("PR9", "Major incidents with a review", ev.get("major_incidents"),
               "no resolved major incident"),
        _pct("PR9", "Tickets escalated", escalated, len(rows), "no ticket"),
    ]  # fmt: skip


def pr10_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    rows = problems(ctx)
    known = sum(1 for p in rows if p["known_error"] is True or p["status"] == "known error")
    return [
        _pct("PR10", "Problems with a known error", known, len(rows), "no problem"),
        _check("PR10", "Known errors with a workaround", ev.get("known_errors"), "no known error"),
    ]


def pr11_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    return [
        _check("PR11", "CI verification coverage (live CIs verified in date)",
               ev.get("cmdb_verification"), "no live CI"),
        _check("PR11", "CIs with relationships", ev.get("ci_relationships"), "no CI"),
    ]  # fmt: skip


def pr12_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    done = implemented(ctx)
    judged = [c for c in done if c["outcome"]]
    good = sum(1 for c in judged if c["outcome"] == "successful")
    emergency = sum(1 for c in done if c["type"] == "emergency")
    return [
        _pct("PR12", "Change success rate", good, len(judged), "no implemented change with an outcome"),
        _pct("PR12", "Emergency changes", emergency, len(done), "no implemented change"),
        _check("PR12", "Changes reviewed after implementation", ev.get("change_review"),
               "no implemented change"),
    ]  # fmt: skip


def pr13_kpis(ctx: AssessmentContext, ev: dict[str, Evidence]) -> list[Kpi]:
    rows = deployed(ctx)
    judged = [r for r in rows if r["outcome"]]
    good = sum(1 for r in judged if r["outcome"] == "successful")
    return [
        _check("PR13", "Releases with a rollback plan", ev.get("release_rollback"), "no deployed release"),
        _pct("PR13", "Release success rate", good, len(judged), "no evaluated release"),
    ]


def ops_kpis(ctx: AssessmentContext, evidences: dict[str, Evidence]) -> list[Kpi]:
    """The PR9-PR13 KPIs, in process order; none for a workbook without the operations area."""
    if not ops_kept(ctx):
        return []
    return [
        *pr9_kpis(ctx, evidences),
        *pr10_kpis(ctx, evidences),
        *pr11_kpis(ctx, evidences),
        *pr12_kpis(ctx, evidences),
        *pr13_kpis(ctx, evidences),
    ]
