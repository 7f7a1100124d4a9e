"""PAdES signing and verification with a throwaway certificate made here (no network)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_render_html_pdf import small_document

from fitsm_audit.cli import cli
from fitsm_audit.cli.base import run_guarded
from fitsm_audit.render import render
from fitsm_audit.render.sign import SigningError, load_signer, sign_pdf, verify_pdf

PASSWORD = "correct horse"


def make_pkcs12(folder: Path, name: str = "Test Signer") -> tuple[Path, Path]:
    """A self-signed certificate and key as PKCS#12, plus the certificate as PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    p12 = folder / f"{name.replace(' ', '-')}.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"key", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())
        )
    )
    pem = folder / f"{name.replace(' ', '-')}.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("sign")
    p12, pem = make_pkcs12(folder)
    pdf = render(small_document(), ["pdf"])["pdf"]
    path = folder / "signed.pdf"
    path.write_bytes(sign_pdf(pdf, load_signer(p12, PASSWORD), reason="test"))
    return path, p12, pem


def test_signature_verifies_with_signer_and_time(signed) -> None:
    path, _, pem = signed
    result = verify_pdf(path)
    assert result.ok and len(result.signatures) == 1
    sig = result.signatures[0]
    assert sig.signer == "Test Signer" and sig.intact and sig.valid and sig.trusted is None
    assert sig.signed_at is not None
    assert abs(sig.signed_at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(hours=1)
    assert verify_pdf(path, [pem.read_bytes()]).signatures[0].trusted is True


def test_one_changed_byte_breaks_the_signature(signed, tmp_path: Path) -> None:
    path, _, _ = signed
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    result = verify_pdf(altered)
    assert not result.ok


def test_another_certificate_is_not_trusted(signed, tmp_path: Path) -> None:
    path, _, _ = signed
    _, other = make_pkcs12(tmp_path, "Someone Else")
    result = verify_pdf(path, [other.read_bytes()])
    assert not result.ok and result.signatures[0].trusted is False


def test_unsigned_pdf_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(render(small_document(), ["pdf"])["pdf"])
    result = verify_pdf(path)
    assert not result.ok and result.error == "the PDF has no signature"


def test_wrong_password_is_a_clear_error(signed) -> None:
    _, p12, _ = signed
    with pytest.raises(SigningError, match="wrong password"):
        load_signer(p12, "nope")


def test_verify_command_exit_codes(signed, tmp_path: Path, capsys) -> None:
    path, _, pem = signed
    assert run_guarded(cli, ["verify", str(path), "--trust", str(pem)]) == 0
    out = capsys.readouterr().out
    assert "signature valid" in out and "Test Signer" in out and "trusted" in out
    data = bytearray(path.read_bytes())
    data[1000] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    assert run_guarded(cli, ["verify", str(bad)]) == 1
    assert "NOT VALID" in capsys.readouterr().out
    assert run_guarded(cli, ["verify", str(tmp_path / "missing.pdf")]) == 2
