"""Shared CLI plumbing: error mapping, exit codes, path handling."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from fitsm_audit.errors import ExitCode, FitsmAuditError


def run_guarded(command: Callable[..., Any], args: list[str] | None = None) -> int:
    """Run the click group; map every failure to one line and an exit code, never a traceback."""
    argv = sys.argv[1:] if args is None else args
    debug = "--debug" in argv
    try:
        rv = command.main(args=argv, prog_name="fitsm-audit", standalone_mode=False)
    except FitsmAuditError as exc:
        click.echo(f"fitsm-audit: {exc}", err=True)
        return ExitCode.UNUSABLE
    except click.exceptions.Abort:
        click.echo("fitsm-audit: aborted", err=True)
        return ExitCode.UNUSABLE
    except click.ClickException as exc:
        exc.show()
        return ExitCode.UNUSABLE if exc.exit_code == 2 else exc.exit_code
    except KeyboardInterrupt:
        click.echo("fitsm-audit: interrupted", err=True)
        return 130
    except MemoryError:
        click.echo("fitsm-audit: out of memory; the input is too large", err=True)
        return ExitCode.UNUSABLE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if debug:
            traceback.print_exc()
        click.echo(
            f"fitsm-audit: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            err=True,
        )
        return ExitCode.UNUSABLE
    return rv if isinstance(rv, int) else ExitCode.OK


def exit_with(code: int) -> None:
    """Leave a command with an exit code (click turns this into SystemExit at the top)."""
    raise click.exceptions.Exit(code)


def expand_inputs(paths: tuple[str, ...]) -> list[str]:
    """Files given, plus the .xlsx/.xlsm files of any folder given (sorted, not recursive)."""
    from fitsm_audit.errors import UsageError

    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(
                os.path.join(p, n)
                for n in os.listdir(p)
                if n.lower().endswith((".xlsx", ".xlsm")) and not n.startswith("~$")
            )
            if not found:
                raise UsageError(f"{p}: the folder holds no .xlsx workbook")
            out.extend(found)
        else:
            out.append(p)
    return out
