"""The fitsm-audit command line: a thin layer over the pipeline stages.

Each command lives in its own module in this package and imports heavy modules (polars, pandera,
weasyprint, python-docx) inside its body, so ``fitsm-audit --help`` stays instant.
"""

from __future__ import annotations

import sys

import click

from fitsm_audit.cli.base import run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="fitsm-audit")
@click.option("--debug", is_flag=True, hidden=False, help="Show a traceback on unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Standard FitSM workbooks: create them, check them, assess compliance and maturity
    per FitSM-1 requirement, and write the gap report, SMS plan and SLA/OLA/UA documents."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# Command modules, each with a COMMANDS list; each imports only click at module level.
COMMAND_MODULES = (
    "commands_init", "commands_check", "commands_assess", "commands_documents", "commands_demo", "commands_sign",
    "commands_verify", "commands_compare", "commands_federation", "commands_trend", "commands_service_report",
    "commands_fitsm6", "commands_tickets",
)  # fmt: skip


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"fitsm_audit.cli.{name}")
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point.

    The collector runs far less often than by default: a 10,000-row workbook becomes some
    400,000 records and millions of values that live until the process ends, and the default
    thresholds rescan them all again and again while they are built (a fifth of check's time)."""
    import gc

    gc.set_threshold(50_000, 20, 20)
    sys.exit(run_guarded(cli))
