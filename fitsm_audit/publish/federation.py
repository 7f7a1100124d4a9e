"""``fitsm-audit federation MEMBERS -o OUT`` (docs/federation.md): every member checked and
assessed in worker processes, rolled up, and written as federation.json, federation.xlsx and the
federation report (DOCX, PDF).

Nothing is read before the outputs are known to be writable (existing files are refused without
``force``), OUT may not lie inside MEMBERS (the next roll-up would read it), and the federation
workbook may not either (it would count as a member).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitsm_audit.assess.federation import Federation, MemberResult, roll_up
from fitsm_audit.core import json_text
from fitsm_audit.core.errors import UsageError
from fitsm_audit.publish.federation_members import find_members, inside

DATA_FORMATS = ("json", "xlsx")
DOCUMENT_FORMATS = ("docx", "pdf", "html")
DEFAULT_FORMATS = ("json", "xlsx", "docx", "pdf")


@dataclass
class FederationRun:
    federation: Federation
    out_dir: Path
    written: list[Path] = field(default_factory=list)


def output_paths(out_dir: Path, formats: Sequence[str]) -> list[Path]:
    paths = [out_dir / f"federation.{f}" for f in DATA_FORMATS if f in formats]
    return paths + [out_dir / f"federation-report.{f}" for f in DOCUMENT_FORMATS if f in formats]


def _read_book(book: Sequence[str], members_dir: str, as_of: dt.date, limits: Any) -> Any:
    from fitsm_audit.core.findings import printable
    from fitsm_audit.workbook.pipeline import read_sms

    for path in book:
        if inside(path, members_dir):
            raise UsageError(f"--federation-book {printable(path)}: it lies inside MEMBERS and would count as a member; keep it outside")
    return read_sms(list(book), as_of, limits).dataset


def run_federation(
    members_dir: str,
    out_dir: Path,
    *,
    as_of: dt.date,
    edition: str = "2",
    limits: Any = None,
    jobs: int = 0,
    timeout: float = 120.0,
    formats: Sequence[str] = DEFAULT_FORMATS,
    force: bool = False,
    book: Sequence[str] = (),
    started: Callable[[int], None] = lambda _total: None,
    done: Callable[[MemberResult], None] = lambda _member: None,
) -> FederationRun:
    """Assess every member of ``members_dir`` and write the roll-up into ``out_dir``.

    ``jobs`` worker processes (0: one per core); a member running past ``timeout`` seconds is
    stopped; ``started`` hears how many members there are and ``done`` of each member as it
    finishes (the progress bar)."""
    from fitsm_audit.publish.documents import refuse_existing
    from fitsm_audit.publish.federation_pool import MemberPool
    from fitsm_audit.workbook.container import DEFAULT_LIMITS

    limits = limits or DEFAULT_LIMITS
    found = find_members(members_dir)
    if inside(out_dir, members_dir):
        raise UsageError(f"-o {out_dir}: inside MEMBERS, the roll-up would read its own outputs next time; choose a folder outside")
    targets = output_paths(out_dir, formats)
    refuse_existing(targets, force)
    book_data = _read_book(book, members_dir, as_of, limits) if book else None
    workers = jobs or os.cpu_count() or 1
    started(len(found.members))
    members = MemberPool(workers, as_of, edition, limits, timeout).run(found.members, done)
    root = os.path.join(os.path.abspath(members_dir), "")
    for m in members:
        m.reason = m.reason.replace(root, "")
    services, name = None, ""
    if book_data is not None:
        from fitsm_audit.assess.federation_services import check_services

        services = check_services(book_data, members, as_of)
        name = services.federation
    federation = roll_up(members, federation_name=name, services=services, skipped=found.skipped)
    if not federation.as_of:
        federation.as_of, federation.edition = as_of.isoformat(), edition
    out_dir.mkdir(parents=True, exist_ok=True)
    return FederationRun(federation, out_dir, _write(federation, out_dir, formats, force, book_data))


def federation_json(federation: Federation) -> bytes:
    """The roll-up as JSON: indented, one key order, no timings (the same roll-up, the same bytes)."""
    data = federation.to_dict()
    for m in data["members"]:
        m.pop("seconds", None)
    return (json_text.dumps(data) + "\n").encode()


def _write(federation: Federation, out_dir: Path, formats: Sequence[str], force: bool, book: Any) -> list[Path]:
    """Every output staged, then moved into the folder together (publish.staged)."""
    from fitsm_audit.publish.staged import Staging, locked

    with locked(out_dir):
        staging = Staging(out_dir)
        try:
            written = _stage(federation, out_dir, formats, force, book, staging)
            staging.commit(None, None)
        except BaseException:
            staging.discard()
            raise
    return written


def _stage(federation: Federation, out_dir: Path, formats: Sequence[str], force: bool, book: Any, staging: Any) -> list[Path]:
    from fitsm_audit.publish.documents import refuse_existing, write_documents

    written = []
    if "json" in formats:
        refuse_existing([out_dir / "federation.json"], force)
        staging.write(out_dir / "federation.json", federation_json(federation))
        written.append(out_dir / "federation.json")
    if "xlsx" in formats:
        from fitsm_audit.render.federation_xlsx import federation_xlsx_bytes

        refuse_existing([out_dir / "federation.xlsx"], force)
        staging.write(out_dir / "federation.xlsx", federation_xlsx_bytes(federation))
        written.append(out_dir / "federation.xlsx")
    doc_formats = [f for f in DOCUMENT_FORMATS if f in formats]
    if doc_formats:
        from fitsm_audit.documents.federation_report import (
            build_federation_report,
            federation_control,
        )

        as_of = dt.date.fromisoformat(federation.as_of)
        control = federation_control(book, as_of) if book is not None else None
        doc = build_federation_report(federation, control)
        written += [w.path for w in write_documents([doc], out_dir, doc_formats, force=force, sink=staging.write)]
    return written
