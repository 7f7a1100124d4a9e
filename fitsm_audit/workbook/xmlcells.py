"""A slow, plain reader of one sheet's cells straight from its XML, used when the fast reader fails.

It gives every cell as text without any date conversion (numbers stay numbers, which the date
parser then reads as Excel serials), so one odd value cannot make a whole sheet unreadable.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import iterparse

from fitsm_audit.workbook.container import column_index

if TYPE_CHECKING:
    import polars as pl

    from fitsm_audit.workbook.container import Container, SheetPart

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    out: list[str] = []
    with zf.open("xl/sharedStrings.xml") as fh:
        for _event, el in iterparse(fh):
            if el.tag == f"{NS}si":
                out.append("".join(t.text or "" for t in el.iter(f"{NS}t")))
                el.clear()
    return out


def read_sheet(path: str, member: str) -> tuple[pl.DataFrame, list[int]]:
    """All cells of the sheet at ``member`` as a text frame starting at A1, and its column numbers."""
    import polars as pl

    cells: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(path) as zf:
        sst = shared_strings(zf)
        with zf.open(member) as fh:
            row_no = 0
            for _event, el in iterparse(fh):
                if el.tag == f"{NS}row":
                    el.clear()
                    continue
                if el.tag != f"{NS}c":
                    continue
                ref = el.get("r", "")
                letters = "".join(ch for ch in ref if ch.isalpha())
                digits = "".join(ch for ch in ref if ch.isdigit())
                row_no = int(digits) if digits else row_no
                col = column_index(letters) if letters else 1
                kind = el.get("t", "n")
                v = el.find(f"{NS}v")
                raw = v.text if v is not None else None
                if kind == "inlineStr":
                    raw = "".join(t.text or "" for t in el.iter(f"{NS}t"))
                elif kind == "s" and raw is not None:
                    idx = int(raw)
                    if not 0 <= idx < len(sst):
                        raise ValueError(f"cell {ref} points at shared string {idx}, which does not exist")
                    raw = sst[idx]
                elif kind == "b" and raw is not None:
                    raw = "true" if raw.strip() == "1" else "false"
                if raw not in (None, ""):
                    cells[(row_no, col)] = raw
    height = max((r for r, _ in cells), default=0)
    width = max((c for _, c in cells), default=0)
    columns = {f"c{j}": [cells.get((i, j)) for i in range(1, height + 1)] for j in range(1, width + 1)}
    return pl.DataFrame(columns, schema={k: pl.String for k in columns}), list(range(1, width + 1))


def open_reader(read_excel: Any, source: str | bytes) -> Any:
    """The fast reader of a file, or why it cannot open it."""
    try:
        return read_excel(source)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # noqa: BLE001 - includes the reader's Rust panics
        return exc


def read_slowly(box: Container, part: SheetPart) -> tuple[pl.DataFrame, list[int]]:
    """One sheet read cell by cell from its XML (an .ods sheet from content.xml)."""
    if box.kind == "ods":
        from fitsm_audit.workbook.ods import read_sheet as read_ods

        return read_ods(box.path, part.name, box.limits.max_rows, box.limits.max_cells)
    return read_sheet(box.path, part.path)
