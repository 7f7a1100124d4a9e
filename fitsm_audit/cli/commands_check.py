"""``fitsm-audit check``: validate filled workbooks and report every finding."""

from __future__ import annotations

import sys
from typing import Any

import click

from fitsm_audit.cli.base import exit_with, input_options, read_inputs


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@input_options
def check(paths: tuple[str, ...], fmt: str, **kwargs: Any) -> None:
    """Validate workbooks (files or folders; sheets are merged by name).

    Reports every finding in one run, each pointing at its cell. Exit status: 0 no errors,
    1 errors found, 2 the input cannot be read or the command is misused.
    """
    from fitsm_audit.render.check_output import render_json, render_text

    result, _as_of = read_inputs(paths, kwargs)
    if fmt == "json":
        click.echo(render_json(result))
    else:
        click.echo(render_text(result, color=sys.stdout.isatty(), inputs=paths))
    exit_with(1 if result.errors else 0)


COMMANDS = [check]
