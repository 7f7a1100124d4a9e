"""core/words: plurals, articles and sentences; no "(s)" left in the tool's messages."""

from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

import pytest

from fitsm_audit.core import words
from fitsm_audit.core.findings import Finding
from fitsm_audit.core.words import (
    article,
    count,
    join_words,
    plural,
    sentence,
    sentences,
    with_article,
)

PACKAGE = Path(__file__).resolve().parent.parent / "fitsm_audit"


def test_doctests() -> None:
    assert doctest.testmod(words).failed == 0


@pytest.mark.parametrize("word,many", [
    ("error", "errors"), ("entry", "entries"), ("day", "days"), ("box", "boxes"), ("match", "matches"),
    ("agreement review", "agreement reviews"), ("KPI", "KPIs"), ("SLA", "SLAs"), ("person", "people"),
    ("requirement", "requirements"), ("in-scope group", "in-scope groups"),
])
def test_plural(word: str, many: str) -> None:
    assert plural(word) == many


def test_count_writes_one_and_many() -> None:
    assert [count(n, "error") for n in (0, 1, 2, 1200)] == ["0 errors", "1 error", "2 errors", "1,200 errors"]
    assert count(2, "copy", "copies") == "2 copies"
    assert count(79, "requirement") == "79 requirements"


@pytest.mark.parametrize("phrase,expected", [
    ("agreement review", "an agreement review"), ("risk review", "a risk review"),
    ("supplier evaluation", "a supplier evaluation"), ("SLA", "an SLA"), ("UA", "a UA"), ("OLA", "an OLA"),
    ("user", "a user"), ("hour", "an hour"), ("update", "an update"), ("unit", "a unit"),
])
def test_article(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected
    assert article(phrase) == expected.split(" ", 1)[0]


def test_sentences_and_lists() -> None:
    assert sentence("use one of live, retired") == "Use one of live, retired."
    assert sentence("were ignored.;") == "Were ignored."
    assert sentence("fitsm-audit columns lists them") == "fitsm-audit columns lists them."
    assert sentences("has no rows", "", "add one") == "Has no rows. Add one."
    assert [join_words(x) for x in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]


def test_finding_puts_the_hint_in_its_own_sentence() -> None:
    f = Finding("warning", "unknown-column", "Services", None, None, "Notes", "Notes",
                "Column Notes was ignored;", "remove it")
    assert f.message == "Column Notes was ignored."
    assert f.hint == "Remove it."
    assert f.text == "Column Notes was ignored. Remove it."
    assert Finding("error", "x", None, None, None, None, None, "Broken", "").text == "Broken."


def test_assess_uses_the_one_plural_helper() -> None:
    common = (PACKAGE / "assess" / "common.py").read_text(encoding="utf-8")
    assert "def plural" not in common


# The only places where "(s)" is right. Remove an entry when its "(s)" is gone.
ALLOWED = {
    "data/catalogue.yaml": "organisation(s)",  # FitSM-1 text quoted verbatim
    "render/pdf.py": "http(s)://",  # a URL scheme in a docstring
    "core/words.py": '"(s)"',  # the docstring saying not to
}


def _texts(path: Path) -> list[tuple[int, str]]:
    """The string literals of a Python file (f-string parts too), or the lines of a data file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return list(enumerate(text.splitlines(), 1))
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_parenthesised_plurals_in_messages() -> None:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.suffix not in (".py", ".yaml") or rel in ALLOWED:
            continue
        found += [f"{rel}:{n}: {t.strip()[:80]}" for n, t in _texts(path) if re.search(r"[a-z]\(s\)", t)]
    assert found == []


def test_the_allowed_places_are_still_the_only_ones() -> None:
    """Each allowed file still holds its one known "(s)" (so the list shrinks when they are fixed)."""
    for rel, what in ALLOWED.items():
        path = PACKAGE / rel
        if path.exists() and what not in path.read_text(encoding="utf-8"):
            pytest.fail(f"{rel} no longer holds {what}: remove it from ALLOWED")
