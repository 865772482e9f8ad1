"""Decompression bombs and endless PDFs: refused at upload from the ZIP directory or the page
tree, refused or cut short at extraction in a limited child process; the editor sees why and can
retry. Speed and memory of the refusals are measured in bench/bombs.py, not here."""

import html
import re

from django.urls import reverse

import pytest

from documents import extraction, safety
from documents.models import DocumentChange, ExtractionStatus, RegistryDocument
from documents.services import run_extraction

from . import hostile_files
from .conftest import post_add

pytestmark = pytest.mark.django_db


def _assert_refused(response, media_files, *phrases):
    page = response.content.decode()
    assert response.status_code == 200
    for phrase in phrases:
        assert phrase in page
    assert "Plik nie został zapisany." in page
    assert RegistryDocument.objects.count() == 0
    assert DocumentChange.objects.count() == 0
    assert media_files() == []


def _stored_then_replaced(make_document, hostile, extension):
    """A document whose file became hostile after it was checked: stored before the limits, or
    replaced in storage. Extraction must judge the stored bytes itself."""
    genuine = hostile_files.rebuild_docx() if extension == "docx" else None
    document = make_document(title="Plik z dawnych lat", data=genuine, filename=f"plik.{extension}")
    with open(document.file.path, "wb") as handle:
        handle.write(hostile)
    return document


def _retry_link(listing):
    """The "Ponów" link of the only row that has one, as the editor follows it."""
    links = re.findall(r'href="([^"]*/retry_extraction/[^"]*)"', listing)
    assert len(links) == 1
    return html.unescape(links[0])


# --- at upload --------------------------------------------------------------------------------


def test_the_docx_bomb_of_the_issue_is_refused_from_its_directory(admin_client, media_files):
    response = post_add(admin_client, "formularz.docx", hostile_files.docx_bomb())
    _assert_refused(
        response,
        media_files,
        "Część pliku „word/document.xml” po rozpakowaniu miałaby 190,0\xa0MB",
        "najwyżej 20,0\xa0MB",
        "podejrzenie tzw. bomby zip",
    )


def test_a_20000_page_pdf_is_refused_at_upload(admin_client, media_files):
    response = post_add(admin_client, "sprawozdanie.pdf", hostile_files.pdf_of_pages(20_000))
    _assert_refused(
        response, media_files, "Plik PDF ma ponad 2000 stron, a dopuszczalne jest najwyżej 2000."
    )


def test_a_pdf_at_the_page_limit_is_accepted(admin_client, settings):
    settings.DOCUMENTS_PDF_MAX_PAGES = 30
    response = post_add(admin_client, "sprawozdanie.pdf", hostile_files.pdf_of_pages(30))
    assert response.status_code == 302
    document = RegistryDocument.objects.get()
    assert document.extraction_status == ExtractionStatus.DONE
    assert document.extracted_text.count("Kluczborku") == 30


def test_a_part_that_inflates_a_thousand_times_is_refused(admin_client, media_files):
    data = hostile_files.rebuild_docx(extra={"word/media/image2.png": b"\0" * (8 * 1024 * 1024)})
    response = post_add(admin_client, "formularz.docx", data)
    _assert_refused(
        response,
        media_files,
        "Część pliku „word/media/image2.png” rozpakowuje się do rozmiaru",
        "dopuszczalne jest najwyżej 100 razy",
    )


def test_an_archive_of_too_many_members_is_refused(admin_client, media_files, settings):
    settings.DOCUMENTS_ZIP_MAX_MEMBERS = 40
    extra = {f"customXml/extra{n}.xml": b"<a/>" for n in range(40)}
    response = post_add(admin_client, "formularz.docx", hostile_files.rebuild_docx(extra=extra))
    _assert_refused(response, media_files, "spakowanych części, a dopuszczalne jest najwyżej 40")


def test_an_archive_nested_two_levels_deep_is_refused(admin_client, media_files, xlsx_data):
    inner = hostile_files.zip_of({"xl/embeddings/pakiet.zip": hostile_files.zip_of({"a.txt": "x"})})
    data = hostile_files.rebuild_docx(extra={"word/embeddings/Arkusz1.xlsx": inner})
    response = post_add(admin_client, "formularz.docx", data)
    _assert_refused(
        response,
        media_files,
        "Plik zawiera archiwum „xl/embeddings/pakiet.zip” zagnieżdżone w innym archiwum",
    )


def test_a_bomb_inside_an_embedded_workbook_is_refused(admin_client, media_files):
    bomb = hostile_files.zip_of({"xl/worksheets/sheet1.xml": b" " * (30 * 1024 * 1024)})
    data = hostile_files.rebuild_docx(extra={"word/embeddings/Arkusz1.xlsx": bomb})
    assert len(data) < 200_000
    response = post_add(admin_client, "formularz.docx", data)
    _assert_refused(response, media_files, "Część pliku „xl/worksheets/sheet1.xml”")


def test_an_archive_of_another_kind_inside_is_refused(admin_client, media_files):
    data = hostile_files.rebuild_docx(extra={"word/media/archiwum.gz": b"\x1f\x8b" + b"x" * 100})
    response = post_add(admin_client, "formularz.docx", data)
    _assert_refused(response, media_files, "spakowane archiwum „word/media/archiwum.gz”")


def test_a_docx_too_big_to_parse_within_the_memory_limit_is_refused(
    admin_client, media_files, settings
):
    """Its parse at upload runs in a child process; the request's worker is untouched."""
    settings.DOCUMENTS_EXTRACTION_MEMORY = 16 * 1024 * 1024
    response = post_add(
        admin_client, "formularz.docx", hostile_files.docx_dense_at_the_part_limit()
    )
    _assert_refused(
        response,
        media_files,
        "Sprawdzenie pliku przerwano: plik jest zbyt złożony (przekroczony limit pamięci).",
    )


def test_a_docx_with_an_embedded_workbook_is_accepted_and_read(admin_client, xlsx_data):
    data = hostile_files.rebuild_docx(extra={"word/embeddings/Arkusz1.xlsx": xlsx_data})
    response = post_add(admin_client, "formularz.docx", data)
    assert response.status_code == 302
    document = RegistryDocument.objects.get()
    assert document.extraction_status == ExtractionStatus.DONE
    assert "gminy Brzeg" in document.extracted_text


# --- at extraction ----------------------------------------------------------------------------


def test_a_stored_docx_bomb_fails_extraction_with_the_reason_and_is_never_pending(
    make_document,
):
    document = _stored_then_replaced(make_document, hostile_files.docx_bomb(), "docx")
    assert run_extraction(document.pk) == ExtractionStatus.FAILED
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_error.startswith(
        "Tekstu nie odczytano: Część pliku „word/document.xml” po rozpakowaniu miałaby 190,0"
    )
    assert document.extracted_text == ""
    assert document.extracted_at is not None


def test_a_stored_20000_page_pdf_fails_extraction_with_the_page_limit(make_document):
    document = _stored_then_replaced(make_document, hostile_files.pdf_of_pages(20_000), "pdf")
    run_extraction(document.pk)
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_error == (
        "Tekstu nie odczytano: Plik PDF ma ponad 2000 stron, a dopuszczalne jest najwyżej 2000."
    )


def test_a_long_pdf_is_read_until_the_time_limit_and_marked_partial(make_document, settings):
    settings.DOCUMENTS_EXTRACTION_TIMEOUT = 2
    document = make_document(
        title="Sprawozdanie", data=hostile_files.pdf_of_pages(2_000), filename="s.pdf"
    )
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.PARTIAL
    read = document.extracted_text.count("Kluczborku")
    assert 0 < read < 2_000
    assert document.extraction_error == (
        f"Odczytano tekst {read} z 2000 stron; odczyt zatrzymano po 2 s (limit czasu). "
        "Dalsza część pliku nie jest przeszukiwalna."
    )


def test_text_beyond_the_character_limit_is_cut_and_marked_partial(make_document):
    line = "Spotkanie zespołu kooperacyjnego w Prudniku.\n"
    data = (line * (1_100_000 // len(line))).encode()
    document = make_document(title="Notatki", data=data, filename="notatki.txt")
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.PARTIAL
    assert len(document.extracted_text) == 1_000_000
    assert document.extraction_error.startswith("Zapisano pierwsze 1\xa0000\xa0000 znaków tekstu")


def test_a_parser_beyond_the_time_limit_is_killed_and_the_worker_records_it(
    make_document, settings
):
    """odfpy builds the tree of 250,000 paragraphs in about 4 s before the first is read."""
    settings.DOCUMENTS_EXTRACTION_TIMEOUT = 1
    data = hostile_files.odt_with_paragraphs(250_000)
    document = make_document(title="Protokół", data=data, filename="protokol.odt")
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_error.startswith("Odczyt tekstu przerwano po 1 s (limit czasu).")


def test_a_parser_beyond_the_memory_limit_fails_with_the_reason(make_document, settings):
    settings.DOCUMENTS_EXTRACTION_MEMORY = 16 * 1024 * 1024
    data = hostile_files.odt_with_paragraphs(250_000)
    document = make_document(title="Protokół", data=data, filename="protokol.odt")
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_error.startswith(
        "Odczyt tekstu przerwano: przekroczył limit pamięci (16,0\xa0MB)."
    )


# --- what the editor sees, and the retry ------------------------------------------------------


def test_the_editor_sees_the_failure_and_retries_after_the_file_is_fixed(
    admin_client, make_document, docx_data
):
    document = _stored_then_replaced(make_document, hostile_files.docx_bomb(), "docx")
    run_extraction(document.pk)
    listing = admin_client.get(reverse("rejestr-dokumentow:index")).content.decode()
    assert "Plik z dawnych lat" in listing
    assert "błąd" in listing and "Tekstu nie odczytano: Część pliku" in listing
    retry_url = _retry_link(listing)
    assert retry_url.startswith(
        f"/admin/bulk/documents/registrydocument/retry_extraction/?id={document.pk}&"
    )

    confirmation = admin_client.get(retry_url).content.decode()
    assert "Czy odczytać ponownie tekst tego dokumentu?" in confirmation
    assert "Plik z dawnych lat" in confirmation

    with open(document.file.path, "wb") as handle:
        handle.write(docx_data)  # e.g. the storage copy restored
    response = admin_client.post(retry_url, follow=True)
    assert "Zlecono ponowny odczyt tekstu 1 dokumentu." in response.content.decode()
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.DONE
    assert "gminy Brzeg" in document.extracted_text
    assert document.extraction_error == ""
    listing = admin_client.get(reverse("rejestr-dokumentow:index")).content.decode()
    assert "/retry_extraction/" not in listing


def test_the_documents_listing_offers_the_retry_as_a_bulk_action(admin_client, make_document):
    make_document(title="Regulamin")
    listing = admin_client.get(reverse("wagtaildocs:index")).content.decode()
    assert "Ponów odczyt tekstu" in listing
    assert "/admin/bulk/documents/registrydocument/retry_extraction/" in listing


def test_a_document_left_pending_can_be_retried_from_the_registry(admin_client, make_document):
    document = make_document(title="Regulamin")
    RegistryDocument.objects.filter(pk=document.pk).update(
        extraction_status=ExtractionStatus.PENDING, extracted_text=""
    )  # its worker was stopped mid-way
    listing = admin_client.get(reverse("rejestr-dokumentow:index")).content.decode()
    assert "oczekuje" in listing
    admin_client.post(_retry_link(listing))
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.DONE
    assert "Regulamin" in document.extracted_text


def test_a_partial_reading_is_visible_and_filterable_in_the_registry(admin_client, make_document):
    line = "Spotkanie zespołu kooperacyjnego w Prudniku.\n"
    data = (line * (1_100_000 // len(line))).encode()
    make_document(title="Notatki ze spotkań", data=data, filename="notatki.txt")
    make_document(title="Regulamin naboru")
    listing = admin_client.get(
        reverse("rejestr-dokumentow:index"), {"extraction_status": "partial"}
    ).content.decode()
    assert "Notatki ze spotkań" in listing and "Regulamin naboru" not in listing
    assert "częściowy (limit)" in listing and "Zapisano pierwsze" in listing


def test_the_zip_directory_limits_follow_the_settings(admin_client, settings):
    """A limit raised by the administrator lets a file through that the default refuses."""
    data = hostile_files.rebuild_docx(extra={"word/media/image2.png": b"\0" * (2 * 1024 * 1024)})
    settings.DOCUMENTS_ZIP_MAX_RATIO = 5_000
    response = post_add(admin_client, "formularz.docx", data)
    assert response.status_code == 302
    assert RegistryDocument.objects.get().extraction_status == ExtractionStatus.DONE


def test_the_deploy_check_warns_when_extraction_would_run_in_the_request(capsys):
    from django.core.management import call_command

    call_command("check", "--deploy", "--tag", "documents")
    output = capsys.readouterr()
    assert "documents.W001" in output.err + output.out
    assert "TASKS_BACKEND=database" in output.err + output.out


# --- the reading itself, as the child process runs it -----------------------------------------


def test_reading_stops_after_the_page_that_passes_the_deadline():
    import time

    result = extraction.extract(
        hostile_files.pdf_of_pages(50), "pdf", safety.Limits(), deadline=time.monotonic()
    )
    assert (result.capped, result.pages_read, result.pages_total) == ("time", 1, 50)
    assert "Kluczborku" in result.text


@pytest.mark.parametrize(
    ("fixture", "extension"),
    [("docx_data", "docx"), ("xlsx_data", "xlsx"), ("odt_data", "odt"), ("pdf_data", "pdf")],
)
def test_reading_stops_at_the_character_limit(request, fixture, extension):
    limits = safety.Limits(extraction_max_chars=10)
    result = extraction.extract(request.getfixturevalue(fixture), extension, limits)
    assert result.capped == "chars"
    assert len(result.text) == 10


def test_the_reading_refuses_a_bomb_before_parsing_it():
    with pytest.raises(safety.UnsafeFile) as refused:
        extraction.extract(hostile_files.docx_bomb(), "docx", safety.Limits())
    assert refused.value.code == "zip_part_size"
    assert refused.value.params["name"] == "word/document.xml"


def _sleep_past_the_limit():
    import time

    time.sleep(30)


def _crash():
    import os
    import signal

    os.kill(os.getpid(), signal.SIGSEGV)


@pytest.mark.parametrize(
    ("function", "kind"), [(_sleep_past_the_limit, "time"), (_crash, "crashed")]
)
def test_a_child_that_hangs_or_crashes_leaves_the_worker_with_an_outcome(function, kind):
    """The worker's side of a parser that blocks (killed at the wall-clock limit) or dies."""
    from documents import isolation

    outcome = isolation.call(function, (), timeout=1, memory=64 * 1024 * 1024)
    assert outcome.kind == kind
