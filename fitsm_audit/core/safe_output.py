"""Atomic, no-surprise output files: never overwrite without --force, never leave half a file.

Every command that writes a file (workbooks, documents, reports) goes through ``atomic_write``:
the content is written to a temporary file in the target folder, then moved into place in one
step, so a crash or an error leaves either the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fitsm_audit.core.errors import OutputExistsError, UsageError

Content = bytes | str | Callable[[Path], Any]


def default_mode() -> int:
    """Permissions a newly created file would get (0666 minus the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _publish_new(tmp: Path, target: Path) -> None:
    """Move tmp to target only if target does not exist (hard link: atomic, no overwrite)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputExistsError(str(target)) from None
    except OSError:
        # No hard links on this file system: check, then replace (a tiny race remains).
        if target.exists():
            raise OutputExistsError(str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def atomic_write(path: str | os.PathLike[str], write_fn: Content, force: bool = False) -> Path:
    """Write to ``path`` atomically and return the path.

    ``write_fn`` is a callback that receives a temporary path in the same folder and writes the
    file there, or the content itself as bytes or text (written as UTF-8). Raises
    OutputExistsError when ``path`` exists and ``force`` is false. The parent folder is created
    when missing; on any failure the temporary file is removed and ``path`` is left untouched.
    """
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target} is a folder, not a file")
    if target.exists() and not force:
        raise OutputExistsError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else default_mode()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        if callable(write_fn):
            os.close(fd)
            fd = -1
            write_fn(tmp)
        else:
            data = write_fn.encode("utf-8") if isinstance(write_fn, str) else bytes(write_fn)
            with os.fdopen(fd, "wb") as handle:
                fd = -1
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if force:
            os.replace(tmp, target)
        else:
            _publish_new(tmp, target)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return target


def atomic_save_workbook(wb: Any, path: str | os.PathLike[str], force: bool = False) -> Path:
    """Save an openpyxl workbook atomically (same rules as ``atomic_write``)."""
    return atomic_write(path, lambda tmp: wb.save(tmp), force=force)
