"""The search page and the JSON API over the demo site, as a visitor and a client use them."""

import json

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get("/api/search/", params)
    return response, json.loads(response.content)


@pytest.mark.parametrize(
    ("query", "first_url"),
    [
        ("regulamin naboru", "/regulamin-naboru-jednostek-samorzadu-terytorialnego/"),
        ("karta oceny merytorycznej", "/karta-oceny-merytorycznej/"),
        ("Oświęcim", "/porozumienie-o-wspolpracy-wojewodztwo-malopolskie-gmina-miasto-oswiecim"),
        ("oswiecim", "/porozumienie-o-wspolpracy-wojewodztwo-malopolskie-gmina-miasto-oswiecim"),
        ("kontrakt socjalny", "kontrakt-socjalny"),  # the glossary entry or the Model chapter
    ],
)
def test_demo_queries_give_the_obvious_first_result(client, demo_content, query, first_url):
    response, data = api(client, q=query)
    assert response.status_code == 200
    assert first_url in data["hits"][0]["url"], [h["title"] for h in data["hits"][:3]]


def test_kooperacja_leads_to_the_model_and_the_project(client, demo_content):
    _response, data = api(client, q="kooperacja")
    assert data["total"] >= 10
    assert {data["hits"][0]["url"], data["hits"][1]["url"]} & {"/model/", "/"}


def test_api_returns_hits_with_every_field_and_facets(client, demo_content):
    response, data = api(client, q="regulamin", type="dokument", per_page=3)
    assert response["Content-Type"].startswith("application/json")
    assert set(data) >= {"total", "took_ms", "backend", "hits", "facets", "page"}
    assert data["backend"] in ("database", "elasticsearch")
    assert data["total"] >= 2 and len(data["hits"]) <= 3
    hit = data["hits"][0]
    assert set(hit) >= {"title", "url", "content_type", "document_type", "date", "snippet", "score"}
    assert all(h["content_type"] == "dokument" for h in data["hits"])
    assert "<mark>" in hit["snippet"]
    assert {"value": "dokument", "count": data["total"]} in data["facets"]["type"]
    assert sum(item["count"] for item in data["facets"]["voivodeship"]) >= 1


def test_search_page_shows_results_facets_and_announces_the_count(client, demo_content):
    response = client.get("/szukaj/", {"q": "gminach"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span role="status">Znaleziono: ' in html
    assert "<title>Wyniki wyszukiwania: gminach (" in html
    assert "<mark>" in html
    assert "Rodzaj treści" in html and "Województwo" in html
    assert 'name="type" value="dokument"' in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_filter_and_sort_on_the_page(client, demo_content):
    html = client.get(
        "/szukaj/", {"q": "gmina", "type": "dokument", "sort": "date"}
    ).content.decode()
    assert 'value="dokument" checked' in html
    assert "Aktualność ·" not in html
    assert '<option value="date" selected>' in html


def test_empty_query_is_a_helpful_page(client, demo_content):
    response = client.get("/szukaj/", {"q": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Przykłady:" in html and "Znaleziono" not in html


def test_result_count_in_polish_plural(client, demo_content):
    html = client.get("/szukaj/", {"q": "streetworking"}).content.decode()
    assert "Znaleziono: 1 wynik<" in html
    html = client.get("/szukaj/", {"q": "rodo"}).content.decode()
    assert "Znaleziono: 3 wyniki<" in html


def test_nothing_found_says_so(client, demo_content):
    html = client.get("/szukaj/", {"q": "xyzzyqwert"}).content.decode()
    assert "Nie znaleziono wyników dla „xyzzyqwert”" in html


BAD_QUERIES = [
    '" ( ) * : [ ] { } ~ ^ \\ / AND OR',
    "gmina AND (powiat OR",
    'title:gmina^3 gmin~2 "niedomknięta',
    "1' OR '1'='1'; DROP TABLE search_searchentry; --",
    "<script>alert(1)</script>",
    "NEAR(a b) * -gmina",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_engine_syntax_never_fails(client, demo_content, query):
    page = client.get("/szukaj/", {"q": query})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
    response, data = api(client, q=query)
    assert response.status_code == 200
    assert data["total"] >= 0


def test_long_query_is_cut_with_a_notice(client, demo_content):
    long_query = "gmina " + "x" * 1994
    html = client.get("/szukaj/", {"q": long_query}).content.decode()
    assert "Zapytanie było za długie" in html
    _response, data = api(client, q=long_query)
    assert data["notices"] and "za długie" in data["notices"][0]
    assert data["total"] >= 1  # "gmina" is in the part that is searched


def test_invalid_utf8_is_not_an_error(client, demo_content):
    page = client.get("/szukaj/?q=%ff%fe%fdgmina")
    assert page.status_code == 200
    response = client.get("/api/search/?q=%ff%fegmina")
    assert response.status_code == 200


def test_unknown_filter_values_and_pages(client, demo_content):
    page = client.get("/szukaj/", {"q": "gmina", "type": "zzz", "year": "abc", "page": "999"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Pominęliśmy nieznaną wartość filtra." in html
    assert "pokazujemy ostatnią" in html
    for params, message in [
        ({"q": "gmina", "type": "zzz"}, "Nieznana wartość filtra"),
        ({"q": "gmina", "page": "0"}, "Numer strony"),
        ({"q": "gmina", "page": "-1"}, "Numer strony"),
        ({"q": "gmina", "page": "abc"}, "Numer strony"),
        ({"q": "gmina", "sort": "title"}, "Sortowanie"),
        ({"q": "gmina", "per_page": "1000"}, "per_page"),
        ({"q": ""}, "Podaj zapytanie"),
        ({"q": "x" * 20000}, "za długie"),
    ]:
        response, data = api(client, **params)
        assert response.status_code == 400, params
        assert message in data["error"]
    response, data = api(client, q="gmina", page=999)
    assert response.status_code == 200 and data["hits"] == []


def test_queries_are_logged_for_the_popular_searches_report(client, demo_content):
    client.get("/szukaj/", {"q": "Regulamin naboru"})
    api(client, q="regulamin naboru")
    query = Query.objects.get(query_string="regulamin naboru")
    assert sum(hit.hits for hit in query.daily_hits.all()) == 2


def test_editors_pick_is_shown_first(client, demo_content):
    target = Page.objects.get(slug="o-projekcie")
    SearchPromotion.objects.create(
        query=Query.get("rekrutacja"),
        page=target,
        description="Zasady udziału w projekcie.",
        sort_order=0,
    )
    html = client.get("/szukaj/", {"q": "Rekrutacja"}).content.decode()
    assert "Polecane" in html
    assert 'href="/o-projekcie/"' in html and "Zasady udziału w projekcie." in html


def test_suggestions_as_you_type(client, demo_content):
    data = json.loads(client.get("/api/search/suggest/", {"q": "regulamin nab"}).content)
    assert data["suggestions"][0]["title"] == "Regulamin naboru jednostek samorządu terytorialnego"
    assert json.loads(client.get("/api/search/suggest/", {"q": "r"}).content)["suggestions"] == []
    odd = client.get("/api/search/suggest/", {"q": '"*(:^'})
    assert odd.status_code == 200


def test_health_reports_each_backend(client, demo_content):
    data = json.loads(client.get("/api/search/health/").content)
    database = data["backends"]["database"]
    assert database["available"] is True
    assert database["documents"] >= 60
    assert database["pending_updates"] == 0 and database["lag_seconds"] == 0


def test_api_query_count_is_pinned(client, demo_content, django_assert_max_num_queries):
    api(client, q="gmina")  # the first query creates its log row
    with django_assert_max_num_queries(11):
        response, data = api(client, q="gmina", type="dokument")
    assert data["total"] >= 1


def test_page_query_count_is_pinned(client, demo_content, django_assert_max_num_queries):
    client.get("/szukaj/", {"q": "gmina"})
    with django_assert_max_num_queries(15):
        response = client.get("/szukaj/", {"q": "gmina"})
    assert response.status_code == 200


def test_a_busy_database_does_not_cost_the_visitor_the_results(
    client, demo_content, settings, monkeypatch
):
    """The popular-searches count is written in the request (SEARCH_LOG_FLUSH_SECONDS=0); when
    the database is busy („database is locked” on SQLite) the results are shown all the same and
    the hit waits in memory for a later write (search/querylog.py)."""
    from django.db import OperationalError

    from search import querylog

    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    querylog.discard()

    def locked(counts):
        raise OperationalError("database is locked")

    monkeypatch.setattr(querylog, "write", locked)
    monkeypatch.setattr(querylog, "_schedule", lambda interval: None)  # no timer in this test
    response = client.get("/szukaj/", {"q": "gminach"})
    assert response.status_code == 200
    assert "Znaleziono:" in response.content.decode()
    assert querylog.pending() == 1
    querylog.discard()


def test_a_misspelt_word_is_corrected_on_the_demo(client, demo_content):
    response, data = api(client, q="superwizjia koordynatorow")
    assert data["total"] > 0 and "superwizja" in data["suggestion"]
    html = client.get("/szukaj/", {"q": "superwizjia koordynatorow"}).content.decode()
    assert "Czy chodziło Ci o:" in html and "superwizja" in html


def test_a_hit_found_in_a_documents_file_says_so(client, demo_content):
    # Most documents' descriptions do not have these words; their files' first line does.
    _response, data = api(client, q="wielosektorowej wsparcia", type="dokument")
    sources = [hit["snippet_source"] for hit in data["hits"]]
    assert "file" in sources and set(sources) <= {"file", "body"}
    html = client.get("/szukaj/", {"q": "wielosektorowej wsparcia", "type": "dokument"})
    assert "W treści pliku:" in html.content.decode()
