"""Checks across rows and sheets: duplicate IDs, ID forms, references, date order, reviews,
missing sheets and empty registers, and the Organisation fields."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from fitsm_audit.core.findings import EMPTY_REGISTER, ERROR, WARNING, Finding, capped, quote
from fitsm_audit.core.words import (
    count,
    join_words,
    lower_first,
    sentences,
    upper_first,
    with_article,
)
from fitsm_audit.spec.contract import Column, Contract, ReviewRule
from fitsm_audit.spec.rules import (
    AGREEMENT_ACTIVE,
    REVIEW_FALLBACK_MONTHS,
    agreement_in_force,
    agreement_signed,
    unagreed_sections,
)
from fitsm_audit.workbook import celltypes
from fitsm_audit.workbook.contract_versions import missing_new_areas
from fitsm_audit.workbook.load import ROW, LoadedSheet
from fitsm_audit.workbook.validate import cell_finding, is_number

if TYPE_CHECKING:
    import polars as pl

# a blank interval falls back as in assess and the documents; due < as-of is overdue (spec.rules.overdue)


def key_sets(clean: dict[str, pl.DataFrame], contract: Contract) -> dict[str, set[str]]:
    """Sheet -> lower-cased IDs of its rows (for reference checks)."""
    out: dict[str, set[str]] = {}
    for name, frame in clean.items():
        key = contract.sheet(name).key_column
        if key and key in frame.columns:
            out[name] = {str(v).lower() for v in frame[key].drop_nulls().to_list()}
    return out


def duplicates_and_ids(loaded: LoadedSheet) -> list[Finding]:
    """Duplicate keys (case-insensitive) and IDs that do not follow the recommended form."""
    import polars as pl

    spec = loaded.spec
    out: list[Finding] = []
    for col in spec.columns:
        if not (col.unique or col.type == "id") or col.name not in loaded.columns:
            continue
        frame = loaded.frame.select(ROW, pl.col(col.name)).drop_nulls(col.name)
        low = frame.with_columns(pl.col(col.name).str.to_lowercase().alias("_k"))
        dup = low.filter(pl.col("_k").is_duplicated())
        dup = capped(dup, spec.name, f"duplicate {col.header} value", ERROR, out)
        if dup.height:
            first: dict[str, int] = {}
            for row, value, k in dup.iter_rows():
                if k not in first:
                    first[k] = row
                    continue
                out.append(
                    Finding(ERROR, "duplicate-id", spec.name, loaded.cell(col.name, row), row, col.header, value,
                            f"{quote(value)} is used twice in {col.header} (first in row {first[k]})",
                            "give every row its own ID")
                )
        if col.pattern:
            bad = frame.filter(~pl.col(col.name).str.contains(f"^(?:{col.pattern})$") & ~pl.col(col.name).str.contains(r"[,;\n\r]"))
            for row, value in capped(bad, spec.name, "ID in another form", WARNING, out, many="IDs in another form").iter_rows():
                out.append(
                    Finding(WARNING, "id-pattern", spec.name, loaded.cell(col.name, row), row, col.header, value,
                            f"{quote(value)} does not follow the ID form {col.example}",
                            f"IDs like {col.example} keep references readable; any unique ID works")
                )
    return out


def references(loaded: LoadedSheet, clean: pl.DataFrame, keys: dict[str, set[str]]) -> list[Finding]:
    """References to rows of other sheets that do not exist."""
    import polars as pl

    spec = loaded.spec
    out: list[Finding] = []
    people = keys.get("People")
    for col in spec.columns:
        if col.type not in ("ref", "reflist", "contact") or col.name not in loaded.columns:
            continue
        targets = list(col.refs) or ["People"]
        if any(t not in keys for t in targets) and not (col.type == "contact" and people is not None):
            continue  # a target sheet was not provided: nothing to check against
        known = pl.Series(list(set().union(*(keys.get(t, set()) for t in targets))), dtype=pl.String)
        frame = loaded.frame.select(ROW, pl.col(col.name)).drop_nulls(col.name)
        if col.type == "reflist":
            frame = frame.with_columns(celltypes.split_list(pl.col(col.name))).explode(col.name).drop_nulls(col.name)
        lowered = pl.col(col.name).str.to_lowercase()
        cond = ~lowered.is_in(known.implode())
        if col.type == "contact":
            cond = cond & ~pl.col(col.name).str.contains(celltypes.EMAIL_RE)
        for row, value in capped(frame.filter(cond), spec.name, f"unknown reference in {col.header}", ERROR, out,
                                   many=f"unknown references in {col.header}").iter_rows():
            where = " or ".join(targets)
            out.append(
                Finding(ERROR, "dangling-reference", spec.name, loaded.cell(col.name, row), row, col.header, value,
                        f"{quote(value)} does not match any ID on {where}",
                        f"add it to {targets[0]} or correct the ID" + (" (or give an e-mail address)" if col.type == "contact" else ""))
            )
    return out


def date_order(loaded: LoadedSheet, clean: pl.DataFrame) -> list[Finding]:
    import polars as pl

    out: list[Finding] = []
    seen: set[tuple[str, int]] = set()  # one finding per cell: a chain (opened, resolved, closed)
    for first, then in loaded.spec.order:  # names the first pair that breaks
        if first not in loaded.columns or then not in loaded.columns:
            continue
        bad = clean.filter(pl.col(then) < pl.col(first)).select(ROW, first, then)
        col = loaded.spec.column(then)
        for row, a, b in bad.iter_rows():
            if (then, row) in seen:
                continue
            seen.add((then, row))
            out.append(
                Finding(ERROR, "date-order", loaded.spec.name, loaded.cell(then, row), row, col.header, b.isoformat(),
                        f"{col.header} {b.isoformat()} is before {loaded.spec.column(first).header.lower()} {a.isoformat()}",
                        "check both dates")
            )
    return out


def reviews(loaded: LoadedSheet, clean: pl.DataFrame, fields: dict[str, Any], as_of: dt.date) -> list[Finding]:
    """Warnings against the as-of date: reviews overdue (or never held), and on Agreements the
    active agreements not signed by then (:func:`agreement_signatures`)."""
    import polars as pl

    out: list[Finding] = agreement_signatures(loaded, clean, as_of) if loaded.spec.name == "Agreements" else []
    for rule in loaded.spec.review:
        if not _rule_columns_present(loaded, rule):
            continue
        frame = clean
        for column, allowed in rule.when.items():
            values = [v for v in allowed if v]
            cond = pl.col(column).is_in(values)
            if "" in allowed:
                cond = cond | pl.col(column).is_null()
            frame = frame.filter(cond)
        ident = pl.col("id") if "id" in frame.columns else pl.lit(None, dtype=pl.String)
        if rule.kind == "next":
            due = pl.col(rule.due or "")
            flagged = frame.filter(due.is_null() | (due < as_of)).select(ROW, ident.alias("_id"), due.alias("_due"))
            for row, ident_value, due_value in capped(flagged, loaded.spec.name, f"late {rule.what}", WARNING, out).iter_rows():
                out.append(_next_finding(loaded, rule, row, ident_value, due_value))
            continue
        base = pl.col(rule.last or "")
        if rule.base:
            base = pl.coalesce(base, pl.col(rule.base))
        if rule.interval:
            months = pl.col(rule.interval).fill_null(REVIEW_FALLBACK_MONTHS)
        else:
            months = pl.lit(int(fields.get(rule.interval_field or "") or REVIEW_FALLBACK_MONTHS))
        last_col = loaded.spec.column(rule.last or "")
        future = frame.filter(pl.col(rule.last or "") > as_of).select(ROW, ident.alias("_id"), pl.col(rule.last or ""))
        for row, ident_value, day in capped(future, loaded.spec.name, "date after the as-of date", WARNING, out,
                                          many="dates after the as-of date").iter_rows():
            out.append(Finding(WARNING, "date-in-future", loaded.spec.name, loaded.cell(last_col.name, row), row,
                               last_col.header, day.isoformat(),
                               f"{last_col.header} of {ident_value or f'row {row}'} is {day.isoformat()}, after the as-of date {as_of.isoformat()}",
                               "a review that has not happened yet does not count; check the date"))
        due = base.dt.offset_by(pl.format("{}mo", months.cast(pl.Int64)))
        flagged = frame.filter(base.is_null() | (due < as_of)).select(
            ROW, ident.alias("_id"), base.alias("_base"), due.alias("_due"), months.alias("_m")
        )
        for row, ident_value, base_value, due_value, m in capped(flagged, loaded.spec.name, f"late {rule.what}", WARNING, out).iter_rows():
            out.append(_interval_finding(loaded, rule, row, ident_value, base_value, due_value, m))
    return out


def agreement_signatures(loaded: LoadedSheet, clean: pl.DataFrame, as_of: dt.date) -> list[Finding]:
    """Active agreements with no signing date on or before the as-of date: assess (D5,
    spec.rules.agreement_in_force) does not count them in force, so they cover nothing."""
    import polars as pl

    if not {"status", "signed_on"} <= set(loaded.columns):
        return []  # a missing column is reported on its own
    col = loaded.spec.column("signed_on")
    raw = dict(loaded.frame.select(ROW, "signed_on").iter_rows())
    present = [c for c in ("id", "type", "sla_kind") if c in clean.columns]
    active = clean.filter(pl.col("status") == AGREEMENT_ACTIVE).select(ROW, "signed_on", *present)
    out: list[Finding] = []
    for rec in active.iter_rows(named=True):
        signed = rec["signed_on"]
        if agreement_signed(signed, as_of):
            continue
        row, label = rec[ROW], rec.get("id") or f"The agreement in row {rec[ROW]}"
        if signed is not None:
            what, hint = (f"its {col.header} date {signed.isoformat()} is after the as-of date {as_of.isoformat()}, "
                          "so it does not count as in force yet", "correct the date if it is a typing error")
        else:
            what = (f"its {col.header} cell {quote(raw[row])} is not a date" if raw.get(row) is not None
                    else f"has no {col.header} date") + ", so it does not count as in force and covers nothing"
            default = rec.get("type") == "SLA" and rec.get("sla_kind") == "default"
            hint = ("enter the day it was approved and published" if default else "enter the date it was signed")
            hint += ", or set its status to draft until it is signed"
        out.append(Finding(WARNING, "agreement-not-signed", loaded.spec.name, loaded.cell(col.name, row), row,
                           col.header, raw.get(row), f"{label} is active but {what}", hint))
    return out


TERMS = "Agreement Terms"


def agreement_terms(sheets: dict[str, LoadedSheet], clean: dict[str, pl.DataFrame], as_of: dt.date) -> list[Finding]:
    """One warning per agreement in force (D5) that is not complete: a required section its Agreement
    Terms rows hold is blank or a placeholder (spec.rules.agreement_complete, which assess applies
    too, so such an agreement counts as not in force). The warning sits at the first such text cell
    and names every one."""
    terms = sheets.get(TERMS)
    if terms is None or TERMS not in clean or "Agreements" not in clean:
        return []  # a missing sheet is reported on its own; nothing to judge here
    if not {"section", "text"} <= set(terms.columns):
        return []  # a missing column is reported on its own: its cells cannot be read
    in_force = {
        str(a["id"]).strip().lower(): str(a["id"]).strip()
        for a in clean["Agreements"].iter_rows(named=True)
        if a["id"] and agreement_in_force(a["status"], a["signed_on"], a["valid_from"], a["valid_until"], as_of)
    }
    raw = dict(terms.frame.select(ROW, "text").iter_rows())
    rows: dict[str, list[tuple[int, Any, Any]]] = {}
    for rec in clean[TERMS].iter_rows(named=True):
        agreement = rec["agreement"]
        if isinstance(agreement, str) and agreement.strip().lower() in in_force:
            rows.setdefault(agreement.strip().lower(), []).append((rec[ROW], rec["section"], rec["text"]))
    out: list[Finding] = []
    for k, recs in rows.items():
        bad = [recs[i] for i in unagreed_sections((section, text) for _row, section, text in recs)]
        if bad:
            out.append(_incomplete_finding(terms, in_force[k], [(row, section, raw.get(row)) for row, section, _t in bad]))
    return out


def _incomplete_finding(terms: LoadedSheet, agreement: str, bad: list[tuple[int, str, Any]]) -> Finding:
    def says(value: Any) -> str:
        return f"says {quote(value)}" if value is not None and str(value).strip() else "is blank"

    row, section, value = bad[0]
    if len(bad) == 1:
        what, them = f"its {quote(section)} section {says(value)}", "it"
    else:
        parts = [f"{quote(s)} {says(v)} ({terms.cell('text', r)})" for r, s, v in bad]
        what, them = f"{len(bad)} of its sections are not agreed: {join_words(parts)}", "them"
    return Finding(WARNING, "agreement-incomplete", terms.spec.name, terms.cell("text", row), row,
                   terms.spec.column("text").header, value, f"{agreement} is in force but {what}",
                   f"agree {them} or mark the agreement draft; until then the assessment does not count it in force")


def _rule_columns_present(loaded: LoadedSheet, rule: ReviewRule) -> bool:
    needed = [c for c in (rule.last, rule.due) if c]
    return all(c in loaded.columns for c in needed)


def _next_finding(loaded: LoadedSheet, rule: ReviewRule, row: int, ident: str | None, due: dt.date | None) -> Finding:
    col = loaded.spec.column(rule.due or "")
    label = ident or f"row {row}"
    if due is None:
        return Finding(WARNING, "review-not-planned", loaded.spec.name, loaded.cell(col.name, row), row, col.header, None,
                       f"{label} has no {col.header.lower()} date", f"plan the next {rule.what}")
    return Finding(WARNING, "review-overdue", loaded.spec.name, loaded.cell(col.name, row), row, col.header,
                   due.isoformat(), f"{upper_first(rule.what)} of {label} was due on {due.isoformat()}",
                   f"hold the {rule.what} and record the new date")


def _interval_finding(loaded: LoadedSheet, rule: ReviewRule, row: int, ident: str | None, base: dt.date | None,
                      due: dt.date | None, months: int) -> Finding:
    col = loaded.spec.column(rule.last or "")
    label = ident or f"row {row}"
    if base is None or due is None:
        return Finding(WARNING, "review-missing", loaded.spec.name, loaded.cell(col.name, row), row, col.header,
                       None, f"No {rule.what} is recorded for {label}", f"hold {with_article(rule.what)} and enter its date")
    return Finding(WARNING, "review-overdue", loaded.spec.name, loaded.cell(col.name, row), row, col.header,
                   base.isoformat(),
                   f"{upper_first(rule.what)} of {label} is overdue: last {base.isoformat()}, due {due.isoformat()} (every {count(months, 'month')})",
                   f"hold the {rule.what} and record its date")


def organisation(loaded: LoadedSheet, contract: Contract, keys: dict[str, set[str]]) -> list[Finding]:
    """Check the Organisation field/value sheet: unknown fields, types, references."""
    from fitsm_audit.workbook.clean import field_rows, parse_value

    spec = loaded.spec
    out: list[Finding] = []
    seen: set[str] = set()
    for row, name, col, raw in field_rows(loaded):
        if col is None:
            out.append(Finding(WARNING, "unknown-field", spec.name, loaded.cell("field", row), row, "Field", name,
                               f"{quote(name)} is not a known Organisation field", "its value is ignored"))
            continue
        seen.add(col.name)
        if raw is None:
            if col.required:
                out.append(_field_finding(loaded, col, row, raw, "missing-value"))
            continue
        parsed = parse_value(col, contract, raw)
        if parsed is None:
            code = {"int": "invalid-integer", "date": "invalid-date"}.get(col.type, "invalid-value")
            if col.type == "int" and is_number(raw, whole=True):
                code = "out-of-range"
            out.append(_field_finding(loaded, col, row, raw, code))
        elif col.type == "ref" and "People" in keys and str(parsed).lower() not in keys["People"]:
            out.append(Finding(ERROR, "dangling-reference", spec.name, loaded.cell("value", row), row, "Value", raw,
                               f"{quote(raw)} ({col.name.replace('_', ' ')}) does not match any ID on People",
                               "add the person to People or correct the ID"))
    for col in spec.fields:
        if col.required and col.name not in seen:
            out.append(Finding(ERROR, "missing-field", spec.name, loaded.cell("field", loaded.header_row), None, "Field",
                               None, f"The field {col.name!r} is missing", f"add a row {col.name}: {col.help}"))
    return out


def _field_finding(loaded: LoadedSheet, col: Column, row: int, raw: Any, code: str) -> Finding:
    f = cell_finding(loaded, col, row, raw, code)
    return Finding(f.severity, f.code, f.sheet, loaded.cell("value", row), row, "Value", raw,
                   f.message.replace(f"({col.header.lower()})", f"({col.name.replace('_', ' ')})"), f.hint)


def assessment_ids(loaded: LoadedSheet) -> list[Finding]:
    """Self-assessment rows whose requirement ID belongs to no FitSM-1 edition (their claim is lost)."""
    from fitsm_audit.spec.catalogue import EDITIONS, load_catalogue

    known = {r.id.lower() for e in EDITIONS for r in load_catalogue(e).requirements}
    if "requirement" not in loaded.columns:
        return []
    out: list[Finding] = []
    col = loaded.spec.column("requirement")
    for row, value in loaded.frame.select(ROW, "requirement").drop_nulls("requirement").iter_rows():
        if str(value).strip().lower() not in known:
            out.append(Finding(WARNING, "unknown-requirement", loaded.spec.name, loaded.cell("requirement", row), row,
                               col.header, value, f"{quote(value)} is not a FitSM-1 requirement ID",
                               "use an ID like GR1.1 or PR2.3 (fitsm-audit requirements lists them); this row is ignored"))
    return out


def sheet_presence(loaded: dict[str, LoadedSheet], contract: Contract,
                   lookalikes: dict[str, tuple[str, str]] | None = None) -> list[Finding]:
    """Missing sheets of the areas that were provided; empty registers.

    ``lookalikes`` maps a contract sheet to an unknown sheet (title, file) whose name is close to
    it, so the missing sheet's hint can point at it.
    """
    lookalikes = lookalikes or {}
    area_file: dict[str, str] = {}
    for ls in loaded.values():
        area_file.setdefault(ls.spec.workbook, ls.source)
    out: list[Finding] = []
    for sheet in contract.sheets:
        if (sheet.workbook in area_file or sheet.name in lookalikes) and sheet.name not in loaded:
            if sheet.name in lookalikes:
                title, _path = lookalikes[sheet.name]
                hint = f"The sheet {quote(title)} may be it: rename it to {quote(sheet.name)}."
            else:
                hint = "Add it from a blank workbook (fitsm-audit init)."
            if sheet.since > 1 and sheet.name not in lookalikes:  # new in a later contract: older workbooks lack it
                out.append(Finding(WARNING, "missing-new-sheet", sheet.name, None, None, None, None,
                                   f"The {sheet.name} sheet (added in version {sheet.since} of the workbook contract) is "
                                   f"missing from the {sheet.workbook} workbook, so its register counts as empty",
                                   f"Add it with fitsm-audit init --upgrade (or copy it from a blank workbook) to record {lower_first(sheet.help)}",
                                   area_file[sheet.workbook]))
                continue
            out.append(Finding(ERROR, "missing-sheet", sheet.name, None, None, None, None,
                               f"The {sheet.name} sheet is missing from the {sheet.workbook} workbook", hint,
                               lookalikes[sheet.name][1] if sheet.name in lookalikes else area_file[sheet.workbook]))
    out += missing_new_areas(area_file, contract)
    for name, ls in loaded.items():
        if ls.spec.kind != "fields" and ls.frame.height == 0 and ls.header_row:
            purpose = lower_first(re.sub(r"\s+", " ", ls.spec.help))
            hint = f"What it records: {purpose}"
            if name in lookalikes:
                hint = sentences(hint, f"The sheet {quote(lookalikes[name][0])} may be it: rename it to {quote(name)}")
            out.append(Finding(WARNING, EMPTY_REGISTER, name, None, None, None, None,
                               f"The {name} register has no rows yet", hint, ls.source))
    return out
