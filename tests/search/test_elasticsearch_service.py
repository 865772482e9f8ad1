"""The Elasticsearch 8 server of `make services`: reachable, with the Polish hunspell dictionary."""

import uuid

from django.conf import settings

import pytest

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def es():
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
    yield client
    client.close()


@pytest.fixture
def polish_index(es):
    name = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_selftest_{uuid.uuid4().hex[:8]}"
    es.indices.create(
        index=name,
        settings={
            "analysis": {
                "filter": {"pl_hunspell": {"type": "hunspell", "locale": "pl_PL"}},
                "analyzer": {
                    "polish": {
                        "tokenizer": "standard",
                        "filter": ["lowercase", "pl_hunspell", "asciifolding"],
                    }
                },
            }
        },
        mappings={"properties": {"body": {"type": "text", "analyzer": "polish"}}},
    )
    yield name
    es.indices.delete(index=name)


def test_server_is_elasticsearch_8_with_our_analysis_plugin(es):
    nodes = es.nodes.info(node_id="_local", metric="plugins")["nodes"]
    node = next(iter(nodes.values()))
    assert node["version"].startswith("8.")
    assert "k3d-analysis-common" in {p["name"] for p in node["plugins"]}


def test_hunspell_pl_stems_word_forms(es, polish_index):
    tokens = es.indices.analyze(index=polish_index, analyzer="polish", text="gminach")["tokens"]
    assert "gmina" in {t["token"] for t in tokens}


def test_ascii_folding_lets_queries_without_diacritics_match(es, polish_index):
    tokens = es.indices.analyze(index=polish_index, analyzer="polish", text="współpracy")["tokens"]
    assert "wspolpraca" in {t["token"] for t in tokens}
    es.index(index=polish_index, id="1", document={"body": "Współpraca międzysektorowa w Łodzi"})
    es.indices.refresh(index=polish_index)
    query = {"match": {"body": "wspolpraca miedzysektorowa"}}
    assert es.search(index=polish_index, query=query)["hits"]["total"]["value"] == 1


def test_inflected_query_finds_document_in_another_form(es, polish_index):
    es.index(index=polish_index, id="1", document={"body": "Współpraca gminy z powiatem"})
    es.index(index=polish_index, id="2", document={"body": "Ekonomia społeczna w regionie"})
    es.indices.refresh(index=polish_index)
    hits = es.search(index=polish_index, query={"match": {"body": "gminach"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["1"]


@pytest.mark.django_db
def test_wagtail_pages_are_indexed_and_found_in_elasticsearch(demo_content):
    from wagtail.search.backends import get_search_backend

    from portal.models import NewsPage

    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_pages_{uuid.uuid4().hex[:8]}_"
    backend = get_search_backend(
        "wagtail.search.backends.elasticsearch8",
        URLS=[settings.ELASTICSEARCH_URL],
        INDEX_PREFIX=prefix,
    )
    index = backend.get_index_for_model(NewsPage)
    try:
        index.reset()
        index.add_model(NewsPage)
        index.add_items(NewsPage, list(NewsPage.objects.all()))
        index.refresh()
        titles = [p.title for p in backend.search("Komitetu Sterującego", NewsPage)]
        assert titles == ["I Kamień Milowy zrealizowany!"]
        partial = [p.title for p in backend.autocomplete("Kami", NewsPage)]
        assert partial == ["I Kamień Milowy zrealizowany!"]
    finally:
        index.delete()
