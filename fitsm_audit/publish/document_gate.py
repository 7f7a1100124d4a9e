"""Which documents a publish run may write: none that would be empty, none written from register
rows with check errors unless the user allows it (then marked NOT CHECKED), each with the
provider's logo and the user's templates folder (docs/documents.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fitsm_audit.core.findings import Finding
from fitsm_audit.documents.model import Document, Logo
from fitsm_audit.workbook.records import Dataset


def ready(
    docs: Sequence[Document], kinds: Sequence[str], findings: Sequence[Finding], allow: bool,
    logo: Any, templates: str | None = None,
) -> list[Document]:
    """The documents to write: none empty, none from rows with errors (unless allowed), each
    with the provider's logo."""
    from fitsm_audit.render.docx_reference import reference_file, reference_styles

    kept = _without_empty(docs, kinds)
    _refuse_errors(kept, findings, allow)
    if templates and reference_file(templates):
        reference_styles(templates)  # a bad reference DOCX stops the run before anything renders
    for doc in kept:
        doc.logo, doc.templates = logo, templates
    return kept


def organisation_logo(dataset: Dataset) -> Logo | None:
    """The logo the Organisation sheet names (field ``logo``): a path relative to the folder of
    the workbook holding that sheet, or absolute; None when the field is blank. A file that is
    missing or not an acceptable image is a UsageError naming the cell."""
    from pathlib import Path

    from fitsm_audit.core.findings import quote
    from fitsm_audit.render.logo import load_logo

    value = dataset.field("logo")
    if not isinstance(value, str) or not value.strip():
        return None
    source = dataset.sources.get("Organisation")
    path = Path(value.strip()).expanduser()
    if not path.is_absolute() and source:
        path = Path(source).parent / path
    cell = dataset.field_cell("logo") or "Organisation, field logo"
    return load_logo(path, named=f"{cell}: logo {quote(value.strip())}")


def _without_empty(docs: Sequence[Document], kinds: Sequence[str]) -> list[Document]:
    """The documents with something to say: a service catalogue without a live service in it is
    left out; nothing left is a UsageError saying why."""
    from fitsm_audit.core.errors import NothingToWrite, UsageError

    kept = [d for d in docs if not (d.kind == "service-catalogue" and not d.extra.get("services"))]
    if not kept:
        if docs:
            raise NothingToWrite(
                "the service catalogue would be empty: no live service has a Catalogue entry; "
                "nothing written"
            )
        raise UsageError(
            "the Agreements sheet has no agreement to write"
            if list(kinds) == ["sla"]
            else "there is no document to write"
        )
    return kept


def _refuse_errors(docs: Sequence[Document], findings: Sequence[Finding], allow: bool) -> None:
    from fitsm_audit.core.errors import DocumentsBlocked
    from fitsm_audit.documents.row_use import blocked, mark_unchecked

    stopped = blocked(docs, findings)
    if stopped and not allow:
        raise DocumentsBlocked([b.line for b in stopped])
    mark_unchecked(stopped)
