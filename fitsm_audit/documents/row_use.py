"""Which register rows a document is written from (docs/documents.md, "Never from rows with
errors"): a document that would say something else than the register, because a cell it reads
holds an error that counts as blank, is not written unless the user allows it, and then it says
so on every page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from fitsm_audit.core.findings import ERROR, Finding
from fitsm_audit.core.words import count
from fitsm_audit.documents.model import Document

NOT_CHECKED = "NOT CHECKED"
SHOWN = 5  # cells named in a mark note or a refusal line


@dataclass(frozen=True)
class RowUse:
    """Whole sheets a document reads, and single rows (sheet, Excel row) of others."""

    sheets: frozenset[str] = frozenset()
    rows: frozenset[tuple[str, int]] = frozenset()

    def covers(self, finding: Finding) -> bool:
        if finding.sheet is None:
            return False
        return finding.sheet in self.sheets or (
            finding.row is not None and (finding.sheet, finding.row) in self.rows
        )


def uses(sheets: Iterable[str] = (), rows: Iterable[tuple[str, int]] = ()) -> RowUse:
    return RowUse(frozenset(sheets), frozenset(rows))


@dataclass
class Blocked:
    """A document and the errors in the rows it is written from."""

    document: Document
    errors: list[Finding] = field(default_factory=list)

    @property
    def cells(self) -> str:
        """The error cells, the first :data:`SHOWN` by name: ``Agreements!I3, Targets!E12``."""
        cells = [f.cell or f"{f.sheet} row {f.row}" for f in self.errors]
        more = len(cells) - SHOWN
        return ", ".join(cells[:SHOWN]) + (f" and {more} more" if more > 0 else "")

    @property
    def line(self) -> str:
        """``SLA-002: 2 errors in the rows it is written from: Agreements!I3 ("31/12/2026" ...)``"""
        first = self.errors[0].message.rstrip(".")
        return (
            f"{self.document.stem}: {count(len(self.errors), 'error')} in the rows it is written "
            f"from ({self.cells}; first: {first})"
        )


def blocked(docs: Sequence[Document], findings: Sequence[Finding]) -> list[Blocked]:
    """The documents whose rows hold errors, each with those errors."""
    errors = [f for f in findings if f.severity == ERROR]
    out = []
    for doc in docs:
        use = doc.extra.get("uses")
        if not isinstance(use, RowUse):
            continue
        mine = [f for f in errors if use.covers(f)]
        if mine:
            out.append(Blocked(doc, mine))
    return out


def mark_unchecked(items: Sequence[Blocked]) -> None:
    """--allow-errors: write them anyway, marked NOT CHECKED, the cells named on the cover."""
    for item in items:
        doc = item.document
        doc.marks.append(NOT_CHECKED)
        doc.mark_notes.append(
            f"Not checked: the register rows this document is written from have "
            f"{count(len(item.errors), 'error')} ({item.cells}); those cells are left out. "
            "Fix them (fitsm-audit check) and write it again."
        )
