"""Application attachments against decompression bombs and endless PDFs: refused at upload with
a Polish reason, nothing stored or changed (documents/safety.py; speed in bench/bombs.py)."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from tests.documents import hostile_files
from tests.recruitment.application_helpers import attach_signed_form, form_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_draft(client, draft_application, applicant):
    """A complete draft with its signed form, saved through the views."""
    client.force_login(applicant)
    assert client.post(url("autosave", draft_application), form_data()).status_code == 200
    attach_signed_form(client, draft_application)
    draft_application.refresh_from_db()
    return draft_application


def _private_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(path) for path in root.glob("applications/**/*") if path.is_file())


def _stored(application):
    application.refresh_from_db()
    return (
        application.data,
        list(application.attachments.values_list("pk", "kind", "sha256", "original_name")),
        list(application.audit_entries.values_list("pk", flat=True)),
        _private_files(),
    )


def _upload(client, application, name, data, field="signed_form"):
    payload = form_data(action="upload")
    payload[field] = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(url("application", application), payload)


def test_a_20000_page_pdf_is_refused_and_nothing_changes(client, filled_draft):
    before = _stored(filled_draft)
    response = _upload(client, filled_draft, "formularz.pdf", hostile_files.pdf_of_pages(20_000))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Plik PDF ma ponad 100 stron, a dopuszczalne jest najwyżej 100." in page
    assert "Plik nie został zapisany." in page
    assert _stored(filled_draft) == before


def test_the_page_limit_of_attachments_follows_the_setting(client, filled_draft, settings):
    settings.APPLICATION_ATTACHMENT_MAX_PAGES = 3
    before = _stored(filled_draft)
    response = _upload(client, filled_draft, "pelnomocnictwo.pdf", hostile_files.pdf_of_pages(4))
    assert response.status_code == 422
    assert "Plik PDF ma ponad 3 stron" in response.content.decode()
    assert _stored(filled_draft) == before
    response = _upload(
        client,
        filled_draft,
        "pelnomocnictwo.pdf",
        hostile_files.pdf_of_pages(3),
        field="power_of_attorney",
    )
    assert response.status_code == 302
    assert filled_draft.attachments.filter(kind="power_of_attorney").count() == 1


def test_a_docx_bomb_named_pdf_is_refused_by_its_type_before_any_parse(client, filled_draft):
    before = _stored(filled_draft)
    response = _upload(client, filled_draft, "formularz.pdf", hostile_files.docx_bomb())
    assert response.status_code == 422
    assert "nie jest dokumentem PDF ani obrazem JPG lub PNG" in response.content.decode()
    assert _stored(filled_draft) == before
