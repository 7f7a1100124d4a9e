"""Shared CLI plumbing: error mapping, exit codes, path handling."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from fitsm_audit.core.errors import ExitCode, FitsmAuditError

if TYPE_CHECKING:
    from fitsm_audit.core.findings import Finding


def run_guarded(command: click.Command, args: list[str] | None = None) -> int:
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
    except SystemExit:
        raise
    except MemoryError:
        click.echo("fitsm-audit: out of memory; the input is too large", err=True)
        return ExitCode.UNUSABLE
    except OSError as exc:  # a file that cannot be read or written: full disk, read-only folder
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"fitsm-audit: {where}{_os_reason(exc)}", err=True)
        return ExitCode.UNUSABLE
    except BaseException as exc:  # noqa: BLE001 - the last line of defence (also a library's Rust panic)
        if debug:
            traceback.print_exc()
        click.echo(
            f"fitsm-audit: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            err=True,
        )
        return ExitCode.UNUSABLE
    return rv if isinstance(rv, int) else ExitCode.OK


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "no space left on the disk; nothing was written"
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def exit_with(code: int) -> None:
    """Leave a command with an exit code (click turns this into SystemExit at the top)."""
    raise click.exceptions.Exit(code)


def expand_inputs(paths: tuple[str, ...], suffixes: tuple[str, ...] = (".xlsx", ".xlsm", ".ods"), what: str = ".xlsx workbook") -> list[str]:
    """Files given, plus the files of any folder given that end in ``suffixes`` (default the
    workbooks; sorted, not recursive, hidden and Office lock files left out)."""
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.findings import printable

    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(
                os.path.join(p, n)
                for n in os.listdir(p)
                if n.lower().endswith(suffixes) and not n.startswith(("~$", "."))
                and os.path.isfile(os.path.join(p, n))
            )  # fmt: skip
            if not found:
                raise UsageError(f"{printable(p)}: the folder holds no {what}")
            out.extend(found)
        else:
            out.append(p)
    return out


def parse_as_of(value: str | None) -> Any:
    """The --as-of date (default: today)."""
    import datetime as dt

    from fitsm_audit.core.errors import UsageError

    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r} is not a date; use the form 2026-11-30") from None


def input_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads workbooks: --as-of and the size limits."""
    from fitsm_audit.workbook.container import DEFAULT_LIMITS as D

    options = [
        click.option("--as-of", "as_of", metavar="DATE", help="Assess as of this date (YYYY-MM-DD); default: today."),
        click.option("--max-rows", type=click.IntRange(1), default=D.max_rows, show_default=True,
                     help="Refuse sheets with more rows than this."),
        click.option("--max-cells", type=click.IntRange(1), default=D.max_cells, show_default=True,
                     help="Refuse sheets spanning more cells than this."),
        click.option("--max-file-mb", type=click.IntRange(1), default=D.max_file_bytes // 2**20, show_default=True,
                     help="Refuse workbook files larger than this (MiB)."),
        click.option("--max-unzipped-mb", type=click.IntRange(1), default=D.max_uncompressed_bytes // 2**20,
                     show_default=True, help="Refuse workbooks that inflate to more than this (MiB)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def limits_from(kwargs: dict[str, Any]) -> Any:
    """Pop the size-limit options from a command's kwargs into a Limits object."""
    from fitsm_audit.workbook.container import Limits

    return Limits(
        max_rows=kwargs.pop("max_rows"),
        max_cells=kwargs.pop("max_cells"),
        max_file_bytes=kwargs.pop("max_file_mb") * 2**20,
        max_uncompressed_bytes=kwargs.pop("max_unzipped_mb") * 2**20,
    )


def read_inputs(paths: tuple[str, ...], kwargs: dict[str, Any]) -> Any:
    """Expand folders, parse --as-of and the limits, and run load -> validate -> model."""
    from fitsm_audit.workbook.pipeline import read_sms

    as_of = parse_as_of(kwargs.pop("as_of"))
    limits = limits_from(kwargs)
    return read_sms(expand_inputs(paths), as_of, limits), as_of


def warn_findings(findings: Sequence[Finding]) -> None:
    """One warning line per finding on stderr: ``fitsm-audit: warning: FILE CELL: message hint``."""
    from fitsm_audit.core.findings import printable

    for f in findings:
        where = " ".join(x for x in (f.file or "", f.cell or "") if x)
        click.echo(f"fitsm-audit: warning: {printable(where)}: {printable(f.text)}", err=True)


def refuse_input_as_output(out: str, inputs: list[str]) -> None:
    """Never write the results into one of the inputs (or as a workbook into an input folder)."""
    from fitsm_audit.core.errors import UsageError

    target = os.path.realpath(out)
    for path in inputs:
        real = os.path.realpath(path)
        if real == target or (
            os.path.isdir(real)
            and os.path.dirname(target) == real
            and target.lower().endswith((".xlsx", ".xlsm"))
        ):
            raise UsageError(f"-o {out}: refusing to write into an input; choose another file")


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()


def emit(text: str, out: str | None, force: bool) -> None:
    """``text`` on the terminal, or written atomically to ``out`` (refused if it exists and not
    ``force``), ending with one line feed."""
    if out is None:
        click.echo(text)
        return
    from fitsm_audit.core.safe_output import atomic_write

    atomic_write(out, text if text.endswith("\n") else text + "\n", force=force)
    click.echo(f"wrote {out}", err=True)
