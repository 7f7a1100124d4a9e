"""`fitsm-audit init` (write blank standard workbooks) and `fitsm-audit columns` (column reference)."""

from __future__ import annotations

import click


@click.command()
@click.argument("path", type=click.Path(dir_okay=True, file_okay=True))
@click.option("--split", is_flag=True, help="Write one workbook per area into the folder PATH.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option(
    "--edition",
    type=click.Choice(["2", "3"]),
    default="2",
    show_default=True,
    help="FitSM-1 edition whose requirements pre-fill the Assessment sheet.",
)
def init(path: str, split: bool, force: bool, edition: str) -> None:
    """Write the blank standard FitSM workbook to PATH (a .xlsx file), or with --split the area
    workbooks (one per register area) into the folder PATH. Existing files are kept unless --force is given."""
    from fitsm_audit.template.build import write_templates

    written = write_templates(path, split=split, force=force, edition=edition)
    for out in written:
        click.echo(f"wrote {out}")
    if split:
        click.echo(
            f"{len(written)} area workbooks; fill them in, then run: fitsm-audit check {path}"
        )
    else:
        click.echo(f"fill it in, then run: fitsm-audit check {path}")


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
