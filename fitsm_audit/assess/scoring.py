"""The assessment itself: run the checks, read the self-assessment, combine, roll up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fitsm_audit.assess.assessment_context import AssessmentContext
from fitsm_audit.assess.common import key
from fitsm_audit.assess.evidence import Evidence
from fitsm_audit.assess.grading import audit_finding, improvement
from fitsm_audit.assess.ladder import DEFAULT_LABELS, DEFAULT_TARGET, PRIORITY_OF_GRADE, Settings
from fitsm_audit.assess.method import method_dict
from fitsm_audit.assess.recommend import action_for
from fitsm_audit.assess.registry import CHECKS, checks_for
from fitsm_audit.assess.result import (
    AssessmentResult,
    Discrepancy,
    GroupResult,
    Recommendation,
    RequirementResult,
)
from fitsm_audit.assess.sanitize import sanitize
from fitsm_audit.assess.selfassess import claim, claims_for
from fitsm_audit.assess.trail import RowFinder, comment_conflict, records_for
from fitsm_audit.spec.catalogue import Catalogue, Requirement, load_catalogue
from fitsm_audit.workbook.records import Dataset, Record


def run_checks(ctx: AssessmentContext, names: set[str]) -> dict[str, Evidence]:
    """Run each named check once."""
    return {name: CHECKS[name][0](ctx) for name in sorted(names)}


def combine(names: tuple[str, ...], evidences: dict[str, Evidence]) -> Evidence | None:
    """One requirement's evidence from its checks: the lowest level; n/a only if all are n/a."""
    if not names:
        return None
    if len(names) == 1:
        return evidences[names[0]]
    # each part under its check's name ("[sla reviews]"): an edition-2 ID would name another
    # requirement of edition 3
    parts = [(n.replace("_", " "), evidences[n]) for n in names]
    graded = [(v2, e) for v2, e in parts if e.level is not None]
    texts = [f"[{v2}] {t}" for v2, e in parts for t in e.texts]
    failing = [f for _, e in parts for f in e.failing]
    supports = [x for _, e in parts for x in e.supports]
    overdue = any(e.badly_overdue for _, e in parts)
    if not graded:
        reasons = "; ".join(f"{v2}: {e.na_reason}" for v2, e in parts)
        return Evidence(None, texts, failing, na_reason=reasons, supports=supports)
    v2, low = min(graded, key=lambda p: p[1].level or 0)
    blocking = f"{v2}: {low.blocking}" if low.blocking else None
    return Evidence(
        low.level, texts, failing, blocking, None, overdue, low.covered, low.population, supports
    )


def group_target(ctx: AssessmentContext, group_id: str, default: int) -> int:
    row = ctx.processes.get(group_id) if group_id.startswith("PR") else None
    level = row["target_level"] if row is not None else None
    return (
        level
        if isinstance(level, int) and not isinstance(level, bool) and 0 <= level <= 4
        else default
    )


def assess_requirement(
    req: Requirement,
    ctx: AssessmentContext,
    ev: Evidence | None,
    checks: tuple[str, ...],
    row: Record | None,
    target: int,
    group_in_scope: bool,
    labels: dict[int, str],
    finder: RowFinder,
) -> RequirementResult:
    """Combine evidence and claim for one requirement (rule R): the evidenced level where the
    registers give one, else the claim; a claim either side of the evidence is a discrepancy."""
    claimed, info = claim(row)
    in_scope = group_in_scope and not (row is not None and row["in_scope"] is False)
    evidenced = ev.level if ev is not None and in_scope else None
    level = (evidenced if evidenced is not None else claimed) if in_scope else None
    discrepancy = None
    if evidenced is not None and claimed is not None and claimed != evidenced:
        fix = "" if claimed > evidenced else ": correct the self-assessment"
        discrepancy = Discrepancy(
            claimed,
            evidenced,
            f"claimed level {claimed} ({labels[claimed]}) but the registers show level "
            f"{evidenced} ({labels[evidenced]}){fix}",
        )
    if not in_scope:
        status = "out of scope"
    elif level is None:
        status = "not assessed"
    else:
        status = "met" if level >= target else "not met"
    evidence_texts = list(ev.texts) if ev is not None and in_scope else []
    if ev is None and in_scope:
        evidence_texts = [
            "No register check for this requirement: the result rests on the self-assessment."
        ]
    records, total = records_for(ev if in_scope else None, finder)
    result = RequirementResult(
        id=req.id,
        group=req.group,
        text=req.text,
        source=req.source,
        checks=checks,
        evidenced_level=evidenced,
        claimed_level=claimed,
        level=level,
        target=target,
        status=status,
        discrepancy=discrepancy,
        evidence=evidence_texts,
        failing=list(ev.failing) if ev is not None and in_scope else [],
        blocking=ev.blocking if ev is not None and in_scope else None,
        na_reason=ev.na_reason if ev is not None and in_scope else None,
        self_assessment=info,
        in_scope=in_scope,
        records=records,
        records_total=total,
        comment_conflict=comment_conflict(info, records, finder) if in_scope else None,
    )
    if result.is_gap:
        result.finding = audit_finding(result, ctx.settings, ctx.edition)
        kind, action = action_for(checks, req.group, level, target)
        result.recommendation = Recommendation(
            action, kind, PRIORITY_OF_GRADE[result.finding.grade]
        )
    else:
        result.finding = improvement(result, ctx.settings)
    return result


def roll_up(
    cat: Catalogue, ctx: AssessmentContext, reqs: list[RequirementResult], default: int
) -> list[GroupResult]:
    """Capability per group: the minimum of its in-scope requirement levels (unassessed: 0)."""
    out = []
    for g in cat.groups:
        members = [r for r in reqs if r.group == g.id]
        scoped = [r for r in members if r.in_scope]
        in_scope = bool(scoped) and (g.kind != "PR" or ctx.process_in_scope(g.id))
        levels = [
            r.level if r.level is not None else 0
            for r in scoped
            if r.level is not None or r.na_reason is None
        ]
        capability = min(levels) if in_scope and levels else None
        mean = round(sum(levels) / len(levels), 2) if in_scope and levels else None
        target = group_target(ctx, g.id, default)
        counts = {
            s: sum(1 for r in members if r.status == s)
            for s in ("met", "not met", "not assessed", "out of scope")
        }
        counts["discrepancies"] = sum(1 for r in members if r.discrepancy)
        met = None if capability is None else capability >= target
        out.append(
            GroupResult(g.id, g.title, g.kind, capability, mean, target, in_scope, met, counts)
        )
    return out


def maturity(groups: list[GroupResult], labels: dict[int, str]) -> dict[str, Any]:
    """The profile over every group and the lowest in-scope capability as the headline."""
    scoped = [g for g in groups if g.in_scope and g.capability is not None]
    headline = min((g.capability for g in scoped if g.capability is not None), default=None)
    return {
        "headline": headline,
        "headline_label": labels.get(headline) if headline is not None else None,
        "lowest": [g.id for g in scoped if g.capability == headline],
        "profile": {g.id: g.capability for g in groups},
        "targets": {g.id: g.target for g in groups},
        "all_met": all(g.met for g in scoped) if scoped else None,
    }


def scope_notes(ctx: AssessmentContext) -> list[str]:
    if ctx.empty("Processes"):
        return [
            "The Processes sheet is empty or missing: every process is treated as in scope "
            "with target level 3."
        ]
    missing = [p for p in (f"PR{i}" for i in range(1, 15)) if p not in ctx.processes]
    return [f"No Processes row for {', '.join(missing)}: treated as in scope."] if missing else []


def missing_sheet_notes(findings: list[dict[str, Any]]) -> list[str]:
    """A note for each sheet check found missing: assess counts it as an empty register, and where
    check saw a sheet of a similar name (``Supplier`` for ``Suppliers``), the note says so."""
    notes = []
    for f in findings:
        if f.get("code") == "missing-sheet" and f.get("sheet"):
            hint = str(f.get("hint") or "")
            lookalike = f" {hint}" if "may be it" in hint else ""
            notes.append(f"The {f['sheet']} sheet is missing, so its register counts as empty.{lookalike}")
    return notes


def assess(
    dataset: Dataset,
    *,
    edition: str = "2",
    as_of: dt.date,
    findings: list[dict[str, Any]] | None = None,
    labels: dict[int, str] | None = None,
    settings: Settings | None = None,
    default_target: int = DEFAULT_TARGET,
) -> AssessmentResult:
    """Assess compliance and maturity per FitSM-1 requirement of ``edition`` as of ``as_of``."""
    cat = load_catalogue(edition)
    names = {**DEFAULT_LABELS, **(labels or {})}
    dataset = sanitize(dataset)
    ctx = AssessmentContext(dataset, as_of, settings)
    ctx.requirement_ids = [r.id for r in cat.requirements]
    ctx.edition = edition
    mapping = checks_for(edition)
    evidences = run_checks(ctx, {c for cs in mapping.values() for c in cs})
    claims, claim_notes = claims_for(cat, dataset)
    targets = {g.id: group_target(ctx, g.id, default_target) for g in cat.groups}
    finder = RowFinder(dataset)
    reqs = [
        assess_requirement(
            req,
            ctx,
            combine(mapping[req.id], evidences),
            mapping[req.id],
            claims.get(key(req.id)),
            targets[req.group],
            req.group.startswith("GR") or ctx.process_in_scope(req.group),
            names,
            finder,
        )
        for req in cat.requirements
    ]
    groups = roll_up(cat, ctx, reqs, default_target)
    from fitsm_audit.assess.actions import link, plan
    from fitsm_audit.assess.kpi_targets import kpi_targets
    from fitsm_audit.assess.kpis import compute_kpis
    from fitsm_audit.assess.readiness import readiness

    provider = dataset.field("provider")
    actions = plan(reqs, dataset, as_of, ctx.settings)
    link(reqs, actions)
    return AssessmentResult(
        edition=edition,
        as_of=as_of,
        provider=provider if isinstance(provider, str) else None,
        requirements=reqs,
        groups=groups,
        maturity=maturity(groups, names),
        kpis=compute_kpis(ctx, evidences),
        findings=[dict(f) for f in findings or []],
        labels=names,
        method=method_dict(names, ctx.settings, edition),
        notes=missing_sheet_notes(findings or []) + scope_notes(ctx) + claim_notes + ctx.notes,
        actions=actions,
        kpi_targets=kpi_targets(ctx),
        readiness=readiness(reqs, sum(1 for f in findings or [] if f.get("severity") == "error")),
    )
