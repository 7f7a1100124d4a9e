"""Shared data for the document tests: the sample (read and assessed once per process), a small
hand-made dataset, and readers for DOCX and PDF text. Other test modules import from here."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fitsm_audit.assess.result import AssessmentResult
from fitsm_audit.core.findings import Finding
from fitsm_audit.workbook.records import Dataset, Record

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "pizza-delivery.xlsx"
AS_OF = dt.date(2026, 11, 30)


@functools.lru_cache(maxsize=1)
def sample() -> tuple[Dataset, AssessmentResult, list[Finding]]:
    """The sample's dataset, assessment and check findings."""
    from fitsm_audit.assess import assess
    from fitsm_audit.workbook.pipeline import read_sms

    assert SAMPLE.is_file(), "samples/pizza-delivery.xlsx is missing: run samples/build_sample.py"
    check = read_sms([str(SAMPLE)], AS_OF)
    findings = [f.to_dict() for f in check.findings]
    assessment = assess(check.dataset, edition="2", as_of=AS_OF, findings=findings)
    return check.dataset, assessment, list(check.findings)


def rows(sheet: str, *items: dict[str, Any]) -> list[Record]:
    return [Record(sheet, i + 2, dict(values)) for i, values in enumerate(items)]


def tiny_dataset(**fields: Any) -> Dataset:
    """A small SMS: two services, one default SLA, one OLA, people and processes."""
    base = {
        "provider": "Tiny Pies <b>Ltd</b>",
        "scope_services": "all",
        "scope_technology": "Web shop and the van fleet",
        "scope_locations": "the bakery in Springfield",
        "scope_customers": "Private customers in Springfield",
        "policy_customer_requirements": "We keep our promises.",
        "policy_service_orientation": "We think in services.",
        "policy_continual_improvement": "We learn from every complaint.",
        "policy_goals": "Warm pies within 20 minutes.",
        "sms_owner": "PER-001",
        "sms_manager": "PER-002",
    }
    base.update(fields)
    tables = {
        "People": rows(
            "People",
            {
                "id": "PER-001",
                "name": "Ada Baker",
                "position": "Owner",
                "email": "ada@pies.example",
            },
            {"id": "PER-002", "name": "Bob Crust", "position": "Operations", "phone": "555-0100"},
        ),
        "Roles": rows(
            "Roles",
            {"role": "SMS owner", "person": "PER-001", "since": dt.date(2026, 1, 1)},
            {"role": "process manager", "process": "PR2", "person": "PER-002"},
        ),
        "Processes": rows(
            "Processes",
            {
                "process": "PR1",
                "in_scope": True,
                "implementation_status": "implemented",
                "planned_date": dt.date(2026, 3, 31),
                "implemented_on": dt.date(2026, 2, 1),
                "manager": "PER-002",
            },
            {
                "process": "PR2",
                "in_scope": True,
                "implementation_status": "in progress",
                "planned_date": dt.date(2026, 6, 30),
            },
            {"process": "PR10", "in_scope": False, "implementation_status": "not started"},
        ),
        "Goals": rows(
            "Goals",
            {
                "id": "GOAL-001",
                "goal": "Open a second shop",
                "timing": dt.date(2026, 5, 1),
                "status": "planned",
            },
        ),
        "Services": rows(
            "Services",
            {
                "id": "SVC-001",
                "name": "Pie delivery",
                "description": "Pies to your door.",
                "status": "live",
                "service_hours": "Daily 10-22",
                "support": "Call 555-0100",
            },
            {"id": "SVC-002", "name": "Old service", "status": "retired"},
            {"id": "SVC-003", "name": "Pie club", "status": "live"},
        ),
        "Components": rows(
            "Components",
            {"id": "CMP-001", "name": "Oven", "kind": "core", "services": ["SVC-001"]},
        ),
        "Catalogue": rows(
            "Catalogue",
            {
                "service": "SVC-001",
                "description": "Hot pies, fast.",
                "how_to_request": "Call us",
                "support_contact": "PER-002",
                "default_sla": "SLA-001",
            },
        ),
        "Agreements": rows(
            "Agreements",
            {
                "id": "SLA-001",
                "title": "Default SLA",
                "type": "SLA",
                "sla_kind": "default",
                "services": ["SVC-001"],
                "owner": "PER-002",
                "status": "active",
                "version": "1.0",
                "signed_on": dt.date(2026, 1, 10),
                "review_interval": 12,
            },
            {
                "id": "OLA-001",
                "title": "Oven OLA",
                "type": "OLA",
                "components": ["CMP-001"],
                "owner": "PER-001",
                "status": "draft",
                "counterparty_signatory": "PER-002",
            },
        ),
        "Agreement Terms": rows(
            "Agreement Terms",
            {"agreement": "SLA-001", "section": "service description", "text": "We bake pies."},
            {"agreement": "SLA-001", "section": "support", "text": "Ring the bell."},
        ),
        "Targets": rows(
            "Targets",
            {
                "id": "TGT-001",
                "agreement": "SLA-001",
                "parameter": "Delivery time",
                "service": "SVC-001",
                "target": "<= 20",
                "unit": "minutes",
                "period_end": dt.date(2026, 3, 31),
            },
            {
                "id": "TGT-002",
                "agreement": "SLA-001",
                "parameter": "Delivery time",
                "service": "SVC-001",
                "target": "<= 20",
                "unit": "minutes",
                "period_end": dt.date(2026, 6, 30),
            },
        ),
    }
    return Dataset(tables=tables, fields=base, sources={"Organisation": "tiny.xlsx"})


def pdf_text(data: bytes) -> str:
    """The text of a PDF in drawing order, so a table cell's lines stay together (pdftotext
    when installed, else pypdf)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True, timeout=60
        )
        return done.stdout.decode("utf-8", "replace")
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdf_metadata(data: bytes) -> dict[str, str]:
    """The PDF's document information (pypdf when installed, else pdfinfo)."""
    try:
        import pypdf
    except ImportError:
        if not shutil.which("pdfinfo"):
            pytest.skip("neither pypdf nor pdfinfo is installed")
        done = subprocess.run(
            ["pdfinfo", "-rawdates", "-"], input=data, capture_output=True, check=True, timeout=60
        )
        pairs = (line.split(":", 1) for line in done.stdout.decode().splitlines() if ":" in line)
        names = {
            "CreationDate": "/CreationDate",
            "ModDate": "/ModDate",
            "Title": "/Title",
            "Author": "/Author",
            "Creator": "/Creator",
            "Producer": "/Producer",
        }
        return {names[k.strip()]: v.strip() for k, v in pairs if k.strip() in names}
    meta = pypdf.PdfReader(io.BytesIO(data)).metadata or {}
    return {str(k): str(v) for k, v in meta.items()}


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, read back with python-docx."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@contextlib.contextmanager
def weasyprint_logs() -> Iterator[list[logging.LogRecord]]:
    """Collect what weasyprint logs at warning level or above while rendering."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler = Collect(level=logging.WARNING)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def test_tiny_dataset_is_consistent() -> None:
    ds = tiny_dataset()
    assert ds.by_key("Agreements")["sla-001"]["services"] == ["SVC-001"]
    assert ds.field("provider").startswith("Tiny Pies")
