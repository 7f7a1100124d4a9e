"""A reference DOCX for the Word documents (``--templates DIR`` holding ``reference.docx``,
docs/documents.md "Own templates"): its styles replace the packaged ones of the same name, and
its other styles are added, so a provider's house style (fonts, colours, heading and table looks)
carries over while the content stays ours.

Only ``word/styles.xml`` is read from the reference, with size limits and python-docx's XML
parser (no entities, no network); the rest of the file (its text, headers, pictures) is ignored.
"""

from __future__ import annotations

import copy
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

REFERENCE = "reference.docx"
MAX_FILE = 20 * 1024 * 1024
MAX_STYLES = 5 * 1024 * 1024  # word/styles.xml, uncompressed
_STYLES_PART = "word/styles.xml"


def reference_file(templates: str | None) -> Path | None:
    """The reference DOCX in the templates folder, or None."""
    if not templates:
        return None
    path = Path(templates) / REFERENCE
    return path if path.is_file() else None


@lru_cache(maxsize=4)
def reference_styles(templates: str) -> tuple[Any, ...]:
    """The top-level elements of the reference's styles part (docDefaults and styles), parsed
    once; a file that is not a Word document is a UsageError naming it."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.findings import printable

    path = Path(templates) / REFERENCE
    shown = f"--templates {printable(templates)}: {REFERENCE}"
    if path.stat().st_size > MAX_FILE:
        raise UsageError(f"{shown}: larger than {MAX_FILE // 1024 // 1024} MB; a reference document holds styles, not content")
    try:
        with zipfile.ZipFile(path) as book:
            info = book.getinfo(_STYLES_PART)
            if info.file_size > MAX_STYLES:
                raise UsageError(f"{shown}: its styles part is larger than {MAX_STYLES // 1024 // 1024} MB")
            with book.open(info) as part:
                data = part.read(MAX_STYLES + 1)
        root = parse_xml(data[:MAX_STYLES])
    except UsageError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        raise UsageError(f"{shown}: not a Word document with styles (save it from Word or LibreOffice as .docx)") from None
    if root.tag != qn("w:styles"):
        raise UsageError(f"{shown}: its styles part is not a Word styles part")
    wanted = {qn("w:docDefaults"), qn("w:style")}
    return tuple(child for child in root if child.tag in wanted)


def apply_reference(doc: Any, templates: str | None) -> None:
    """Give ``doc`` (a python-docx Document with the packaged styles) the reference's styles:
    same style ID replaced, new ones added, the document defaults replaced."""
    if reference_file(templates) is None:
        return
    from docx.oxml.ns import qn

    assert templates is not None
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    for element in reference_styles(templates):
        new = copy.deepcopy(element)
        if element.tag == qn("w:docDefaults"):
            old = styles.find(qn("w:docDefaults"))
            if old is not None:
                old.addprevious(new)
                styles.remove(old)
            else:
                styles.insert(0, new)
            continue
        old = by_id.get(element.get(qn("w:styleId")))
        if old is not None:
            old.addprevious(new)
            styles.remove(old)
        else:
            styles.append(new)
