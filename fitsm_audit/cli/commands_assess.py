"""``fitsm-audit assess`` and ``fitsm-audit requirements``."""

from __future__ import annotations

from typing import Any

import click

from fitsm_audit.cli.base import (
    emit,
    exit_with,
    input_options,
    read_inputs,
    refuse_input_as_output,
    stdout_is_tty,
)
from fitsm_audit.cli.progress import quiet_option

EDITION = click.Choice(["2", "3"])


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--edition",
    type=EDITION,
    default="2",
    show_default=True,
    help="FitSM-1 edition to assess against (2: the training's edition; 3: v3.0.1).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "xlsx", "fitsm6"]),
    default="text",
    show_default=True,
    help="Output format (xlsx and fitsm6 need -o; fitsm6: the layout of the FitSM-6 Assessment "
    "and Audit Tool, docs/fitsm6.md).",
)
@click.option(
    "-o",
    "--output",
    "out",
    metavar="FILE",
    help="Write the output to FILE instead of the terminal.",
)
@click.option(
    "--fail-under",
    type=click.IntRange(0, 4),
    metavar="LEVEL",
    help="Exit 1 when an in-scope group's capability is below LEVEL (a CI gate); "
    "without it, exit 1 when a group is below its own target.",
)
@click.option(
    "--labels",
    metavar="LEVEL=LABEL,...",
    help="Names of the levels, any subset, e.g. "
    '"0=absent,1=initial,2=repeatable,3=defined,4=managed" (the defaults).',
)
@click.option(
    "--fail-on",
    type=click.Choice(["not-ready", "minor"]),
    help="Exit 1 when the readiness verdict is not ready (not-ready) or not plainly ready (minor): "
    "a CI gate on the verdict instead of the group targets.",
)
@click.option(
    "--actions",
    "actions_file",
    metavar="RESULTS.xlsx",
    help="A results workbook (--format xlsx) whose Actions sheet you updated: each action shows "
    "its Status and Comment (and a new results workbook keeps them).",
)
@click.option(
    "--top",
    type=click.IntRange(1),
    metavar="N",
    help="Text format: list only the N most urgent actions.",
)
@click.option(
    "--brief",
    is_flag=True,
    help="Text format: one screen: the verdict, the groups below target, the first actions.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@quiet_option
@input_options
def assess(
    paths: tuple[str, ...],
    edition: str,
    fmt: str,
    out: str | None,
    fail_under: int | None,
    labels: str | None,
    fail_on: str | None,
    actions_file: str | None,
    top: int | None,
    brief: bool,
    force: bool,
    quiet: bool,
    **kwargs: Any,
) -> None:
    """Assess compliance and maturity per FitSM-1 requirement.

    Every requirement of GR1-GR7 and PR1-PR8 gets an evidenced level 0-4 computed from the
    registers, with the rows behind it; the Assessment sheet's self-assessment gives the claimed
    level (the evidence decides where the registers show the requirement; a claim either side of
    it is a discrepancy). Every gap is graded as an auditor grades it, gets an action with an owner
    and a due date, and the readiness verdict comes first. Exit status: 0 every in-scope group
    meets its target (with --fail-on: the verdict passes), 1 it does not, 2 the input cannot be
    read or the command is misused.
    """
    from fitsm_audit.assess import assess as run_assessment
    from fitsm_audit.cli.base import expand_inputs
    from fitsm_audit.cli.progress import Progress
    from fitsm_audit.core.errors import UsageError

    level_names = None
    if labels is not None:
        from fitsm_audit.assess.ladder import parse_labels

        try:
            level_names = parse_labels(labels)
        except ValueError as exc:
            raise UsageError(f"--labels: {exc}") from None
    if fmt in ("xlsx", "fitsm6") and not out:
        raise UsageError(f"--format {fmt} writes a workbook: give the file with -o FILE")
    if out:
        refuse_input_as_output(out, expand_inputs(paths) + list(paths))
        import os

        if os.path.exists(out) and not force:
            from fitsm_audit.core.errors import OutputExistsError

            raise OutputExistsError(out)
    # progress only while nothing else shows: the results go to a file (on stdout they are the news)
    progress = Progress(quiet or out is None)
    progress(f"Reading {', '.join(paths) if len(paths) <= 3 else f'{len(paths)} inputs'} ...")
    checked, as_of = read_inputs(paths, kwargs)
    progress(f"Assessing against FitSM-1 edition {edition} ...")
    result = run_assessment(
        checked.dataset,
        edition=edition,
        as_of=as_of,
        findings=[f.to_dict() for f in checked.findings],
        labels=level_names,
    )
    _apply_actions_file(result, actions_file)
    progress(f"Writing {out} ...")
    _write_result(result, checked.dataset, fmt, out, force, details=not brief, top=top)
    exit_with(1 if _gate_fails(result, fail_under, fail_on) else 0)


def _write_result(
    result: Any,
    dataset: Any,
    fmt: str,
    out: str | None,
    force: bool,
    details: bool,
    top: int | None,
) -> None:
    """The assessment in the chosen format: a workbook to ``out``, or text or JSON to ``out`` or
    the terminal."""
    if fmt in ("xlsx", "fitsm6"):
        if fmt == "xlsx":
            from fitsm_audit.render.assessment_xlsx import write_xlsx

            write_xlsx(result, str(out), force=force)
        else:
            from fitsm_audit.render.fitsm6_xlsx import write_fitsm6

            write_fitsm6(result, dataset, str(out), force=force)
        click.echo(f"wrote {out}", err=True)
    elif fmt == "json":
        from fitsm_audit.render.assessment_text import render_json

        emit(render_json(result), out, force)
    else:
        from fitsm_audit.render.assessment_text import render_text

        color = out is None and stdout_is_tty()
        emit(render_text(result, color=color, details=details, top=top), out, force)


def _apply_actions_file(result: Any, actions_file: str | None) -> None:
    """--actions: the user's statuses and comments on the actions; what is unusable, warned."""
    if not actions_file:
        return
    from fitsm_audit.assess.actions import with_updates
    from fitsm_audit.cli.base import warn_findings
    from fitsm_audit.workbook.action_updates import read_action_updates

    warn_findings(with_updates(result, read_action_updates(actions_file)))


def _gate_fails(result: Any, fail_under: int | None, fail_on: str | None) -> bool:
    """--fail-on gates on the readiness verdict; otherwise the groups decide (--fail-under)."""
    if fail_on is not None:
        verdict = result.readiness.verdict if result.readiness else "not ready"
        return verdict == "not ready" or (fail_on == "minor" and verdict != "ready")
    return bool(result.below_target(fail_under))


@click.command()
@click.option("--edition", type=EDITION, default="2", show_default=True, help="FitSM-1 edition.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def requirements(edition: str, fmt: str) -> None:
    """List the FitSM-1 requirements of an edition and which are evidenced from the registers."""
    from fitsm_audit.render.assessment_text import render_requirements, requirements_dict
    from fitsm_audit.spec.catalogue import load_catalogue

    cat = load_catalogue(edition)
    if fmt == "json":
        import json

        click.echo(json.dumps(requirements_dict(cat), indent=2, ensure_ascii=False))
    else:
        click.echo(render_requirements(cat, color=stdout_is_tty()))


COMMANDS = [assess, requirements]
