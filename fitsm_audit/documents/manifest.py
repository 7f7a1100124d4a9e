"""manifest.json: every output of a run with its SHA-256, so a rerun can be compared byte by byte.

The manifest holds no clock time: the as-of date, the inputs' and outputs' hashes, and the tool
version. Signed PDFs carry the signing time and so differ between runs; the manifest marks them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fitsm_audit.documents.publish import Written

MANIFEST = "manifest.json"


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


def build_manifest(
    outputs: Sequence[Written],
    out_dir: Path,
    *,
    as_of: dt.date,
    inputs: Sequence[tuple[str, str]] = (),
    edition: str | None = None,
) -> dict[str, Any]:
    """The manifest: ``inputs`` are (display name, SHA-256) pairs; outputs relative to out_dir."""
    return {
        "tool": "fitsm-audit",
        "version": tool_version(),
        "as_of": as_of.isoformat(),
        "edition": edition,
        "inputs": [{"name": name, "sha256": sha} for name, sha in inputs],
        "outputs": sorted(
            (
                {
                    "path": w.path.relative_to(out_dir).as_posix()
                    if w.path.is_relative_to(out_dir)
                    else str(w.path),
                    "document": w.document,
                    "kind": w.kind,
                    "format": w.format,
                    "sha256": w.sha256,
                    "bytes": w.size,
                    "signed": w.signed,
                }
                for w in outputs
            ),
            key=lambda o: o["path"],
        ),
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
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
