"""Members checked and assessed in worker processes (docs/federation.md).

A small pool of our own rather than ``concurrent.futures``: each worker is a long-lived process
(started once, so the imports are paid once per worker, not per member) fed one member at a time
over a pipe, and the parent can stop one worker that runs past ``--member-timeout`` (kill it and
start a fresh one) without losing the others: a ``ProcessPoolExecutor`` can neither time out one
task nor survive a killed worker. Workers are spawned, not forked: the parent may hold the
thread pools of polars or pyarrow, which a forked child would inherit in a broken state.

Whatever happens to a member (an unreadable or hostile workbook, check errors, a crash, a
timeout), it comes back as a :class:`MemberResult` with a one-line reason; the others go on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from fitsm_audit.assess.federation import MemberResult
from fitsm_audit.publish.federation_members import MemberEntry

Done = Callable[[MemberResult], None]


def one_line(exc: BaseException) -> str:
    """An exception as the one line the CLI would print for it."""
    from fitsm_audit.core.errors import FitsmAuditError
    from fitsm_audit.core.findings import printable

    if isinstance(exc, FitsmAuditError):
        return printable(str(exc))
    if isinstance(exc, MemoryError):
        return "out of memory; the workbook is too large"
    return printable(f"internal error: {type(exc).__name__}: {exc}")


def assess_member(entry: MemberEntry, as_of: dt.date, edition: str, limits: Any) -> MemberResult:
    """One member read, checked and assessed; a failure is a MemberResult with its reason."""
    import os

    from fitsm_audit.assess import assess
    from fitsm_audit.assess.federation import summarise_member
    from fitsm_audit.workbook.pipeline import read_sms

    files = [os.path.basename(p) for p in entry.paths]
    if entry.refused:
        return MemberResult(entry.name, files, reason=entry.refused)
    started = time.perf_counter()
    try:
        checked = read_sms(list(entry.paths), as_of, limits)
        if checked.errors:
            first = next(f for f in checked.findings if f.severity == "error")
            where = "!".join(x for x in (first.sheet or "", (first.cell or "").split("!")[-1]) if x)
            return MemberResult(
                entry.name, files,
                reason=f"check found {checked.errors} error{'s' if checked.errors != 1 else ''} "
                f"(first: {where + ': ' if where else ''}{first.message}); run fitsm-audit check on it",
            )  # fmt: skip
        result = assess(checked.dataset, edition=edition, as_of=as_of, findings=[f.to_dict() for f in checked.findings])
        member = summarise_member(entry.name, files, checked, result)
    except Exception as exc:  # noqa: BLE001 - every failure becomes the member's reason
        return MemberResult(entry.name, files, reason=one_line(exc))
    member.seconds = round(time.perf_counter() - started, 3)
    return member


def _serve(conn: Connection, as_of: dt.date, edition: str, limits: Any) -> None:
    """A worker's loop: a member in, its result out, until told to stop (None)."""
    import logging

    logging.disable(logging.WARNING)  # library warnings would garble the progress bar
    while True:
        try:
            entry = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if entry is None:
            return
        try:
            conn.send(assess_member(entry, as_of, edition, limits))
        except BaseException as exc:  # noqa: BLE001 - the parent must always get an answer
            conn.send(MemberResult(entry.name, reason=one_line(exc)))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    entry: MemberEntry | None = None
    index: int = -1  # the entry's place in the run
    started: float = 0.0


class MemberPool:
    """``jobs`` workers assessing members as of one date against one edition."""

    def __init__(self, jobs: int, as_of: dt.date, edition: str, limits: Any, timeout: float) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.args = (as_of, edition, limits)
        self.jobs, self.timeout = max(1, jobs), timeout
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, *self.args), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, worker: _Worker, *, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def run(self, entries: Sequence[MemberEntry], done: Done) -> list[MemberResult]:
        """Every entry's result, in the entries' order; ``done`` hears of each as it finishes."""
        results: dict[int, MemberResult] = {}
        queue = deque((i, e) for i, e in enumerate(entries) if not _answer_here(i, e, results, done))
        self.workers = [self._start() for _ in range(min(self.jobs, len(queue)))]
        try:
            while queue or any(w.entry for w in self.workers):
                for worker in self.workers:
                    if worker.entry is None and queue:
                        worker.index, worker.entry = queue.popleft()
                        worker.started = time.monotonic()
                        worker.conn.send(worker.entry)
                self._collect(results, done)
        finally:
            for worker in self.workers:
                self._stop(worker, kill=worker.entry is not None)
        return [results[i] for i in range(len(entries))]

    def _collect(self, results: dict[int, MemberResult], done: Done) -> None:
        busy = [w for w in self.workers if w.entry is not None]
        now = time.monotonic()
        left = min(w.started + self.timeout - now for w in busy)
        ready = wait([w.conn for w in busy], timeout=max(0.0, left))
        for i, worker in enumerate(self.workers):
            entry = worker.entry
            if entry is None:
                continue
            result: MemberResult | None = None
            lost = False
            if worker.conn in ready:
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    lost = True
                    result = MemberResult(entry.name, reason="the worker assessing it stopped (out of memory?)")
            elif time.monotonic() - worker.started >= self.timeout:
                lost = True
                result = MemberResult(entry.name, reason=f"took longer than {self.timeout:g} s (--member-timeout); stopped")
            if result is None:
                continue
            results[worker.index] = result
            if lost:  # a fresh worker takes its place
                self._stop(worker, kill=True)
                self.workers[i] = worker = self._start()
            worker.entry = None
            done(result)


def _answer_here(index: int, entry: MemberEntry, results: dict[int, MemberResult], done: Done) -> bool:
    """A refused entry needs no worker: answer it at once."""
    if not entry.refused:
        return False
    result = MemberResult(entry.name, reason=entry.refused)
    results[index] = result
    done(result)
    return True
