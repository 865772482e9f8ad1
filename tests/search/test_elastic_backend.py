"""The Elasticsearch backend against the real server: Polish analysis, ranking, facets, aliases.

Each test works in indices of its own prefix and deletes them afterwards. The records are built
by hand; no database is needed.
"""

import datetime
import time
from uuid import uuid4

from django.conf import settings

import pytest

from search.backends.base import BackendUnavailable, SearchRecord, SearchRequest
from search.backends.elastic import ElasticsearchBackend
from search.polish import parse_query

pytestmark = pytest.mark.elasticsearch

CORPUS = [
    SearchRecord(
        key="page:1",
        kind="strona",
        title="Współpraca międzysektorowa w praktyce",
        url="/wspolpraca/",
        summary="Jak ośrodki pomocy budują partnerstwa.",
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
        body="Przedstawiciele dyskutowali o współpracy międzysektorowej w gminach i powiatach.",
        date=datetime.date(2020, 1, 15),
        voivodeship="16",
        tags=["spotkania"],
    ),
    SearchRecord(
        key="document:3",
        kind="dokument",
        title="Zarządzenie Dyrektora ROPS w Opolu",
        url="/dokumenty/3/",
        number="KS.524.1.2019",
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
        url="/dokumenty/4/",
        number="1/2018",
        body="Regulamin określa zasady naboru do projektu; liczba gmin jest ograniczona.",
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
        body="Pisemna umowa pracownika socjalnego z rodziną, którą wspierają gminy.",
    ),
    SearchRecord(
        key="page:6",
        kind="dobra-praktyka",
        title="Pielęgniarka w zespole",
        url="/dobre-praktyki/pielegniarka/",
        body="Kontraktu socjalnego nie podpisano, ale pracownik pomógł rodzinie. "
        "Kontrakt był omawiany, a potem sprawą zajął się zespół socjalny.",
        date=datetime.date(2021, 6, 1),
        voivodeship="12",
    ),
    SearchRecord(
        key="page:7",
        kind="strona",
        title="Sprawozdanie KS 524 za rok 2019",
        url="/sprawozdanie/",
        body="Sprawozdanie KS 524 z 2019: rok 2019 w liczbach, 524 rodziny, KS 2019 i KS 524.",
        date=datetime.date(2022, 2, 2),
    ),
    SearchRecord(
        key="page:8",
        kind="strona",
        title="Bezpieczeństwo",
        url="/xss/",
        summary="Streszczenie <b>pogrubione</b>.",
        body="Treść z <script>alert('x')</script> i słowem pilotaż.",
        date=datetime.date(2023, 2, 2),
    ),
    SearchRecord(
        key="page:9",
        kind="strona",
        title="Warsztaty w gminie Opole",
        url="/warsztaty/",
        body="Warsztaty kooperacyjne dla pracowników.",
        date=datetime.date(2017, 1, 1),
        voivodeship="16",
    ),
]


def _delete_indices(prefix):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
    # The server refuses wildcard deletes; delete the matching indices by name.
    names = list(client.indices.get(index=f"{prefix}*", expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names))
    client.close()


def _prefix():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_{uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def loaded():
    """A backend holding CORPUS, shared by the tests that only read."""
    prefix = _prefix()
    backend = ElasticsearchBackend(index_prefix=prefix)
    backend.rebuild(CORPUS)
    yield backend
    _delete_indices(prefix)


@pytest.fixture
def fresh():
    """A backend of its own, for tests that write; its indices are created by the test."""
    prefix = _prefix()
    yield ElasticsearchBackend(index_prefix=prefix)
    _delete_indices(prefix)


def run(backend, text, **kwargs):
    return backend.search(SearchRequest(query=parse_query(text), **kwargs))


def keys(response):
    return [hit.key for hit in response.hits]


# -- Polish analysis -----------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["gmina", "gminy", "gminie", "gmin", "gminach"])
def test_every_form_of_gmina_finds_the_other_forms(loaded, form):
    found = set(keys(run(loaded, form)))
    # page:2 has "gminach", document:3 "gminie", document:4 "gmin", term:5 "gminy", page:9 "gminie".
    assert found == {"page:2", "document:3", "document:4", "term:5", "page:9"}


def test_wspolpraca_finds_wspolpracy(loaded):
    assert set(keys(run(loaded, "współpraca"))) == {"page:1", "page:2"}


def test_query_without_diacritics_finds_the_inflected_words(loaded):
    response = run(loaded, "wspolpraca miedzysektorowa")
    assert set(keys(response)) == {"page:1", "page:2"}
    assert response.any_word is False
    snippet = {hit.key: hit.snippet for hit in response.hits}["page:2"]
    assert "<mark>współpracy</mark> <mark>międzysektorowej</mark>" in snippet


def test_quoted_phrase_needs_adjacent_words_in_any_form(loaded):
    assert set(keys(run(loaded, '"kontrakt socjalny"'))) == {"term:5", "page:6"}
    # Both words are in page:6, but never side by side.
    assert run(loaded, '"zespół kontrakt"').total == 0
    assert set(keys(run(loaded, "zespół kontrakt"))) == {"page:6"}


# -- ranking -------------------------------------------------------------------------------------


def test_query_equal_to_a_document_number_puts_it_first(loaded):
    response = run(loaded, "KS.524.1.2019")
    assert keys(response)[0] == "document:3"
    assert response.hits[0].number == "KS.524.1.2019"
    # Without the exact number, the page repeating those numbers wins.
    assert keys(run(loaded, "KS 524 2019"))[0] == "page:7"


def test_title_match_ranks_above_body_match(loaded):
    assert keys(run(loaded, "współpraca międzysektorowa")) == ["page:1", "page:2"]
    assert keys(run(loaded, "regulamin"))[0] == "document:4"


def test_no_record_with_every_word_falls_back_to_any_word(loaded):
    response = run(loaded, "regulamin pielęgniarka")
    assert response.any_word is True
    assert {"document:3", "document:4", "page:6"} == set(keys(response))
    strict = run(loaded, "regulamin naboru")
    assert strict.any_word is False
    assert keys(strict) == ["document:4"]


# -- facets, sorting, pages ----------------------------------------------------------------------


def test_facets_count_the_matches_and_filters_narrow_them(loaded):
    response = run(loaded, "gmina")
    facets = {name: {f.value: f.count for f in values} for name, values in response.facets.items()}
    assert facets["kind"] == {"dokument": 2, "strona": 1, "aktualnosc": 1, "haslo": 1}
    assert [f.value for f in response.facets["kind"]][0] == "dokument"  # counts descending
    assert facets["voivodeship"] == {"16": 4}
    assert facets["year"] == {"2018": 2, "2020": 1, "2017": 1}
    assert facets["tag"] == {"Opole": 2, "nabór JST": 1, "spotkania": 1}
    assert facets["document_type"] == {"regulamin": 1, "zarzadzenie": 1}

    narrowed = run(loaded, "gmina", filters={"kind": ["dokument"], "tag": ["nabór JST"]})
    assert keys(narrowed) == ["document:4"]
    assert narrowed.total == 1
    assert {f.value: f.count for f in narrowed.facets["tag"]} == {"Opole": 1, "nabór JST": 1}
    assert keys(run(loaded, "gmina", filters={"year": ["2020"]})) == ["page:2"]
    assert run(loaded, "gmina", filters={"year": ["nie-rok"]}).total == 0


def test_sort_by_date_puts_the_newest_first_and_undated_last(loaded):
    response = run(loaded, "gmina", sort="date")
    assert keys(response) == ["page:2", "document:3", "document:4", "page:9", "term:5"]
    assert all(hit.score == 0.0 for hit in response.hits)
    assert response.hits[0].date == datetime.date(2020, 1, 15)


def test_pagination_splits_the_results(loaded):
    first = run(loaded, "gmina", per_page=2, page=1)
    second = run(loaded, "gmina", per_page=2, page=2)
    third = run(loaded, "gmina", per_page=2, page=3)
    beyond = run(loaded, "gmina", per_page=10, page=5000)  # past the 10,000 result window
    assert first.total == second.total == third.total == beyond.total == 5
    assert [len(r.hits) for r in (first, second, third)] == [2, 2, 1]
    assert len(set(keys(first) + keys(second) + keys(third))) == 5
    assert beyond.hits == []


# -- snippets ------------------------------------------------------------------------------------


def test_snippet_marks_matched_forms_and_escapes_html(loaded):
    snippets = {hit.key: hit.snippet for hit in run(loaded, "gmina").hits}
    assert "<mark>gminach</mark>" in snippets["page:2"]
    assert "<mark>gminie</mark>" in snippets["document:3"]  # from the file text
    response = run(loaded, "pilotaż")
    assert keys(response) == ["page:8"]
    snippet = response.hits[0].snippet
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>pilotaż</mark>" in snippet


def test_files_text_is_highlighted_only_for_hits_whose_body_does_not_match(loaded, monkeypatch):
    """Highlighting a long text costs the engine most of a search: one request when every hit
    matches in its body, a second one for the hits that match only in their files."""
    requests = []
    search = loaded.client.search

    def counting(**kwargs):
        requests.append(sorted(kwargs.get("highlight", {}).get("fields", {})))
        return search(**kwargs)

    monkeypatch.setattr(loaded.client, "search", counting)
    run(loaded, "pilotaż")
    assert requests == [["body"]]
    requests.clear()
    snippets = {hit.key: hit.snippet for hit in run(loaded, "gmina").hits}
    assert requests == [["body"], ["file_text"]]
    assert "<mark>gminie</mark>" in snippets["document:3"]
    assert "<mark>gminach</mark>" in snippets["page:2"]


def test_snippet_falls_back_to_the_escaped_summary(loaded):
    hit = run(loaded, "bezpieczeństwo").hits[0]  # matches the title only
    assert hit.key == "page:8"
    assert hit.snippet == "Streszczenie &lt;b&gt;pogrubione&lt;/b&gt;."


# -- did you mean, suggestions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [
        ("wspulpraca", "współpraca"),
        ("regulamim", "regulamin"),
        ("regulamim naboru", "regulamin naboru"),
    ],
)
def test_a_typo_gets_a_corrected_query(loaded, typo, suggestion):
    response = run(loaded, typo)
    assert response.suggestion == suggestion
    assert run(loaded, response.suggestion).total > 0


def test_a_query_that_finds_enough_gets_no_suggestion(loaded):
    assert run(loaded, "gmina").suggestion == ""
    assert run(loaded, "regulamim", with_suggestion=False).suggestion == ""


def test_suggestions_complete_a_word_of_a_title(loaded):
    assert [s.title for s in loaded.suggest("wspol")] == ["Współpraca międzysektorowa w praktyce"]
    found = loaded.suggest("Regulamin nab")
    assert [(s.url, s.kind) for s in found] == [("/dokumenty/4/", "dokument")]
    assert loaded.suggest("***") == []


# -- writing -------------------------------------------------------------------------------------


def _concrete_indices(backend):
    return set(backend.client.indices.get_alias(name=backend.alias))


def test_rebuild_swaps_the_alias_while_searches_keep_working(fresh):
    fresh.rebuild(CORPUS)
    old_indices = _concrete_indices(fresh)
    during = []

    def progress(count):
        during.append((count, keys(run(fresh, "pilotaż"))))
        # A refresh after each batch writes it as a segment of its own in the new index.
        fresh.client.indices.refresh(index=f"{fresh.alias}_*")

    replacement = [
        SearchRecord(key=f"page:{n}", kind="strona", title=f"Ewaluacja pilotażu {n}", url="/e/")
        for n in range(450)
    ]
    assert fresh.rebuild(replacement, progress=progress) == 450
    # Batches of 200; the old index answered while the new one was loading.
    assert [count for count, _found in during] == [200, 200, 50]
    assert all(found == ["page:8"] for _count, found in during)

    new_indices = _concrete_indices(fresh)
    assert len(new_indices) == 1 and not new_indices & old_indices
    # It went live merged into one segment (the batches were written as three).
    segments = fresh.client.indices.segments(index=",".join(new_indices))
    shards = segments["indices"][new_indices.pop()]["shards"]["0"]
    assert [shard["num_search_segments"] for shard in shards] == [1]
    assert not fresh.client.indices.exists(index=",".join(old_indices))
    assert run(fresh, "pilotaż").total == 450
    assert run(fresh, "gmina").total == 0
    assert fresh.stats()["documents"] == 450


def test_index_creates_the_alias_and_replaces_records(fresh):
    assert fresh.stats() == {"documents": 0, "size_bytes": 0}
    assert fresh.index(CORPUS[:2], refresh=True) == 2
    assert len(_concrete_indices(fresh)) == 1
    changed = SearchRecord(key="page:2", kind="aktualnosc", title="Warsztaty", url="/a/")
    assert fresh.index([changed], refresh=True) == 1
    assert keys(run(fresh, "warsztaty")) == ["page:2"]
    assert "page:2" not in keys(run(fresh, "gminach"))
    assert fresh.index([]) == 0


def test_delete_removes_records_and_ignores_missing_keys(loaded, fresh):
    fresh.delete(["page:1"])  # no index yet: nothing to do
    fresh.rebuild(CORPUS)
    fresh.delete(["page:2", "page:404"], refresh=True)
    assert "page:2" not in keys(run(fresh, "gminach"))
    stats = fresh.stats()
    assert stats["documents"] == len(CORPUS) - 1
    assert stats["size_bytes"] > 0


def test_ping_answers_true_when_the_server_is_up(loaded):
    assert loaded.ping() is True


# -- resilience ----------------------------------------------------------------------------------


def test_a_dead_server_is_reported_quickly_never_raised_raw():
    dead = ElasticsearchBackend(url="http://127.0.0.1:9", index_prefix="k3d_dead", timeout=1.0)
    started = time.perf_counter()
    with pytest.raises(BackendUnavailable):
        run(dead, "gmina")
    assert time.perf_counter() - started < 3
    assert dead.ping() is False
    for call in (
        lambda: dead.suggest("wspol"),
        lambda: dead.index(CORPUS[:1]),
        lambda: dead.delete(["page:1"]),
        lambda: dead.rebuild(CORPUS[:1]),
        dead.stats,
    ):
        with pytest.raises(BackendUnavailable):
            call()


def test_searching_an_index_never_built_is_unavailable(fresh):
    with pytest.raises(BackendUnavailable):
        run(fresh, "gmina")


@pytest.mark.parametrize(
    "text",
    [
        '" ( ) * : [ ] { } ~ ^ \\ / AND OR',
        "'; DROP TABLE x; --",
        "gmina AND (powiat OR",
        'title:gmina^3 gmin~2 "niedomknięta',
        "ą" * 2000,
        "gmina " * 400,
        ("gmina powiat współpraca " * 100)[:2000],
        "\x00\x01 gmina",
    ],
)
def test_engine_syntax_is_only_words(loaded, text):
    response = run(loaded, text)
    assert response.total >= 0
    assert response.backend == "elasticsearch"
    assert loaded.stats()["documents"] == len(CORPUS)


@pytest.mark.django_db
def test_a_document_without_a_date_of_issue_is_indexed_under_its_publication_date(fresh):
    from django.utils import timezone

    from documents.generation import pdf_bytes
    from documents.services import create_document
    from search.records import document_record

    document = create_document(
        pdf_bytes("Notatka bez daty", ("Spotkanie zespołu w Nysie.",)),
        "notatka.pdf",
        {"title": "Notatka ze spotkania w Nysie"},
    )
    record = document_record(document)
    assert record.date == timezone.localdate(document.created_at)
    assert type(record.date) is datetime.date
    fresh.rebuild([record])  # a timestamp here was refused and stopped the whole rebuild
    hit = run(fresh, "notatka Nysa").hits[0]
    assert (hit.key, hit.date) == (record.key, record.date)


def _poisoned(key="page:99"):
    """A record Elasticsearch refuses for what it holds: a timestamp where its date field takes
    a date (what an undated registry document used to give)."""
    return SearchRecord(
        key=key,
        kind="strona",
        title="Strona z datą i godziną",
        url="/zla-data/",
        body="Gmina przekazała sprawozdanie.",
        date=datetime.datetime(2026, 12, 7, 5, 15, 5),
    )


def test_a_refused_record_is_skipped_and_reported_the_rest_is_indexed(fresh):
    assert fresh.rebuild([*CORPUS[:2], _poisoned(), *CORPUS[2:]]) == len(CORPUS)
    assert list(fresh.rejected) == ["page:99"]
    assert "date" in fresh.rejected["page:99"]
    assert set(keys(run(fresh, "gmina powiat"))) >= {"page:2"}
    # The same for updates: the good record goes in, the bad one is named.
    changed = SearchRecord(**{**CORPUS[0].__dict__, "title": "Współpraca w Kluczborku"})
    assert fresh.index([_poisoned("page:98"), changed], refresh=True) == 1
    assert list(fresh.rejected) == ["page:98"]
    assert keys(run(fresh, "Kluczborku")) == ["page:1"]
    assert fresh.index([CORPUS[1]]) == 1 and fresh.rejected == {}
