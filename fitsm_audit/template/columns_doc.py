"""The column reference (every workbook, sheet and column of the contract) as Markdown or text.

``docs/columns.md`` is ``column_reference_markdown()``; a test keeps the two identical.
"""

from __future__ import annotations

from collections.abc import Sequence

from fitsm_audit.spec.contract import EXTRA_COLUMNS, Column, Contract, Sheet, load_contract

TYPE_NOTES = (
    ("id", "the row's identifier: required and unique; the pattern is the recommended form"),
    ("text", "free text"),
    ("enum", "one of the listed values (case does not matter)"),
    ("yesno", "yes or no (y/n, true/false and 1/0 are accepted too)"),
    ("date", "a date, entered as a date cell or as text such as 2026-03-31"),
    ("int", "a whole number within the given range"),
    ("number", "a number within the given range"),
    ("level", "a maturity or capability level from 0 to 4"),
    ("process", "a FitSM process ID PR1-PR14 (the process code, e.g. SLM, is accepted too)"),
    ("ref", "the ID of a row on a referenced sheet"),
    (
        "reflist",
        "IDs of rows on the referenced sheets, separated by commas, semicolons or line breaks",
    ),
    ("contact", "a People ID or an e-mail address"),
    ("email", "an e-mail address"),
)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def constraint_text(col: Column, contract: Contract, markdown: bool = False) -> str:
    """What a column accepts, in one short line (values, pattern, range or referenced sheets)."""
    parts: list[str] = []
    if col.type == "enum":
        parts.append(" / ".join(col.values))
    elif col.type == "yesno":
        parts.append("yes / no")
    elif col.type == "level":
        parts.append("0-4")
    elif col.type == "process":
        ids = [p.id for p in contract.processes]
        parts.append(f"{ids[0]}-{ids[-1]}" + "".join(f" or {a}" for a in col.allow))
    elif col.type == "id" and col.pattern:
        pattern = f"`{col.pattern}`" if markdown else col.pattern
        parts.append(f"pattern {pattern}" + (f", e.g. {col.example}" if col.example else ""))
    elif col.type in {"ref", "reflist"}:
        what = "ID" if col.type == "ref" else "IDs (comma-separated)"
        parts.append(f"{what} from {' or '.join(col.refs)}")
    elif col.type == "contact":
        parts.append("People ID or e-mail")
    elif col.type == "email":
        parts.append("e-mail address")
    elif col.type == "date":
        parts.append("date (yyyy-mm-dd)")
    elif col.type in {"int", "number"}:
        kind = "whole number" if col.type == "int" else "number"
        lo, hi = _num(col.min), _num(col.max)
        rng = f" {lo}-{hi}" if lo and hi else f" >= {lo}" if lo else f" <= {hi}" if hi else ""
        parts.append(kind + rng)
    if col.unique and col.type != "id":
        parts.append("unique")
    return "; ".join(parts)


def _select(contract: Contract, sheet: str | None) -> list[Sheet]:
    if sheet is None:
        return list(contract.sheets)
    wanted = sheet.strip().lower()
    found = [s for s in contract.sheets if s.name.lower() == wanted]
    if not found:
        raise ValueError(f"no sheet {sheet!r}; sheets: {', '.join(contract.sheet_names())}")
    return found


def _columns(sheet: Sheet) -> Sequence[Column]:
    return sheet.fields if sheet.kind == "fields" else sheet.columns


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def column_reference_markdown(sheet: str | None = None) -> str:
    """The Markdown column reference of every sheet (or of one sheet, by name)."""
    contract = load_contract()
    sheets = _select(contract, sheet)
    lines = [
        "# Workbook column reference",
        "",
        "Generated from the workbook contract (`fitsm_audit/data/contract.yaml`, version "
        f"{contract.version}) by `fitsm-audit columns --format markdown`. Do not edit by hand: "
        "run `python -m fitsm_audit.template --rebuild` after changing the contract.",
        "",
        "Headers are matched ignoring case, spaces, underscores and a trailing `*` (the templates "
        f"mark required columns with it). {EXTRA_COLUMNS}",
        "",
        "| Type | Accepts |",
        "|---|---|",
        *(f"| `{name}` | {note} |" for name, note in TYPE_NOTES),
    ]
    for wb in contract.workbooks:
        members = [s for s in sheets if s.workbook == wb.id]
        if not members:
            continue
        lines += ["", f"## {wb.title} (`fitsm-{wb.id}.xlsx`)", "", wb.help]
        for s in members:
            first = "Field" if s.kind == "fields" else "Column"
            lines += ["", f"### {s.name}", "", s.help, ""]
            if s.kind == "fields":
                lines += ["One row per field: columns Field, Value and Help.", ""]
            lines += [
                f"| {first} | Type | Required | Accepts | Help |",
                "|---|---|---|---|---|",
            ]
            for col in _columns(s):
                lines.append(
                    f"| {_md_cell(col.header)} | `{col.type}` | {'yes' if col.required else ''} "
                    f"| {_md_cell(constraint_text(col, contract, markdown=True))} | {_md_cell(col.help)} |"
                )
    return "\n".join(lines) + "\n"


def column_reference_text(sheet: str | None = None) -> str:
    """The plain-text column reference, for the terminal."""
    contract = load_contract()
    out: list[str] = []
    for s in _select(contract, sheet):
        wb = contract.workbook(s.workbook)
        out += [f"{s.name}  [{wb.title}: fitsm-{wb.id}.xlsx]", f"  {s.help}"]
        for col in _columns(s):
            flags = col.type + (", required" if col.required else "")
            accepts = constraint_text(col, contract)
            out.append(
                f"  - {col.header} ({flags}): {col.help}" + (f" [{accepts}]" if accepts else "")
            )
        out.append("")
    return "\n".join(out)
