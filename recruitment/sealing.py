"""The institution's electronic seal on the PDFs the portal issues, and the signatures of the PDFs
applicants send (pyHanko).

Sealing: a PAdES signature (`ETSI.CAdES.detached`) with the key and certificate of a PKCS#12
file (`RECEIPT_SEAL_P12`, its password in `RECEIPT_SEAL_PASSWORD`), with an RFC 3161 time stamp
when `RECEIPT_SEAL_TSA_URL` names a time-stamping authority (when it does not answer, the seal
carries the signing time of this server and the log says why). Under the development settings
`make run` makes a self-signed demonstration seal (`create_demo_seal`), which every document it
seals says it is; the production settings never make one: without a configured seal the portal
issues unsealed documents and `manage.py check --deploy` warns (recruitment.checks).

Signatures of attachments: who signed, when, whether the file is intact since, and whether the
signer's certificate chains to one of `SIGNATURE_TRUST_ROOTS` (certificate files; none are
shipped, so without them the answer is "not checked against a trust list"). Nothing is fetched
from the network (no revocation checks): the answer is about the file itself.
"""

import datetime
import hashlib
import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
# pyHanko imports cryptography's DSA support, which cryptography deprecates; no seal here is DSA.
warnings.filterwarnings("ignore", message="DSA is deprecated")

FIELD_NAME = "PieczecKooperacje3D"
DEMO = "demo"
INSTITUTION = "institution"
UNSEALED = ""


class SealError(Exception):
    """The configured seal cannot be used (a missing file, a wrong password)."""


@dataclass(frozen=True)
class SealState:
    """What the document about to be rendered will carry: its text says so."""

    kind: str  # DEMO, INSTITUTION or UNSEALED
    subject: str = ""

    @property
    def is_demo(self):
        return self.kind == DEMO

    @property
    def is_sealed(self):
        return self.kind != UNSEALED


def _signer():
    """(pyHanko signer, kind) of the configured seal, or (None, UNSEALED)."""
    path = getattr(settings, "RECEIPT_SEAL_P12", "")
    if not path:
        return None, UNSEALED
    from pyhanko.sign import signers

    path = Path(path)
    if not path.is_file():
        raise SealError(f"RECEIPT_SEAL_P12 names no file: {path}")
    password = getattr(settings, "RECEIPT_SEAL_PASSWORD", "") or None
    signer = signers.SimpleSigner.load_pkcs12(
        str(path), passphrase=password.encode("utf-8") if password else None
    )
    if signer is None:
        raise SealError(f"RECEIPT_SEAL_P12 cannot be opened (wrong password?): {path}")
    kind = DEMO if getattr(settings, "RECEIPT_SEAL_DEMO", False) else INSTITUTION
    return signer, kind


def seal_state():
    """The seal the next document gets; an unusable seal is logged and the document unsealed."""
    try:
        signer, kind = _signer()
    except SealError:
        logger.exception("The seal is configured but cannot be used; issuing unsealed documents")
        return SealState(UNSEALED)
    if signer is None:
        return SealState(UNSEALED)
    return SealState(kind, signer.signing_cert.subject.human_friendly)


@dataclass(frozen=True)
class Sealed:
    pdf: bytes
    kind: str = UNSEALED
    subject: str = ""
    timestamped: bool = False


def seal(pdf, *, reason):
    """The PDF with the institution's seal (an incremental update of `pdf`), or `pdf` unchanged
    when no seal is configured or it cannot be used (logged)."""
    try:
        signer, kind = _signer()
    except SealError:
        logger.exception("The seal is configured but cannot be used; the document stays unsealed")
        return Sealed(pdf)
    if signer is None:
        return Sealed(pdf)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=getattr(settings, "RECEIPT_SEAL_LOCATION", "Polska"),
    )
    subject = signer.signing_cert.subject.human_friendly

    def sign(timestamper=None):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        output = signers.sign_pdf(writer, metadata, signer=signer, timestamper=timestamper)
        return output.getvalue()

    url = getattr(settings, "RECEIPT_SEAL_TSA_URL", "")
    if url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        try:
            timestamper = HTTPTimeStamper(url, timeout=settings.RECEIPT_SEAL_TSA_TIMEOUT)
            return Sealed(sign(timestamper), kind, subject, timestamped=True)
        except Exception:
            # The time-stamping authority did not answer: the seal still goes on, with this
            # server's signing time, and the operator learns why from the log.
            logger.exception("Time-stamping authority %s failed; sealing without a time stamp", url)
    return Sealed(sign(), kind, subject)


def create_demo_seal(path, password):
    """A self-signed demonstration seal (PKCS#12) at `path`, for development only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kooperacje 3D (demonstracja)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Pieczęć demonstracyjna portalu Kooperacje 3D"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=5 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"kooperacje3d-demo",
        key,
        certificate,
        None,
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
    return path


# --- signatures of the PDFs applicants send ---------------------------------------------------------


@dataclass(frozen=True)
class SignatureReport:
    signer: str
    signed_at: datetime.datetime | None
    intact: bool
    # True / False when checked against SIGNATURE_TRUST_ROOTS, None when no trust list is set.
    trusted: bool | None
    timestamped: bool = False

    @property
    def trust_text(self):
        if self.trusted is None:
            return _("nie sprawdzono względem listy zaufanych")
        if self.trusted:
            return _("certyfikat z zaufanej listy")
        return _("certyfikat spoza zaufanej listy")


@dataclass(frozen=True)
class SignatureCheck:
    signatures: tuple = ()
    error: str = ""  # why the signatures could not be read


def _trust_roots():
    from asn1crypto import pem, x509

    roots = []
    for name in getattr(settings, "SIGNATURE_TRUST_ROOTS", []):
        data = Path(name).read_bytes()
        if pem.detect(data):
            roots += [
                x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)
            ]
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def _check(data):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = _trust_roots()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    reports = []
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
        cert = status.signing_cert
        name = cert.subject.native.get("common_name") or cert.subject.human_friendly
        signed_at = status.timestamp_validity.timestamp if status.timestamp_validity else None
        reports.append(
            SignatureReport(
                signer=name,
                signed_at=signed_at or status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted) if roots else None,
                timestamped=signed_at is not None,
            )
        )
    return SignatureCheck(tuple(reports))


def check_signatures(data):
    """The signatures a PDF carries, each checked; cached by the file's SHA-256 (and the trust
    list), as a stored file never changes. A file that cannot be read gets a reason, not an error."""
    digest = hashlib.sha256(data).hexdigest()
    roots_key = hashlib.sha256(
        "|".join(getattr(settings, "SIGNATURE_TRUST_ROOTS", [])).encode()
    ).hexdigest()[:12]
    key = f"k3d:signatures:{digest}:{roots_key}"
    found = cache.get(key)
    if found is not None:
        return found
    if not data.startswith(b"%PDF-"):
        return SignatureCheck()
    from documents import isolation

    # A hostile PDF can exhaust only a forked child held to these limits (documents/isolation.py).
    _load_validator()
    outcome = isolation.call(
        _check_as_json, (data,), timeout=SIGNATURE_CHECK_SECONDS, memory=SIGNATURE_CHECK_MEMORY
    )
    if outcome.kind == "done":
        found = SignatureCheck(
            tuple(
                SignatureReport(
                    signer=item["signer"],
                    signed_at=datetime.datetime.fromisoformat(item["signed_at"])
                    if item["signed_at"]
                    else None,
                    intact=item["intact"],
                    trusted=item["trusted"],
                    timestamped=item["timestamped"],
                )
                for item in outcome.value
            )
        )
    else:  # a damaged or hostile PDF: say so, never fail the page
        logger.warning("Signatures of a PDF (%s) could not be read: %s", digest, outcome)
        found = SignatureCheck(error=_("Nie udało się odczytać podpisów tego pliku."))
    cache.set(key, found, 24 * 3600)
    return found


SIGNATURE_CHECK_SECONDS = 10
SIGNATURE_CHECK_MEMORY = 512 * 1024 * 1024


def _load_validator():
    """Import pyHanko's reader and validator in the worker, so that each child has them."""
    import pyhanko.pdf_utils.reader  # noqa: F401
    import pyhanko.sign.validation  # noqa: F401
    import pyhanko_certvalidator  # noqa: F401


def _check_as_json(data):  # runs in the child of documents.isolation
    return [
        {
            "signer": report.signer,
            "signed_at": report.signed_at.isoformat() if report.signed_at else None,
            "intact": report.intact,
            "trusted": report.trusted,
            "timestamped": report.timestamped,
        }
        for report in _check(data).signatures
    ]
