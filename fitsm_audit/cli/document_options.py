"""The options every document command shares (output folder, formats, signing, quiet) and what
they turn into: the chosen formats, the signer, the renderers' warnings on stderr.

Only click and the standard library's logging are imported at module level."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import click

from fitsm_audit.cli.progress import QUIET_HELP

FORMATS = ("docx", "pdf", "html")
DEFAULT_FORMATS = "docx,pdf"
# -o names a folder; a name like these is a file the user meant to write, which we cannot
FILE_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".html", ".htm", ".json", ".xlsx", ".txt")
STEMS = {"report": "gap-report", "plan": "sms-plan", "catalogue": "service-catalogue"}


def _formats(value: str, allowed: tuple[str, ...] = FORMATS) -> list[str]:
    """The --format list, each of ``allowed``, in the order given, each once."""
    from fitsm_audit.core.errors import UsageError

    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in allowed]
    if unknown or not chosen:
        raise UsageError(
            f"--format {value!r}: use one or more of {', '.join(allowed)}, separated by commas"
        )
    return list(dict.fromkeys(chosen))


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options of every command that writes documents."""
    options = [
        click.option(
            "-o",
            "--output-dir",
            "output_dir",
            metavar="DIR",
            help="Folder to write the documents to (created if missing); "
            "default: a folder named after the first workbook, e.g. my-sms-documents.",
        ),
        click.option(
            "--format",
            "fmt",
            metavar="LIST",
            default=DEFAULT_FORMATS,
            show_default=True,
            help="Formats to write, comma-separated: docx, pdf, html.",
        ),
        click.option("--force", is_flag=True, help="Overwrite existing output files."),
        click.option(
            "--sign-key",
            metavar="FILE.p12",
            type=click.Path(dir_okay=False),
            help="Sign each PDF (PAdES) with this PKCS#12 key file.",
        ),
        click.option(
            "--logo",
            metavar="FILE",
            type=click.Path(dir_okay=False),
            help="The provider's logo (PNG, JPEG or SVG, at most 2 MB) for covers and page headers.",
        ),
        click.option(
            "--templates",
            metavar="DIR",
            type=click.Path(exists=True, file_okay=False),
            help="A folder with your own document.html, blocks.html or document.css to use instead "
            "of the packaged ones (PDF and HTML); see docs/documents.md.",
        ),
        click.option(
            "--tsa-url",
            metavar="URL",
            help="With --sign-key, add an RFC 3161 time-stamp from this time-stamping authority "
            "to each signature (PAdES B-T).",
        ),
        click.option(
            "--allow-errors",
            is_flag=True,
            help="Write documents even when the rows they are written from have check errors; "
            "they are marked NOT CHECKED (default: not written, exit 1).",
        ),
        click.option(
            "--sign-drafts",
            is_flag=True,
            help="With --sign-key, sign draft agreements too (a draft is written unsigned, "
            "marked DRAFT, and the command exits 1).",
        ),
        click.option(
            "--sign-pass-env",
            metavar="VAR",
            help="Environment variable holding the key file's password (default: ask for it).",
        ),
        click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _signer(key: str | None, pass_env: str | None, formats: Sequence[str]) -> Any:
    if not key:
        return None
    import os

    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.render.sign import load_signer

    if "pdf" not in formats:
        raise UsageError("--sign-key signs PDF files; add pdf to --format")
    if pass_env:
        password = os.environ.get(pass_env)
        if password is None:
            raise UsageError(f"--sign-pass-env {pass_env}: the environment variable is not set")
    else:
        password = click.prompt(
            f"Password for {key}", hide_input=True, default="", show_default=False, err=True
        )
    return load_signer(key, password)


def timestamper(url: str | None, signer: Any) -> Any:
    """The time-stamping client of --tsa-url (None without it); it needs --sign-key."""
    if not url:
        return None
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.render.sign import timestamper_for

    if signer is None:
        raise UsageError("--tsa-url time-stamps signatures; give --sign-key too")
    return timestamper_for(url)


class _WarningEcho(logging.Handler):
    """Echo a log record as a one-line warning to the current stderr, control characters escaped
    (click resolves stderr at each call, so a redirected stderr is honoured)."""

    def emit(self, record: logging.LogRecord) -> None:
        from fitsm_audit.core.findings import printable

        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record must not end the command
            message = str(record.msg)
        click.echo(f"fitsm-audit: warning: {printable(message)}", err=True)


def _log_warnings() -> None:
    """Show the renderers' warnings (e.g. characters removed from a DOCX) on stderr, once.

    Warnings logged in the worker processes that render PDFs in parallel are logged again in this
    process (``fitsm_audit.publish.documents.replay``), so they arrive here too."""
    logger = logging.getLogger("fitsm_audit")
    if not any(isinstance(h, _WarningEcho) for h in logger.handlers):
        logger.addHandler(_WarningEcho(logging.WARNING))
        logger.setLevel(logging.WARNING)
