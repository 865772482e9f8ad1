"""The import command (idempotent by content, per-row errors, dry run) and the admin registry."""

import csv
import io

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from documents.generation import pdf_bytes
from documents.models import LegalStatus, RegistryDocument

pytestmark = pytest.mark.django_db

COLUMNS = ["plik", "tytul", "typ", "numer", "data_wydania", "wojewodztwo", "status", "tagi"]


@pytest.fixture
def folder(tmp_path, docx_data, html_data):
    (tmp_path / "regulamin.pdf").write_bytes(pdf_bytes("Regulamin importu", ("Treść A.",)))
    (tmp_path / "formularz.docx").write_bytes(docx_data)
    (tmp_path / "udawany.pdf").write_bytes(html_data)
    return tmp_path


def _csv(tmp_path, rows):
    path = tmp_path / "metadane.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in COLUMNS})
    return path


GOOD = [
    {
        "plik": "regulamin.pdf",
        "tytul": "Regulamin naboru",
        "typ": "regulamin",
        "numer": "R/2018",
        "data_wydania": "2018-05-30",
        "wojewodztwo": "opolskie",
        "tagi": "nabór JST; Opole",
    },
    {"plik": "formularz.docx", "tytul": "Formularz", "typ": "formularz", "status": "archiwalny"},
]


def _run(folder, metadata, *extra):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_documents",
            str(folder),
            "--metadata",
            str(metadata),
            *extra,
            stdout=out,
            stderr=err,
            verbosity=0,
        )
        failed = None
    except CommandError as exc:
        failed = str(exc)
    return out.getvalue(), err.getvalue(), failed


def test_import_stores_files_with_metadata_and_a_second_run_adds_nothing(folder):
    metadata = _csv(folder, GOOD)
    out, err, failed = _run(folder, metadata)
    assert failed is None, err
    assert "utworzono: 2, zaktualizowano: 0, nowe wersje: 0, bez zmian: 0, błędy: 0" in out
    document = RegistryDocument.objects.get(number="R/2018")
    assert document.document_type.slug == "regulamin"
    assert document.voivodeship == "16" and str(document.issued_on) == "2018-05-30"
    assert sorted(document.tags.names()) == ["Opole", "nabór JST"]
    assert RegistryDocument.objects.get(title="Formularz").legal_status == LegalStatus.ARCHIVED
    out, err, failed = _run(folder, metadata)
    assert failed is None
    assert "utworzono: 0, zaktualizowano: 0, nowe wersje: 0, bez zmian: 2, błędy: 0" in out
    assert RegistryDocument.objects.count() == 2


def _keyed_csv(folder, rows):
    path = folder / "klucze.csv"
    columns = ["klucz", "plik", "tytul", "numer", "tagi"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in columns})
    return path


def test_a_second_import_by_key_updates_the_metadata_and_a_new_file_makes_a_new_version(folder):
    first = {"klucz": "REG-1", "plik": "regulamin.pdf", "tytul": "Regulamin naboru", "numer": "R/1"}
    out, err, failed = _run(folder, _keyed_csv(folder, [first]))
    assert failed is None, err
    document = RegistryDocument.objects.get(source_key="REG-1")

    # The title corrected in the CSV: --dry-run says so and stores nothing...
    corrected = {**first, "tytul": "Regulamin naboru JST", "tagi": "Opole"}
    out, err, failed = _run(folder, _keyed_csv(folder, [corrected]), "--dry-run")
    assert (
        "[próba] Wiersz 2 (regulamin.pdf): tytuł: „Regulamin naboru” → „Regulamin naboru JST”"
        in out
    )
    assert "do aktualizacji: 1" in out
    document.refresh_from_db()
    assert document.title == "Regulamin naboru"

    # ...then the import updates the same record, with an entry in its register of changes.
    out, err, failed = _run(folder, _keyed_csv(folder, [corrected]))
    assert failed is None, err
    assert "utworzono: 0, zaktualizowano: 1, nowe wersje: 0, bez zmian: 0, błędy: 0" in out
    document.refresh_from_db()
    assert document.title == "Regulamin naboru JST"
    assert list(document.tags.names()) == ["Opole"]
    assert document.changes.filter(description__contains="tytuł").exists()
    assert RegistryDocument.objects.count() == 1

    # The same CSV again changes nothing.
    out, err, failed = _run(folder, _keyed_csv(folder, [corrected]))
    assert "bez zmian: 1" in out and RegistryDocument.objects.count() == 1

    # A corrected file under the same key becomes version 2; version 1 stays, amended.
    (folder / "regulamin.pdf").write_bytes(pdf_bytes("Regulamin importu", ("Treść B.",)))
    out, err, failed = _run(folder, _keyed_csv(folder, [corrected]))
    assert failed is None, err
    assert "nowe wersje: 1" in out
    newest = RegistryDocument.objects.get(source_key="REG-1", superseded_by__isnull=True)
    assert newest.version == 2 and newest.supersedes_id == document.pk
    document.refresh_from_db()
    assert document.legal_status == LegalStatus.AMENDED


def test_a_key_given_later_adopts_the_document_imported_without_one(folder):
    metadata = _csv(folder, GOOD)
    _run(folder, metadata)
    row = {"klucz": "F-7", "plik": "formularz.docx", "tytul": "Formularz zgłoszeniowy"}
    out, err, failed = _run(folder, _keyed_csv(folder, [row]))
    assert failed is None, err
    assert "zaktualizowano: 1" in out
    adopted = RegistryDocument.objects.get(source_key="F-7")
    assert adopted.title == "Formularz zgłoszeniowy" and RegistryDocument.objects.count() == 2
    # No „status” column in this CSV: the status stays as the first import set it.
    assert adopted.legal_status == LegalStatus.ARCHIVED


def test_bad_rows_are_reported_with_reasons_the_rest_is_imported_and_exit_fails(folder):
    rows = [
        *GOOD,
        {"plik": "udawany.pdf", "tytul": "Udawany PDF"},
        {"plik": "brak.pdf", "tytul": "Nie ma pliku"},
        {"plik": "regulamin.pdf", "tytul": "Zła data", "data_wydania": "30.05.2018"},
        {"plik": "formularz.docx", "tytul": "Zły typ", "typ": "list"},
    ]
    out, err, failed = _run(folder, _csv(folder, rows))
    assert failed == "Import zakończony z błędami: 2."
    assert "Wiersz 4 (udawany.pdf): Zawartość pliku nie odpowiada rozszerzeniu" in err
    assert "Wiersz 5 (brak.pdf): brak pliku „brak.pdf” w katalogu" in err
    # Rows 6 and 7 point at files already imported by rows 2-3, so they are skipped, not errors.
    assert RegistryDocument.objects.count() == 2


def test_row_errors_in_metadata_are_reported(folder, tmp_path_factory):
    rows = [{"plik": "regulamin.pdf", "tytul": "Zła data", "data_wydania": "30.05.2018"}]
    out, err, failed = _run(folder, _csv(folder, rows))
    assert "niepoprawna data „30.05.2018”" in err and failed
    assert RegistryDocument.objects.count() == 0


def test_dry_run_checks_everything_and_stores_nothing(folder):
    rows = [*GOOD, {"plik": "udawany.pdf", "tytul": "Udawany PDF"}]
    out, err, failed = _run(folder, _csv(folder, rows), "--dry-run")
    assert "do utworzenia: 2" in out
    assert "udawany.pdf" in err and failed
    assert RegistryDocument.objects.count() == 0


def test_admin_registry_filters_by_metadata(admin_client, make_document):
    make_document(title="Regulamin opolski", voivodeship="16", number="A/1")
    make_document(title="Porozumienie małopolskie", voivodeship="12", type_slug="porozumienie")
    page = admin_client.get(
        reverse("rejestr-dokumentow:index"), {"voivodeship": "12"}
    ).content.decode()
    assert "Porozumienie małopolskie" in page and "Regulamin opolski" not in page
    page = admin_client.get(reverse("rejestr-dokumentow:index"), {"number": "A/"}).content.decode()
    assert "Regulamin opolski" in page and "Porozumienie małopolskie" not in page


def test_bulk_action_changes_status_and_records_it(admin_client, make_document):
    first = make_document(title="Pierwszy")
    second = make_document(title="Drugi")
    url = reverse("wagtail_bulk_action", args=("documents", "registrydocument", "change_status"))
    response = admin_client.post(
        f"{url}?id={first.pk}&id={second.pk}", {"legal_status": LegalStatus.REPEALED}
    )
    assert response.status_code == 302
    for document in (first, second):
        document.refresh_from_db()
        assert document.legal_status == LegalStatus.REPEALED
        assert document.changes.last().description == "Zmieniono status na „uchylony”."


def test_bulk_add_tag_from_wagtail_is_available_for_registry_documents(admin_client, make_document):
    document = make_document(title="Do otagowania")
    url = reverse("wagtail_bulk_action", args=("documents", "registrydocument", "add_tags"))
    admin_client.post(f"{url}?id={document.pk}", {"tags": "kamień milowy"})
    assert list(document.tags.names()) == ["kamień milowy"]


def test_demo_loader_is_idempotent_and_files_are_searchable(client, demo_content):
    from django.core.management import call_command as run

    count = RegistryDocument.objects.count()  # the demo is loaded once (the layer) ...
    run("load_demo_content", stdout=io.StringIO())  # ... and again
    assert RegistryDocument.objects.count() == count == 15
    page = client.get(reverse("documents:index"), {"q": "Oświęcim"}).content.decode()
    assert "Porozumienie o współpracy" in page
    page = client.get(reverse("documents:index"), {"typ": "zalacznik"}).content.decode()
    assert "Załącznik nr 1 – Oświadczenie RODO" in page
    assert (
        "Instrukcja dla członków komisji"
        not in client.get(reverse("documents:index")).content.decode()
    )


def test_admin_forms_and_registry_pages_render_with_polish_help(admin_client, make_document):
    document = make_document(title="Regulamin")
    add = admin_client.get(reverse("wagtaildocs:add")).content.decode()
    assert "Numer lub sygnatura nadana przez wystawcę" in add
    edit = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "Pliku nie można podmienić" in edit
    inspect = admin_client.get(reverse("rejestr-dokumentow:inspect", args=[document.pk]))
    assert inspect.status_code == 200
    assert admin_client.get(reverse("typy-dokumentow:index")).status_code == 200


def test_admin_registry_search_finds_text_inside_files(admin_client, make_document, docx_data):
    make_document(title="Formularz", data=docx_data, filename="f.docx")
    make_document(title="Inny dokument")
    page = admin_client.get(reverse("rejestr-dokumentow:index"), {"q": "Brzeg"}).content.decode()
    assert "Formularz" in page and "Inny dokument" not in page
