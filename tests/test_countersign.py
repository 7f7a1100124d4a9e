"""Signatures a counterparty accepts: visible in the signing party's block, countersigned in an
incremental update that leaves the first signature valid, time-stamped (PAdES B-T) by a local
in-process time-stamping authority, and listed by verify with role and level."""

from __future__ import annotations

import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pikepdf
import pytest
from test_documents_cli import run
from test_documents_data import ROOT
from test_render_sign import PASSWORD, make_pkcs12

from fitsm_audit.render.sign import load_signer, sign_pdf, verify_pdf
from fitsm_audit.render.sign_place import place_for

SLA = (ROOT / "samples" / "pizza-delivery-documents" / "SLA-003.pdf").read_bytes()


def _tsa(folder: Path):  # noqa: ANN202
    """A time-stamping authority: a self-signed certificate for time stamping and its key."""
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA: RSA
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(der_key),
    )


@pytest.fixture(scope="module")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    make_pkcs12(folder, "Provider Signer")
    make_pkcs12(folder, "Customer Signer")
    return folder


def _signer(folder: Path, who: str):  # noqa: ANN202
    return load_signer(folder / f"{who.replace(' ', '-')}.p12", PASSWORD)


def _widgets(data: bytes) -> dict[str, tuple[int, list[float]]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = {}
        for index, page in enumerate(pdf.pages):
            for annot in page.get("/Annots") or []:
                if annot.get("/FT") == "/Sig" or annot.get("/Parent", {}).get("/FT") == "/Sig":
                    out[str(annot.get("/T"))] = (index, [float(v) for v in annot.Rect])
        return out


def test_a_countersignature_keeps_the_first_valid_and_each_sits_in_its_block(keys_dir, tmp_path) -> None:
    first = sign_pdf(SLA, _signer(keys_dir, "Provider Signer"), reason="provider", role="provider")
    both = sign_pdf(first, _signer(keys_dir, "Customer Signer"), reason="customer", role="customer")
    path = tmp_path / "both.pdf"
    path.write_bytes(both)
    result = verify_pdf(path)
    assert result.ok, [s.problems for s in result.signatures]
    assert [(s.signer, s.role, s.level) for s in result.signatures] == [
        ("Provider Signer", "provider", "B-B"), ("Customer Signer", "customer", "B-B"),
    ]  # fmt: skip
    widgets = _widgets(both)
    for role in ("provider", "customer"):
        place = place_for(SLA, role)
        page, rect = widgets[f"Signature-{role}"]
        assert place.in_block and page == place.page
        assert rect == pytest.approx([round(v) for v in place.box], abs=1)
    assert widgets["Signature-provider"][1][2] < widgets["Signature-customer"][1][0]  # side by side


def test_an_alteration_after_countersigning_is_caught(keys_dir, tmp_path) -> None:
    first = sign_pdf(SLA, _signer(keys_dir, "Provider Signer"), reason="p", role="provider")
    both = sign_pdf(first, _signer(keys_dir, "Customer Signer"), reason="c", role="customer")
    with pikepdf.open(io.BytesIO(both)) as pdf:  # a rewritten file: a new page text, no new signature
        pdf.pages[0].Contents.write(b"BT /F1 12 Tf 72 72 Td (changed) Tj ET")
        out = io.BytesIO()
        pdf.save(out)
    path = tmp_path / "altered.pdf"
    path.write_bytes(out.getvalue())
    assert not verify_pdf(path).ok


def test_a_time_stamp_makes_the_signature_b_t(keys_dir, tmp_path) -> None:
    stamped = sign_pdf(SLA, _signer(keys_dir, "Provider Signer"), reason="p", role="provider",
                       timestamper=_tsa(tmp_path))  # fmt: skip
    path = tmp_path / "stamped.pdf"
    path.write_bytes(stamped)
    result = verify_pdf(path)
    assert result.ok and result.signatures[0].level == "B-T"


class _TsaHandler(BaseHTTPRequestHandler):
    stamper = None

    def do_POST(self) -> None:  # noqa: N802 - the http.server interface
        from asn1crypto import tsp

        body = self.rfile.read(int(self.headers["Content-Length"]))
        answer = type(self).stamper.request_tsa_response(tsp.TimeStampReq.load(body))
        data = answer.dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:  # quiet
        pass


def test_the_sign_command_countersigns_with_a_local_tsa_and_verify_lists_both(
    keys_dir, tmp_path, capsys, monkeypatch
) -> None:
    _TsaHandler.stamper = _tsa(tmp_path)
    server = HTTPServer(("127.0.0.1", 0), _TsaHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/tsa"
    try:
        monkeypatch.setenv("FITSM_TEST_PASS", PASSWORD)
        first = tmp_path / "SLA-003.pdf"
        first.write_bytes(sign_pdf(SLA, _signer(keys_dir, "Provider Signer"), reason="p"))
        before = first.read_bytes()
        key = str(keys_dir / "Customer-Signer.p12")
        code, out, err = run(["sign", str(first), "--sign-key", key, "--sign-pass-env",
                              "FITSM_TEST_PASS", "--as", "customer", "--tsa-url", url], capsys)  # fmt: skip
        assert code == 0, err
        signed = tmp_path / "SLA-003-signed-customer.pdf"
        assert f"wrote {signed}" in out and first.read_bytes() == before  # the input is untouched
        code, out, err = run(["verify", str(signed)], capsys)
        assert code == 0, out + err
        assert "Provider Signer (for the provider)" in out and "Customer Signer (for the customer)" in out
        assert out.count("level:     PAdES B-B") == 1 and out.count("level:     PAdES B-T") == 1
        code, _, err = run(["sign", str(first), "--sign-key", key, "--sign-pass-env",
                            "FITSM_TEST_PASS", "--as", "customer"], capsys)  # fmt: skip
        assert code == 2 and "already exists" in err  # never overwrites without --force
    finally:
        server.shutdown()
