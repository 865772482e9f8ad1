"""Operators see who signed a PDF attachment, when, and whether it is intact since, checked with
pyHanko; with a trust list configured, whether the signer's certificate is on it."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter

from documents.generation import pdf_bytes
from portal.accounts import ensure_role_groups
from recruitment.models import ApplicationAttachment, ApplicationVersion
from recruitment.sealing import create_demo_seal
from tests.recruitment.test_operator_views import add_version, admin_url, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client, operator):
    ensure_role_groups()
    client.force_login(operator)
    return client


@pytest.fixture
def signer_files(tmp_path):
    """A signer's key and certificate, as a JST's qualified signature would bring them."""
    path = create_demo_seal(tmp_path / "podpis.p12", "haslo")
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=b"haslo")
    pem = tmp_path / "zaufany.pem"
    from asn1crypto import pem as pem_codec

    pem.write_bytes(pem_codec.armor("CERTIFICATE", signer.signing_cert.dump()))
    return signer, pem


def _signed(signer):
    data = pdf_bytes("Formularz zgłoszeniowy – podpisany", ("Podpisano kwalifikowanym podpisem.",))
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    metadata = signers.PdfSignatureMetadata(field_name="Podpis", subfilter=SigSeedSubFilter.PADES)
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def _attach(application, name, data, applicant):
    attachment = ApplicationAttachment(
        application=application,
        kind="signed_form",
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_type="application/pdf",
        uploaded_by=applicant,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _signature_cells(page):
    soup = BeautifulSoup(page, "html.parser")
    table = next(t for t in soup.find_all("table") if "Pliki tej wersji" in t.get_text())
    return {
        row.find_all("td")[0].get_text(" ", strip=True).replace(" (pobierz)", ""): " ".join(
            row.find_all("td")[-1].get_text(" ", strip=True).split()
        ).replace(" ,", ",")
        for row in table.find("tbody").find_all("tr")
    }


def test_the_operator_sees_the_signer_the_time_and_whether_the_file_is_intact(
    operator_client, open_call, applicant, signer_files, settings
):
    signer, pem = signer_files
    signed = _signed(signer)
    tampered = bytearray(signed)
    tampered[signed.index(b"stream") + 12] ^= 0x01  # one byte of the signed page content
    application = submitted_application(open_call)
    files = [
        _attach(application, "formularz.pdf", signed, applicant),
        _attach(application, "zmieniony.pdf", bytes(tampered), applicant),
        _attach(
            application, "bez-podpisu.pdf", pdf_bytes("Pełnomocnictwo", ("Tekst.",)), applicant
        ),
    ]
    add_version(application, 2, attachments=files)
    ApplicationAttachment.objects.filter(pk__in=[f.pk for f in files]).update(
        version=ApplicationVersion.objects.get(application=application, number=2)
    )
    detail = admin_url("detail", open_call.pk, application.pk)

    cells = _signature_cells(operator_client.get(detail).content.decode())
    assert cells["formularz.pdf"].startswith(
        "Pieczęć demonstracyjna portalu Kooperacje 3D, podpisano"
    )
    assert "dokument nienaruszony od podpisania" in cells["formularz.pdf"]
    assert "nie sprawdzono względem listy zaufanych" in cells["formularz.pdf"]
    assert "dokument ZMIENIONY po podpisaniu" in cells["zmieniony.pdf"]
    assert cells["bez-podpisu.pdf"] == "brak podpisu elektronicznego"

    settings.SIGNATURE_TRUST_ROOTS = [str(pem)]
    cells = _signature_cells(operator_client.get(detail).content.decode())
    assert "certyfikat z zaufanej listy" in cells["formularz.pdf"]


def test_a_damaged_pdf_gets_a_reason_not_an_error(operator_client, open_call, applicant):
    application = submitted_application(open_call)
    broken = _attach(application, "uszkodzony.pdf", b"%PDF-1.7\n1 0 obj <<", applicant)
    add_version(application, 2, attachments=[broken])
    ApplicationAttachment.objects.filter(pk=broken.pk).update(
        version=ApplicationVersion.objects.get(application=application, number=2)
    )
    response = operator_client.get(admin_url("detail", open_call.pk, application.pk))
    assert response.status_code == 200
    cells = _signature_cells(response.content.decode())
    assert cells["uszkodzony.pdf"] == "Nie udało się odczytać podpisów tego pliku."
