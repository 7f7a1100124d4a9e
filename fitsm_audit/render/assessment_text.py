"""Plain-text renderings: the assessment summary and gaps, and the requirement list."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from fitsm_audit.assess.ladder import GRADES
from fitsm_audit.assess.result import AssessmentResult, GroupResult, RequirementResult
from fitsm_audit.core import json_text
from fitsm_audit.core.findings import printable
from fitsm_audit.core.words import count, is_are
from fitsm_audit.spec.catalogue import Catalogue

WIDTH = 100
TONES = {"met": "green", "not met": "red", "not assessed": "yellow", "out of scope": "bright_black"}
Style = Callable[..., str]


def _plain(text: str, **_: Any) -> str:
    return text


def _styler(color: bool) -> Style:
    if not color:
        return _plain
    import click

    return click.style


def _p(text: object) -> str:
    """User-derived text for the terminal: control characters as escapes, on one line."""
    return " ".join(printable(str(text)).split())


def _lvl(value: int | None) -> str:
    return "-" if value is None else str(value)


def _group_line(g: GroupResult, style: Style) -> str:
    if not g.in_scope:
        verdict = style("out of scope", fg="bright_black")
    elif g.met is None:
        verdict = style("not assessed", fg="yellow")
    else:
        verdict = style("meets target", fg="green") if g.met else style("below target", fg="red")
    mean = "-" if g.mean is None else f"{g.mean:.2f}"
    name = _p(g.name)
    name = name if len(name) <= 44 else name[:43] + "…"
    return f"{g.id:<6}{name:<46}{_lvl(g.capability):>4}{mean:>7}{g.target:>8}  {verdict}"


def _req_line(r: RequirementResult, style: Style) -> str:
    shown = "met*" if r.status == "met" and r.basis == "claimed only" else r.status
    status = style(f"{shown:<13}", fg=TONES.get(r.status, "white"))
    flag = f"  {r.discrepancy.kind}" if r.discrepancy else ""
    title = _p(r.text.splitlines()[0]) if r.text else ""
    title = title if len(title) <= 48 else title[:47] + "…"
    return (
        f"  {_p(r.id):<7}{_lvl(r.evidenced_level):>4}{_lvl(r.claimed_level):>6}{_lvl(r.level):>6}"
        f"{r.target:>5}  {status} {title}{flag}"
    )


def _wrap(prefix: str, text: str) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=prefix, subsequent_indent=" " * len(prefix)
    ) or [prefix]


def _cut(text: str, width: int = WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


VERDICT_TONES = {"ready": "green", "ready after minor actions": "yellow", "not ready": "red"}
PRIORITY_TONES = {"high": "red", "medium": "yellow", "low": "white"}
RECORDS_SHOWN = 5  # per requirement in the text output (JSON and the results workbook: all)
BRIEF_ACTIONS = 8


def _readiness(result: AssessmentResult, style: Style, brief: bool) -> list[str]:
    ready = result.readiness
    if ready is None:
        return []
    tone = VERDICT_TONES.get(ready.verdict, "white")
    lines = [style(f"Readiness for certification: {ready.verdict.upper()}", fg=tone, bold=True)]
    for reason in ready.reasons[:4] if brief else ready.reasons:
        lines += [_cut(f"  - {_p(reason)}")] if brief else _wrap("  - ", _p(reason))
    return lines


def _header(result: AssessmentResult, style: Style) -> list[str]:
    m = result.maturity
    head = _p(result.provider) if result.provider else "the provider"
    scale = ", ".join(f"{k} {_p(v)}" for k, v in sorted(result.labels.items()))
    return [
        style(f"FitSM-1 assessment of {head}", bold=True),
        f"edition {result.edition}, as of {result.as_of.isoformat()}; levels: {scale}",
        "SMS maturity (lowest in-scope capability): "
        + (
            f"{m['headline']} ({_p(m['headline_label'])}), in {_p(', '.join(m['lowest']))}"
            if m.get("headline") is not None
            else "not assessed"
        ),
    ]


def _requirements(result: AssessmentResult, style: Style) -> list[str]:
    lines: list[str] = []
    for g in result.groups:
        members = [r for r in result.requirements if r.group == g.id]
        lines += [
            "",
            style(f"{g.id} {g.name}", bold=True),
            f"  {'ID':<7}{'Evid':>4}{'Claim':>6}{'Level':>6}{'Tgt':>5}  Status",
        ]
        lines += [_req_line(r, style) for r in members]
    if any(r.status == "met" and r.basis == "claimed only" for r in result.requirements):
        lines += ["", "met* = met on the self-assessment, not evidenced by the registers"]
    return lines


def _actions(result: AssessmentResult, style: Style, top: int | None, brief: bool) -> list[str]:
    actions = result.actions[:top] if top is not None else result.actions
    shown = f", the first {len(actions)}" if len(actions) < len(result.actions) else ""
    lines = ["", style(f"Actions ({len(result.actions)}{shown}), most urgent first", bold=True)]
    if not result.actions:
        lines.append("  none: every in-scope requirement meets its target")
    for a in actions:
        tone = PRIORITY_TONES.get(a.priority, "white")
        who = f"{_p(a.owner)} ({_p(a.owner_source)})"
        done = f"  [{a.status}]" if a.status else ""
        head = (
            f"  {style(f'[{a.priority}]', fg=tone)} {a.id}  due {a.due.isoformat()}  {who}  "
            f"{_p(', '.join(a.requirements))}{style(done, fg='green' if a.status == 'done' else 'white')}"
        )
        if brief:
            lines += [head, _cut(f"      {_p(a.what)}")]
            continue
        lines += ["", head]
        lines += _wrap("      ", _p(a.what))
        if a.guidance:
            lines += _wrap("      how: ", _p(a.guidance))
        if a.comment:
            lines += _wrap("      comment: ", _p(a.comment))
    return lines


def _findings(result: AssessmentResult, style: Style) -> list[str]:
    graded = result.graded()
    lines = ["", style(f"Findings ({len(graded)}), gravest first", bold=True)]
    for r in sorted(graded, key=lambda r: GRADES.index(r.finding.grade) if r.finding else 0):
        assert r.finding is not None
        lines.append("")
        lines += _wrap(f"  [{r.finding.grade}] ", _p(r.finding.statement))
        if r.discrepancy:
            lines += _wrap(f"    {r.discrepancy.kind}: ", _p(r.discrepancy.message))
        if r.comment_conflict:
            lines += _wrap("    comment: ", _p(r.comment_conflict))
        lines += _records(r)
    return lines


def _records(r: RequirementResult) -> list[str]:
    if not r.records:
        return []
    shown = [f"{_p(x.id)} {x.where} {x.role}" for x in r.records[:RECORDS_SHOWN]]
    more = r.records_total - len(shown)
    tail = f"; {count(more, 'more record')} (see --format json or xlsx)" if more > 0 else ""
    return _wrap("    records: ", "; ".join(shown) + tail)


def _discrepancies(result: AssessmentResult, style: Style) -> list[str]:
    rows = [r for r in result.requirements if (r.discrepancy or r.comment_conflict) and not r.is_gap]
    if not rows:
        return []
    lines = ["", style("Self-assessments that differ from the evidence (target met)", bold=True)]
    for r in rows:
        if r.discrepancy is not None:
            lines += _wrap(f"  {_p(r.id)} {r.discrepancy.kind}: ", _p(r.discrepancy.message))
        if r.comment_conflict:
            lines += _wrap(f"  {_p(r.id)} comment: ", _p(r.comment_conflict))
    return lines


def _closing(result: AssessmentResult) -> list[str]:
    errors = sum(1 for f in result.findings if f.get("severity") == "error")
    warnings = sum(1 for f in result.findings if f.get("severity") == "warning")
    lines = [
        "",
        f"Data-quality findings: {count(errors, 'error')}, {count(warnings, 'warning')}"
        + (" (run fitsm-audit check for the details)" if errors or warnings else ""),
    ]
    missed = [k for k in result.kpi_targets if k.met is False]
    if missed:
        lines += _wrap(
            "KPIs below their own target: ",
            _p("; ".join(f"{k.process} {k.name} {k.value} against {k.target}" for k in missed)),
        )
    lines += [f"Note: {_p(n)}" for n in result.notes]
    below = result.below_target()
    lines.append(
        f"{count(len(below), 'in-scope group')} below target: {_p(', '.join(g.id for g in below))}"
        if below
        else "Every in-scope group meets its target."
    )
    return lines


def render_text(
    result: AssessmentResult, color: bool = False, details: bool = True, top: int | None = None
) -> str:
    """The readiness verdict first, then the groups, each group's requirements, the actions and
    the graded findings. ``details=False`` (``--brief``) fits one screen: the verdict, the
    groups below target and the first actions."""
    style = _styler(color)
    lines = _readiness(result, style, brief=not details) + [""] + _header(result, style)
    if not details:
        below = result.below_target()
        lines.append(
            f"Groups below target: {_p(', '.join(g.id for g in below))}"
            if below
            else "Every in-scope group meets its target."
        )
        lines += _actions(result, style, top if top is not None else BRIEF_ACTIONS, brief=True)
        return "\n".join(lines + _closing(result)[:2])
    lines += [
        "",
        style(f"{'Group':<6}{'Name':<46}{'Cap':>4}{'Mean':>7}{'Target':>8}  Status", bold=True),
    ]
    lines += [_group_line(g, style) for g in result.groups]
    lines += _requirements(result, style)
    lines += _actions(result, style, top, brief=False)
    lines += _findings(result, style)
    lines += _discrepancies(result, style)
    lines += _closing(result)
    return "\n".join(lines)


def render_json(result: AssessmentResult) -> str:
    return json_text.dumps(result.to_dict())


def requirements_dict(cat: Catalogue) -> dict[str, Any]:
    """The catalogue of one edition, for ``fitsm-audit requirements --format json``."""
    from fitsm_audit.assess.registry import checks_for

    mapping = checks_for(cat.edition)
    return {
        "edition": cat.edition,
        "title": cat.title,
        "groups": [
            {"id": g.id, "kind": g.kind, "code": g.code, "title": g.title} for g in cat.groups
        ],
        "requirements": [
            {
                "id": r.id,
                "group": r.group,
                "text": r.text,
                "source": r.source,
                "equivalents": list(r.equivalents),
                "checks": list(mapping.get(r.id, ())),
                "evidenced": bool(mapping.get(r.id)),
            }
            for r in cat.requirements
        ],
    }


def render_requirements(cat: Catalogue, color: bool = False) -> str:
    """The requirement list of one edition, grouped, with the register checks behind each."""
    style = _styler(color)
    from fitsm_audit.assess.registry import checks_for

    mapping = checks_for(cat.edition)
    evidenced = sum(1 for v in mapping.values() if v)
    lines = [
        style(cat.title, bold=True),
        f"{count(len(cat.requirements), 'requirement')}; "
        f"{evidenced} {is_are(evidenced)} evidenced from the registers (*)",
        "",
    ]
    for g in cat.groups:
        lines.append(style(f"{g.id} {g.code}: {g.title}", bold=True))
        for r in cat.of_group(g.id):
            mark = "*" if mapping.get(r.id) else " "
            text = " ".join(r.text.split()) + ("" if r.verbatim else " [paraphrase]")
            lines += _wrap(f"  {mark} {r.id:<7}", text)
        lines.append("")
    lines.append(
        "Texts without [paraphrase] are quoted verbatim from FitSM-1 (FitSM, CC BY 4.0); "
        "the others are our own paraphrases; see the official FitSM-1 for the normative wording."
    )
    return "\n".join(lines)
