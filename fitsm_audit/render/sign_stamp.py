"""What a visible signature shows (docs/documents.md, "Signatures"): signer, role and time, left
aligned in a thin box, in the documents' own font, embedded.

pyHanko's built-in font (Helvetica, not embedded) would break the PDF/A claim of the signed
document. Its OpenType engine embeds a font, but writes glyph widths and kerning in the font's
own units as if there were 1000 to the em: a font with 2048 (Liberation Sans, DejaVu Sans) is set
with its letters spread apart. The packaged Liberation Sans is therefore rescaled to 1000 units
to the em, once per process and in memory, before pyHanko sees it.
"""

from __future__ import annotations

import functools
import io
from typing import Any

STAMP_FONT_SIZE = 7  # pyHanko takes whole points here
STAMP_LEADING = 9
_UNITS_PER_EM = 1000  # what pyHanko's widths and TJ adjustments assume


@functools.cache
def _stamp_font() -> bytes:
    """The regular face of the packaged font at 1000 units per em, as TrueType bytes."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    from fitsm_audit.render.fonts import FACES, font_file

    regular = next(f for f in FACES if f.weight == "normal" and f.style == "normal")
    font = TTFont(io.BytesIO(font_file(regular).read_bytes()))
    if font["head"].unitsPerEm != _UNITS_PER_EM:
        scale_upem(font, _UNITS_PER_EM)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_factory() -> Any:
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class PackagedFont(FontEngineFactory):  # type: ignore[misc]
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(_stamp_font()),
                font_size=STAMP_FONT_SIZE,
                obj_stream=obj_stream,
            )

    return PackagedFont()


def stamp_style(role: str) -> Any:
    """The appearance of ``role``'s signature: three lines, the time the signer's (or the
    time-stamping authority's when there is one, in the signature itself)."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import layout, text

    return stamp.TextStampStyle(
        stamp_text=f"Digitally signed by %(signer)s\nfor the {role}\n%(ts)s",
        text_box_style=text.TextBoxStyle(
            font_size=STAMP_FONT_SIZE,
            leading=STAMP_LEADING,
            font=_font_factory(),
            box_layout_rule=layout.SimpleBoxLayoutRule(  # no margin of its own: the stamp's
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0),
            ),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=6, right=6, top=2, bottom=2),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=1,
        background=None,
        timestamp_format="%Y-%m-%d %H:%M:%S %Z",
    )
