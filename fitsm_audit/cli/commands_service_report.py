"""The ``service-report`` command: one report per agreement and month from the Service Level
Measurements register (PR3), written like every other document."""

from __future__ import annotations

from typing import Any

import click

from fitsm_audit.cli.base import input_options
from fitsm_audit.cli.document_options import output_options


@click.command("service-report")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--period", metavar="YYYY-MM", help="The month to report; default: each agreement's latest measured month.")
@click.option(
    "--agreement", "ids", multiple=True, metavar="ID",
    help="Agreement to report (repeatable); default: every agreement with measurements.",
)  # fmt: skip
@output_options
@input_options
def service_report(paths: tuple[str, ...], period: str | None, ids: tuple[str, ...], **kwargs: Any) -> None:
    """Write service reports: per agreement and month, each service target against its
    measurement (met or breached), the last 12 months as a chart, and the breaches with the
    complaints and incidents of the service in the breached month."""
    from fitsm_audit.cli.commands_documents import _write

    _write("service-report", paths, kwargs, ids=ids, period=period)


COMMANDS = [service_report]
