"""Render documents, sign the PDFs and write every file atomically into one folder."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitsm_audit.documents.model import Document
from fitsm_audit.errors import OutputExistsError

MAX_WORKERS = 4


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


def target_paths(docs: Sequence[Document], out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """The file each document and format goes to (stems made unique)."""
    stems = unique_stems(docs)
    return [out_dir / f"{stem}.{fmt}" for stem in stems for fmt in formats]


def unique_stems(docs: Sequence[Document]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for doc in docs:
        n = seen.get(doc.stem.lower(), 0) + 1
        seen[doc.stem.lower()] = n
        out.append(doc.stem if n == 1 else f"{doc.stem}-{n}")
    return out


def refuse_existing(paths: Sequence[Path], force: bool) -> None:
    """Stop before rendering anything when an output exists and --force was not given, or when
    the output folder is a file."""
    from fitsm_audit.errors import UsageError

    for folder in {p.parent for p in paths}:
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} is a file; -o needs a folder")
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        more = f" (and {len(existing) - 1} more output file(s))" if len(existing) > 1 else ""
        raise OutputExistsError(f"{existing[0]}{more}")


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Atomic write (temporary file, then rename); refuses to overwrite without ``force``."""
    from fitsm_audit.safe_write import atomic_write

    atomic_write(path, data, force=force)


def written(
    path: Path, data: bytes, document: str, kind: str, fmt: str, signed: bool = False
) -> Written:
    return Written(path, document, kind, fmt, hashlib.sha256(data).hexdigest(), len(data), signed)


def write_documents(
    docs: Sequence[Document],
    out_dir: Path,
    formats: Sequence[str],
    *,
    force: bool = False,
    signer: Any = None,
) -> list[Written]:
    """Render each document in each format, sign its PDF when a signer is given, and write."""
    refuse_existing(target_paths(docs, out_dir, formats), force)
    out: list[Written] = []
    for doc, stem, rendered in zip(
        docs, unique_stems(docs), render_all(docs, formats), strict=True
    ):
        for fmt, data in rendered.items():
            signed = False
            if fmt == "pdf" and signer is not None:
                from fitsm_audit.render.sign import sign_pdf

                data = sign_pdf(data, signer, reason=_reason(doc), location=doc.provider)
                signed = True
            path = out_dir / f"{stem}.{fmt}"
            write_file(path, data, force=force)
            out.append(written(path, data, stem, doc.kind, fmt, signed))
    return out


def render_all(docs: Sequence[Document], formats: Sequence[str]) -> Iterator[dict[str, bytes]]:
    """Each document rendered, in order. PDF layout costs about 0.4 s a page on one core, so
    several documents with PDFs are rendered in parallel processes, one per core (up to 4)."""
    from fitsm_audit.render import render

    workers = min(os.cpu_count() or 1, MAX_WORKERS, len(docs))
    if "pdf" not in formats or workers < 2 or len(docs) < 3:
        for doc in docs:
            yield render(doc, formats)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent has run polars' thread pool, which fork can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(render, docs, [list(formats)] * len(docs))


def _reason(doc: Document) -> str:
    return f"{doc.title} ({doc.control.identifier}, version {doc.control.version})"
