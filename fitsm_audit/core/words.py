"""Words as a person writes them: plurals, articles and sentences for every message the tool prints.

Use these instead of ``"(s)"`` or ad-hoc ``"s" * (n != 1)``:

>>> count(1, "error"), count(3, "error"), count(2, "entry"), count(0, "agreement review")
('1 error', '3 errors', '2 entries', '0 agreement reviews')
>>> with_article("agreement review"), with_article("SLA"), with_article("UA"), with_article("user")
('an agreement review', 'an SLA', 'a UA', 'a user')
>>> sentence("use one of live, retired"), sentences("Sheet has no rows", "add one")
('Use one of live, retired.', 'Sheet has no rows. Add one.')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_IRREGULAR = {"person": "people", "is": "are", "was": "were", "has": "have", "this": "these", "it": "they"}
_SIBILANT = ("s", "x", "z", "ch", "sh")


def plural(word: str) -> str:
    """The plural of a noun, or of a phrase's last word (``agreement review`` -> ``agreement reviews``)."""
    head, sep, last = word.rpartition(" ")
    low = last.lower()
    if low in _IRREGULAR:
        many = _IRREGULAR[low]
        many = many.capitalize() if last[:1].isupper() else many
    elif last.isupper() and len(last) > 1:  # acronyms: KPI -> KPIs, SLA -> SLAs
        many = last + "s"
    elif low.endswith("y") and low[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        many = last[:-1] + "ies"
    elif low.endswith(_SIBILANT):
        many = last + "es"
    else:
        many = last + "s"
    return f"{head}{sep}{many}"


def noun(n: int, word: str, many: str | None = None) -> str:
    """``word`` or its plural, to go with the number ``n`` (which is not written)."""
    return word if n == 1 else (many or plural(word))


def count(n: int, word: str, many: str | None = None) -> str:
    """``1 error``, ``3 errors``, ``1,200 rows`` (``many`` for plurals the rules miss)."""
    return f"{n:,} {noun(n, word, many)}"


def is_are(n: int) -> str:
    return "is" if n == 1 else "are"


# letters whose spoken name starts with a vowel sound (an SLA, an MoU, an FAQ; a UA, a KPI)
_VOWEL_LETTERS = set("AEFHILMNORSX")
_CONSONANT_SOUND = re.compile(r"^(?:uni|use|usu|uti|ute|eu|one\b|once\b|ubi)", re.IGNORECASE)
_SILENT_H = re.compile(r"^(?:hour|honest|honou?r|heir)", re.IGNORECASE)


def article(word: str) -> str:
    """``a`` or ``an`` for the word (or phrase) that follows."""
    first = word.strip().split(" ", 1)[0] if word.strip() else ""
    if not first:
        return "a"
    letters = first.rstrip("s")
    if len(letters) > 1 and letters.isupper() and letters.isalpha():  # spoken letter by letter
        return "an" if first[0] in _VOWEL_LETTERS else "a"
    if _SILENT_H.match(first):
        return "an"
    if first[0].lower() in "aeiou" and not _CONSONANT_SOUND.match(first):
        return "an"
    return "a"


def with_article(word: str) -> str:
    """``an agreement review``, ``a risk review``."""
    return f"{article(word)} {word}"


def join_words(items: Iterable[str], last: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def lower_first(text: str) -> str:
    """Lower-case the first letter, unless the first word is an acronym (``SLA``, ``FitSM-3``)."""
    first = text.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """Upper-case the first letter and leave the rest as written ("CI verification" stays)."""
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """Text as one sentence: capital first letter (commands and quoted values left alone), full stop at the end."""
    text = text.strip()
    while text.endswith((";", ",", ":")):
        text = text[:-1].rstrip()
    if not text:
        return ""
    if text[0].islower() and not text.startswith("fitsm-audit"):
        text = text[0].upper() + text[1:]
    if not text.endswith((".", "!", "?")):
        text += "."
    return text


def sentences(*parts: str) -> str:
    """Several sentences in a row, each made whole with :func:`sentence`; blank parts are left out."""
    return " ".join(s for s in (sentence(p) for p in parts) if s)
