"""Whether an agreement document is final (docs/documents.md, "Final and draft agreements"):
its register status is active and every section its type requires says something. Anything
else is a draft: it carries a DRAFT mark on every page and a cover note naming why, and it is
not signed unless the user asks for drafts to be signed."""

from __future__ import annotations

from dataclasses import dataclass, field

from fitsm_audit.core.findings import quote
from fitsm_audit.documents.common import join_and, text
from fitsm_audit.spec.rules import AGREEMENT_SECTIONS, placeholder

DRAFT = "DRAFT"


@dataclass(frozen=True)
class AgreementState:
    final: bool
    open_sections: list[str] = field(default_factory=list)  # section titles, numbered
    reasons: list[str] = field(default_factory=list)  # why it is a draft, in words

    @property
    def note(self) -> str:
        """The cover note of a draft."""
        return f"Draft, not for signature: {'; '.join(self.reasons)}." if self.reasons else ""


def agreement_state(
    kind: str, status: object, sections: list[tuple[int, str, str, list[str], bool]]
) -> AgreementState:
    """``sections`` are (number, key, title, texts, has register data) of the document; a
    required section is open when its texts agree nothing (blank, "TBD", "not yet agreed") and
    no register data fills it, or when any of its texts is such a placeholder."""
    required = AGREEMENT_SECTIONS.get(kind, AGREEMENT_SECTIONS["SLA"])
    given = {key: (number, title, texts, has_data) for number, key, title, texts, has_data in sections}
    open_sections = []
    for key in required:
        if key not in given:  # a required section the document does not even have
            open_sections.append(key[:1].upper() + key[1:])
            continue
        number, title, texts, has_data = given[key]
        if any(placeholder(t) for t in texts) or (not texts and not has_data):
            open_sections.append(f"{number}. {title}")
    reasons = []
    said = text(status).lower()
    if said != "active":
        reasons.append(f"its status is {quote(said or 'blank')}, not active")
    if open_sections:
        reasons.append(f"{'this section is' if len(open_sections) == 1 else 'these sections are'} "
                       f"not agreed: {join_and(open_sections)}")
    return AgreementState(not reasons, open_sections, reasons)
