"""PAdES signatures for the PDFs (pyHanko): sign with a PKCS#12 file, and verify.

Verification checks integrity (the signed bytes are unchanged and the signature matches the
certificate) and reports the signer and the signing time. Trust in the certificate is checked only
against certificates the user names (``trust``), never by fetching anything from the network.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitsm_audit.core.errors import FitsmAuditError

# pyHanko imports cryptography's DSA key class, and cryptography 51 warns about DSA when that
# class is imported. fitsm-audit never signs or verifies with DSA keys differently from any other,
# so the notice would only be noise on the user's terminal.
warnings.filterwarnings("ignore", message="DSA is deprecated", category=Warning)


class SigningError(FitsmAuditError):
    """The key file cannot be used for signing."""


class UnreadablePdfError(FitsmAuditError):
    """A file given to verify is missing, not a PDF, or a PDF too damaged to read."""

    def __init__(self, path: str, problem: str) -> None:
        from fitsm_audit.core.findings import printable

        super().__init__(f"{printable(path)}: {problem}")
        self.path = path
        self.problem = problem


@dataclass
class SignatureReport:
    """What verification found for one signature."""

    field_name: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the signature matches the signer's certificate
    covers_whole_file: bool  # nothing was appended after signing
    trusted: bool | None  # None: no trust anchors were given
    problems: list[str] = field(default_factory=list)
    role: str = "unspecified"  # the party it was given for: provider, customer, supplier ...
    level: str = "B-B"  # PAdES baseline level: B-B, or B-T with a time-stamp token

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.covers_whole_file and self.trusted is not False


@dataclass
class VerifyResult:
    path: str
    signatures: list[SignatureReport]
    error: str | None = None  # the file could not be read as a signed PDF

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.signatures) and all(s.ok for s in self.signatures)


def load_signer(p12_path: str | Path, passphrase: str | None) -> Any:
    """A pyHanko signer from a PKCS#12 (.p12/.pfx) file."""
    from pyhanko.sign import signers

    path = Path(p12_path)
    if not path.is_file():
        raise SigningError(f"{path}: no such key file")
    try:
        with _quiet("pyhanko"):
            signer = signers.SimpleSigner.load_pkcs12(
                pfx_file=str(path), passphrase=passphrase.encode("utf-8") if passphrase else None
            )
    except Exception as exc:  # noqa: BLE001 - pyHanko raises various types for a bad file
        raise SigningError(f"{path}: cannot open the PKCS#12 file ({exc})") from None
    if signer is None:
        raise SigningError(f"{path}: cannot open the PKCS#12 file (wrong password or not PKCS#12)")
    return signer


def signer_name(signer: Any) -> str:
    """The common name (or full subject) of a signer's certificate."""
    subject = signer.signing_cert.subject
    try:
        return str(subject.native.get("common_name") or subject.human_friendly)
    except Exception:  # noqa: BLE001 - unusual subjects: fall back to the readable form
        return str(subject.human_friendly)


def sign_pdf(
    pdf: bytes,
    signer: Any,
    *,
    reason: str,
    location: str = "",
    role: str = "provider",
    timestamper: Any = None,
) -> bytes:
    """The PDF with a PAdES signature appended as an incremental update, visible in the signature
    block of ``role`` (render/sign_place.py): the signer, the role and the time. With a ``timestamper`` (an RFC 3161 time-stamping
    authority) the signature is PAdES B-T, else B-B. A PDF that is signed already keeps its
    signatures: this one is added in its own field (countersigning)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    from fitsm_audit.render.sign_place import place_for
    from fitsm_audit.render.sign_stamp import stamp_style

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    name = _free_field_name(writer, f"Signature-{role.replace(' ', '-')}")
    place = place_for(pdf, role)
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
    )
    out = io.BytesIO()
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamper,
        stamp_style=stamp_style(role),
        new_field_spec=fields.SigFieldSpec(
            name, on_page=place.page, box=tuple(round(v) for v in place.box)  # type: ignore[arg-type]
        ),
    )
    with _quiet("pyhanko", "fontTools"):  # fontTools notes the tables a subset drops
        pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()


def timestamper_for(url: str) -> Any:
    """An RFC 3161 time-stamping client for ``url`` (PAdES B-T); nothing is fetched until a
    signature is made."""
    from pyhanko.sign.timestamps import HTTPTimeStamper

    from fitsm_audit.core.errors import UsageError

    if not url.lower().startswith(("http://", "https://")):
        raise UsageError(f"--tsa-url {url[:80]!r}: give the time-stamping authority's http or https URL")
    return HTTPTimeStamper(url, timeout=30)


def _free_field_name(writer: Any, wanted: str) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {str(name) for name, _value, _ref in enumerate_sig_fields(writer)}
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted}-{n}"
    return name


def load_trust(paths: Iterable[str | Path]) -> list[bytes]:
    """The certificates to trust (``verify --trust``), each read and parsed up front, so a file
    that is not a PEM or DER certificate is a usage error naming it, not a failure later."""
    from fitsm_audit.core.errors import UsageError
    from fitsm_audit.core.findings import printable

    out = []
    for p in paths:
        shown = printable(str(p))
        try:
            data = Path(p).read_bytes()
        except OSError as exc:
            raise UsageError(f"--trust {shown}: cannot be read ({exc.strerror or exc})") from None
        try:
            _certificate(data).native  # noqa: B018 - parses every field (asn1crypto is lazy)
        except Exception:  # noqa: BLE001 - asn1crypto raises several types for non-certificates
            raise UsageError(
                f"--trust {shown}: not a certificate (expected an X.509 certificate as PEM or DER)"
            ) from None
        out.append(data)
    return out


def check_pdf_file(path: str | Path) -> None:
    """Raise UnreadablePdfError when ``path`` is missing, a folder or not a PDF at all (from its
    name and first bytes; nothing is parsed)."""
    from fitsm_audit.core.filekind import identify

    name = str(path)
    if Path(path).is_dir():
        raise UnreadablePdfError(name, "is a folder; give the PDF files to verify")
    if not Path(path).is_file():
        raise UnreadablePdfError(name, "no such file")
    try:
        kind = identify(name)
    except OSError as exc:
        raise UnreadablePdfError(name, f"cannot be read ({exc.strerror or exc})") from None
    if kind.key == "empty":
        raise UnreadablePdfError(name, "the file is empty, not a PDF")
    if kind.key != "pdf":
        raise UnreadablePdfError(name, f"this is {kind.label}, not a PDF")


def verify_pdf(path: str | Path, trust: list[bytes] | None = None) -> VerifyResult:
    """Verify every signature of a PDF file; ``trust`` holds PEM/DER certificates to trust.

    UnreadablePdfError when the file is not a PDF or too damaged (truncated, corrupt) to read;
    a readable PDF without a valid signature is a result that is not ``ok``."""
    check_pdf_file(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadablePdfError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    with _quiet("pyhanko", "pyhanko_certvalidator"):
        return _verify(str(path), data, trust)


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """Silence library loggers that report an untrusted self-signed certificate as a traceback;
    the outcome is in the report instead."""
    loggers = [logging.getLogger(n) for n in names]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved, strict=False):
            lg.setLevel(level)


def _verify(path: str, data: bytes, trust: list[bytes] | None) -> VerifyResult:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged file: one line, never a traceback
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadablePdfError(
            path, f"the PDF is damaged or truncated and cannot be read ({reason})"
        ) from None
    roots = [_certificate(c) for c in trust or []]
    reports = []
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(sig, context)
        except Exception as exc:  # noqa: BLE001 - a mangled signature value
            reports.append(
                SignatureReport(
                    str(sig.field_name),
                    "unknown",
                    None,
                    False,
                    False,
                    False,
                    None,
                    [f"{type(exc).__name__}: {exc}"],
                )
            )
            continue
        reports.append(_report(sig, status, bool(roots)))
    return VerifyResult(path, reports, None if reports else "the PDF has no signature")


def _report(sig: Any, status: Any, trust_given: bool) -> SignatureReport:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cert = status.signing_cert
    try:
        signer = str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except Exception:  # noqa: BLE001
        signer = "unknown"
    when = status.signer_reported_dt or sig.self_reported_timestamp
    stamped = getattr(status, "timestamp_validity", None)
    if stamped is not None and getattr(stamped, "timestamp", None):
        when = stamped.timestamp  # the time-stamping authority's time, not the signer's clock
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or _later_signatures_only(status)
    problems = []
    if not status.intact:
        problems.append("the signed content was changed after signing")
    if not status.valid:
        problems.append("the signature does not match the certificate")
    if not whole:
        problems.append("content other than signatures was added to the file after it was signed")
    trusted = bool(status.trusted) if trust_given else None
    if trusted is False:
        problems.append("the certificate does not chain to a trusted certificate")
    if stamped is not None and not (stamped.intact and stamped.valid):
        problems.append("the time-stamp token does not verify")
    return SignatureReport(
        str(sig.field_name),
        signer,
        when,
        bool(status.intact),
        bool(status.valid),
        whole,
        trusted,
        problems,
        role=_role_of(str(sig.field_name)),
        level="B-T" if stamped is not None else "B-B",
    )


def _later_signatures_only(status: Any) -> bool:
    """A signature followed by revisions that only add signatures (a countersignature) or
    their validation data: pyHanko's difference analysis grades those as form filling."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    level = getattr(status, "modification_level", None)
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and level is not None
        and level <= ModificationLevel.FORM_FILLING
    )


def _role_of(field_name: str) -> str:
    """The party a signature field was made for: ``Signature-customer`` (or ``-2``) -> customer."""
    if not field_name.startswith("Signature-"):
        return "unspecified"
    rest = field_name.removeprefix("Signature-")
    head, _, tail = rest.rpartition("-")
    if head and tail.isdigit():
        rest = head
    return rest.replace("-", " ")


def _certificate(data: bytes) -> Any:
    from asn1crypto import pem, x509

    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)
