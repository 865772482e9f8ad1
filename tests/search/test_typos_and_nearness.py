"""Misspelt words, quoted phrases in order, loose words standing together, and the page of a PDF
hit: the same behaviour on the database backend (SQLite here, PostgreSQL in CI) and on
Elasticsearch."""

import datetime
import uuid

from django.conf import settings

import pytest

from search.backends.base import SearchRecord, SearchRequest
from search.polish import fold, lemmas, parse_query
from search.service import add_pages
from tests.search.es_utils import BACKENDS, drop_indices, loaded_backend


def _record(key, title, body="", file_text="", **extra):
    return SearchRecord(
        key=key,
        kind="dokument",
        title=title,
        url=f"/{key.replace(':', '-')}/",
        body=body,
        file_text=file_text,
        date=datetime.date(2024, 1, 1),
        **extra,
    )


CORPUS = [
    _record(
        "document:1",
        "Sprawozdanie z realizacji usług",
        body="Gmina Brzeg uruchomiła teleopiekę dla seniorów mieszkających samotnie.",
    ),
    _record(
        "document:2",
        "Usługi dla seniorów w gminie",
        body="Gmina zapewnia seniorom usługi opiekuńcze i posiłki dla seniorów.",
    ),
    _record(
        "document:3",
        "Zima w mieście",
        body="Ogrzewalnia przy ulicy Kolejowej jest czynna od listopada do marca.",
    ),
    _record(
        "document:4",
        "Procedura Niebieskiej Karty",
        body="Zespół interdyscyplinarny przeciwdziała przemocy w rodzinie i wspiera ofiary.",
    ),
    _record(
        "document:5",
        "Wsparcie rodzin",
        body="Rodzinie zastępczej pomaga asystent; przemoc wobec dzieci zgłasza się policji.",
    ),
    _record(
        "document:6",
        "Plan pracy zespołu",
        body=(
            "Pomoc dla rodzin obejmuje wizyty. Komisja społeczna rady gminy oceni plan pracy. "
            "Pomoc sąsiedzka i rada społeczna działają."
        ),
    ),
    _record(
        "document:7",
        "Informacja o działalności",
        body="Ośrodek świadczy pomoc społeczną mieszkańcom gminy i prowadzi plan pracy.",
    ),
    _record(
        "document:8",
        "Protokół posiedzenia komisji",
        body="Protokół przyjęto jednogłośnie.",
        file_text=(
            "Strona pierwsza protokołu: lista obecności.\n\fStrona druga: sprawy bieżące."
            "\n\fStrona trzecia: komisja omówiła mieszkania chronione treningowe."
        ),
    ),
]


def _database(db):
    from search.backends.database import DatabaseBackend

    backend = DatabaseBackend()
    backend.rebuild(CORPUS)
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request):
    yield from loaded_backend(request, CORPUS, "t")


def run(backend, text, **kwargs):
    return backend.search(SearchRequest(query=parse_query(text), **kwargs))


def keys(response):
    return [hit.key for hit in response.hits]


# -- misspelt words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected", "meant"),
    [
        ("teleopeka", "document:1", "teleopieka"),
        ("telepoieka seniorów", "document:1", "teleopieka"),  # two letters swapped
        ("ogrzewalnja", "document:3", "ogrzewalnia"),
        ("seniorów teleopeka", "document:1", "teleopieka"),
    ],
)
def test_a_misspelt_word_finds_its_document_first_with_a_suggestion(
    backend, typed, expected, meant
):
    response = run(backend, typed)
    # First, above the documents that share only the other words ("seniorów": document:2).
    assert keys(response)[0] == expected
    # The word meant, in some form ("teleopiekę" is the form the texts hold).
    assert any(meant in lemmas(word) for word in response.suggestion.split())
    assert not response.any_word


def test_the_database_shows_the_corrected_querys_results_at_once(db):
    response = run(_database(db), "ogrzewalnja")
    assert response.corrected and response.suggestion == "ogrzewalnia"
    assert keys(response) == ["document:3"]


def test_a_known_word_is_not_corrected(backend):
    # "seniorzy" is in no text as such, but the dictionary knows it: found by its lemma.
    response = run(backend, "seniorzy")
    assert response.suggestion == "" and not response.corrected
    assert {"document:1", "document:2"} <= set(keys(response))


def test_a_word_far_from_every_known_word_stays_as_typed(backend):
    response = run(backend, "xqzwvy")
    assert response.total == 0 and response.suggestion == ""


def test_short_words_and_numbers_are_never_corrected(backend):
    for typed in ("gmn", "20219"):
        assert run(backend, typed).suggestion == ""


# -- phrases and nearness -------------------------------------------------------------------------


def test_a_quoted_phrase_matches_its_words_in_order(backend):
    found = keys(run(backend, '"przemoc w rodzinie"'))
    # document:5 has both words ("Rodzinie … przemoc"), close together but in the other order.
    assert found == ["document:4"]
    assert keys(run(backend, '"rodzinie przemoc"')) == []


def test_loose_words_standing_together_rank_above_scattered_ones(backend):
    # Both hold "pomoc" and "społeczna"; document:6 twice each, scattered, so it would rank
    # first by the words alone; document:7 once, together ("pomoc społeczną").
    assert keys(run(backend, "pomoc społeczna"))[:2] == ["document:7", "document:6"]
    assert keys(run(backend, "plan pracy"))[0] in {"document:6", "document:7"}


# -- where in a file a hit is --------------------------------------------------------------------


def test_a_hit_in_a_pdf_names_its_page(backend, db):
    response = run(backend, "mieszkania chronione")
    hit = response.hits[0]
    assert hit.key == "document:8" and hit.snippet_source == "file"
    assert "<mark>chronione</mark>" in hit.snippet
    if hit.page is None:
        # Elasticsearch tells no offsets: the service finds the page in the database's copy.
        _database(db)
        add_pages([hit])
    assert hit.page == 3


def test_a_hit_in_the_body_is_not_said_to_be_in_the_file(backend):
    hit = run(backend, "samotnie").hits[0]
    assert hit.snippet_source == "body" and hit.page is None


def test_the_search_page_and_the_api_name_the_page(client, db, settings):
    settings.SEARCH_BACKEND = "database"
    _database(db)
    html = client.get("/szukaj/", {"q": "mieszkania chronione"}).content.decode()
    assert "W treści pliku, s. 3:" in html
    data = client.get("/api/search/", {"q": "mieszkania chronione"}).json()
    assert data["hits"][0]["page"] == 3 and data["hits"][0]["snippet_source"] == "file"


def test_the_search_page_says_when_it_shows_a_corrected_query(client, db, settings):
    settings.SEARCH_BACKEND = "database"
    _database(db)
    html = client.get("/szukaj/", {"q": "ogrzewalnja"}).content.decode()
    assert "Czy chodziło Ci o:" in html and "ogrzewalnia" in html
    assert "Dla „ogrzewalnja” nic nie znaleźliśmy" in html
    data = client.get("/api/search/", {"q": "ogrzewalnja"}).json()
    assert data["corrected"] is True and data["suggestion"] == "ogrzewalnia"
    assert data["hits"][0]["url"] == "/document-3/"


@pytest.mark.elasticsearch
def test_an_index_of_an_earlier_release_takes_updates_with_the_new_field():
    from elasticsearch import Elasticsearch
    from elasticsearch.dsl import Index

    from search.backends.elastic import ElasticsearchBackend, SearchDocument

    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_m{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(index_prefix=prefix)
    old = Index(f"{backend.alias}_old")
    old.document(SearchDocument)
    body = old.to_dict()
    del body["mappings"]["properties"]["paged"]  # as the index was before "paged"
    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
    try:
        client.indices.create(index=f"{backend.alias}_old", **body, aliases={backend.alias: {}})
        assert backend.index([CORPUS[-1]], refresh=True) == 1 and backend.rejected == {}
        hit = run(backend, "mieszkania chronione").hits[0]
        assert hit.key == "document:8" and hit.file_paged
    finally:
        client.close()
        drop_indices(prefix)


# -- found through a corrected word: explained as well ---------------------------------------------


def test_a_corrected_words_hits_mark_the_word_found(backend):
    response = run(backend, "teleopeka")
    assert response.corrected
    assert "<mark>teleopiekę</mark>" in response.hits[0].snippet
    assert response.hits[0].snippet_source == "body"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("źródłaa", "źródła"), ("teleopeka", "teleopieka"), ("wspolpracaa", "współpraca")],
)
def test_a_correction_keeps_the_letters_typed_and_puts_back_polish_ones(typed, shown):
    from search.polish import display_form

    assert display_form(fold(shown), typed) == shown


def test_a_word_of_the_index_missing_from_the_vocabulary_is_never_corrected_away(db):
    # As after an upgrade, before the first rebuild: the texts hold the word, the vocabulary not.
    from search.models import SearchTerm

    backend = _database(db)
    SearchTerm.objects.filter(term__startswith="ogrzewaln").delete()
    SearchTerm.objects.create(term="ogrzewalni", entries=50)  # a near term, more common
    response = run(backend, "ogrzewalnia")
    assert keys(response) == ["document:3"] and not response.corrected


# -- nearness in bounded time, and an index written before the word separators -------------------


def test_many_repeated_words_against_a_dense_text_are_decided_in_one_pass():
    from search.backends.nearness import has_phrase, nearness, stream
    from search.polish import analyze, query_lemmas

    text = stream(analyze("rodzina " * 200 + "teleopieka " + "gmina rodzina powiat " * 3000))
    rodzina, teleopieka = query_lemmas("rodzina"), query_lemmas("teleopieka")
    # Backtracking made this exponential in the repeated words (14 took 41 s): one pass now.
    assert nearness([text], [rodzina] * 31 + [teleopieka]) == 1.0
    gmina, powiat = query_lemmas("gmina"), query_lemmas("powiat")
    assert has_phrase([text], [powiat, gmina]) and not has_phrase([text], [gmina, powiat])
    assert nearness([text], [gmina, powiat]) == 0.5  # in order, one word between
    assert nearness([text], [teleopieka, gmina, rodzina, powiat]) == 1.0
    assert nearness([text], [powiat, teleopieka]) == 0.0


def test_an_index_written_before_the_word_separators_still_answers_phrases(db):
    # Streams as written before (no " | "): FTS5's NEAR answer is kept until a rebuild.
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's streams (PostgreSQL keeps positions in its vectors)")
    backend = _database(db)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_fts SET title = REPLACE(title, ' | ', ' '), "
            "number = REPLACE(number, ' | ', ' '), body = REPLACE(body, ' | ', ' '), "
            "files = REPLACE(files, ' | ', ' ')"
        )
    # As before the upgrade: the phrase's document is found (and document:5, whose words stand
    # close in the other order: FTS5's NEAR cannot tell), not nothing.
    assert keys(run(backend, '"przemoc w rodzinie"')) == ["document:4", "document:5"]


def test_the_page_of_a_fragment_is_told_apart_from_an_earlier_page_that_opens_alike():
    from search.polish import fragment_offset, page_at

    opening = "Teleopieka jest świadczona przez całą dobę dla osób starszych w gminie. "
    text = (
        opening + "Koszt pokrywa gmina.\n\f" + "Druga strona.\n\f" + opening + "Teleopieka mobilna."
    )
    fragment = opening + "<mark>Teleopieka</mark> <mark>mobilna</mark>."
    assert page_at(text, fragment_offset(text, fragment)) == 3
