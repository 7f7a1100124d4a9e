"""``fitsm-audit trend A.json B.json ...``: capability per process over many assessments
(docs/progress.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from fitsm_audit.cli.base import exit_with, expand_inputs, refuse_input_as_output

if TYPE_CHECKING:
    from fitsm_audit.assess.trend import Trend

FORMATS = {".png": "png", ".svg": "svg", ".xlsx": "xlsx"}


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="ASSESSMENT.json... | FOLDER...")
@click.option(
    "-o", "--output", "outs", multiple=True, metavar="FILE",
    help="Write the chart (.png, .svg) or the workbook (.xlsx) to FILE; repeat for several.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def trend(inputs: tuple[str, ...], outs: tuple[str, ...], force: bool) -> None:
    """Capability per process over many assessments of one SMS: a table on the terminal and,
    with -o, small-multiple charts (one panel per process, its target dashed) or a workbook.

    Each input is an assessment.json (assess --format json), or a folder: every *.json in it.
    They are ordered by their as-of date (at least two, one per date); processes are matched by
    ID, so both FitSM-1 editions line up. Exit status: 0 written, 2 an input cannot be read or
    an output cannot be written.
    """
    import os

    from fitsm_audit.assess.trend import build_trend
    from fitsm_audit.core.errors import OutputExistsError
    from fitsm_audit.core.findings import printable
    from fitsm_audit.publish.assessment_input import read_assessment_json
    from fitsm_audit.render.trend_text import render_trend_text

    files = list(dict.fromkeys(expand_inputs(inputs, (".json",), ".json assessment")))  # a file named twice counts once
    formats = _output_formats(outs)
    for out in outs:
        refuse_input_as_output(out, files)
        if os.path.exists(out) and not force:
            raise OutputExistsError(out)
    result = build_trend([(printable(f), read_assessment_json(f)) for f in files])
    if len(result.providers) > 1:
        by_provider: dict[str, list[str]] = {}
        for s in result.snapshots:
            by_provider.setdefault(s.provider, []).append(s.source)
        named = "; ".join(
            f"{printable(p or '(none)')} ({', '.join(f)})" for p, f in by_provider.items()
        )
        click.echo(
            f"fitsm-audit: warning: the assessments name different providers: {named}", err=True
        )
    click.echo(render_trend_text(result), nl=False)
    for out, fmt in zip(outs, formats, strict=True):
        _write(result, out, fmt, force)
        click.echo(f"wrote {out}", err=True)
    exit_with(0)


def _output_formats(outs: tuple[str, ...]) -> list[str]:
    """The format of each -o FILE from its suffix; one line for an unknown suffix or a repeat."""
    import os

    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.findings import printable

    formats = []
    seen: set[str] = set()
    for out in outs:
        real = os.path.realpath(out)
        if real in seen:
            raise UsageError(f"-o {printable(out)} is given twice")
        seen.add(real)
        fmt = FORMATS.get(os.path.splitext(out)[1].lower())
        if fmt is None:
            raise UsageError(
                f"-o {printable(out)}: write a .png, .svg or .xlsx file (the suffix names the format)"
            )
        formats.append(fmt)
    return formats


def _write(result: Trend, out: str, fmt: str, force: bool) -> None:
    from fitsm_audit.core.safe_output import atomic_write

    if fmt == "xlsx":
        from fitsm_audit.render.trend_xlsx import write_trend_xlsx

        write_trend_xlsx(result, out, force=force)
        return
    from fitsm_audit.render.trend_chart import render_trend_chart

    atomic_write(out, render_trend_chart(result, fmt), force=force)


COMMANDS = [trend]
