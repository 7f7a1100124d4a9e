"""`fitsm-audit init` (write blank standard workbooks) and `fitsm-audit columns` (column reference)."""

from __future__ import annotations

import click


@click.command()
@click.argument("path", type=click.Path(dir_okay=True, file_okay=True), required=False)
@click.option("--split", is_flag=True, help="Write one workbook per area into the folder PATH.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option(
    "--edition",
    type=click.Choice(["2", "3"]),
    default="2",
    show_default=True,
    help="FitSM-1 edition whose requirements pre-fill the Assessment sheet.",
)
@click.option(
    "--upgrade",
    "old",
    metavar="OLD.xlsx",
    type=click.Path(dir_okay=False),
    help="Write a copy of OLD.xlsx (made under an earlier contract) with the new sheets and columns "
    "added and every value kept, to -o NEW.xlsx. OLD.xlsx is never modified.",
)
@click.option("-o", "--output", "out", metavar="NEW.xlsx", help="The upgraded copy (with --upgrade).")
def init(path: str | None, split: bool, force: bool, edition: str, old: str | None, out: str | None) -> None:
    """Write the blank standard FitSM workbook to PATH (a .xlsx file), or with --split the area
    workbooks (one per register area) into the folder PATH. Existing files are kept unless --force
    is given. With --upgrade OLD.xlsx -o NEW.xlsx: bring a workbook made before up to date."""
    from fitsm_audit.core.errors import UsageError

    if old is not None:
        _upgrade(old, out or path, force, edition, split)
        return
    if path is None:
        raise UsageError("give the file (or with --split the folder) to write: fitsm-audit init my-sms.xlsx")
    from fitsm_audit.template.build import write_templates

    written = write_templates(path, split=split, force=force, edition=edition)
    for written_path in written:
        click.echo(f"wrote {written_path}")
    if split:
        click.echo(
            f"{len(written)} area workbooks; fill them in, then run: fitsm-audit check {path}"
        )
    else:
        click.echo(f"fill it in, then run: fitsm-audit check {path}")


def _upgrade(old: str, out: str | None, force: bool, edition: str, split: bool) -> None:
    from fitsm_audit.cli.base import refuse_input_as_output
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.words import count, join_words
    from fitsm_audit.publish.upgrade import upgrade_workbook

    if split:
        raise UsageError("--upgrade writes one workbook: upgrade each area workbook on its own")
    if not out:
        raise UsageError("--upgrade writes a copy: give it with -o NEW.xlsx")
    refuse_input_as_output(out, [old])
    done = upgrade_workbook(old, out, force=force, edition=edition)
    click.echo(f"wrote {done.path}: {count(done.rows, 'row')} kept", err=True)
    if done.added_sheets:
        click.echo(f"  added {count(len(done.added_sheets), 'sheet')}: {join_words(done.added_sheets)}", err=True)
    for sheet, headers in done.added_columns.items():
        numbered = done.numbered.get(sheet)
        ids = f" (IDs {numbered[0]} to {numbered[1]} given to its rows)" if numbered else ""
        click.echo(f"  {sheet}: added {join_words(headers)}{ids}", err=True)
    if done.kept_sheets:
        click.echo(f"  kept {count(len(done.kept_sheets), 'sheet')} of your own: {join_words(done.kept_sheets)}", err=True)
    if not (done.added_sheets or done.added_columns):
        click.echo("  it already had every sheet and column of this version", err=True)
    click.echo(f"Next: fitsm-audit check {done.path}", err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--sheet", metavar="NAME", help="Only this sheet (name, case-insensitive).")
def columns(fmt: str, sheet: str | None) -> None:
    """Print the reference of every workbook sheet and column: type, whether it is required,
    allowed values, ID pattern or referenced sheets, and help text."""
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.template.columns_doc import (
        column_reference_markdown,
        column_reference_text,
    )

    try:
        text = (
            column_reference_markdown(sheet) if fmt == "markdown" else column_reference_text(sheet)
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    click.echo(text.rstrip("\n"))


COMMANDS = [init, columns]
