"""A run's outputs written into their folder all at once, one run at a time (docs/documents.md).

A document command writes many files and then the folder's manifest. Written one by one into
place, a run killed half-way (or a full disk) would leave some new files beside a manifest that
still vouches for the old ones. So:

1. **One run at a time**: the output folder itself is locked (``flock`` on the folder; no lock
   file is left behind). A second run into the same folder waits for the first, then sees its
   outputs as they are (and, without ``--force``, refuses to overwrite them).
2. **Staged**: every output, the manifest too, is written and flushed to disk in a hidden
   staging folder inside the output folder (same file system, so moving is renaming). A failure
   while staging (no space left, permission denied) removes the staging folder: the output
   folder is as it was.
3. **Committed**: a journal names the staged files; the manifest is first cut down to the entries
   that stay true while files are replaced (it never lists a file with other bytes than its
   own); each file is renamed into place; the new manifest last. A run killed during this
   (milliseconds) leaves a manifest that is true but incomplete and the journal: the next run
   into the folder, or any run that takes the lock, finishes the commit before doing anything.

Leftovers of a killed run (a staging folder, the journal) are hidden and cleared by the next run.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from fitsm_audit.core.errors import FitsmAuditError
from fitsm_audit.core.safe_output import default_mode
from fitsm_audit.publish.manifest import manifest_bytes

STAGE_PREFIX = ".fitsm-audit-staging-"
JOURNAL = ".fitsm-audit-commit.json"


class OutputError(FitsmAuditError):
    """The output folder cannot be written (read-only, no space left ...); nothing was changed."""

    def __init__(self, folder: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "no space left on the disk"
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = "the folder is read-only or not yours to write (permission denied)"
        super().__init__(f"cannot write into {folder}: {reason}; nothing was changed there")
        self.folder = folder


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder (created when missing) for one run; finish a killed run's commit first.
    A folder this call created is removed again when the run fails and it is still empty."""
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(folder, exc) from None
    ok = False
    try:
        _lock(fd)
        recover(folder)
        yield
        ok = True
    finally:
        os.close(fd)  # closing releases the lock
        if created and not ok:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock on this platform: runs are not serialised
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


class Staging:
    """The files of one run, written into a hidden folder, then moved into place by :meth:`commit`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            self.dir = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=folder))
        except OSError as exc:
            raise OutputError(folder, exc) from None
        self.names: list[str] = []

    def write(self, path: Path, data: bytes) -> None:
        """Stage ``data`` for ``path`` (a file directly in the output folder)."""
        if path.parent.resolve() != self.folder.resolve():
            raise ValueError(f"{path} is not in {self.folder}")
        try:
            with open(self.dir / path.name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(self.dir / path.name, default_mode())
        except OSError as exc:
            self.discard()
            raise OutputError(self.folder, exc) from None
        if path.name not in self.names:
            self.names.append(path.name)

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def commit(self, interim_manifest: bytes | None, manifest_name: str | None) -> None:
        """Move every staged file into place. ``interim_manifest`` (the manifest without the
        entries of the files being replaced) is put in place first; the staged file called
        ``manifest_name`` goes last."""
        files = [n for n in self.names if n != manifest_name]
        journal = {"stage": self.dir.name, "files": files, "manifest": manifest_name}
        try:
            _write_now(self.folder / JOURNAL, json.dumps(journal).encode())
            if interim_manifest is not None and manifest_name is not None:
                _write_now(self.folder / manifest_name, interim_manifest)
        except OSError as exc:
            with contextlib.suppress(OSError):
                (self.folder / JOURNAL).unlink()
            self.discard()
            raise OutputError(self.folder, exc) from None
        _apply(self.folder, journal)


def _write_now(path: Path, data: bytes) -> None:
    """Write a small file in place atomically (temporary file beside it, flushed, renamed)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, default_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _apply(folder: Path, journal: dict[str, Any]) -> None:
    """Rename the journal's staged files into place (those not moved yet), the manifest last,
    then drop the journal and the staging folder. Safe to repeat after a kill."""
    stage = folder / str(journal["stage"])
    names = [str(n) for n in journal.get("files") or []]
    if journal.get("manifest"):
        names.append(str(journal["manifest"]))
    for name in names:
        if "/" in name or "\\" in name or name.startswith("."):
            continue  # not something a run stages
        src = stage / name
        if src.is_file():
            os.replace(src, folder / name)
    _sync(folder)
    with contextlib.suppress(FileNotFoundError):
        (folder / JOURNAL).unlink()
    shutil.rmtree(stage, ignore_errors=True)


def _sync(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def recover(folder: Path) -> None:
    """Finish the commit a killed run left (its journal), then clear staging folders left by
    runs killed before they committed."""
    journal_path = folder / JOURNAL
    if journal_path.is_file():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            stage = str(journal["stage"])
        except (OSError, ValueError, KeyError, TypeError):
            journal = None
        if journal is not None and stage.startswith(STAGE_PREFIX) and "/" not in stage:
            _apply(folder, journal)
        else:
            with contextlib.suppress(OSError):
                journal_path.unlink()
    with contextlib.suppress(FileNotFoundError):
        (folder / (JOURNAL + ".tmp")).unlink()
    for entry in folder.iterdir():
        if entry.name.startswith(STAGE_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def interim_manifest(previous: Mapping[str, Any] | None, replaced: set[str]) -> bytes | None:
    """The folder's manifest without the entries of the files a commit replaces: what stays
    true while they are renamed into place (None: no manifest, or nothing of it replaced)."""
    if previous is None:
        return None
    kept = [e for e in previous.get("outputs") or [] if not (isinstance(e, Mapping) and e.get("path") in replaced)]
    if len(kept) == len(previous.get("outputs") or []):
        return None
    return manifest_bytes({**previous, "outputs": kept})
