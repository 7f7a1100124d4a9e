"""Progress lines for the commands that take seconds (the document commands, demo, assess -o).

One line per stage or document, on stderr only (stdout may carry data such as JSON), and only
when stderr is a terminal: piped or redirected output, logs and CI stay clean, and ``--quiet``
silences it on a terminal too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

QUIET_HELP = "Show no progress lines (they appear on stderr, on a terminal only)."


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal: the one place that decides it (tests may replace it)."""
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class Progress:
    """A callable that shows one progress line on stderr, or does nothing."""

    def __init__(self, quiet: bool = False) -> None:
        self.enabled = not quiet and stderr_is_terminal()

    def __call__(self, message: str) -> None:
        if self.enabled:
            from fitsm_audit.core.findings import printable

            click.echo(printable(message), err=True)


def quiet_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The ``-q/--quiet`` flag."""
    return click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)(fn)
