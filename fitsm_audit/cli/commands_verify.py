"""The verify command: signer, time and integrity of signed PDFs."""

from __future__ import annotations

import click

from fitsm_audit.cli.base import exit_with


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE.pdf...")
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="CERT",
    help="Certificate (PEM or DER) to trust as the signer or its issuer; "
    "repeatable. Without it, trust is not checked.",
)
def verify(files: tuple[str, ...], trust: tuple[str, ...]) -> None:
    """Verify the digital signatures of PDFs: every signature with its signer and role, signing
    time, PAdES level (B-B, or B-T when time-stamped), integrity and trust.

    Exit status: 0 every signature is intact and valid (and trusted, with --trust); 1 a PDF is
    unsigned, altered, its signature invalid or untrusted; 2 a file is missing, not a PDF, or too
    damaged to read. A later signature (a countersignature) does not break an earlier one.
    """
    from fitsm_audit.core.findings import printable
    from fitsm_audit.render.sign import UnreadablePdfError, check_pdf_file, load_trust, verify_pdf

    for f in files:  # every file is screened before any is verified: a typo costs nothing
        check_pdf_file(f)
    anchors = load_trust(trust)
    ok = True
    unreadable = False
    for path in files:
        try:
            res = verify_pdf(path, anchors)
        except UnreadablePdfError as exc:  # one line on stderr; the other files are still verified
            click.echo(f"fitsm-audit: {exc}", err=True)
            unreadable = True
            continue
        ok = ok and res.ok
        click.echo(f"{printable(path)}: {'signature valid' if res.ok else 'NOT VALID'}")
        if res.error:
            click.echo(f"  {printable(res.error)}")
        for sig in res.signatures:
            when = (
                sig.signed_at.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
                if sig.signed_at
                else "unknown"
            )
            click.echo(f"  signer:    {printable(sig.signer)} (for the {printable(sig.role)})")
            click.echo(f"  signed at: {when}" + (" (time-stamped)" if sig.level == "B-T" else ""))
            click.echo(f"  level:     PAdES {sig.level}")
            click.echo(
                "  integrity: "
                + ("intact" if sig.intact and sig.valid else "BROKEN")
                + ("" if sig.covers_whole_file else "; changed after signing")
            )
            click.echo(
                "  trust:     "
                + {None: "not checked (use --trust CERT)", True: "trusted", False: "NOT trusted"}[
                    sig.trusted
                ]
            )
            for problem in sig.problems:
                click.echo(f"  problem:   {printable(problem)}")
    exit_with(2 if unreadable else 0 if ok else 1)


COMMANDS = [verify]
