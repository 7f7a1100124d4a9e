"""Document commands: ``report``, ``plan``, ``sla``, ``catalogue``, ``demo`` and ``verify``.

Only click and the standard library's logging are imported at module level; rendering libraries
load inside the command bodies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from fitsm_audit.cli.base import input_options
from fitsm_audit.cli.document_options import (
    DEFAULT_FORMATS,
    FILE_SUFFIXES,
    STEMS,
    _formats,
    _log_warnings,
    _signer,
    output_options,
    timestamper,
)
from fitsm_audit.cli.progress import quiet_option
from fitsm_audit.core.words import count

if TYPE_CHECKING:
    from pathlib import Path

def default_output_dir(first_input: str) -> Path:
    """Where documents go without -o: a folder in the current directory named after the first
    workbook (``my-sms.xlsx`` or the folder ``my-sms/`` -> ``my-sms-documents``)."""
    import os
    from pathlib import Path

    if os.path.isdir(first_input):
        name = os.path.basename(os.path.abspath(first_input))
    else:
        name = Path(first_input).stem
    return Path(f"{name or 'fitsm'}-documents")


def _listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else list(items))


def _what_it_writes(command: str, formats: Sequence[str]) -> str:
    if command in STEMS:
        return ", ".join([*(f"{STEMS[command]}.{f}" for f in formats), "manifest.json"])
    upper = _listed([f.upper() for f in formats])
    if command == "sla":
        return f"a {upper} file per agreement, e.g. SLA-001.{formats[0]}, and manifest.json"
    return f"every document as {upper}, check.json, assessment.json and manifest.json"


def resolve_output_dir(command: str, given: str | None, first_input: str, formats: Sequence[str]) -> Path:
    """The folder to write into: -o, or the default; a UsageError when -o names a file."""
    from pathlib import Path

    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.findings import printable

    folder = Path(given) if given is not None else default_output_dir(first_input)
    looks_like_file = folder.suffix.lower() in FILE_SUFFIXES and not folder.is_dir()
    if looks_like_file or (folder.exists() and not folder.is_dir()):
        shown = printable(str(folder))
        what = f"{command} writes several files ({_what_it_writes(command, formats)})"
        if given is None:
            raise UsageError(f"{shown} is a file, not a folder; {what}: choose a folder with -o DIR")
        raise UsageError(f"-o {shown}: give a folder; {what}")
    return folder


def _folder_name(folder: Path) -> str:
    import os

    from fitsm_audit.core.findings import printable

    text = printable(str(folder))
    return text if text.endswith(("/", os.sep)) else text + "/"


def _summary(out_dir: Path, outputs: Sequence[Any], manifest: Path) -> str:
    """The one line saying where everything went, e.g. ``Wrote 3 files to my-sms-documents/
    (gap-report.docx, gap-report.pdf, manifest.json)``."""
    from fitsm_audit.core.findings import printable

    names = [w.path.name for w in outputs] + [manifest.name]
    if len(names) <= 5:
        detail = ", ".join(names)
    else:
        docs = list(dict.fromkeys(w.document for w in outputs if w.kind != "data"))
        formats = list(dict.fromkeys(w.format for w in outputs if w.kind != "data"))
        data = [w.path.name for w in outputs if w.kind == "data"]
        detail = ", ".join(
            [
                f"{len(docs)} documents as {_listed([f.upper() for f in formats])}",
                *data,
                manifest.name,
            ]
        )
    if any(w.signed for w in outputs):
        detail += "; PDFs signed"
    return f"Wrote {len(names)} files to {_folder_name(out_dir)} ({printable(detail)})"


def _write(
    kind: str,
    paths: tuple[str, ...],
    kwargs: dict[str, Any],
    *,
    edition: str = "2",
    ids: Sequence[str] = (),
    actions: str | None = None,
) -> None:
    """Parse the shared options, publish the documents of ``kind`` and print what was written;
    exit 1 when documents were not written because their rows hold errors."""
    from fitsm_audit.cli.base import exit_with, expand_inputs, limits_from, parse_as_of
    from fitsm_audit.cli.progress import Progress
    from fitsm_audit.core.errors import DocumentsBlocked, NothingToWrite
    from fitsm_audit.core.findings import printable
    from fitsm_audit.publish.documents import publish

    _log_warnings()
    formats = _formats(kwargs.pop("fmt"))
    out_dir = resolve_output_dir(kind, kwargs.pop("output_dir"), paths[0], formats)
    signer = _signer(kwargs.pop("sign_key"), kwargs.pop("sign_pass_env"), formats)
    sign_drafts = kwargs.pop("sign_drafts")
    stamper = timestamper(kwargs.pop("tsa_url"), signer)
    logo_file = kwargs.pop("logo")
    if logo_file:
        from fitsm_audit.render.logo import load_logo

        logo = load_logo(logo_file)
    options = {
        "formats": formats, "force": kwargs.pop("force"), "signer": signer,
        "progress": Progress(kwargs.pop("quiet")), "as_of": parse_as_of(kwargs.pop("as_of")),
        "sign_drafts": sign_drafts, "allow_errors": kwargs.pop("allow_errors"),
        "edition": edition, "agreement_ids": ids, "actions_file": actions, "timestamper": stamper,
        "logo": logo if logo_file else None, "templates": kwargs.pop("templates"),
    }  # fmt: skip
    options["limits"] = limits_from(kwargs)
    try:
        result = publish([kind], expand_inputs(paths), out_dir, **options)
    except DocumentsBlocked as stop:
        for line in stop.lines:
            click.echo(f"fitsm-audit: {printable(line)}", err=True)
        click.echo(f"fitsm-audit: {stop}", err=True)
        exit_with(1)
        return
    except NothingToWrite as empty:
        click.echo(f"fitsm-audit: {empty}", err=True)
        exit_with(1)
        return
    _after(result, signed=signer is not None and not sign_drafts)


def _after(result: Any, *, signed: bool) -> None:
    """What a document command prints after writing: warnings, the summary, the drafts."""
    from fitsm_audit.cli.base import warn_findings
    from fitsm_audit.core.findings import printable

    warn_findings(result.action_findings)
    if result.errors:
        click.echo(
            f"fitsm-audit: warning: the workbooks have {count(result.errors, 'error')}; cells with "
            "errors count as blank (run fitsm-audit check for the list)",
            err=True,
        )
    for service in result.missing_services:
        click.echo(
            f"fitsm-audit: warning: live service {printable(service)} has no Catalogue entry; "
            "the catalogue lists it from the Services sheet",
            err=True,
        )
    click.echo(_summary(result.out_dir, result.outputs, result.manifest))
    _report_drafts(result.drafts, signed=signed)


def _report_drafts(drafts: Sequence[tuple[str, list[str]]], *, signed: bool) -> None:
    """One line per draft agreement; exit 1 when signing was asked for and drafts stayed unsigned."""
    from fitsm_audit.core.findings import printable

    verb = "written unsigned, marked DRAFT" if signed else "marked DRAFT"
    for ident, reasons in drafts:
        click.echo(f"fitsm-audit: {printable(ident)} is a draft, {verb}: {printable('; '.join(reasons))}", err=True)
    if signed and drafts:
        from fitsm_audit.cli.base import exit_with

        exit_with(1)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--edition",
    type=click.Choice(["2", "3"]),
    default="2",
    show_default=True,
    help="FitSM-1 edition to assess against.",
)
@click.option(
    "--actions",
    "actions",
    metavar="RESULTS.xlsx",
    help="A results workbook (assess --format xlsx) whose Actions sheet you updated: the action "
    "plan shows each action's Status and Comment.",
)
@output_options
@input_options
def report(paths: tuple[str, ...], edition: str, actions: str | None, **kwargs: Any) -> None:
    """Write the gap report: the readiness verdict, results per requirement group, graded
    findings, the action plan, KPIs, the data-quality findings, the evidence sampled and the
    method."""
    _write("report", paths, kwargs, edition=edition, actions=actions)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@output_options
@input_options
def plan(paths: tuple[str, ...], **kwargs: Any) -> None:
    """Write the service management plan (GR4) with the scope statement (GR3) and the service
    management policy (GR1.2)."""
    _write("plan", paths, kwargs)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--id",
    "ids",
    multiple=True,
    metavar="ID",
    help="Agreement to write (repeatable); default: every agreement.",
)
@output_options
@input_options
def sla(paths: tuple[str, ...], ids: tuple[str, ...], **kwargs: Any) -> None:
    """Write SLA, OLA and UA documents: the twelve SLA sections, targets and signature blocks."""
    _write("sla", paths, kwargs, ids=ids)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@output_options
@input_options
def catalogue(paths: tuple[str, ...], **kwargs: Any) -> None:
    """Write the customer-facing service catalogue of live services."""
    _write("catalogue", paths, kwargs)


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
@quiet_option
def demo(
    output_dir: str,
    fmt: str,
    as_of: str | None,
    force: bool,
    sign_key: str | None,
    sign_pass_env: str | None,
    quiet: bool,
) -> None:
    """Run check, assess and every document on the packaged pizza delivery sample.

    Writes the gap report, the SMS plan, the service catalogue and every agreement as DOCX and
    PDF, the check and assessment results as JSON, and manifest.json with the SHA-256 of each.
    """
    from fitsm_audit.cli.base import parse_as_of
    from fitsm_audit.cli.progress import Progress
    from fitsm_audit.publish.demo import DEMO_AS_OF, EDITION, SAMPLE, run_demo

    _log_warnings()
    formats = _formats(fmt)
    out_dir = resolve_output_dir("demo", output_dir, SAMPLE, formats)
    signer = _signer(sign_key, sign_pass_env, formats)
    day = parse_as_of(as_of) if as_of else DEMO_AS_OF
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


COMMANDS = [report, plan, sla, catalogue, demo]
