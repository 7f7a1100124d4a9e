"""The sign command: add a signature to a PDF, e.g. the customer's to an agreement the provider
signed already (countersigning: the first signature stays valid)."""

from __future__ import annotations

import click

from fitsm_audit.cli.document_options import _signer, timestamper
from fitsm_audit.render.sign_place import ROLES


@click.command()
@click.argument("file", metavar="FILE.pdf")
@click.option("--sign-key", metavar="FILE.p12", required=True, type=click.Path(dir_okay=False),
              help="The PKCS#12 key file of the person who signs.")  # fmt: skip
@click.option("--sign-pass-env", metavar="VAR",
              help="Environment variable holding the key file's password (default: ask for it).")  # fmt: skip
@click.option("--as", "role", type=click.Choice(ROLES), default="customer", show_default=True,
              help="The party signing: the signature goes into that party's signature block.")  # fmt: skip
@click.option("--tsa-url", metavar="URL",
              help="Add an RFC 3161 time-stamp from this time-stamping authority (PAdES B-T).")  # fmt: skip
@click.option("-o", "--output", metavar="OUT.pdf",
              help="Where to write the signed PDF; default: FILE-signed-ROLE.pdf beside FILE.")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite OUT.pdf if it exists.")
def sign(
    file: str, sign_key: str, sign_pass_env: str | None, role: str, tsa_url: str | None,
    output: str | None, force: bool,
) -> None:  # fmt: skip
    """Sign a PDF as one party, in that party's signature block, keeping earlier signatures.

    The input is never changed: the signed PDF is a new file. Check both signatures with
    fitsm-audit verify.
    """
    from pathlib import Path

    from fitsm_audit.core.findings import printable
    from fitsm_audit.core.safe_output import atomic_write
    from fitsm_audit.render.sign import check_pdf_file, sign_pdf, signer_name

    check_pdf_file(file)
    source = Path(file)
    target = Path(output) if output else source.with_name(f"{source.stem}-signed-{role.replace(' ', '-')}.pdf")
    signer = _signer(sign_key, sign_pass_env, ["pdf"])
    stamper = timestamper(tsa_url, signer)
    signed = sign_pdf(source.read_bytes(), signer, reason=f"Signed for the {role}", role=role,
                      timestamper=stamper)  # fmt: skip
    atomic_write(target, signed, force=force)
    click.echo(f"Signed {printable(str(source))} as {role} ({printable(signer_name(signer))}): wrote {printable(str(target))}")


COMMANDS = [sign]
