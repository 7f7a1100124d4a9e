"""``fitsm-audit demo``: everything the tool does, on the packaged pizza delivery sample (or, with
``--federation``, the packaged federation sample)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from fitsm_audit.cli.commands_documents import _summary, resolve_output_dir
from fitsm_audit.cli.document_options import DEFAULT_FORMATS, _formats, _log_warnings, _signer
from fitsm_audit.cli.progress import quiet_option
from fitsm_audit.core.words import count


@click.command()
@click.option(
    "-o",
    "--output-dir",
    "output_dir",
    metavar="DIR",
    default="fitsm-demo",
    show_default=True,
    help="Folder to write everything to (created if missing).",
)
@click.option(
    "--format",
    "fmt",
    metavar="LIST",
    default=DEFAULT_FORMATS,
    show_default=True,
    help="Document formats, comma-separated: docx, pdf, html.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Assessment date (YYYY-MM-DD); default: the date the sample is written for.",
)
@click.option("--force", is_flag=True, help="Overwrite existing files in DIR.")
@click.option(
    "--sign-key",
    metavar="FILE.p12",
    type=click.Path(dir_okay=False),
    help="Sign each PDF with this PKCS#12 key file.",
)
@click.option("--sign-pass-env", metavar="VAR", help="Environment variable holding its password.")
@click.option(
    "--federation", is_flag=True,
    help="Roll up the packaged federation sample instead (three member workbooks and the federation "
    "office's workbook): federation.json, federation.xlsx and the federation report.",
)  # fmt: skip
@quiet_option
def demo(
    output_dir: str,
    fmt: str,
    as_of: str | None,
    force: bool,
    sign_key: str | None,
    sign_pass_env: str | None,
    quiet: bool,
    federation: bool,
) -> None:
    """Run check, assess and every document on the packaged pizza delivery sample.

    Writes the gap report, the SMS plan, the service catalogue and every agreement as DOCX and
    PDF, the check and assessment results as JSON, and manifest.json with the SHA-256 of each.
    With --federation: the Pizza Alliance federation sample, rolled up as by fitsm-audit federation.
    """
    from fitsm_audit.cli.base import parse_as_of
    from fitsm_audit.cli.progress import Progress
    from fitsm_audit.publish.demo import DEMO_AS_OF, EDITION, SAMPLE, run_demo

    _log_warnings()
    formats = _formats(fmt)
    out_dir = resolve_output_dir("demo", output_dir, SAMPLE, formats)
    signer = _signer(sign_key, sign_pass_env, formats)
    day = parse_as_of(as_of) if as_of else DEMO_AS_OF
    if federation:
        _federation_demo(out_dir, force, formats, day, quiet)
        return
    result = run_demo(
        out_dir, force=force, formats=formats, as_of=day, signer=signer, progress=Progress(quiet)
    )
    s = result.check_summary
    click.echo(
        f"Checked the sample {SAMPLE}: {count(s.get('errors', 0), 'error')}, "
        f"{count(s.get('warnings', 0), 'warning')}."
    )
    click.echo(
        f"Assessed against FitSM-1 edition {EDITION} as of {day.isoformat()}: "
        f"{result.groups_met} of {result.groups_in_scope} in-scope requirement groups meet "
        f"their target; {count(result.gaps, 'requirement')} below target."
    )
    if result.drafts:
        click.echo(
            f"Agreements marked DRAFT, not for signature: {', '.join(result.drafts)} "
            "(their open sections are on each cover)."
        )
    click.echo(_summary(result.out_dir, result.outputs, result.manifest))


def _federation_demo(out_dir: Path, force: bool, formats: list[str], day: Any, quiet: bool) -> None:
    from fitsm_audit.cli.commands_federation import Bar
    from fitsm_audit.cli.progress import stderr_is_terminal
    from fitsm_audit.publish.demo import run_federation_demo

    bar = Bar(enabled=not quiet and stderr_is_terminal())
    try:
        run = run_federation_demo(out_dir, force=force, formats=formats, as_of=day, started=bar.start,
                                  done=lambda m: bar.update(m.name))  # fmt: skip
    finally:
        bar.close()
    f = run.federation
    click.echo(f"Rolled up the federation sample {f.name}: {f.summary()}.")
    for line in f.problem_lines():
        click.echo(f"  {line}")
    click.echo(f"Wrote {', '.join(p.name for p in run.written)} to {out_dir}")


COMMANDS = [demo]
