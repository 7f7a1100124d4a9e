"""``fitsm-audit compare OLD NEW``: progress between two assessments (docs/progress.md)."""

from __future__ import annotations

from typing import Any

import click

from fitsm_audit.cli.base import emit, exit_with, input_options, refuse_input_as_output


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text", show_default=True,
    help="Output format (xlsx needs -o).",
)  # fmt: skip
@click.option("-o", "--output", "out", metavar="FILE", help="Write the comparison to FILE.")
@click.option(
    "--fail-on", type=click.Choice(["regressed", "below-target"]), default="regressed", show_default=True,
    help="Exit 1 when an in-scope requirement regressed (regressed), or when one is below its "
    "target in NEW (below-target): a CI gate.",
)  # fmt: skip
@click.option(
    "--edition", type=click.Choice(["2", "3"]), default="2", show_default=True,
    help="FitSM-1 edition to assess a workbook NEW against (an assessment.json keeps its own).",
)  # fmt: skip
@click.option(
    "--old-edition", type=click.Choice(["2", "3"]),
    help="Edition to assess a workbook OLD against; default: --edition.",
)  # fmt: skip
@click.option(
    "--old-as-of", metavar="DATE",
    help="Assess a workbook OLD as of this date; default: --as-of. (An assessment.json keeps its own.)",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@input_options
def compare(
    old: str, new: str, fmt: str, out: str | None, fail_on: str, edition: str, old_edition: str | None,
    old_as_of: str | None, force: bool, **kwargs: Any,
) -> None:  # fmt: skip
    """Compare two assessments of the same SMS: what improved, what regressed, which findings and
    actions were closed, which are new.

    OLD and NEW are each an assessment.json (assess --format json), a workbook, or a folder of
    split workbooks. Findings and actions are matched by requirement and record ID, so a moved
    row is not closed-and-new. Exit status: 0 nothing regressed in scope (with --fail-on
    below-target: every in-scope requirement meets its target in NEW), 1 otherwise, 2 an input
    cannot be read.
    """
    import os

    from fitsm_audit.assess.compare import compare as run_compare
    from fitsm_audit.cli.base import expand_inputs, limits_from, parse_as_of
    from fitsm_audit.core.errors import OutputExistsError, UsageError
    from fitsm_audit.publish.assessment_input import load_assessment

    if fmt == "xlsx" and not out:
        raise UsageError("--format xlsx writes a workbook: give the file with -o FILE")
    sides = [expand_inputs((old,)), expand_inputs((new,))]
    if out:
        refuse_input_as_output(out, [*sides[0], *sides[1], old, new])
        if os.path.exists(out) and not force:
            raise OutputExistsError(out)
    as_of = parse_as_of(kwargs.pop("as_of"))
    before = parse_as_of(old_as_of) if old_as_of else as_of
    limits = limits_from(kwargs)
    comparison = run_compare(
        load_assessment(sides[0], before, old_edition or edition, limits),
        load_assessment(sides[1], as_of, edition, limits),
    )
    _write(comparison, fmt, out, force)
    failing = comparison.below_target if fail_on == "below-target" else comparison.regressed_in_scope
    exit_with(1 if failing else 0)


def _write(comparison: Any, fmt: str, out: str | None, force: bool) -> None:
    if fmt == "xlsx":
        from fitsm_audit.render.comparison_xlsx import write_comparison_xlsx

        write_comparison_xlsx(comparison, str(out), force=force)
        click.echo(f"wrote {out}", err=True)
        return
    from fitsm_audit.render.comparison_text import render_comparison_json, render_comparison_text

    text = render_comparison_json(comparison) if fmt == "json" else render_comparison_text(comparison)
    emit(text.rstrip("\n"), out, force)


COMMANDS = [compare]
