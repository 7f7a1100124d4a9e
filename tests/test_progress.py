"""Progress lines: on stderr, only when stderr is a terminal, never with --quiet, never on stdout.

The real terminal path runs the installed command under a pseudo-terminal (pty); the in-process
tests replace the one function that decides whether stderr is a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from test_documents_data import AS_OF, SAMPLE

from fitsm_audit.cli import cli, progress
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.publish.manifest import MANIFEST

ENV = {**os.environ, "NO_COLOR": "1"}


def run_with_tty(args: list[str], *, stderr_tty: bool = True, stdout_tty: bool = False) -> tuple[int, str, str]:
    """Run fitsm-audit with stderr or stdout on a pseudo-terminal (the other piped); returns
    the exit code, stdout and stderr (the terminal's line ends normalised)."""
    assert stderr_tty != stdout_tty
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "fitsm_audit", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave if stderr_tty else subprocess.PIPE,
        env=ENV,
    )
    os.close(slave)
    pipe = proc.stderr if stdout_tty else proc.stdout
    assert pipe is not None
    received = {master: b"", pipe.fileno(): b""}
    open_fds = set(received)
    while open_fds:  # drain both while the command runs, so it never blocks on a full buffer
        ready, _, _ = select.select(list(open_fds), [], [], 1.0)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the last writer has closed the terminal
                chunk = b""
            if chunk:
                received[fd] += chunk
            else:
                open_fds.discard(fd)
    tty = received[master].decode().replace("\r\n", "\n")
    piped = received[pipe.fileno()].decode()
    os.close(master)
    pipe.close()
    proc.wait(timeout=120)
    return (proc.returncode, tty, piped) if stdout_tty else (proc.returncode, piped, tty)


BAR_STEP = re.compile(r"^\[[#.]+\] +(\d+)/(\d+)  (.*)$")


def progress_lines(text: str) -> list[str]:
    """The stage lines, and each redraw of the documents' bar as ``[i/n] what``."""
    out = []
    for part in re.split(r"[\r\n]", text.replace("\033[K", "")):
        bar = BAR_STEP.match(part)
        line = f"[{bar.group(1)}/{bar.group(2)}] {bar.group(3)}" if bar else part
        if re.match(r"^(\[\d+/\d+\] |Reading |Assessing |Rendering |Writing )", line):
            out.append(line)
    return out


SLA_ARGS = ["--as-of", AS_OF.isoformat(), "--format", "docx", "--id", "SLA-001", "--id", "OLA-001"]


def test_on_a_terminal_each_stage_and_document_is_shown(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run_with_tty(["sla", str(SAMPLE), "-o", str(out_dir), *SLA_ARGS])
    assert code == 0, err
    assert progress_lines(err) == [
        "Reading pizza-delivery.xlsx ...",
        "Rendering 2 documents as DOCX ...",
        "[1/2] SLA-001.docx",
        "[2/2] OLA-001.docx",
    ]
    lines = err.rstrip("\n").split("\n")
    assert len(lines) == 3  # the documents are one bar, redrawn in place
    assert lines[2].count("\r") == 2 and err.endswith(f"[{'#' * 24}] 2/2  OLA-001.docx\n")
    assert out == f"Wrote 3 files to {out_dir}/ (SLA-001.docx, OLA-001.docx, {MANIFEST})\n"


def test_piped_or_quiet_shows_no_progress(tmp_path: Path) -> None:
    piped = subprocess.run(
        [sys.executable, "-m", "fitsm_audit", "sla", str(SAMPLE), "-o", str(tmp_path / "a"), *SLA_ARGS],
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr
    assert piped.stdout.startswith("Wrote 3 files to ")

    code, out, err = run_with_tty(["sla", str(SAMPLE), "-o", str(tmp_path / "b"), *SLA_ARGS, "--quiet"])
    assert code == 0 and err == "" and out.startswith("Wrote 3 files to ")


def test_progress_never_goes_to_stdout(tmp_path: Path) -> None:
    """stdout a terminal, stderr piped: no progress anywhere (the decision is stderr's)."""
    code, out, err = run_with_tty(
        ["sla", str(SAMPLE), "-o", str(tmp_path / "out"), *SLA_ARGS], stderr_tty=False, stdout_tty=True
    )
    assert code == 0, err
    assert err == "" and progress_lines(out) == []
    assert out.startswith("Wrote 3 files to ")


def test_assess_to_a_file_shows_progress_and_json_on_stdout_stays_clean(tmp_path: Path) -> None:
    results = tmp_path / "results.xlsx"
    args = ["assess", str(SAMPLE), "--as-of", AS_OF.isoformat()]
    code, out, err = run_with_tty([*args, "--format", "xlsx", "-o", str(results)])
    assert code == 1, err  # the sample has groups below target
    assert progress_lines(err) == [
        f"Reading {SAMPLE} ...",
        "Assessing against FitSM-1 edition 2 ...",
        f"Writing {results} ...",
    ]
    assert f"wrote {results}" in err and out == "" and results.is_file()

    code, out, err = run_with_tty([*args, "--format", "xlsx", "-o", str(tmp_path / "q.xlsx"), "-q"])
    assert progress_lines(err) == [] and f"wrote {tmp_path / 'q.xlsx'}" in err

    # the results on stdout are the output: JSON stays parseable, stderr shows nothing
    code, out, err = run_with_tty([*args, "--format", "json"])
    assert code == 1 and err == ""
    assert json.loads(out)["requirements"]


def test_every_slow_command_has_quiet() -> None:
    for name in ("report", "plan", "sla", "catalogue", "demo", "assess"):
        command = cli.commands[name]
        assert any("--quiet" in p.opts and "-q" in p.opts for p in command.params), name


def test_demo_and_report_progress_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the terminal decision replaced: demo lists every document with its files; report
    shows the assessment stage; stdout carries only the summary lines."""
    monkeypatch.setattr(progress, "stderr_is_terminal", lambda: True)
    code = run_guarded(cli, ["demo", "-o", str(tmp_path / "demo"), "--format", "html"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = progress_lines(captured.err)
    assert lines[:3] == [
        "Reading pizza-delivery.xlsx ...",
        "Assessing against FitSM-1 edition 2 ...",
        "Rendering 21 documents as HTML ...",
    ]
    assert lines[3] == "[1/21] gap-report.html" and lines[-1] == "[21/21] service-report-SLA-004-2026-10.html"
    assert len(lines) == 24 and "[5/21] SLA-003.html" in lines and "[17/21] service-catalogue.html" in lines
    assert progress_lines(captured.out) == []

    code = run_guarded(
        cli, ["report", str(SAMPLE), "-o", str(tmp_path / "r"), "--format", "html", "--quiet"]
    )
    captured = capsys.readouterr()
    assert code == 0 and progress_lines(captured.err) == []

    monkeypatch.setattr(progress, "stderr_is_terminal", lambda: False)
    code = run_guarded(cli, ["plan", str(SAMPLE), "-o", str(tmp_path / "p"), "--format", "html"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""


def test_the_terminal_decision_follows_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stream:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.setattr(sys, "stderr", Stream(True))
    assert progress.stderr_is_terminal() and progress.Progress().enabled
    assert not progress.Progress(quiet=True).enabled
    monkeypatch.setattr(sys, "stderr", Stream(False))
    assert not progress.stderr_is_terminal() and not progress.Progress().enabled
    monkeypatch.setattr(sys, "stderr", None)
    assert not progress.stderr_is_terminal()


def test_the_bar_fits_the_terminal_and_fills_up() -> None:
    assert progress.bar_line(0, 1000, "SLA-001.pdf", 80) == f"[{'.' * 24}]    0/1000  SLA-001.pdf"
    assert progress.bar_line(500, 1000, "x", 80).startswith(f"[{'#' * 12}{'.' * 12}]  500/1000")
    assert progress.bar_line(1000, 1000, "x", 80).startswith(f"[{'#' * 24}] 1000/1000")
    assert len(progress.bar_line(3, 1000, "a very long document name " * 10, 60)) == 59
