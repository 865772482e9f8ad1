"""Upload safety: content checks refuse disguised, hostile, encrypted and oversize files, storing nothing."""

from django.urls import reverse

import pytest

from documents.models import DocumentChange, RegistryDocument

from .conftest import post_add, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fixture", "name", "message"),
    [
        ("executable_data", "regulamin.pdf", "Zawartość pliku nie odpowiada rozszerzeniu"),
        ("executable_data", "formularz.docx", "Zawartość pliku nie odpowiada rozszerzeniu"),
        ("html_data", "regulamin.pdf", "Zawartość pliku nie odpowiada rozszerzeniu"),
        ("html_data", "notatka.txt", "Zawartość pliku nie odpowiada rozszerzeniu"),
        ("zip_bomb_xlsx", "lista.xlsx", "bomby zip"),
        ("encrypted_pdf_data", "tajne.pdf", "zaszyfrowany lub chroniony hasłem"),
        ("encrypted_odt_data", "tajne.odt", "zaszyfrowany lub chroniony hasłem"),
        ("html_data", "strona.html", "nie są przyjmowane"),
    ],
)
def test_refused_upload_shows_polish_reason_and_stores_nothing(
    admin_client, media_files, request, fixture, name, message
):
    data = request.getfixturevalue(fixture)
    response = post_add(admin_client, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    # The one reason, not Wagtail's extension check of the empty file after it.
    assert "Rozszerzenie pliku „”" not in response.content.decode()
    assert RegistryDocument.objects.count() == 0
    assert DocumentChange.objects.count() == 0
    assert media_files() == []


def test_oversize_upload_is_refused_and_nothing_is_stored(
    admin_client, media_files, settings, pdf_data
):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = len(pdf_data) - 1
    response = post_add(admin_client, "duzy.pdf", pdf_data)
    assert "Plik jest za duży" in response.content.decode()
    assert RegistryDocument.objects.count() == 0
    assert media_files() == []


def test_refused_file_in_the_multiple_uploader_stores_nothing(admin_client, media_files, html_data):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("regulamin.pdf", html_data)},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert RegistryDocument.objects.count() == 0
    assert media_files() == []


@pytest.mark.parametrize(
    ("fixture", "name", "mime"),
    [
        ("pdf_data", "regulamin.pdf", "application/pdf"),
        ("docx_data", "formularz.docx", "wordprocessingml"),
        ("odt_data", "porozumienie.odt", "opendocument.text"),
        ("xlsx_data", "lista.xlsx", "spreadsheetml"),
        ("ods_data", "harmonogram.ods", "opendocument.spreadsheet"),
    ],
)
def test_genuine_file_is_accepted_with_its_detected_type(
    admin_client, media_files, request, fixture, name, mime
):
    response = post_add(admin_client, name, request.getfixturevalue(fixture))
    assert response.status_code == 302
    document = RegistryDocument.objects.get()
    assert mime in document.detected_mime
    assert len(media_files()) == 1
    assert document.changes.first().description == "Dodano dokument do rejestru."


def test_editing_a_document_cannot_replace_its_file(admin_client, make_document, docx_data):
    document = make_document(title="Regulamin naboru")
    original = document.file.name
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Regulamin naboru (poprawiony tytuł)",
            "file": upload("inny.docx", docx_data),
            "collection": document.collection_id,
            "legal_status": "in_force",
            "language": "pl",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Regulamin naboru (poprawiony tytuł)"
    assert document.file.name == original
    assert document.changes.last().description == "Zmieniono metadane dokumentu."


def test_a_file_completed_in_the_multiple_uploader_is_stored(admin_client):
    """Wagtail keeps an upload whose metadata is missing and asks for it; completing it saved
    nothing and answered 500 (the extension check of a document whose file is set later)."""
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("notatka.txt", "Zwykła notatka tekstowa.\n".encode())},
    )
    uploaded = response.json()["uploaded_file_id"]
    prefix = f"uploaded-document-{uploaded}-"
    response = admin_client.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[uploaded]),
        {
            f"{prefix}title": "Notatka",
            f"{prefix}legal_status": "in_force",
            f"{prefix}language": "pl",
        },
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    document = RegistryDocument.objects.get(pk=response.json()["doc_id"])
    assert document.title == "Notatka" and document.file.name.endswith(".txt")
