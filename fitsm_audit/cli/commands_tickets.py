"""``fitsm-audit import-tickets``: a ticketing tool's CSV export into the operations registers."""

from __future__ import annotations

from typing import Any

import click

from fitsm_audit.cli.base import exit_with, input_options, refuse_input_as_output
from fitsm_audit.cli.progress import quiet_option


@click.command("import-tickets")
@click.argument("export", metavar="EXPORT.csv")
@click.argument("workbook", metavar="WORKBOOK")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    metavar="NEW.xlsx",
    help="The copy of WORKBOOK to write, with the tickets in its registers.",
)
@click.option(
    "-m",
    "--mapping",
    required=True,
    metavar="NAME|FILE.yaml",
    help="How the export's columns map to the registers: jira, servicenow, or a mapping file "
    "(docs/import-tickets.md).",
)
@click.option("--force", is_flag=True, help="Overwrite NEW.xlsx if it exists.")
@quiet_option
@input_options
def import_tickets(
    export: str, workbook: str, out: str, mapping: str, force: bool, quiet: bool, **kwargs: Any
) -> None:
    """Import the tickets of a CSV export (incidents, service requests, problems, changes) into a
    copy of WORKBOOK.

    Each row goes to the register the mapping names for it; a ticket whose ID the register
    already holds is updated in place, the others are added, so importing the same export again
    adds nothing. Rows the mapping cannot take (no ID, an unknown status or priority, a date in
    none of its formats, no register for it) are listed with their CSV line and column and left
    out; assignees and owners that match no People name, e-mail or ID (and are no e-mail
    address) are left blank and listed. EXPORT and WORKBOOK are never changed. Exit status:
    0 written, 1 written with rows or values listed, 2 a file or the mapping cannot be read, or
    the command is misused.
    """
    import os

    from fitsm_audit.cli.base import limits_from
    from fitsm_audit.cli.progress import Progress
    from fitsm_audit.core.errors import OutputExistsError, UsageError
    from fitsm_audit.workbook.tickets_apply import import_tickets as run_import
    from fitsm_audit.workbook.tickets_mapping import load_mapping

    kwargs.pop("as_of", None)
    limits = limits_from(kwargs)
    refuse_input_as_output(out, [export, workbook, *([mapping] if os.path.isfile(mapping) else [])])
    if not out.lower().endswith(".xlsx"):
        raise UsageError(f"-o {out}: the copy is an Excel workbook; give it a name ending in .xlsx")
    if os.path.exists(out) and not force:
        raise OutputExistsError(out)
    chosen = load_mapping(mapping)
    progress = Progress(quiet)
    progress(f"Reading {export} with the mapping {chosen.name} ...")
    done = run_import(export, chosen, workbook, out, force=force, limits=limits, progress=progress)
    for problem in sorted(done.problems, key=lambda p: p.line or 0):
        click.echo(problem.render(export))
    if done.problem_count > len(done.problems):
        click.echo(f"... and {done.problem_count - len(done.problems):,} more")
    if done.missing_columns:
        names = ", ".join(f'"{c}"' for c in done.missing_columns)
        click.echo(f"fitsm-audit: note: {export} has no column {names}, which the mapping {chosen.name} "
                   "reads; those register columns stay as they were", err=True)  # fmt: skip
    click.echo(f"wrote {out}: {_summary(done)}", err=True)
    exit_with(1 if done.problem_count else 0)


def _summary(done: Any) -> str:
    """``120 rows read: Incidents & Service Requests 100 added, 2 updated; 18 rows not imported``."""
    parts = []
    for sheet in done.added:
        counts = [f"{n:,} {what}" for n, what in ((done.added[sheet], "added"), (done.updated[sheet], "updated")) if n]
        parts.append(f"{sheet} {', '.join(counts) or 'unchanged'}")
    text = f"{done.rows:,} rows read" + (f": {'; '.join(parts)}" if parts else "; nothing imported")
    if done.skipped:
        text += f"; {done.skipped:,} rows not imported"
    if done.problem_count:
        text += f"; {done.problem_count:,} problems listed above"
    return text


import_tickets.params = [p for p in import_tickets.params if p.name != "as_of"]  # dates come from the export

COMMANDS = [import_tickets]
