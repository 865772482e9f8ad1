"""Open data at /dane/ on the demo of `make demo` (the evaluated call 1/2026/MP has a published
list): the CSV parses with its header row and holds exactly the public rows, nothing unpublished
or personal gets out, the JSON is paged with clean answers to bad pages, the JSON-LD is DCAT, and
every download answers a conditional GET with 304 until the data change."""

import csv
import datetime
import io
import json

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

import pytest

from documents import moderation
from documents.models import RegistryDocument
from documents.models.choices import ModerationState
from evaluation import appeals, statistics
from evaluation.models import ResultEntry, ResultList
from events.models import EventPage, Registration
from opendata import views
from opendata.datasets import DATASETS
from recruitment.models import Application, CallPage

DCAT = "http://www.w3.org/ns/dcat#"


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    text = response.content.decode("utf-8")
    assert not text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader.fieldnames, list(reader)


def public_document_ids():
    return set(
        RegistryDocument.objects.public()
        .listed()
        .filter(collection__view_restrictions__isnull=True)
        .values_list("pk", flat=True)
    )


def test_documents_csv_has_the_header_and_the_public_documents_only(demo_with_accounts, client):
    documents = list(RegistryDocument.objects.public().listed().order_by("pk"))
    pending = documents[0]
    RegistryDocument.objects.filter(pk=pending.pk).update(moderation_state=ModerationState.PENDING)
    scheduled = documents[1]
    RegistryDocument.objects.filter(pk=scheduled.pk).update(
        moderation_state=ModerationState.SCHEDULED,
        go_live_at=timezone.now() + datetime.timedelta(days=3),
    )

    fields, rows = csv_rows(client.get(reverse("opendata:csv", args=["dokumenty"])))

    assert fields == DATASETS["dokumenty"].keys
    ids = {int(row["id"]) for row in rows}
    assert ids == public_document_ids()
    assert len(ids) >= 5
    assert pending.pk not in ids and scheduled.pk not in ids
    # The demo's document in a private collection is published, and still not open data.
    private = RegistryDocument.objects.get(collection__name="Dokumenty wewnętrzne")
    assert private.is_public()
    assert private.pk not in ids
    shown = next(row for row in rows if int(row["id"]) == documents[2].pk)
    assert shown["tytul"] == documents[2].display_title
    assert shown["adres_strony"].endswith(documents[2].get_absolute_url())
    assert shown["adres_pliku"].endswith(documents[2].url)
    # The file's address is one the public can download.
    assert client.get(documents[2].url).status_code == 200


def test_results_hold_every_published_version_and_no_unpublished_one(demo_with_accounts, client):
    call = CallPage.objects.get(number="1/2026/MP")
    published = ResultList.objects.get(call=call, published_at__isnull=False)
    draft = ResultList.objects.create(
        call=call,
        version=published.version + 1,
        approved_by=published.approved_by,
        approved_at=timezone.now(),
    )
    first = published.entries.order_by("pk").first()
    ResultEntry.objects.create(
        result_list=draft,
        application=first.application,
        institution_name="Gmina Nieopublikowana",
        jst_type=first.jst_type,
        final_score=first.final_score,
        status="selected",
        position=1,
    )

    fields, rows = csv_rows(client.get(reverse("opendata:csv", args=["wyniki-naborow"])))

    assert fields == DATASETS["wyniki-naborow"].keys
    assert len(rows) == published.entries.count()
    assert {row["wersja"] for row in rows} == {str(published.version)}
    assert "Gmina Nieopublikowana" not in {row["jst"] for row in rows}
    entry = published.entries.get(position=first.position, jst_type=first.jst_type)
    row = next(r for r in rows if r["jst"] == entry.institution_name)
    assert row["nabor_numer"] == "1/2026/MP"
    assert row["ocena_koncowa"] == f"{entry.final_score:.2f}"
    assert row["wynik_kod"] == entry.status
    assert row["miejsce"] == str(entry.position)
    assert row["adres_listy"].endswith(f"wyniki/wersja/{published.version}/")

    # Once published, version 2 is there too, beside version 1.
    draft.published_at = timezone.now()
    draft.save(update_fields=["published_at"])
    _fields, rows = csv_rows(client.get(reverse("opendata:csv", args=["wyniki-naborow"])))
    assert {row["wersja"] for row in rows} == {str(published.version), str(draft.version)}
    assert "Gmina Nieopublikowana" in {row["jst"] for row in rows}


def test_results_of_one_call_by_number_or_id(demo_with_accounts, client):
    call = CallPage.objects.get(number="1/2026/MP")
    url = reverse("opendata:json", args=["wyniki-naborow"])
    by_number = client.get(url, {"nabor": "1/2026/MP"}).json()
    by_id = client.get(url, {"nabor": str(call.pk)}).json()
    assert by_number["count"] == by_id["count"] > 0
    assert {row["nabor_numer"] for row in by_number["results"]} == {"1/2026/MP"}

    # A call without a published list (the open Opole call) is no filter: a Polish 404.
    response = client.get(url, {"nabor": "1/2026/OP"})
    assert response.status_code == 404
    assert "Nie ma naboru „1/2026/OP” z opublikowaną listą rankingową." in response.json()["blad"]
    response = client.get(reverse("opendata:csv", args=["wyniki-naborow"]), {"nabor": "x"})
    assert response.status_code == 404
    assert "Nie ma naboru" in response.content.decode()
    # Documents have no calls.
    response = client.get(reverse("opendata:json", args=["dokumenty"]), {"nabor": "1/2026/MP"})
    assert response.status_code == 400


def test_statistics_csv_holds_the_published_figures_of_calls_with_a_list(
    demo_with_accounts, client
):
    call = CallPage.objects.get(number="1/2026/MP")
    expected = statistics.rows(statistics.call_statistics(call))

    fields, rows = csv_rows(client.get(reverse("opendata:csv", args=["statystyki-naborow"])))

    assert fields == DATASETS["statystyki-naborow"].keys
    # Only the call with a published list: the open Opole call has no statistics yet.
    assert {row["nabor_numer"] for row in rows} == {"1/2026/MP"}
    assert [(r["sekcja"], r["kategoria"], r["wartosc"]) for r in rows] == [
        (str(e["section"]), str(e["category"]), str(e["value"])) for e in expected
    ]
    submitted = next(r for r in rows if r["kategoria"] == "złożone zgłoszenia")
    assert submitted["wartosc"] == str(call.applications.exclude(submitted_at=None).count())
    # Small counts are published as „<3”, never as 1 or 2.
    assert not {r["wartosc"] for r in rows} & {"1", "2"}
    assert "<3" in {r["wartosc"] for r in rows}

    one = client.get(
        reverse("opendata:json", args=["statystyki-naborow"]), {"nabor": "1/2026/MP"}
    ).json()
    assert one["count"] == len(rows)


def test_the_statistics_etag_changes_when_an_appeal_is_filed(demo_with_accounts, client):
    url = reverse("opendata:csv", args=["statystyki-naborow"])
    before = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    application = Application.objects.get(number="1/2026/MP/002")
    applicant = application.institution.memberships.get().user
    appeals.file(application, applicant, "Odwołanie od wyniku.")
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    filed = next(
        r
        for r in csv_rows(after)[1]
        if r["sekcja"] == "Odwołania" and r["kategoria"] == "wniesione"
    )
    assert filed["wartosc"] == "<3"


def test_events_json_has_the_events_and_no_participant_data(demo_with_accounts, client):
    event = EventPage.objects.live().order_by("starts_at").first()
    Registration.objects.create(
        event=event,
        first_name="Zofia",
        last_name="Uczestniczka",
        institution="Ośrodek Pomocy Społecznej w Testowie",
        sector="pomoc-spoleczna",
        position="pracownik socjalny",
        email="zofia.uczestniczka@example.pl",
        email_key="zofia.uczestniczka@example.pl",
        phone="600 100 200",
        clause_version="1",
        clause_sha256="0" * 64,
        clause_acknowledged_at=timezone.now(),
    )

    withdrawn = EventPage.objects.live().order_by("starts_at").last()
    withdrawn.unpublish()

    response = client.get(reverse("opendata:json", args=["wydarzenia"]))

    assert response.status_code == 200
    body = response.json()
    assert withdrawn.pk not in {row["id"] for row in body["results"]}
    assert body["count"] == EventPage.objects.live().count()
    assert {row["id"] for row in body["results"]} == set(
        EventPage.objects.live().values_list("pk", flat=True)
    )
    assert set(body["results"][0]) == set(DATASETS["wydarzenia"].keys)
    row = next(r for r in body["results"] if r["id"] == event.pk)
    assert row["tytul"] == event.title
    assert row["liczba_miejsc"] == event.capacity
    assert row["poczatek"] == timezone.localtime(event.starts_at).isoformat(timespec="seconds")
    text = response.content.decode()
    for personal in ("Zofia", "Uczestniczka", "zofia.uczestniczka", "600 100 200", "Testowie"):
        assert personal not in text
    _fields, rows = csv_rows(client.get(reverse("opendata:csv", args=["wydarzenia"])))
    assert "Uczestniczka" not in json.dumps(rows, ensure_ascii=False)


def test_json_pages_link_to_each_other_and_bad_pages_are_answered_cleanly(
    demo_with_accounts, client, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    url = reverse("opendata:json", args=["dokumenty"])
    total = len(public_document_ids())
    pages = -(-total // 2)

    first = client.get(url).json()
    assert first["count"] == total and first["pages"] == pages
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].endswith(f"{url}?strona=2")
    second = client.get(url, {"strona": 2}).json()
    assert second["previous"].endswith(f"{url}?strona=1")
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    last = client.get(url, {"strona": pages}).json()
    assert last["next"] is None

    response = client.get(url, {"strona": "abc"})
    assert response.status_code == 400
    assert response.json() == {
        "blad": "Nieprawidłowy numer strony „abc”: podaj liczbę całkowitą od 1."
    }
    assert client.get(url, {"strona": "0"}).status_code == 400
    response = client.get(url, {"strona": "999"})
    assert response.status_code == 404
    assert response.json()["blad"] == f"Nie ma strony 999: ten zbiór ma {pages}."
    assert client.get(reverse("opendata:json", args=["nie-ma-takiego"])).status_code == 404
    # Digits that are not ASCII, a NUL, a very long call number: clean answers, never a 500.
    assert client.get(url, {"strona": "²"}).status_code == 400
    assert client.get(url, {"strona": "١"}).status_code == 400
    results = reverse("opendata:json", args=["wyniki-naborow"])
    for nabor in ("²", "\x00", "1/2026/MP\x00", "9" * 40, "x" * 500):
        response = client.get(results, {"nabor": nabor})
        assert response.status_code == 404, nabor
        assert "Nie ma naboru" in response.json()["blad"]


def test_metadata_is_dcat_json_ld(demo_with_accounts, client):
    response = client.get(reverse("opendata:metadata", args=["wyniki-naborow"]))
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["@context"]["dcat"] == DCAT
    assert {"dct", "foaf"} <= set(document["@context"])
    assert document["@type"] == "dcat:Dataset"
    assert document["dct:title"] == {"@value": "Listy rankingowe naborów JST", "@language": "pl"}
    assert document["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert document["dct:publisher"]["@type"] == "foaf:Organization"
    assert "dct:modified" in document
    downloads = {d["dcat:downloadURL"]["@id"] for d in document["dcat:distribution"]}
    csv_url = reverse("opendata:csv", args=["wyniki-naborow"])
    assert any(url.endswith(csv_url) for url in downloads)
    assert any(url.endswith(csv_url + "?nabor=1%2F2026%2FMP") for url in downloads)
    media = {d["dcat:mediaType"]["@id"].rsplit("/", 2)[-1] for d in document["dcat:distribution"]}
    assert media == {"csv", "json"}

    catalogue = json.loads(client.get(reverse("opendata:catalogue")).content)
    assert catalogue["@context"]["dcat"] == DCAT
    assert catalogue["@type"] == "dcat:Catalog"
    assert [d["dct:identifier"] for d in catalogue["dcat:dataset"]] == list(DATASETS)
    assert {d["@type"] for d in catalogue["dcat:dataset"]} == {"dcat:Dataset"}


@pytest.mark.parametrize(
    "name,slug",
    [
        ("opendata:csv", "dokumenty"),
        ("opendata:json", "wyniki-naborow"),
        ("opendata:metadata", "wydarzenia"),
    ],
)
def test_a_conditional_get_of_an_unchanged_download_is_304(demo_with_accounts, client, name, slug):
    url = reverse(name, args=[slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_the_etag_changes_when_a_document_is_published(
    demo_with_accounts, client, django_user_model
):
    document = RegistryDocument.objects.public().listed().order_by("pk").first()
    RegistryDocument.objects.filter(pk=document.pk).update(moderation_state=ModerationState.PENDING)
    cache.clear()
    url = reverse("opendata:csv", args=["dokumenty"])
    before = client.get(url)
    assert str(document.pk) not in {row["id"] for row in csv_rows(before)[1]}

    document.refresh_from_db()
    moderation.approve(document, django_user_model.objects.create_user("moderator-dane"))

    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert str(document.pk) in {row["id"] for row in csv_rows(after)[1]}


def test_the_etag_of_results_changes_when_a_version_is_published(demo_with_accounts, client):
    call = CallPage.objects.get(number="1/2026/MP")
    published = ResultList.objects.get(call=call, published_at__isnull=False)
    url = reverse("opendata:json", args=["wyniki-naborow"])
    before = client.get(url)
    draft = ResultList.objects.create(
        call=call, version=2, approved_by=published.approved_by, approved_at=timezone.now()
    )
    ResultEntry.objects.bulk_create(
        ResultEntry(
            result_list=draft,
            application_id=entry.application_id,
            institution_name=entry.institution_name,
            jst_type=entry.jst_type,
            final_score=entry.final_score,
            status=entry.status,
            position=entry.position,
            reserve_position=entry.reserve_position,
        )
        for entry in published.entries.all()
    )
    # Approved, not published: the data set has not changed.
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    draft.published_at = timezone.now()
    draft.save(update_fields=["published_at"])
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["count"] == 2 * published.entries.count()


# (queries of a download, of its 304): the view restrictions, the stamp's aggregate (and the
# closures' for events), then the rows in one query (and the documents' tags in one more).
@pytest.mark.parametrize(
    "name,slug,queries,unchanged",
    [
        ("opendata:csv", "dokumenty", 4, 2),
        ("opendata:json", "dokumenty", 4, 2),
        ("opendata:csv", "wyniki-naborow", 3, 2),
        ("opendata:json", "wyniki-naborow", 3, 2),
        ("opendata:csv", "wydarzenia", 4, 3),
        ("opendata:json", "wydarzenia", 4, 3),
        ("opendata:metadata", "wyniki-naborow", 3, 2),
        # The statistics: their stamp reads the applications, cards, appeals and lists of
        # the calls (4), then each call's statistics take six queries (evaluation.statistics).
        ("opendata:csv", "statystyki-naborow", 12, 5),
        ("opendata:json", "statystyki-naborow", 12, 5),
        ("opendata:catalogue", None, 12, 10),
    ],
)
def test_a_download_takes_a_few_queries_whatever_its_rows(
    demo_with_accounts, client, django_assert_num_queries, name, slug, queries, unchanged
):
    url = reverse(name, args=[slug] if slug else [])
    client.get(url)  # the site's root paths are cached after the first request
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(unchanged):
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_index_lists_the_data_sets_with_their_licence(demo_with_accounts, client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for dataset in DATASETS.values():
        assert str(dataset.title) in html
        assert reverse("opendata:csv", args=[dataset.slug]) in html
        assert reverse("opendata:metadata", args=[dataset.slug]) in html
    assert "CC BY 4.0" in html
    assert reverse("opendata:csv", args=["wyniki-naborow"]) + "?nabor=1/2026/MP" in html
    assert '<a href="/dane/">Otwarte dane</a>' in html  # the footer's link


@pytest.mark.parametrize("kind", ["opendata:csv", "opendata:json"])
def test_if_modified_since_sees_an_unpublished_event_and_an_edited_document(
    demo_with_accounts, client, kind
):
    """Removing a row or editing one without a timestamp moves no row's time; a client that
    asks only `If-Modified-Since` must still get the change."""
    events = reverse(kind, args=["wydarzenia"])
    before = client.get(events)
    EventPage.objects.live().order_by("pk").first().unpublish()
    after = client.get(events, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert after["Last-Modified"] != before["Last-Modified"]
    assert client.get(events, HTTP_IF_MODIFIED_SINCE=after["Last-Modified"]).status_code == 304

    documents = reverse(kind, args=["dokumenty"])
    before = client.get(documents)
    document = RegistryDocument.objects.public().order_by("pk").first()
    document.title = "Regulamin naboru (tekst jednolity)"
    document.save()
    after = client.get(documents, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert "Regulamin naboru (tekst jednolity)" in after.content.decode()


def test_a_text_that_would_run_as_a_formula_is_neutralised_in_csv_not_in_json(
    demo_with_accounts, client
):
    document = (
        RegistryDocument.objects.public()
        .filter(attachment_number__isnull=True)
        .order_by("pk")
        .first()
    )
    document.title = '=HYPERLINK("http://example.com","Kliknij")'
    document.save()
    _header, found = csv_rows(client.get(reverse("opendata:csv", args=["dokumenty"])))
    rows = {row["id"]: row for row in found}
    assert rows[str(document.pk)]["tytul"] == "'" + document.title
    listed = client.get(reverse("opendata:json", args=["dokumenty"])).json()["results"]
    assert {r["id"]: r["tytul"] for r in listed}[document.pk] == document.title
