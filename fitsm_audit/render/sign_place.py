"""Where a visible signature goes (docs/documents.md, "Signatures"): inside the signature block of
the party that signs, found by the block's side label ("For the service provider", "For the
customer" ...) on the pages of the rendered PDF. A document without such a block (the gap report,
the plan, the catalogue) gets its visible signature at the foot of the last page."""

from __future__ import annotations

import io
from dataclasses import dataclass

# The party a signature is given for -> the side label of its block (documents/agreement.py).
SIDES = {
    "provider": "For the service provider",
    "customer": "For the customer",
    "supplier": "For the supplier",
    "supporting party": "For the supporting party",
}
ROLES = tuple(SIDES)
BOX_WIDTH, BOX_HEIGHT = 210.0, 34.0  # points: above the signature line of a block
_BELOW_LABEL = 18.0  # the organisation line under the side label


@dataclass(frozen=True)
class Place:
    page: int  # 0-based
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points
    in_block: bool  # False: no block for this party; the foot of the last page


def place_for(pdf: bytes, role: str) -> Place:
    """The box for ``role``'s signature: in its block when the PDF has one, else at the foot of
    the last page (left for the provider, right for anyone else)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    label = SIDES.get(role, SIDES["provider"])
    for index in range(len(reader.pages) - 1, -1, -1):
        found: list[tuple[float, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object,
                  found: list[tuple[float, float]] = found) -> None:  # fmt: skip
            if text.strip().startswith(label):  # the text's origin, on the page (tm then cm)
                tx, ty = float(tm[4]), float(tm[5])
                found.append((cm[0] * tx + cm[2] * ty + cm[4], cm[1] * tx + cm[3] * ty + cm[5]))

        reader.pages[index].extract_text(visitor_text=visit)
        if found:
            x, y = found[0]
            top = y - _BELOW_LABEL
            return Place(index, (x, top - BOX_HEIGHT, x + BOX_WIDTH, top - 2), True)
    last = len(reader.pages) - 1
    width = float(reader.pages[last].mediabox.width)
    x = 50.0 if role == "provider" else width - 50.0 - BOX_WIDTH
    return Place(last, (x, 70.0, x + BOX_WIDTH, 70.0 + BOX_HEIGHT), False)
