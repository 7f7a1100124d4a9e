"""The one font every document uses, shipped in the package, and font embedding that gives the
same PDF bytes on every machine.

The documents are laid out in Liberation Sans (metric-compatible with Arial), shipped unmodified
in ``doc_templates/fonts`` under the SIL Open Font License. The PDF stylesheet loads it with
``@font-face`` under a family name no system font carries (:data:`CSS_FAMILY`), so no installed
font can change the layout; DOCX names the real family (:data:`DOCX_FAMILY`) with Arial as the
substitute Word uses where Liberation Sans is not installed.

WeasyPrint subsets each embedded font either with the HarfBuzz-Subset system library, when it
finds one, or with fontTools. The two give different bytes, and fontTools stamps the subset with
the current time, so the PDF would depend on the machine and on the clock. :func:`pin_font_subsetting`
makes every subset with fontTools and keeps the font's own timestamp: one path, the same bytes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

CSS_FAMILY = "FitSM Audit Sans"
DOCX_FAMILY = "Liberation Sans"
DOCX_FALLBACK = "Arial"
FONT_FOLDER = "fonts"


@dataclass(frozen=True)
class FontFace:
    file: str
    weight: str
    style: str


FACES = (
    FontFace("LiberationSans-Regular.ttf", "normal", "normal"),
    FontFace("LiberationSans-Bold.ttf", "bold", "normal"),
    FontFace("LiberationSans-Italic.ttf", "normal", "italic"),
    FontFace("LiberationSans-BoldItalic.ttf", "bold", "italic"),
)


def font_face_css(scheme: str) -> str:
    """``@font-face`` rules for the packaged faces, served under ``scheme:fonts/FILE``."""
    return "".join(
        f'@font-face {{ font-family: "{CSS_FAMILY}"; font-weight: {f.weight}; font-style: {f.style}; '
        f'src: url("{scheme}:{FONT_FOLDER}/{f.file}"); }}\n'
        for f in FACES
    )


def font_file(face: FontFace) -> Any:
    """The packaged file of a face (a Traversable)."""
    from fitsm_audit.core.resources import package_file

    return package_file("doc_templates", FONT_FOLDER) / face.file


DROPPED = ("GSUB", "GPOS", "SVG ")  # layout tables (WeasyPrint drops them too) and colour glyphs


def _subset_deterministically(font: Any, to_unicode: Any, hinting: bool) -> None:
    """Replace ``font.file_content`` by a fontTools subset holding the glyphs in ``to_unicode``.

    Glyph IDs are kept (the PDF's text refers to them), layout tables are dropped as WeasyPrint
    drops them, and the subset keeps the original font's timestamp, so the bytes depend on the
    input alone.
    """
    if not to_unicode:
        return
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=hinting,
        desubroutinize=True,
        notdef_outline=bool(font.missing),
    )
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=to_unicode)
    try:
        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, recalcTimestamp=False)
        for tag in DROPPED:  # removed before subsetting: decompiling them is half its cost, and the
            if tag in ttfont:  # glyphs their substitutions reach are glyphs the PDF never shows
                del ttfont[tag]
        subsetter.subset(ttfont)
        out = io.BytesIO()
        ttfont.save(out)
    except TTLibError:  # keep the whole font: larger, still correct
        return
    font.file_content = out.getvalue()


_pinned = False


def pin_font_subsetting() -> None:
    """Make WeasyPrint subset every font with :func:`_subset_deterministically` (idempotent).

    Also silences WeasyPrint's notice that HarfBuzz-Subset is missing: with this pin it is not used.
    Raises ``RuntimeError`` when the installed WeasyPrint no longer has the method replaced here,
    so a WeasyPrint upgrade fails loudly instead of quietly making machine-dependent PDFs.
    """
    global _pinned
    if _pinned:
        return
    # Neither notice concerns these documents: the font is packaged (a machine may have no
    # system font at all) and HarfBuzz-Subset is never used. Filtered for the whole process,
    # because WeasyPrint also makes font configurations of its own while rendering.
    warnings.filterwarnings("ignore", message="No fonts configured in FontConfig", category=UserWarning)
    warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
    from weasyprint.pdf import fonts as pdf_fonts
    font_class = getattr(pdf_fonts, "Font", None)
    if font_class is None or not callable(getattr(font_class, "subset", None)):
        raise RuntimeError("this WeasyPrint has no Font.subset; fitsm-audit needs WeasyPrint 70")

    def subset(self: Any, to_unicode: Any, hinting: bool) -> None:
        _subset_deterministically(self, to_unicode, hinting)

    font_class.subset = subset
    _pinned = True


def register_with_matplotlib() -> str:
    """Make the packaged faces known to matplotlib (once) and return the family name to use."""
    from importlib.resources import as_file

    from matplotlib import font_manager

    known = {f.fname for f in font_manager.fontManager.ttflist}
    for face in FACES:
        with as_file(font_file(face)) as path:
            if str(path) not in known:
                font_manager.fontManager.addfont(str(path))
    return DOCX_FAMILY
