"""Documents as HTML: jinja2 templates from the packaged ``doc_templates`` folder.

Autoescaping is always on and undefined names fail loudly, so workbook text can never become markup
and a template typo is a test failure instead of an empty field. Every value written by a template
also loses characters XML cannot hold.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from fitsm_audit.documents.model import Document
from fitsm_audit.render.text import strip_invalid_xml

log = logging.getLogger(__name__)

STYLESHEET = "document.css"


def _load_template(name: str, override: str | None = None) -> str | None:
    """A template or the stylesheet: from the user's ``--templates`` folder when it has the
    file, else the packaged one."""
    from pathlib import Path

    from fitsm_audit.core.resources import package_file

    if override:
        own = Path(override) / name
        if own.is_file() and own.resolve().parent == Path(override).resolve():
            return own.read_text(encoding="utf-8")
    node = package_file("doc_templates", name)
    return node.read_text(encoding="utf-8") if node.is_file() else None


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_invalid_xml(value)[0]
    return value


def _lines(value: Any) -> Markup:
    """Escaped text with line breaks kept."""
    cleaned = strip_invalid_xml("" if value is None else str(value))[0]
    return Markup("<br>").join(escape(part) for part in cleaned.split("\n"))


@lru_cache(maxsize=4)
def environment(override: str | None = None) -> Any:
    """The jinja2 environment: packaged templates (or the user's, ``override``, in a sandbox:
    a template cannot reach Python internals), autoescape, StrictUndefined."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    kind = SandboxedEnvironment if override else jinja2.Environment
    env = kind(
        loader=jinja2.FunctionLoader(lambda name: _load_template(name, override)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.filters["lines"] = _lines
    env.filters["pct"] = lambda f: f"{f * 100:.1f}%"
    return env


def stylesheet(override: str | None = None) -> str:
    """The print stylesheet (the user's from ``override`` when it has one)."""
    css = _load_template(STYLESHEET, override)
    if css is None:  # pragma: no cover - a broken install
        raise FileNotFoundError(f"doc_templates/{STYLESHEET} is missing from the package")
    return css


def render_html(
    doc: Document, chart_urls: dict[str, str], *, standalone: bool, logo_url: str | None = None
) -> str:
    """The document as HTML.

    ``chart_urls`` maps chart names to image URLs: data URLs in the standalone .html file, packaged
    asset URLs for the PDF. ``standalone`` embeds the stylesheet; the PDF path passes it separately.
    """
    import jinja2

    try:
        template = environment(doc.templates).get_template("document.html")
        return str(template.render(
        doc=doc,
        charts=chart_urls,
        css=Markup(stylesheet(doc.templates)) if standalone else None,
        toc_entries=toc_entries(doc),
        logo_url=logo_url,
        ))
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError) as exc:
        if not doc.templates:
            raise
        from fitsm_audit.core.errors import UsageError

        line = getattr(exc, "lineno", None)
        where = f" line {line}" if line else ""
        raise UsageError(f"--templates {doc.templates}: {getattr(exc, 'name', None) or 'a template'}{where}: {exc}") from None


def toc_entries(doc: Document) -> list[tuple[int, str, str]]:
    """(level, anchor, title) of every section, in order; anchors are s1, s1-2, ..."""
    out: list[tuple[int, str, str]] = []

    def walk(sections: list[Any], prefix: str, level: int) -> None:
        for i, s in enumerate(sections, 1):
            anchor = f"{prefix}{i}"
            out.append((level, anchor, s.title))
            walk(s.subsections, f"{anchor}-", level + 1)

    walk(doc.sections, "s", 1)
    return out
