"""manifest.json: every output in a folder with its SHA-256, to compare a rerun byte for byte.

Every command that writes documents (``report``, ``plan``, ``sla``, ``catalogue``, ``demo``)
updates the manifest of its output folder: the outputs of this run replace their earlier entries,
entries of earlier runs stay as long as their file still exists. Each output records the as-of date
and the inputs (by SHA-256) it was made from, because one folder can hold the outputs of several
runs. The manifest holds no clock time. Signed PDFs carry the signing time and so differ between
runs; the manifest marks them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST = "manifest.json"
TOOL = "fitsm-audit"


@dataclass(frozen=True)
class Written:
    """One file written."""

    path: Path
    document: str  # the document's stem, e.g. gap-report or SLA-001
    kind: str  # gap-report, sms-plan, agreement, service-catalogue, data
    format: str  # docx, pdf, html, json
    sha256: str
    size: int
    signed: bool = False


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fitsm-audit")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _relative(path: Path, out_dir: Path) -> str:
    return path.relative_to(out_dir).as_posix() if path.is_relative_to(out_dir) else str(path)


def build_manifest(
    outputs: Sequence[Written],
    out_dir: Path,
    *,
    as_of: dt.date,
    inputs: Sequence[tuple[str, str]] = (),
    edition: str | None = None,
    previous: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of ``out_dir`` after a run.

    ``inputs`` are the run's (display name, SHA-256) pairs; output paths are relative to
    ``out_dir``. Entries of ``previous`` (the folder's earlier manifest) are kept when this run did
    not write their path and the file still exists in ``out_dir``.
    """
    input_shas = [sha for _, sha in inputs]
    entries: dict[str, dict[str, Any]] = {}
    for w in outputs:
        path = _relative(w.path, out_dir)
        entries[path] = {
            "path": path,
            "document": w.document,
            "kind": w.kind,
            "format": w.format,
            "sha256": w.sha256,
            "bytes": w.size,
            "signed": w.signed,
            "as_of": as_of.isoformat(),
            "edition": edition,
            "inputs": input_shas,
        }
    known_inputs = {sha: name for name, sha in inputs}
    for entry in _entries(previous):
        path = entry["path"]
        if path not in entries and (out_dir / path).is_file():
            entries[path] = entry
    for prev in (previous or {}).get("inputs") or []:
        if isinstance(prev, Mapping) and isinstance(prev.get("sha256"), str):
            known_inputs.setdefault(prev["sha256"], str(prev.get("name", "")))
    used = {sha for e in entries.values() for sha in e.get("inputs") or []}
    return {
        "tool": TOOL,
        "version": tool_version(),
        "inputs": sorted(
            ({"name": name, "sha256": sha} for sha, name in known_inputs.items() if sha in used),
            key=lambda i: (i["name"], i["sha256"]),
        ),
        "outputs": [entries[p] for p in sorted(entries)],
    }


def _entries(previous: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The well-formed output entries of an earlier manifest whose path stays inside the folder."""
    out = []
    for entry in (previous or {}).get("outputs") or []:
        if not isinstance(entry, Mapping):
            continue
        path, sha = entry.get("path"), entry.get("sha256")
        if not isinstance(path, str) or not isinstance(sha, str) or not path:
            continue
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or "\\" in path or path == MANIFEST:
            continue
        out.append(dict(entry))
    return out


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The folder's fitsm-audit manifest; None when there is none. A file of that name that is not
    a fitsm-audit manifest raises ValueError."""
    path = out_dir / MANIFEST
    if not path.is_file():
        if path.exists():
            raise ValueError(f"{path} is not a file")
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} cannot be read as a fitsm-audit manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        raise ValueError(f"{path} is not a fitsm-audit manifest")
    return data


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check_manifest(folder: str | Path) -> list[str]:
    """Problems found comparing a folder with its manifest (empty: every file matches)."""
    root = Path(folder)
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{root / MANIFEST}: cannot be read ({exc})"]
    problems = []
    for entry in manifest.get("outputs", []):
        path = root / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif file_sha256(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: content differs from the manifest")
    return problems
