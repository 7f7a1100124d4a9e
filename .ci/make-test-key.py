"""A throwaway self-signed PKCS#12 key (password "ci") for CI's signing smoke test."""

import datetime as dt
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CI Signer")])
now = dt.datetime.now(dt.timezone.utc)
cert = (
    x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
    .sign(key, hashes.SHA256())
)
with open(sys.argv[1], "wb") as out:
    out.write(pkcs12.serialize_key_and_certificates(
        b"ci", key, cert, None, serialization.BestAvailableEncryption(b"ci")))
