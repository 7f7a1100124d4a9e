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
    FILE_SUFFIXES,
    STEMS,
    _formats,
    _log_warnings,
    _signer,
    output_options,
    timestamper,
)
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
    if command == "service-report":
        return f"a {upper} file per agreement and month, e.g. service-report-SLA-001-2026-10.{formats[0]}, and manifest.json"
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
    baseline: tuple[str, str | None, str] | None = None,
    period: str | None = None,
) -> None:
    """Parse the shared options, publish the documents of ``kind`` and print what was written;
    exit 1 when documents were not written because their rows hold errors. ``baseline`` is the
    report's --baseline OLD with its date and edition for a workbook."""
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
    progress, as_of = Progress(kwargs.pop("quiet")), parse_as_of(kwargs.pop("as_of"))
    options = {
        "formats": formats, "force": kwargs.pop("force"), "signer": signer,
        "progress": progress, "as_of": as_of,
        "sign_drafts": sign_drafts, "allow_errors": kwargs.pop("allow_errors"),
        "edition": edition, "agreement_ids": ids, "actions_file": actions, "timestamper": stamper,
        "logo": logo if logo_file else None, "templates": kwargs.pop("templates"), "period": period,
    }  # fmt: skip
    options["limits"] = limits_from(kwargs)
    if baseline is not None:
        progress(f"Reading the baseline {baseline[0]} ...")
        options["baseline"] = _load_baseline(baseline, as_of, options["limits"], out_dir, formats)
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


def _load_baseline(
    baseline: tuple[str, str | None, str], as_of: Any, limits: Any, out_dir: Path,
    formats: Sequence[str],
) -> dict[str, Any]:  # fmt: skip
    """The --baseline assessment (workbooks assessed as of --baseline-as-of, default the report's
    date); a UsageError when OLD is where the report writes, or cannot be read."""
    import datetime as dt
    import os

    from fitsm_audit.cli.base import expand_inputs
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.findings import printable
    from fitsm_audit.publish.assessment_input import load_assessment
    from fitsm_audit.publish.manifest import MANIFEST

    path, day, edition = baseline
    files = expand_inputs((path,))
    targets = [out_dir, out_dir / MANIFEST, *(out_dir / f"{STEMS['report']}.{f}" for f in formats)]
    written = {os.path.realpath(t) for t in targets}
    if any(os.path.realpath(p) in written for p in [path, *files]):
        raise UsageError(
            f"--baseline {printable(path)}: the report writes there (-o {_folder_name(out_dir)}); "
            "give the earlier assessment from another place"
        )
    try:
        old_as_of = dt.date.fromisoformat(day) if day else as_of
    except ValueError:
        wrong = f"--baseline-as-of {day!r} is not a date"
        raise UsageError(f"{wrong}; use the form 2026-11-30") from None
    return load_assessment(files, old_as_of, edition, limits)


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
@click.option(
    "--baseline", metavar="OLD", help="An earlier assessment: an assessment.json (assess --format "
    "json), a workbook or a folder of split workbooks; adds \"Progress since\" its date.",
)  # fmt: skip
@click.option(
    "--baseline-as-of", metavar="DATE",
    help="Assess a workbook OLD as of this date; default: --as-of (an assessment.json keeps its own).",
)  # fmt: skip
@click.option(
    "--baseline-edition", type=click.Choice(["2", "3"]),
    help="Edition to assess a workbook OLD against; default: --edition.",
)  # fmt: skip
@output_options
@input_options
def report(
    paths: tuple[str, ...], edition: str, actions: str | None, baseline: str | None,
    baseline_as_of: str | None, baseline_edition: str | None, **kwargs: Any,
) -> None:  # fmt: skip
    """Write the gap report: the readiness verdict, results per requirement group, graded
    findings, the action plan, KPIs, the data-quality findings, the evidence sampled and the
    method. With --baseline, also the progress since an earlier assessment."""
    if baseline is None and (baseline_as_of or baseline_edition):
        from fitsm_audit.core.errors import UsageError

        given = "--baseline-as-of" if baseline_as_of else "--baseline-edition"
        raise UsageError(f"{given} says how to assess the --baseline OLD; give --baseline too")
    old = (baseline, baseline_as_of, baseline_edition or edition) if baseline is not None else None
    _write("report", paths, kwargs, edition=edition, actions=actions, baseline=old)


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
    "--only",
    "--id",
    "ids",
    multiple=True,
    metavar="ID",
    help="Only this agreement (repeatable; --id is the same); default: every agreement.",
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


COMMANDS = [report, plan, sla, catalogue]
