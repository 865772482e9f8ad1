"""The same search behaviour on both backends: the database (SQLite here, PostgreSQL in CI) and Elasticsearch.

Each test indexes a small Polish corpus of SearchRecords and asserts on what a visitor would
get back: which records, in which order, with which snippets and facet counts.
"""

import datetime
import uuid

from django.conf import settings

import pytest

from search.backends.base import SearchRecord, SearchRequest
from search.polish import parse_query
from tests.search.es_utils import BACKENDS, drop_indices, loaded_backend

CORPUS = [
    SearchRecord(
        key="page:1",
        kind="strona",
        title="Współpraca międzysektorowa w praktyce",
        url="/wspolpraca/",
        body="Ośrodki pomocy społecznej budują partnerstwa z policją i szkołami.",
        date=datetime.date(2019, 3, 29),
        voivodeship="24",
        tags=["Model"],
    ),
    SearchRecord(
        key="page:2",
        kind="aktualnosc",
        title="Spotkanie zespołu",
        url="/aktualnosci/spotkanie/",
        body="Przedstawiciele gmin dyskutowali o współpracy międzysektorowej w gminach i powiatach.",
        date=datetime.date(2020, 1, 15),
        voivodeship="16",
        tags=["spotkania"],
    ),
    SearchRecord(
        key="document:3",
        kind="dokument",
        title="Zarządzenie Dyrektora ROPS w Opolu",
        url="/dokumenty/3/zarzadzenie/",
        number="20/18",
        body="Zarządzenie w sprawie regulaminu uczestnictwa.",
        file_text="Regulamin uczestnictwa w formach wsparcia dla gminie i powiatu.",
        date=datetime.date(2018, 8, 30),
        document_type="zarzadzenie",
        document_type_label="zarządzenie",
        voivodeship="16",
        tags=["Opole"],
    ),
    SearchRecord(
        key="document:4",
        kind="dokument",
        title="Regulamin naboru jednostek samorządu terytorialnego",
        url="/dokumenty/4/regulamin-naboru/",
        number="1/2018",
        body="Regulamin określa zasady naboru gmin miejskich i powiatów do projektu.",
        file_text="Zgłoszenia przyjmujemy do 20 czerwca 2018 r. Liczba gmin jest ograniczona.",
        date=datetime.date(2018, 5, 30),
        document_type="regulamin",
        document_type_label="regulamin",
        voivodeship="16",
        tags=["Opole", "nabór JST"],
    ),
    SearchRecord(
        key="term:5",
        kind="haslo",
        title="Kontrakt socjalny",
        url="/slownik/#kontrakt-socjalny",
        body="Pisemna umowa pracownika socjalnego z osobą lub rodziną, która wspiera gminy.",
    ),
    SearchRecord(
        key="page:6",
        kind="dobra-praktyka",
        title="Pielęgniarka w zespole",
        url="/dobre-praktyki/pielegniarka/",
        body="Kontraktu socjalnego nie podpisano, ale pracownik socjalny pomógł rodzinie. "
        "Kontrakt był omawiany, a potem sprawą zajął się zespół socjalny.",
        date=datetime.date(2021, 6, 1),
        voivodeship="12",
    ),
    SearchRecord(
        key="page:7",
        kind="strona",
        title="Niebezpieczny <script>alert(1)</script> tytuł",
        url="/xss/",
        body="Treść z <script>alert('x')</script> i słowem pilotaż.",
        date=datetime.date(2022, 2, 2),
    ),
]


@pytest.fixture(params=BACKENDS)
def backend(request):
    yield from loaded_backend(request, CORPUS, "b")


def run(backend, text, **kwargs):
    return backend.search(SearchRequest(query=parse_query(text), **kwargs))


def keys(response):
    return [hit.key for hit in response.hits]


@pytest.mark.parametrize("form", ["gmina", "gminy", "gminie", "gmin", "gminach"])
def test_every_form_of_gmina_finds_every_other_form(backend, form):
    found = set(keys(run(backend, form)))
    # page:2 says "gmin" and "gminach", document:3 "gminie", document:4 "gmin", term:5 "gminy".
    assert {"page:2", "document:3", "document:4", "term:5"} <= found
    assert "page:7" not in found


def test_wspolpraca_finds_wspolpracy(backend):
    assert "page:2" in keys(run(backend, "współpraca"))


def test_query_without_diacritics_finds_the_pages(backend):
    found = keys(run(backend, "wspolpraca miedzysektorowa"))
    assert set(found[:2]) == {"page:1", "page:2"}


def test_title_match_ranks_above_body_match(backend):
    found = keys(run(backend, "współpraca międzysektorowa"))
    assert found[0] == "page:1"


def test_document_number_ranks_its_document_first(backend):
    found = keys(run(backend, "20/18"))
    assert found[0] == "document:3"


def test_regulamin_naboru_puts_the_regulations_first(backend):
    found = keys(run(backend, "regulamin naboru"))
    assert found[0] == "document:4"


def test_quoted_phrase_needs_the_words_together(backend):
    found = keys(run(backend, '"kontrakt socjalny"'))
    assert "term:5" in found
    assert "page:6" in found  # "Kontraktu socjalnego" — the phrase in another form
    loose = keys(run(backend, '"zespół kontrakt"'))
    assert "page:6" not in loose  # both words are there, but not side by side


def test_a_quoted_phrase_may_hold_stop_words(backend):
    # page:2: "o współpracy międzysektorowej w gminach i powiatach"
    assert "page:2" in keys(run(backend, '"współpraca międzysektorowa w gminach"'))
    # document:3's file: "Regulamin uczestnictwa w formach wsparcia dla gminie i powiatu."
    assert keys(run(backend, '"uczestnictwo w formach wsparcia"')) == ["document:3"]


def test_all_words_must_match_before_any_word(backend):
    response = run(backend, "regulamin pielęgniarka")
    assert response.any_word is True
    assert {"document:4", "page:6"} <= set(keys(response))
    strict = run(backend, "regulamin naboru")
    assert strict.any_word is False
    assert "page:6" not in keys(strict)


def test_facets_count_the_matches_and_filters_narrow_them(backend):
    response = run(backend, "gmina")
    kinds = {facet.value: facet.count for facet in response.facets["kind"]}
    assert kinds == {"dokument": 2, "aktualnosc": 1, "haslo": 1}
    voivodeships = {facet.value: facet.count for facet in response.facets["voivodeship"]}
    assert voivodeships == {"16": 3}
    tags = {facet.value: facet.count for facet in response.facets["tag"]}
    assert tags["Opole"] == 2
    years = {facet.value: facet.count for facet in response.facets["year"]}
    assert years == {"2018": 2, "2020": 1}
    narrowed = run(backend, "gmina", filters={"kind": ["dokument"], "tag": ["nabór JST"]})
    assert keys(narrowed) == ["document:4"]
    assert narrowed.total == 1
    by_type = run(backend, "gmina", filters={"document_type": ["zarzadzenie"]})
    assert keys(by_type) == ["document:3"]
    by_year = run(backend, "gmina", filters={"year": ["2020"]})
    assert keys(by_year) == ["page:2"]


def test_snippet_marks_the_matched_forms_and_escapes_html(backend):
    response = run(backend, "gmina")
    snippet = {hit.key: hit.snippet for hit in response.hits}["page:2"]
    assert "<mark>gmin</mark>" in snippet or "<mark>gminach</mark>" in snippet
    xss = run(backend, "pilotaż")
    assert keys(xss) == ["page:7"]
    assert "<script>" not in xss.hits[0].snippet
    assert "&lt;script&gt;" in xss.hits[0].snippet
    assert "<mark>pilotaż</mark>" in xss.hits[0].snippet


def test_sort_by_date_puts_the_newest_first(backend):
    response = run(backend, "gmina", sort="date")
    assert keys(response) == ["page:2", "document:3", "document:4", "term:5"]


def test_pagination_splits_the_results(backend):
    first = run(backend, "gmina", per_page=2, page=1)
    second = run(backend, "gmina", per_page=2, page=2)
    beyond = run(backend, "gmina", per_page=2, page=50)
    assert first.total == second.total == 4
    assert len(first.hits) == len(second.hits) == 2
    assert not set(keys(first)) & set(keys(second))
    assert beyond.hits == []


def test_index_replaces_and_delete_removes_a_record(backend):
    changed = SearchRecord(
        key="page:2",
        kind="aktualnosc",
        title="Warsztaty kooperacyjne",
        url="/a/",
        body="Nowa treść.",
    )
    backend.index([changed], **_refresh(backend))
    assert keys(run(backend, "warsztaty")) == ["page:2"]
    assert "page:2" not in keys(run(backend, "gminach"))
    backend.delete(["page:2"], **_refresh(backend))
    assert run(backend, "warsztaty").total == 0
    assert backend.stats()["documents"] == len(CORPUS) - 1


def _refresh(backend):
    return {"refresh": True} if backend.name == "elasticsearch" else {}


def test_suggestions_complete_a_word_of_a_title(backend):
    titles = [s.title for s in backend.suggest("wspol")]
    assert titles == ["Współpraca międzysektorowa w praktyce"]
    assert [s.url for s in backend.suggest("Regulamin nab")] == ["/dokumenty/4/regulamin-naboru/"]


@pytest.mark.parametrize(
    "text",
    [
        '" ( ) * : [ ] { } ~ ^ \\ / AND OR',
        "gmina AND (powiat OR",
        'title:gmina^3 gmin~2 "niedomknięta',
        "'; DROP TABLE search_searchentry; --",
        "NEAR(gmina powiat) * -gmina +powiat",
        "ą" * 2000,
        "gmina " * 400,
        "\x00\x01 gmina",
    ],
)
def test_engine_syntax_is_only_words(backend, text):
    response = run(backend, text)
    assert response.total >= 0
    assert backend.stats()["documents"] == len(CORPUS)


@pytest.mark.postgres
def test_postgres_stores_weighted_lemmas_at_shared_positions(db):
    from django.db import connection

    from search.backends.database import DatabaseBackend

    DatabaseBackend().rebuild(CORPUS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM search_searchentry WHERE key = %s", ["page:2"]
        )
        vector = cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_vector_gin'"
        )
        index = cursor.fetchone()[0]
    assert "USING gin (search_vector)" in index
    # "gminach" is stored as its lemmas and its own form, all at the word's position, weight B.
    positions = {
        lexeme.split(":")[0].strip("'"): set(lexeme.split(":")[1].split(","))
        for lexeme in vector.split()
    }
    (gminach,) = positions["gminach"]
    assert gminach.endswith("B")
    assert gminach in positions["gmina"] and gminach in positions["gmin"]
    assert "1A" in positions["spotkanie"]  # the title's first word, weight A


TOPIC_CORPUS = [
    SearchRecord(
        key=f"document:{n}",
        kind="dokument",
        title=f"Sprawozdanie kwartalne nr {n}",
        url=f"/dokumenty/{n}/",
        body=body,
        date=datetime.date(2020, 1, n),
    )
    for n, body in [
        # The newest mentions supervision once; the oldest is about it throughout.
        (3, "Zespół omówił budżet i harmonogram. Wspomniano też o superwizji."),
        (2, "Omówiono budżet projektu, harmonogram spotkań i listę obecności."),
        (1, " ".join(["Superwizja pracy socjalnej odbyła się w ośrodku."] * 6)),
    ]
]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("database", marks=pytest.mark.django_db),
        pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
    ],
)
def test_a_text_about_the_word_ranks_above_a_passing_mention(name):
    if name == "database":
        from search.backends.database import DatabaseBackend

        backend = DatabaseBackend()
        backend.rebuild(TOPIC_CORPUS)
        found = keys(run(backend, "superwizja"))
    else:
        from search.backends.elastic import ElasticsearchBackend

        prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_t{uuid.uuid4().hex[:8]}"
        backend = ElasticsearchBackend(index_prefix=prefix)
        try:
            backend.rebuild(TOPIC_CORPUS)
            found = keys(run(backend, "superwizja"))
        finally:
            drop_indices(prefix)
    assert found == ["document:1", "document:3"]


@pytest.mark.postgres
def test_postgres_ranks_on_a_compact_vector_through_the_full_text_index(db):
    from django.db import connection

    from search.backends.database import DatabaseBackend

    DatabaseBackend().rebuild(TOPIC_CORPUS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rank_vector::text, pg_column_size(rank_vector), "
            "(SELECT attstorage FROM pg_attribute WHERE attrelid = 'search_searchentry'::regclass "
            "AND attname = 'rank_vector') FROM search_searchentry WHERE key = 'document:1'"
        )
        vector, size, storage = cursor.fetchone()
    # Title terms weigh A; "superwizja", six times in the text, is a topic (C, one position).
    assert "'sprawozdanie':1A" in vector
    assert "'superwizja':1C" in vector
    assert storage == "p" and size < 4096  # PLAIN: never compressed, never out of line
