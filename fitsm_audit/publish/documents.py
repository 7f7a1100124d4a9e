"""The document service: read the workbooks, assess, build, render, sign and write every file
atomically into one folder, then update the folder's manifest.

:func:`publish` is the whole pipeline behind ``report``, ``plan``, ``sla``, ``catalogue`` and
``demo``; the CLI only parses options, calls it and prints what it returns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fitsm_audit.core import json_text
from fitsm_audit.core.errors import OutputExistsError
from fitsm_audit.core.words import count
from fitsm_audit.documents.model import Document
from fitsm_audit.publish.manifest import (
    MANIFEST,
    Written,
    build_manifest,
    file_sha256,
    manifest_bytes,
    read_manifest,
)
from fitsm_audit.publish.staged import Staging, interim_manifest, locked

if TYPE_CHECKING:
    from fitsm_audit.assess.result import AssessmentResult
    from fitsm_audit.core.findings import Finding
    from fitsm_audit.workbook.container import Limits
    from fitsm_audit.workbook.pipeline import CheckResult

MAX_WORKERS = 4

Report = Callable[[str], None]  # receives one progress line at a time


def silent(message: str) -> None:
    """The default progress: nothing."""


DATA_FILES = ("check.json", "assessment.json")


@dataclass
class Publication:
    """What one :func:`publish` run read and wrote."""

    out_dir: Path
    outputs: list[Written]  # in writing order; the manifest is not among them
    manifest: Path
    documents: list[Document]
    check: CheckResult
    assessment: AssessmentResult | None = None
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (name, SHA-256)
    action_findings: list[Finding] = field(default_factory=list)  # what --actions could not use

    @property
    def errors(self) -> int:
        """Cells with errors in the workbooks (they count as blank)."""
        return int(self.check.summary.get("errors", 0))

    @property
    def drafts(self) -> list[tuple[str, list[str]]]:
        """The agreements written as drafts, each with why (status, open sections)."""
        return [
            (str(d.extra.get("id") or d.stem), list(d.extra.get("draft_reasons") or []))
            for d in self.documents
            if d.extra.get("final") is False
        ]

    @property
    def missing_services(self) -> list[str]:
        """Live in-scope services the service catalogue leaves out (no Catalogue entry)."""
        return [s for d in self.documents for s in d.extra.get("missing", [])]


def publish(
    kinds: Sequence[str],
    paths: Sequence[str | os.PathLike[str]],
    out_dir: Path,
    *,
    as_of: dt.date,
    formats: Sequence[str] = ("docx", "pdf"),
    force: bool = False,
    signer: Any = None,
    edition: str = "2",
    agreement_ids: Sequence[str] = (),
    limits: Limits | None = None,
    data_files: bool = False,
    input_names: Sequence[str] | None = None,
    progress: Report = silent,
    actions_file: str | None = None,
    sign_drafts: bool = False,
    allow_errors: bool = False,
    timestamper: Any = None,
    logo: Any = None,
    templates: str | None = None,
    baseline: Mapping[str, Any] | None = None,
    period: str | None = None,
) -> Publication:
    """Read the workbooks at ``paths``, build the documents of ``kinds`` (report, plan, sla,
    catalogue) as of ``as_of``, write them in ``formats`` into ``out_dir`` and update its manifest.

    ``data_files`` adds check.json and assessment.json; ``input_names`` name the inputs in the
    manifest. Nothing is rendered when an output exists and not ``force`` (OutputExistsError).
    ``progress`` gets a line per stage and document; ``actions_file`` is a results workbook.
    A draft agreement is written unsigned unless ``sign_drafts``; a document whose rows hold
    check errors is not written (DocumentsBlocked) unless ``allow_errors`` (docs/documents.md).
    ``baseline``, an earlier assessment (JSON form), adds the gap report's progress section;
    ``period`` (``2026-10``) is the month of the service reports."""
    from fitsm_audit.documents.build import documents_for
    from fitsm_audit.publish.document_gate import organisation_logo, ready

    check, inputs, assessment = _read_and_assess(
        paths, input_names, as_of, limits, edition if "report" in kinds or data_files else None,
        progress,
    )  # fmt: skip
    action_findings = _with_action_updates(assessment, actions_file, limits)
    docs = documents_for(
        kinds, check.dataset, as_of, assessment=assessment, findings=check.findings,
        agreement_ids=agreement_ids, baseline=_progress(baseline, assessment) if "report" in kinds else None,
        period=period,
    )  # fmt: skip
    docs = ready(docs, kinds, check.findings, allow_errors, logo or organisation_logo(check.dataset), templates)
    data_paths = [out_dir / name for name in DATA_FILES] if data_files else []
    with locked(out_dir):  # one run at a time; a killed run's commit is finished first
        refuse_existing([*target_paths(docs, out_dir, formats), *data_paths], force)
        previous = _previous_manifest(out_dir, force)
        staging = Staging(out_dir)
        try:
            outputs: list[Written] = []
            if data_files:
                outputs += write_data_files(
                    data_paths, (check.to_dict(), assessment.to_dict() if assessment else None), force,
                    sink=staging.write,
                )  # fmt: skip
            outputs += write_documents(docs, out_dir, formats, force=force, signer=signer, progress=progress,
                                       sign_drafts=sign_drafts, timestamper=timestamper, sink=staging.write)  # fmt: skip
            manifest = build_manifest(outputs, out_dir, as_of=as_of, inputs=inputs, previous=previous,
                                      edition=edition if assessment is not None else None)  # fmt: skip
            staging.write(out_dir / MANIFEST, manifest_bytes(manifest))
            staging.commit(interim_manifest(previous, {w.path.name for w in outputs}), MANIFEST)
        except BaseException:
            staging.discard()
            raise
    return Publication(
        out_dir=out_dir,
        outputs=outputs,
        manifest=out_dir / MANIFEST,
        documents=docs,
        check=check,
        assessment=assessment,
        inputs=inputs,
        action_findings=action_findings,
    )


def _progress(baseline: Mapping[str, Any] | None, assessment: AssessmentResult | None) -> Any:
    """The comparison of ``baseline`` with the assessment (in its JSON form, as an assessment.json
    holds it), after the results workbook's updates; None without a baseline."""
    if baseline is None or assessment is None:
        return None
    from fitsm_audit.assess.compare import compare

    return compare(baseline, json.loads(json.dumps(assessment.to_dict(), default=str)))


def _with_action_updates(
    assessment: AssessmentResult | None, actions_file: str | None, limits: Limits | None
) -> list[Finding]:
    """The statuses and comments of a results workbook put on the assessment's actions."""
    if assessment is None or actions_file is None:
        return []
    from fitsm_audit.assess.actions import with_updates
    from fitsm_audit.workbook.action_updates import read_action_updates
    from fitsm_audit.workbook.container import DEFAULT_LIMITS

    return with_updates(assessment, read_action_updates(actions_file, limits or DEFAULT_LIMITS))


def _read_and_assess(
    paths: Sequence[str | os.PathLike[str]],
    input_names: Sequence[str] | None,
    as_of: dt.date,
    limits: Limits | None,
    edition: str | None,
    progress: Report,
) -> tuple[CheckResult, list[tuple[str, str]], AssessmentResult | None]:
    """The check of the workbooks, each input's (name, SHA-256), and the assessment when
    ``edition`` is given. Findings name each input as the manifest does, never by a local path."""
    from fitsm_audit.workbook.container import DEFAULT_LIMITS
    from fitsm_audit.workbook.pipeline import read_sms, rename_files

    files = [str(p) for p in paths]
    names = list(input_names) if input_names is not None else [Path(p).name for p in files]
    shown = ", ".join(names) if len(names) <= 3 else f"{len(names)} workbooks"
    progress(f"Reading {shown} ...")
    check = read_sms(files, as_of, limits or DEFAULT_LIMITS)
    inputs = [(name, file_sha256(p)) for name, p in zip(names, files, strict=True)]
    rename_files(check.findings, dict(zip(files, names, strict=True)))
    if edition is None:
        return check, inputs, None
    from fitsm_audit.assess import assess

    progress(f"Assessing against FitSM-1 edition {edition} ...")
    findings = [f.to_dict() for f in check.findings]
    return check, inputs, assess(check.dataset, edition=edition, as_of=as_of, findings=findings)


Sink = Callable[[Path, bytes], None]  # writes one output file


def write_data_files(
    paths: Sequence[Path], payloads: Sequence[Any], force: bool, sink: Sink | None = None
) -> list[Written]:
    """check.json and assessment.json, indented, one key order, a newline at the end."""
    out = []
    for path, payload in zip(paths, payloads, strict=True):
        data = (json_text.dumps(payload) + "\n").encode()
        (sink or _writer(force))(path, data)
        out.append(written(path, data, path.stem, "data", "json"))
    return out


def _previous_manifest(out_dir: Path, force: bool) -> dict[str, Any] | None:
    """The folder's manifest to merge with; a foreign manifest.json is replaced only with force."""
    try:
        return read_manifest(out_dir)
    except ValueError:
        if force:
            return None
        raise OutputExistsError(str(out_dir / MANIFEST)) from None


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
    from fitsm_audit.core.errors import UsageError

    for folder in {p.parent for p in paths}:
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} is a file; -o needs a folder")
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        more = f" (and {count(len(existing) - 1, 'more output file')})" if len(existing) > 1 else ""
        raise OutputExistsError(f"{existing[0]}{more}")


def _writer(force: bool) -> Sink:
    return lambda path, data: write_file(path, data, force=force)


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Atomic write (temporary file, then rename); refuses to overwrite without ``force``."""
    from fitsm_audit.core.safe_output import atomic_write

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
    progress: Report = silent,
    sign_drafts: bool = False,
    timestamper: Any = None,
    sink: Sink | None = None,
) -> list[Written]:
    """Render each document in each format, sign its PDF when a signer is given, and write
    (through ``sink``, the run's staging; default each file atomically in place);
    ``progress`` receives a line before rendering and one after each document, e.g.
    ``[3/17] SLA-001.docx, SLA-001.pdf``."""
    refuse_existing(target_paths(docs, out_dir, formats), force)
    out: list[Written] = []
    n = len(docs)
    progress(f"Rendering {n} document{'s' if n != 1 else ''} as {', '.join(f.upper() for f in formats)} ...")
    for i, (doc, stem, rendered) in enumerate(
        zip(docs, unique_stems(docs), render_all(docs, formats), strict=True), 1
    ):
        for fmt, data in rendered.items():
            signed = False
            final = doc.extra.get("final") is not False
            if fmt == "pdf" and signer is not None and (final or sign_drafts):
                from fitsm_audit.render.sign import sign_pdf

                data = sign_pdf(data, signer, reason=_reason(doc), location=doc.provider,
                                timestamper=timestamper)  # fmt: skip
                signed = True
            path = out_dir / f"{stem}.{fmt}"
            (sink or _writer(force))(path, data)
            out.append(written(path, data, stem, doc.kind, fmt, signed))
        progress(f"[{i}/{n}] " + ", ".join(f"{stem}.{fmt}" for fmt in rendered))
    return out


def render_all(docs: Sequence[Document], formats: Sequence[str]) -> Iterator[dict[str, bytes]]:
    """Each document rendered, in order. PDF layout costs about 0.4 s a page on one core, so
    several documents with PDFs are rendered in parallel processes, one per core (up to 4).

    What the renderers log in a worker process (a DOCX that lost control characters, a
    weasyprint warning) is sent back with the document and logged again here, under the same
    logger name, so it reaches the same handlers as when rendering in this process."""
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
        # the heaviest first, so that no long document starts last while the other worker idles
        heaviest = sorted(range(len(docs)), key=lambda i: -docs[i].weight())
        futures = {i: pool.submit(render_logged, docs[i], list(formats)) for i in heaviest}
        for i in range(len(docs)):  # yielded in the documents' order
            rendered, logged = futures[i].result()
            replay(logged)
            yield rendered


Logged = tuple[str, int, str]  # logger name, level, message


def render_logged(doc: Document, formats: Sequence[str]) -> tuple[dict[str, bytes], list[Logged]]:
    """Render in a worker process, collecting every record logged at warning level or above."""
    import logging

    from fitsm_audit.render import render

    records: list[Logged] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append((record.name, record.levelno, record.getMessage()))

    root = logging.getLogger()
    handler = Collect(level=logging.WARNING)
    root.addHandler(handler)
    try:
        return render(doc, formats), records
    finally:
        root.removeHandler(handler)


def replay(logged: Sequence[Logged]) -> None:
    """Log records collected in a worker process again in this one."""
    import logging

    for name, level, message in logged:
        logging.getLogger(name).log(level, "%s", message)


def _reason(doc: Document) -> str:
    return f"{doc.title} ({doc.control.identifier}, version {doc.control.version})"
