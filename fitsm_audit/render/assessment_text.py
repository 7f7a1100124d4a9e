"""Plain-text renderings: the assessment summary and gaps, and the requirement list."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

from fitsm_audit.assess.result import AssessmentResult, GroupResult, RequirementResult
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
    status = style(f"{r.status:<13}", fg=TONES.get(r.status, "white"))
    flag = "  claim above evidence" if r.discrepancy else ""
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


def render_text(result: AssessmentResult, color: bool = False, details: bool = True) -> str:
    """The summary per group, each group's requirements, then the gaps with their actions."""
    style = _styler(color)
    m = result.maturity
    head = _p(result.provider) if result.provider else "the provider"
    scale = ", ".join(f"{k} {_p(v)}" for k, v in sorted(result.labels.items()))
    lines = [
        style(f"FitSM-1 assessment of {head}", bold=True),
        f"edition {result.edition}, as of {result.as_of.isoformat()}; levels: {scale}",
        "",
        "SMS maturity (lowest in-scope capability): "
        + (
            f"{m['headline']} ({_p(m['headline_label'])}), in {_p(', '.join(m['lowest']))}"
            if m.get("headline") is not None
            else "not assessed"
        ),
        "",
        style(f"{'Group':<6}{'Name':<46}{'Cap':>4}{'Mean':>7}{'Target':>8}  Status", bold=True),
    ]
    lines += [_group_line(g, style) for g in result.groups]
    if details:
        for g in result.groups:
            members = [r for r in result.requirements if r.group == g.id]
            lines += [
                "",
                style(f"{g.id} {g.name}", bold=True),
                f"  {'ID':<7}{'Evid':>4}{'Claim':>6}{'Level':>6}{'Tgt':>5}  Status",
            ]
            lines += [_req_line(r, style) for r in members]
    gaps = result.gaps()
    lines += ["", style(f"Gaps ({len(gaps)}), highest priority first", bold=True)]
    if not gaps:
        lines.append("  none: every in-scope requirement meets its target")
    for r in gaps:
        rec = r.recommendation
        prio = r.priority or "-"
        tone = {"high": "red", "medium": "yellow"}.get(prio, "white")
        lines.append("")
        lines.append(
            f"  {style(f'[{_p(prio)}]', fg=tone)} {_p(r.id)}  level {_lvl(r.level)} of target {r.target} "
            f"(evidenced {_lvl(r.evidenced_level)}, claimed {_lvl(r.claimed_level)})"
        )
        if r.discrepancy:
            lines += _wrap("    discrepancy: ", _p(r.discrepancy.message))
        for text in r.evidence[:6]:
            lines += _wrap("    - ", _p(text))
        if len(r.evidence) > 6:
            lines.append(f"    - and {count(len(r.evidence) - 6, 'more line')} (see --format json)")
        if rec is not None:
            lines += _wrap(f"    {_p(rec.kind)}: ", _p(rec.action))
    disc = [r for r in result.requirements if r.discrepancy and r.status == "met"]
    if disc:
        lines += ["", style("Claims above the evidence (target still met)", bold=True)]
        lines += [f"  {_p(r.id)}: {_p(r.discrepancy.message)}" for r in disc if r.discrepancy]
    errors = sum(1 for f in result.findings if f.get("severity") == "error")
    warnings = sum(1 for f in result.findings if f.get("severity") == "warning")
    lines += [
        "",
        f"Data-quality findings: {count(errors, 'error')}, {count(warnings, 'warning')}"
        + (" (run fitsm-audit check for the details)" if errors or warnings else ""),
    ]
    lines += [f"Note: {_p(n)}" for n in result.notes]
    below = result.below_target()
    lines.append(
        f"{count(len(below), 'in-scope group')} below target: {_p(', '.join(g.id for g in below))}"
        if below
        else "Every in-scope group meets its target."
    )
    return "\n".join(lines)


def render_json(result: AssessmentResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str)


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
