"""Version chains and text extraction of every format."""

from django.urls import reverse

from wagtail.models import Collection

import pytest

from documents.models import ExtractionStatus, LegalStatus, RegistryDocument
from documents.services import run_extraction

from .conftest import upload

pytestmark = pytest.mark.django_db


def test_new_version_uploaded_in_admin_supersedes_the_old_one_without_overwriting(
    admin_client, make_document, pdf_data, client
):
    from documents.generation import pdf_bytes

    old = make_document(title="Regulamin naboru", number="1/2018")
    old_file = old.file.name
    new_data = pdf_bytes("Regulamin naboru – wersja 2", ("Zmieniony termin naboru.",))
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Regulamin naboru (wersja 2)",
            "file": upload("regulamin-v2.pdf", new_data),
            "collection": Collection.get_first_root_node().pk,
            "legal_status": "in_force",
            "language": "pl",
            "supersedes": old.pk,
        },
    )
    assert response.status_code == 302
    new = RegistryDocument.objects.get(title="Regulamin naboru (wersja 2)")
    old.refresh_from_db()
    assert new.version == 2 and new.supersedes == old
    assert old.legal_status == LegalStatus.AMENDED and old.file.name == old_file
    assert not old.is_in_force() and new.is_in_force()

    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "Ten dokument nie obowiązuje" in old_page
    assert new.get_absolute_url() in old_page
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert old.get_absolute_url() in new_page and "Historia wersji" in new_page
    # The old file is still downloadable.
    assert client.get(old.url).status_code == 200


def test_a_version_that_already_has_a_successor_cannot_be_superseded_twice(
    admin_client, make_document, pdf_data
):
    old = make_document(title="Karta oceny")
    make_document(title="Karta oceny v2", supersedes=old)
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Karta oceny v2 bis",
            "file": upload("karta.pdf", pdf_data),
            "collection": Collection.get_first_root_node().pk,
            "legal_status": "in_force",
            "language": "pl",
            "supersedes": old.pk,
        },
    )
    assert "ma już nowszą wersję" in response.content.decode()
    assert RegistryDocument.objects.count() == 2


@pytest.mark.parametrize(
    ("fixture", "filename", "expected"),
    [
        ("pdf_data", "a.pdf", "Kluczborku"),
        ("docx_data", "a.docx", "gminy Brzeg"),
        ("odt_data", "a.odt", "powiatem nyskim"),
        ("ods_data", "a.ods", "Namysłowie"),
        ("xlsx_data", "a.xlsx", "Głuchołazy"),
    ],
)
def test_text_of_each_format_is_extracted_and_searchable(
    make_document, request, client, fixture, filename, expected
):
    document = make_document(title="Plik", data=request.getfixturevalue(fixture), filename=filename)
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.DONE
    assert expected in document.extracted_text
    listing = client.get(reverse("documents:index"), {"q": expected}).content.decode()
    assert document.get_absolute_url() in listing


def test_plain_text_is_extracted(make_document):
    document = make_document(title="Notatka", data=b"Spotkanie PZK w Prudniku", filename="n.txt")
    document.refresh_from_db()
    assert document.extracted_text == "Spotkanie PZK w Prudniku"


def test_failed_extraction_keeps_the_document_and_records_the_reason(make_document):
    document = make_document(title="Regulamin")
    # The stored file is damaged after upload (e.g. storage error).
    with open(document.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4 broken")
    assert run_extraction(document.pk) == ExtractionStatus.FAILED
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_error.startswith("Nie udało się odczytać tekstu pliku")
    assert RegistryDocument.objects.filter(pk=document.pk).exists()


def test_extraction_status_and_reason_are_visible_in_the_admin_registry(
    admin_client, make_document
):
    document = make_document(title="Zepsuty plik")
    with open(document.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4 broken")
    run_extraction(document.pk)
    page = admin_client.get(reverse("rejestr-dokumentow:index")).content.decode()
    assert "Zepsuty plik" in page
    assert "błąd" in page and "Nie udało się odczytać tekstu pliku" in page
