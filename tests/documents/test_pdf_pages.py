"""A PDF's pages stay apart in its extracted text, so that a search hit names its page; the
operator's command reads the stored files again after the upgrade."""

from django.core.management import call_command

import pytest

from documents.generation import pdf_bytes
from documents.models import RegistryDocument

FILLER = tuple(
    f"Akapit {n}: zespół interdyscyplinarny omawia bieżące sprawy rodzin i plan pracy."
    for n in range(1, 90)
)
LAST = "Ostatnia strona: superwizja koordynatorów odbędzie się w Grodkowie."


@pytest.fixture
def long_pdf(make_document):
    return make_document("Protokół z posiedzeń", data=pdf_bytes("Protokół", (*FILLER, LAST)))


def test_every_page_after_the_first_opens_with_a_form_feed(long_pdf):
    text = RegistryDocument.objects.get(pk=long_pdf.pk).extracted_text
    pages = text.split("\f")
    assert len(pages) >= 3
    assert "Akapit 1:" in pages[0] and "superwizja koordynatorów" in pages[-1]


def test_a_search_hit_in_a_pdf_names_its_page(long_pdf, client, settings):
    from search.backends.database import DatabaseBackend
    from search.records import document_record

    settings.SEARCH_BACKEND = "database"
    document = RegistryDocument.objects.get(pk=long_pdf.pk)
    DatabaseBackend().index([document_record(document)])
    pages = document.extracted_text.count("\f") + 1
    data = client.get("/api/search/", {"q": "superwizja koordynatorów"}).json()
    hit = data["hits"][0]
    assert hit["title"] == "Protokół z posiedzeń"
    assert hit["snippet_source"] == "file" and hit["page"] == pages
    html = client.get("/szukaj/", {"q": "superwizja koordynatorów"}).content.decode()
    assert f"W treści pliku, s. {pages}:" in html


def test_the_command_reads_stored_pdfs_again(long_pdf, make_document):
    other = make_document("Notatka", data=b"Notatka w pliku tekstowym.", filename="notatka.txt")
    # As stored before the upgrade: the pages run together.
    RegistryDocument.objects.filter(pk=long_pdf.pk).update(extracted_text="stary tekst")
    RegistryDocument.objects.filter(pk=other.pk).update(extracted_text="bez zmian")
    call_command("extract_documents", "--format", "pdf", verbosity=0)
    assert "\f" in RegistryDocument.objects.get(pk=long_pdf.pk).extracted_text
    assert RegistryDocument.objects.get(pk=other.pk).extracted_text == "bez zmian"


def test_the_command_asks_what_to_read():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Podaj --format"):
        call_command("extract_documents")
