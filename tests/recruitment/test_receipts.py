"""The receipt as issued: rendered once from the submitted version, sealed, stored and served as
stored; the canonical JSON beside it reproduces its checksum (recruitment/receipts.py,
recruitment/sealing.py)."""

import hashlib
import io
import json

from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from recruitment import receipts
from recruitment.models import ApplicationVersion, IssuedDocument
from tests.guards import refused
from tests.recruitment import factories
from tests.recruitment.application_helpers import attach_signed_form, form_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, draft_application, applicant):
    client.force_login(applicant)
    attach_signed_form(client, draft_application)
    response = client.post(url("submit", draft_application), form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    draft_application.refresh_from_db()
    return draft_application


def _text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _seal_status(pdf):
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    return validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[]))


def test_the_receipt_stays_byte_identical_after_the_jst_and_the_call_are_renamed(client, submitted):
    first = client.get(url("receipt_pdf", submitted))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    old_name = submitted.institution.name
    institution = submitted.institution
    institution.name = "Gmina Przemianowana"
    institution.save()
    call = submitted.call
    call.title = "Nabór o nowym tytule"
    call.save_revision().publish()

    again = client.get(url("receipt_pdf", submitted))
    assert again.content == first.content
    assert old_name in _text(again.content).replace("\n", " ")
    assert "Przemianowana" not in _text(again.content)
    # The screen says what the PDF says, and the mail carried the same bytes.
    page = client.get(url("receipt", submitted)).content.decode()
    assert old_name in page and "Przemianowana" not in page
    (_name, attached, _type) = mail.outbox[0].attachments[0]
    assert attached == first.content
    issued = IssuedDocument.objects.get(version__application=submitted)
    assert issued.pdf_sha256 == hashlib.sha256(first.content).hexdigest()


def test_the_offered_json_reproduces_the_checksum_on_the_receipt(client, submitted):
    version = ApplicationVersion.objects.get(application=submitted)
    response = client.get(url("receipt_json", submitted))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="potwierdzenie-{submitted.number.replace("/", "-")}-v1.json"'
    )
    assert hashlib.sha256(response.content).hexdigest() == version.content_sha256
    data = json.loads(response.content)
    assert data["content"]["application_number"] == submitted.number
    assert data["attachments"] == [f["sha256"] for f in version.content["attachments"]["files"]]
    # The receipt states that checksum and tells how to check it.
    pdf_text = _text(client.get(url("receipt_pdf", submitted)).content).replace("\n", "")
    assert version.content_sha256 in pdf_text
    page = client.get(url("receipt", submitted)).content.decode()
    assert "Jak sprawdzić sumę kontrolną" in page
    assert f"sha256sum potwierdzenie-{submitted.number.replace('/', '-')}-v1.json" in page


def test_the_seal_validates_and_one_changed_byte_breaks_it(client, submitted):
    pdf = client.get(url("receipt_pdf", submitted)).content
    status = _seal_status(pdf)
    assert status.intact and status.valid
    assert (
        "Pieczęć demonstracyjna portalu Kooperacje 3D" in status.signing_cert.subject.human_friendly
    )
    assert not status.trusted  # self-signed: trusted by nobody
    assert "pieczęcią demonstracyjną" in _text(pdf).replace("\n", " ")
    page = client.get(url("receipt", submitted)).content.decode()
    assert "pieczęć demonstracyjną" in page

    changed = bytearray(pdf)
    where = pdf.index(b"/Type /Page") + 2  # inside the signed range: the first page object
    changed[where] ^= 0x01
    assert not _seal_status(bytes(changed)).intact


def _another_version(application):
    """A version not yet issued (another JST's, same content)."""
    version = ApplicationVersion.objects.get(application=application)
    return ApplicationVersion.objects.create(
        application=factories.ApplicationFactory(call=application.call),
        number=1,
        content=version.content,
        content_sha256=version.content_sha256,
        submitted_at=version.submitted_at,
    )


def test_without_a_seal_the_receipt_says_it_is_unsealed(client, submitted, settings):
    settings.RECEIPT_SEAL_P12 = ""
    settings.RECEIPT_SEAL_DEMO = False
    version = ApplicationVersion.objects.get(application=submitted)
    # Issued at the submission, sealed: it stays so.
    assert receipts.issue_receipt(version).seal == "demo"
    issued = receipts.issue_receipt(_another_version(submitted))
    assert issued.seal == "" and issued.seal_subject == ""
    assert PdfFileReader(io.BytesIO(bytes(issued.pdf))).embedded_signatures == []
    assert "bez pieczęci elektronicznej" in _text(bytes(issued.pdf)).replace("\n", " ")


def test_an_unreachable_time_stamping_authority_still_gives_a_sealed_receipt(submitted, settings):
    settings.RECEIPT_SEAL_TSA_URL = "http://127.0.0.1:9/tsa"  # nothing listens on the discard port
    issued = receipts.issue_receipt(_another_version(submitted))
    assert issued.seal == "demo" and not issued.timestamped
    assert _seal_status(bytes(issued.pdf)).intact


def test_an_issued_receipt_cannot_be_changed_in_the_database(client, submitted):
    client.get(url("receipt_pdf", submitted))
    issued = IssuedDocument.objects.get(version__application=submitted)
    table = IssuedDocument._meta.db_table
    assert refused(f"UPDATE {table} SET pdf_sha256 = %s WHERE id = %s", ["0" * 64, issued.pk])
    assert refused(f"UPDATE {table} SET payload = '{{}}' WHERE id = %s", [issued.pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [issued.pk])
    assert IssuedDocument.objects.get(pk=issued.pk).pdf_sha256 == issued.pdf_sha256


def test_another_jst_gets_no_receipt(client, submitted):
    stranger = factories.applicant(factories.InstitutionFactory(), username="obca.jst")
    client.force_login(stranger)
    for name in ("receipt", "receipt_pdf", "receipt_json"):
        assert client.get(url(name, submitted)).status_code == 404


def test_the_deploy_check_warns_about_receipts_without_the_institutions_seal(settings, capsys):
    settings.RECEIPT_SEAL_P12 = ""
    settings.RECEIPT_SEAL_DEMO = False
    call_command("check", "--deploy", "--tag", "security")
    assert "recruitment.W001" in capsys.readouterr().err
    settings.RECEIPT_SEAL_DEMO = True
    call_command("check", "--deploy", "--tag", "security")
    assert "recruitment.W002" in capsys.readouterr().err


def test_a_demonstration_seal_is_never_made_for_production(settings, tmp_path):
    settings.RECEIPT_SEAL_DEMO = False
    settings.RECEIPT_SEAL_P12 = str(tmp_path / "seal.p12")
    with pytest.raises(CommandError, match="only under the development settings"):
        call_command("create_demo_seal")
    assert not (tmp_path / "seal.p12").exists()
    settings.RECEIPT_SEAL_DEMO = True
    call_command("create_demo_seal")
    assert (tmp_path / "seal.p12").stat().st_size > 500
