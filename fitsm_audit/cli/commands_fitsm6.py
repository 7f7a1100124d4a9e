"""``fitsm-audit import-fitsm6``: FitSM-6 scores, comments and evidence in as self-assessment claims."""

from __future__ import annotations

from typing import Any

import click

from fitsm_audit.cli.base import exit_with, input_options, refuse_input_as_output, stdout_is_tty


@click.command("import-fitsm6")
@click.argument("file", metavar="FILE")
@click.argument("workbook", metavar="WORKBOOK")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    metavar="NEW.xlsx",
    help="The copy of WORKBOOK to write, with the claims on its Assessment sheet.",
)
@click.option(
    "--edition",
    type=click.Choice(["2", "3"]),
    help="FitSM-1 edition of the requirement codes (default: the one FILE's audit details "
    "name, else the one its codes belong to).",
)
@click.option("--force", is_flag=True, help="Overwrite NEW.xlsx if it exists.")
@input_options
def import_fitsm6(
    file: str, workbook: str, out: str, edition: str | None, force: bool, **kwargs: Any
) -> None:
    """Import a FitSM-6 assessment (.xlsx or .ods, the layout of assess --format fitsm6) into a
    copy of WORKBOOK.

    Each requirement's capability score (column L of "3. Assessment"), comment (M) and evidence (N)
    become its self-assessment claim: level, comment and evidence on the Assessment sheet, with
    the lead auditor (when on the People sheet) as assessor and the assessment's as-of date
    (or --as-of) as date. FILE and WORKBOOK are never changed. Exit status: 0 written, 1 cells of
    FILE the import cannot take (listed with their cells; nothing written), 2 a file cannot be
    read, FILE is not a FitSM-6 assessment, or the command is misused.
    """
    import os

    from fitsm_audit.cli.base import limits_from, parse_as_of, warn_findings
    from fitsm_audit.core.errors import OutputExistsError
    from fitsm_audit.workbook.fitsm6_apply import apply_claims
    from fitsm_audit.workbook.fitsm6_import import read_fitsm6

    as_of = kwargs.pop("as_of")
    date = parse_as_of(as_of) if as_of else None
    limits = limits_from(kwargs)
    refuse_input_as_output(out, [file, workbook])
    if os.path.exists(out) and not force:
        raise OutputExistsError(out)
    found = read_fitsm6(file, edition, limits)
    if found.errors:
        click.echo(_findings_text(found))
        exit_with(1)
    warn_findings(found.warnings)
    applied = apply_claims(found, workbook, out, date=date, force=force, limits=limits)
    warn_findings(applied.warnings)
    click.echo(
        f"wrote {out}: {len(found.claims)} claims from {file} (edition {found.edition}; "
        f"{applied.updated} rows updated, {applied.added} added)",
        err=True,
    )
    exit_with(0)


def _findings_text(found: Any) -> str:
    """The findings as check prints them, ending with what to do instead of check's next step."""
    from fitsm_audit.core.findings import summarise
    from fitsm_audit.render.check_output import render_text
    from fitsm_audit.workbook.pipeline import CheckResult

    result = CheckResult(clean={}, fields={}, sources={}, findings=found.findings,
                         summary=summarise(found.findings, 1, found.rows), files=[found.path])  # fmt: skip
    lines = render_text(result, color=stdout_is_tty(), inputs=[found.path]).splitlines()[:-1]
    lines.append(
        "Nothing was written. Fix the cells above, then run fitsm-audit import-fitsm6 again."
    )
    return "\n".join(lines)


COMMANDS = [import_fitsm6]
