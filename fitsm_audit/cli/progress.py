"""Progress lines for the commands that take seconds (the document commands, demo, assess -o).

One line per stage, on stderr only (stdout may carry data such as JSON), and only when stderr
is a terminal: piped or redirected output, logs and CI stay clean, and ``--quiet`` silences it on
a terminal too. The documents of a run (``[3/1000] SLA-003.docx, SLA-003.pdf``) are one bar that
redraws itself in place, so a thousand agreements take one line, not a thousand.
"""

from __future__ import annotations

import re
import shutil
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


_STEP = re.compile(r"^\[(\d+)/(\d+)\] (.*)$", re.DOTALL)
BAR = 24  # characters of the bar itself


def bar_line(done: int, total: int, what: str, width: int) -> str:
    """``[#########...............]  312/1000  SLA-312.pdf``, cut to ``width`` characters."""
    filled = BAR * done // max(total, 1)
    line = f"[{'#' * filled}{'.' * (BAR - filled)}] {done:>{len(str(total))}}/{total}  {what}"
    return line[: max(width - 1, 10)]


class Progress:
    """A callable that shows progress on stderr, or does nothing: stage lines as they come,
    document steps (``[i/n] ...``) as one bar redrawn in place."""

    def __init__(self, quiet: bool = False) -> None:
        self.enabled = not quiet and stderr_is_terminal()
        self._open_bar = False

    def __call__(self, message: str) -> None:
        if not self.enabled:
            return
        from fitsm_audit.core.findings import printable

        text = printable(message)
        step = _STEP.match(text)
        if step is None:
            self._end_bar()
            click.echo(text, err=True)
            return
        done, total = int(step.group(1)), int(step.group(2))
        width = shutil.get_terminal_size((80, 24)).columns
        click.echo("\r\033[K" + bar_line(done, total, step.group(3), width), err=True, nl=False)
        self._open_bar = True
        if done >= total:
            self._end_bar()

    def _end_bar(self) -> None:
        if self._open_bar:
            click.echo("", err=True)
            self._open_bar = False


def quiet_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The ``-q/--quiet`` flag."""
    return click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)(fn)
