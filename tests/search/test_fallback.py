"""When Elasticsearch is down or too slow, the database answers, says so, and nothing is lost.

"Down" is a port where nothing listens (connection refused, as after `make services-stop`);
"too slow" is a real socket server that accepts the connection and never answers.
The catch-up test runs against the real Elasticsearch of `make services`.
"""

import json
import logging
import socket
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from wagtail.models import Page

import pytest

from search.backends.base import SearchRequest
from search.polish import parse_query
from tests.search.es_utils import drop_indices

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never replies."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def _free_port_url():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


def test_stopped_elasticsearch_falls_back_to_the_database(client, demo_content, caplog):
    with override_settings(ELASTICSEARCH_URL=_free_port_url(), SEARCH_TIMEOUT=2):
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="search.service"):
            response = client.get("/api/search/", {"q": "regulamin naboru"})
        elapsed = time.monotonic() - started
        data = json.loads(response.content)
        page = client.get("/szukaj/", {"q": "gminach"})
        suggest = json.loads(client.get("/api/search/suggest/", {"q": "regul"}).content)
        health = json.loads(client.get("/api/search/health/").content)
    assert response.status_code == 200
    assert data["backend"] == "database" and data["fallback"] is True
    assert data["hits"][0]["title"].startswith("Regulamin naboru")
    assert elapsed < 3
    assert "Elasticsearch unavailable" in caplog.text
    assert page.status_code == 200 and 'data-backend="database"' in page.content.decode()
    assert suggest["backend"] == "database" and suggest["suggestions"]
    assert health["status"] == "degraded"
    assert health["backends"]["elasticsearch"]["available"] is False
    assert health["backends"]["database"]["available"] is True


def test_elasticsearch_slower_than_the_timeout_falls_back(client, demo_content, silent_server):
    with override_settings(ELASTICSEARCH_URL=silent_server, SEARCH_TIMEOUT=1):
        started = time.monotonic()
        response = client.get("/api/search/", {"q": "Oświęcim"})
        elapsed = time.monotonic() - started
    data = json.loads(response.content)
    assert response.status_code == 200
    assert data["backend"] == "database" and data["fallback"] is True
    assert "gmina-miasto-oswiecim" in data["hits"][0]["url"]
    assert 1 <= elapsed < 3  # waited for the timeout, no longer


@pytest.mark.elasticsearch
def test_updates_missed_while_down_are_caught_up(
    client, demo_content, django_capture_on_commit_callbacks
):
    from elasticsearch import Elasticsearch

    from search.backends.elastic import ElasticsearchBackend
    from search.indexing import rebuild
    from search.models import IndexUpdate

    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_f{uuid.uuid4().hex[:8]}"
    live_url = settings.ELASTICSEARCH_URL
    try:
        with override_settings(ELASTICSEARCH_INDEX_PREFIX=prefix):
            rebuild("elasticsearch")
            about = Page.objects.get(slug="o-projekcie").specific
            about.title = "O projekcie w Głubczycach"
            milestone = Page.objects.get(slug="i-kamien-milowy-zrealizowany")
            assert milestone.title in _es_titles("Kamień Milowy zrealizowany")
            with override_settings(ELASTICSEARCH_URL=_free_port_url()):
                with django_capture_on_commit_callbacks(execute=True):
                    about.save_revision().publish()
                with django_capture_on_commit_callbacks(execute=True):
                    milestone.delete()  # deleted while the index is out of reach
                health = json.loads(client.get("/api/search/health/").content)
                pending = health["backends"]["elasticsearch"]["pending_updates"]
                assert pending >= 1
                assert health["backends"]["database"]["pending_updates"] == 0
                data = json.loads(client.get("/api/search/", {"q": "Głubczyce"}).content)
                assert data["backend"] == "database"
                assert data["hits"][0]["title"] == "O projekcie w Głubczycach"
            assert IndexUpdate.objects.filter(backend="elasticsearch").count() == pending
            cache.delete("search:es-pending-checked")
            # Elasticsearch answers again: the next search schedules the missed updates.
            with override_settings(ELASTICSEARCH_URL=live_url):
                client.get("/api/search/", {"q": "projekt"})
                assert not IndexUpdate.objects.filter(backend="elasticsearch").exists()
                backend = ElasticsearchBackend()
                Elasticsearch(live_url).indices.refresh(index=f"{prefix}*")
                response = backend.search(SearchRequest(query=parse_query("Głubczyce")))
                assert [hit.title for hit in response.hits] == ["O projekcie w Głubczycach"]
                # The deletion reached it too.
                assert milestone.title not in _es_titles("Kamień Milowy zrealizowany")
    finally:
        drop_indices(prefix)


def _es_titles(text):
    from search.backends.elastic import ElasticsearchBackend

    response = ElasticsearchBackend().search(SearchRequest(query=parse_query(text)))
    return [hit.title for hit in response.hits]


@pytest.mark.elasticsearch
def test_a_record_elasticsearch_refuses_is_skipped_counted_and_cleared_once_fixed(
    client, demo_content, monkeypatch
):
    """One bad record neither stops the queue nor a rebuild: it is logged, counted in the
    health report and skipped; the rest indexes; once it indexes, it is no longer counted."""
    import datetime

    from search import indexing
    from search.models import IndexUpdate, RejectedRecord

    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_r{uuid.uuid4().hex[:8]}"
    about = Page.objects.get(slug="o-projekcie")
    partners = Page.objects.get(slug="partnerzy")
    bad_key, good_key = f"page:{about.pk}", f"page:{partners.pk}"
    real_record_for = indexing.record_for

    def record_for(key):
        record = real_record_for(key)
        if key == bad_key:  # what an undated registry document used to give
            record.date = datetime.datetime(2026, 12, 7, 5, 15, 5)
        return record

    try:
        with override_settings(ELASTICSEARCH_INDEX_PREFIX=prefix):
            assert indexing.rebuild("elasticsearch") > 10
            monkeypatch.setattr(indexing, "record_for", record_for)
            indexing.queue([bad_key, good_key])
            indexing.apply_pending("elasticsearch")
            assert not IndexUpdate.objects.filter(backend="elasticsearch").exists()
            rejected = RejectedRecord.objects.get(backend="elasticsearch")
            assert rejected.key == bad_key and "date" in rejected.reason
            health = json.loads(client.get("/api/search/health/").content)
            assert health["backends"]["elasticsearch"]["rejected_records"] == 1
            assert health["backends"]["database"]["rejected_records"] == 0

            monkeypatch.setattr(indexing, "record_for", real_record_for)  # the record is fixed
            indexing.queue([bad_key])
            indexing.apply_pending("elasticsearch")
            assert not RejectedRecord.objects.exists()
            health = json.loads(client.get("/api/search/health/").content)
            assert health["backends"]["elasticsearch"]["rejected_records"] == 0
    finally:
        drop_indices(prefix)
