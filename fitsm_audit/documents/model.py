"""The view-model every document is built into, and every renderer reads.

A :class:`Document` is plain data: a cover, a document control table and sections made of a few
block kinds (paragraph, bullets, facts, table, chart, stats, signatures). The DOCX, PDF and HTML
renderers walk the same object, so the formats cannot disagree. Builders (one module per document)
fill it from the dataset or the assessment; they never format for one output in particular.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

# Tones colour a cell or a figure the same way in every format.
TONES = ("", "good", "warn", "bad", "muted", "lvl0", "lvl1", "lvl2", "lvl3", "lvl4")


def level_tone(level: int | None) -> str:
    """The colour class of a maturity level (blank for no level)."""
    return f"lvl{level}" if isinstance(level, int) and 0 <= level <= 4 else "muted"


@dataclass
class Cell:
    """One table cell: a main text (line breaks allowed), optional smaller notes and a tone."""

    text: str
    tone: str = ""
    notes: list[str] = field(default_factory=list)
    bold: bool = False


@dataclass
class Column:
    """A table column: header, relative width and alignment (left, center, right)."""

    header: str
    width: float = 1.0
    align: str = "left"


@dataclass
class Paragraph:
    """A paragraph; style is one of body, lead (larger), note (small, grey) or gap (a flagged gap)."""

    text: str
    style: str = "body"
    kind: ClassVar[str] = "paragraph"


@dataclass
class Bullets:
    items: list[str]
    kind: ClassVar[str] = "bullets"


@dataclass
class Facts:
    """Label/value pairs shown as a two-column table."""

    pairs: list[tuple[str, str]]
    kind: ClassVar[str] = "facts"


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Cell]]
    caption: str = ""
    empty: str = "None recorded."
    note: str = ""  # shown under the table, e.g. "12 more rows are not shown"
    kind: ClassVar[str] = "table"

    @property
    def fractions(self) -> list[float]:
        """Column widths as fractions of the table width: the relative widths, widened where a
        column's longest word (an ID, a date) would otherwise break, taken from the widest."""
        total = sum(c.width for c in self.columns) or 1.0
        wanted = [c.width / total for c in self.columns]
        floors = [
            min(
                0.4,
                _PAD
                + _CHAR
                * max(
                    [_longest_word(c.header)]
                    + [_longest_word(row[i].text) for row in self.rows if i < len(row)]
                ),
            )
            for i, c in enumerate(self.columns)
        ]
        fixed = [max(w, f) for w, f in zip(wanted, floors, strict=False)]
        excess = sum(fixed) - 1.0
        if excess > 0:  # take the extra width from the columns above their floor, pro rata
            room = [w - f for w, f in zip(fixed, floors, strict=False)]
            spare = sum(room) or 1.0
            fixed = [w - excess * r / spare for w, r in zip(fixed, room, strict=False)]
        return fixed


# Rough width of one character and of the cell padding, as fractions of the 174 mm text width at
# the table font size; enough to keep IDs and ISO dates on one line.
_CHAR = 0.0105
_PAD = 0.026


def _longest_word(value: str) -> int:
    return max((len(w) for w in str(value).split()), default=0)


@dataclass
class CapabilitySeries:
    """Data of the capability chart: one bar per group against its target."""

    groups: list[tuple[str, float | None, int | None, bool]]  # (id, mean, target, in scope)


@dataclass
class RoadmapSeries:
    """Data of the roadmap chart: one row per process with planned and implemented dates."""

    items: list[tuple[str, dt.date | None, dt.date | None, str]]  # (label, planned, done, status)
    as_of: dt.date


@dataclass
class ProfileComparison:
    """Data of the progress chart: per group the old and the new capability against the target."""

    old_label: str  # the legend of the old bars, e.g. "30 November 2025"
    new_label: str
    # (id, old capability, new capability, target, in scope)
    groups: list[tuple[str, float | None, float | None, int | None, bool]]


@dataclass
class HeatmapSeries:
    """Data of the federation heat map: per member (row) the capability of each process (column)."""

    columns: list[str]  # process IDs
    targets: list[int | None]  # each process's target level
    rows: list[tuple[str, list[int | None]]]  # (member, capability per column; None: not rated)


@dataclass
class MeasurementLine:
    """One service target over the periods of a service report."""

    label: str  # e.g. "TGT-002 Delivery within 30 minutes"
    target: str  # the target text, e.g. ">= 90"
    threshold: float | None  # the number of the target
    unit: str
    values: list[float | None]  # per period, None: not measured
    met: list[bool | None]  # per period


@dataclass
class MeasurementSeries:
    """Data of the service report chart: each target's measurements over the last periods."""

    periods: list[str]  # labels, oldest first, e.g. "2026-10"
    lines: list[MeasurementLine]


@dataclass
class Chart:
    name: str  # file-friendly name, e.g. "capability"
    data: CapabilitySeries | RoadmapSeries | ProfileComparison | HeatmapSeries | MeasurementSeries
    caption: str
    alt: str
    kind: ClassVar[str] = "chart"


@dataclass
class Stat:
    label: str
    value: str
    tone: str = ""


@dataclass
class Stats:
    """A row of headline figures."""

    items: list[Stat]
    kind: ClassVar[str] = "stats"


@dataclass
class Signatory:
    side: str  # e.g. "For the service provider"
    organisation: str
    name: str
    role: str
    signed_on: str = ""


@dataclass
class Signatures:
    parties: list[Signatory]
    kind: ClassVar[str] = "signatures"


Block = Paragraph | Bullets | Facts | Table | Chart | Stats | Signatures


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    new_page: bool = False
    appendix: bool = False
    keep_together: bool = False  # short sections (signatures): never split across pages

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class DocumentControl:
    """The document control table: identity, version, status, ownership and approval."""

    identifier: str
    version: str
    status: str
    owner: str
    approved_by: str
    approved_on: str
    date: str  # the as-of date: the date the document describes
    next_review: str = ""
    source: str = ""  # where the values come from (register row), for the reader
    note: str = ""  # how the approved version relates to this copy, when the dates differ

    def rows(self) -> list[tuple[str, str]]:
        out = [
            ("Document", self.identifier),
            ("Version", self.version),
            ("Status", self.status),
            ("Owner", self.owner),
            ("Approved by", self.approved_by),
            ("Approved on", self.approved_on),
            ("Date (as of)", self.date),
        ]
        if self.next_review:
            out.append(("Next review", self.next_review))
        return out


@dataclass(frozen=True)
class Logo:
    """The provider's logo: the image file's bytes, its MIME type and file suffix."""

    data: bytes
    mime: str  # image/png, image/jpeg or image/svg+xml
    suffix: str  # png, jpg or svg


@dataclass
class Document:
    """One document, ready for any renderer."""

    kind: str  # gap-report, sms-plan, agreement, service-catalogue
    stem: str  # output file name without extension
    title: str
    subtitle: str
    provider: str
    as_of: dt.date
    cover_facts: list[tuple[str, str]]
    control: DocumentControl
    sections: list[Section]
    summary: str = ""  # one line for the cover and the metadata
    keywords: list[str] = field(default_factory=list)
    toc: bool = True
    chapter_breaks: bool = True  # each top-level section starts a new page
    extra: dict[str, Any] = field(default_factory=dict)  # figures for the manifest and the CLI
    marks: list[str] = field(default_factory=list)  # on every page, e.g. "DRAFT", "NOT CHECKED"
    mark_notes: list[str] = field(default_factory=list)  # on the cover: why the marks are there
    logo: Logo | None = None  # on the cover and in the page header
    templates: str | None = None  # the user's templates folder (--templates), else packaged

    @property
    def header_text(self) -> str:
        text = f"{self.provider} · {self.title}" if self.provider else self.title
        return " · ".join([*self.marks, text])

    def blocks(self) -> Iterator[Block]:
        """Every block of the document, its sections' in reading order."""

        def walk(sections: list[Section]) -> Iterator[Block]:
            for s in sections:
                yield from s.blocks
                yield from walk(s.subsections)

        return walk(self.sections)

    def weight(self) -> int:
        """How much there is to lay out: blocks, table rows and charts (a chart costs as much as
        a page of rows); the PDF renderers take the heaviest documents first."""
        return sum(len(b.rows) if isinstance(b, Table) else 40 if isinstance(b, Chart) else 1 for b in self.blocks())

    def charts(self) -> list[Chart]:
        """Every chart in the document, in reading order."""
        return [b for b in self.blocks() if isinstance(b, Chart)]
