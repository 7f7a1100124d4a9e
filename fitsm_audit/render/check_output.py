"""Render check results as text (grouped by sheet, for people) or JSON (for tools)."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TYPE_CHECKING

from fitsm_audit.core.findings import ERROR, printable

if TYPE_CHECKING:
    from fitsm_audit.workbook.pipeline import CheckResult


def render_json(result: CheckResult) -> str:
    # one finding per line: readable, and the C encoder stays fast with thousands of findings
    doc = result.to_dict()
    findings = ",\n    ".join(json.dumps(f, ensure_ascii=False, default=str) for f in doc["findings"])
    body = f"[\n    {findings}\n  ]" if doc["findings"] else "[]"
    return f'{{\n  "findings": {body},\n  "summary": {json.dumps(doc["summary"])}\n}}'



def render_text(result: CheckResult, color: bool = False) -> str:
    """Findings grouped by sheet, one line each, then a summary line."""
    import click

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text  # type: ignore[arg-type]

    lines: list[str] = []
    for sheet, group in groupby(result.findings, key=lambda f: f.sheet or "(workbook)"):
        lines.append(style(sheet, bold=True))
        for f in group:
            sev = style(f"{f.severity:<7}", fg="red" if f.severity == ERROR else "yellow")
            where = (f.cell.split("!", 1)[1] if f.cell else "-").ljust(6)
            text = printable(f.message + (f"; {f.hint}" if f.hint else ""))
            lines.append(f"  {sev} {where} {text}  [{f.code}]")
        lines.append("")
    s = result.summary
    verdict = "no errors" if not s["errors"] else f"{s['errors']} error{'s' * (s['errors'] != 1)}"
    lines.append(
        f"{verdict}, {s['warnings']} warning{'s' * (s['warnings'] != 1)} in {s['sheets']} sheets ({s['rows']} rows) "
        f"from {len(result.files)} file{'s' * (len(result.files) != 1)}"
    )
    return "\n".join(lines)
