"""``fitsm-audit federation MEMBERS -o OUT``: a federation's members side by side (docs/federation.md)."""

from __future__ import annotations

import sys
from typing import Any

import click

from fitsm_audit.cli.base import exit_with, input_options
from fitsm_audit.cli.progress import quiet_option

FORMATS = ("json", "xlsx", "docx", "pdf", "html")


@click.command()
@click.argument("members", metavar="MEMBERS")
@click.option("-o", "--output-dir", "output_dir", metavar="OUT", required=True, help="Folder to write the roll-up to.")
@click.option(
    "--federation-book", "book", metavar="PATH", multiple=True,
    help="The federation office's own workbook (or folder of split workbooks): the members it lists "
    "(Parties, Suppliers) and the federation's services, components and OLAs/UAs.",
)  # fmt: skip
@click.option(
    "--edition", type=click.Choice(["2", "3"]), default="2", show_default=True,
    help="FitSM-1 edition to assess the members against.",
)  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(0), default=0, help="Worker processes; default 0: one per core.")
@click.option(
    "--member-timeout", type=click.FloatRange(min=0.01), default=120.0, show_default=True,
    help="Seconds one member may take; a member running longer is stopped and reported.",
)  # fmt: skip
@click.option(
    "--format", "fmt", metavar="LIST", default="json,xlsx,docx,pdf", show_default=True,
    help="Outputs, comma-separated: json, xlsx, docx, pdf, html.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite the roll-up's files in OUT.")
@quiet_option
@input_options
def federation(
    members: str, output_dir: str, book: tuple[str, ...], edition: str, jobs: int, member_timeout: float,
    fmt: str, force: bool, quiet: bool, **kwargs: Any,
) -> None:  # fmt: skip
    """Assess every member of a federation and put them side by side.

    MEMBERS is a folder holding one workbook (or one folder of split workbooks) per member. Each
    member is checked and assessed in its own worker process; one that is unreadable, fails the
    check or runs too long is listed as not assessed and the others go on. OUT receives
    federation.json, federation.xlsx (heat map, requirement levels, readiness) and the federation
    report (DOCX, PDF). Exit status: 0 every member assessed, 1 one or more not assessed, 2 the
    command could not run.
    """
    from pathlib import Path

    from fitsm_audit.cli.base import expand_inputs, limits_from, parse_as_of
    from fitsm_audit.cli.document_options import _formats
    from fitsm_audit.cli.progress import stderr_is_terminal
    from fitsm_audit.core.findings import printable
    from fitsm_audit.publish.federation import run_federation

    formats = _formats(fmt, FORMATS)
    as_of = parse_as_of(kwargs.pop("as_of"))
    limits = limits_from(kwargs)
    book_paths = expand_inputs(book) if book else []
    bar = Bar(enabled=not quiet and stderr_is_terminal())
    try:
        run = run_federation(
            members, Path(output_dir), as_of=as_of, edition=edition, limits=limits, jobs=jobs,
            timeout=member_timeout, formats=formats, force=force, book=book_paths,
            started=bar.start, done=lambda m: bar.update(m.name),
        )  # fmt: skip
    finally:
        bar.close()
    f = run.federation
    for m in f.not_assessed:
        click.echo(f"fitsm-audit: {printable(m.name)}: not assessed: {printable(m.reason)}", err=True)
    for provider, entries in f.duplicates:
        click.echo(f"fitsm-audit: warning: {printable(provider)} is the provider of {', '.join(entries)}", err=True)
    click.echo(f"{f.name or 'Federation'}: {f.summary()}.")
    for line in f.problem_lines()[len(f.not_assessed) :]:
        click.echo(f"  {printable(line)}")
    click.echo(f"Wrote {', '.join(p.name for p in run.written)} to {printable(str(run.out_dir))}")
    exit_with(1 if f.not_assessed else 0)


class Bar:
    """click's progress bar on stderr, on a terminal only, started once the members are counted."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.enabled:
            self.bar = click.progressbar(
                length=total, label="Assessing members", file=sys.stderr, show_pos=True, show_eta=True,
                item_show_func=lambda name: name,
            )  # fmt: skip
            self.bar.__enter__()

    def update(self, name: str) -> None:
        if self.bar is not None:
            self.bar.update(1, name)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


COMMANDS = [federation]
