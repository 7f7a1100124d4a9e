"""The members of a federation roll-up (docs/federation.md): one entry of the MEMBERS folder per
member, a workbook file or a folder of split workbooks.

Hidden entries, Office lock files (``~$...``) and files that are not workbooks are skipped. A
symbolic link is followed only while it stays inside MEMBERS: one leading outside (to a home
folder, a system file) is refused and reported, never read. A folder holding no workbook is
reported too. Nothing here opens a workbook; that happens in the worker processes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")


@dataclass(frozen=True)
class MemberEntry:
    """One member as found in MEMBERS: its name (the entry's), the workbooks to read, or why it
    cannot be read at all."""

    name: str
    paths: tuple[str, ...] = ()
    refused: str = ""  # the one-line reason the entry is not read


@dataclass
class MemberFolder:
    members: list[MemberEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # entries that are not members (README.txt)


def inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (symbolic links resolved) is ``folder`` or lies inside it."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root + os.sep)


def _is_workbook_name(name: str) -> bool:
    return name.lower().endswith(WORKBOOK_SUFFIXES) and not name.startswith(("~$", "."))


def _folder_member(name: str, folder: str, root: str) -> MemberEntry:
    """A member kept as split workbooks in one folder (not searched deeper)."""
    paths: list[str] = []
    outside: list[str] = []
    for child in sorted(os.listdir(folder)):
        full = os.path.join(folder, child)
        if not _is_workbook_name(child) or not os.path.isfile(full):
            continue
        (paths if inside(full, root) else outside).append(full)
    if outside:
        shown = os.path.basename(outside[0])
        return MemberEntry(name, refused=f"{shown} is a symbolic link leading outside MEMBERS; refused")
    if not paths:
        return MemberEntry(name, refused="the folder holds no .xlsx workbook")
    return MemberEntry(name, tuple(paths))


def find_members(members_dir: str | os.PathLike[str]) -> MemberFolder:
    """Every member entry of ``members_dir``, sorted by name."""
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.findings import printable

    folder = Path(members_dir)
    if not folder.is_dir():
        raise UsageError(f"{printable(str(folder))}: not a folder; give the folder holding one workbook (or folder) per member")
    root = os.path.realpath(folder)
    found = MemberFolder()
    for name in sorted(os.listdir(folder), key=str.lower):
        full = os.path.join(folder, name)
        if name.startswith((".", "~$")):
            continue
        if os.path.islink(full) and not inside(full, root):
            found.members.append(MemberEntry(_member_name(name), refused="a symbolic link leading outside MEMBERS; refused"))
        elif os.path.isdir(full):
            found.members.append(_folder_member(name, full, root))
        elif _is_workbook_name(name) and os.path.isfile(full):
            found.members.append(MemberEntry(_member_name(name), (full,)))
        else:
            found.skipped.append(name)
    if not found.members:
        raise UsageError(f"{printable(str(folder))}: holds no member workbook or folder")
    return found


def _member_name(entry: str) -> str:
    stem, suffix = os.path.splitext(entry)
    return stem if suffix.lower() in WORKBOOK_SUFFIXES else entry
