"""The circuit breaker: an Elasticsearch found unreachable is not asked again for
SEARCH_BREAKER_SECONDS, in this process or any other, and its state shows in the health report.

Connection attempts are counted by a real listening socket that accepts each connection and
closes it at once (Elasticsearch's client sees a failed connection, as with a crashed server);
no test sleeps: the breaker's time runs out by rewriting its stored state.
"""

import json
import logging
import os
import socket
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

import pytest

from search import breaker
from tests.processes import run_python
from tests.search.test_wagtail_fallback import wagtail_backends

pytestmark = pytest.mark.django_db


class CountingServer:
    """Accepts TCP connections, counts them and closes each at once."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _address = self.socket.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def count(self):
        # Exact once the request returned: a connection is counted before it is closed, and the
        # client's request fails only when it is closed.
        return self.accepted

    def close(self):
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def counting_server():
    server = CountingServer()
    yield server
    server.close()


@pytest.fixture
def elasticsearch_at(editor):
    """Settings as production's with ELASTICSEARCH_URL at this address, for the site search and
    Wagtail's search alike."""

    def at(url):
        return override_settings(
            ELASTICSEARCH_URL=url,
            SEARCH_TIMEOUT=1,
            SEARCH_BREAKER_SECONDS=30,
            WAGTAILSEARCH_BACKENDS=wagtail_backends(url),
        )

    return at


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "redaktor", "redaktor@example.pl", "Haslo-123-abc"
    )
    client.force_login(user)
    return client


def _health(client):
    return json.loads(client.get("/api/search/health/").content)


def test_after_one_failure_no_search_tries_elasticsearch_until_the_breaker_closes(
    editor, demo_content, counting_server, elasticsearch_at
):
    with elasticsearch_at(counting_server.url):
        first = json.loads(editor.get("/api/search/", {"q": "regulamin naboru"}).content)
        assert first["fallback"] is True
        tried = counting_server.count()
        assert tried == 1  # one request, no retries

        again = json.loads(editor.get("/api/search/", {"q": "Oświęcim"}).content)
        page = editor.get("/szukaj/", {"q": "gminach"})
        suggest = json.loads(editor.get("/api/search/suggest/", {"q": "regul"}).content)
        admin = editor.get("/admin/documents/", {"q": "regulamin"})
        registry = editor.get("/dokumenty/", {"q": "regulamin"})
        pages = editor.get("/admin/pages/search/", {"q": "Aktualności"})
        assert counting_server.count() == tried  # none of them tried the network

        assert again["backend"] == "database" and again["fallback"] is True
        assert "gmina-miasto-oswiecim" in again["hits"][0]["url"]
        assert page.status_code == 200 and 'data-backend="database"' in page.content.decode()
        assert suggest["backend"] == "database" and suggest["suggestions"]
        for response in (admin, registry):
            assert response.status_code == 200
            assert "Regulamin naboru" in response.content.decode()
        assert pages.status_code == 200 and "Aktualności" in pages.content.decode()

        state = _health(editor)["backends"]["elasticsearch"]["breaker"]
    assert state["state"] == "open" and state["seconds"] == 30
    assert state["failures"] == 1 and "Connection" in state["reason"]
    opened = _fromiso(state["opened_at"])
    assert abs(opened - time.time()) < 60
    assert _fromiso(state["open_until"]) - opened == 30


def test_an_admin_search_that_fails_opens_the_breaker_for_the_site_search(
    editor, demo_content, counting_server, elasticsearch_at
):
    with elasticsearch_at(counting_server.url):
        assert editor.get("/admin/images/", {"q": "sala"}).status_code == 200
        tried = counting_server.count()
        assert tried >= 1
        data = json.loads(editor.get("/api/search/", {"q": "regulamin"}).content)
        assert editor.get("/admin/images/chooser/results/", {"q": "sala"}).status_code == 200
        assert counting_server.count() == tried
    assert data["backend"] == "database"


def test_when_the_time_is_up_one_search_tries_again_and_a_failure_reopens_it(
    editor, demo_content, counting_server, elasticsearch_at
):
    with elasticsearch_at(counting_server.url):
        editor.get("/api/search/", {"q": "regulamin"})
        assert counting_server.count() == 1
        _run_out(counting_server.url)
        assert _health(editor)["backends"]["elasticsearch"]["breaker"]["state"] == "half-open"
        tried = counting_server.count()  # the health report asked Elasticsearch itself

        data = json.loads(editor.get("/api/search/", {"q": "regulamin"}).content)
        assert counting_server.count() == tried + 1  # the probe
        assert data["fallback"] is True
        editor.get("/api/search/", {"q": "regulamin"})
        assert counting_server.count() == tried + 1  # open again
        state = breaker.status(counting_server.url)
    assert state["state"] == "open" and state["failures"] == 2


def test_a_half_open_breaker_lets_one_request_probe_while_the_others_use_the_database():
    url = "http://127.0.0.1:9"
    with override_settings(SEARCH_BREAKER_SECONDS=30):
        breaker.trip(url, "refused")
        assert breaker.check(url) == breaker.OPEN
        _run_out(url)
        assert breaker.check(url) == breaker.PROBE
        assert breaker.check(url) == breaker.OPEN  # another request meanwhile
        breaker.close(url)
        assert breaker.check(url) == breaker.CLOSED
        assert breaker.status(url)["state"] == "closed"


def test_a_refusal_of_one_request_does_not_open_the_breaker():
    from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
    from elasticsearch import ApiError, BadRequestError, ConnectionError, ConnectionTimeout

    def api_error(cls, status):
        meta = ApiResponseMeta(status, "1.1", HttpHeaders(), 0.01, NodeConfig("http", "h", 9200))
        return cls("refused", meta, {})

    from search.backends.base import BackendUnavailable

    wrapped = BackendUnavailable("Elasticsearch search")
    wrapped.__cause__ = ConnectionTimeout("timed out")
    assert breaker.is_outage(wrapped)
    assert breaker.is_outage(ConnectionError("refused"))
    assert breaker.is_outage(api_error(ApiError, 503))
    assert breaker.is_outage(api_error(ApiError, 429))
    assert not breaker.is_outage(api_error(BadRequestError, 400))
    assert not breaker.is_outage(BackendUnavailable("ELASTICSEARCH_URL is not set"))


def test_with_zero_seconds_every_search_tries_elasticsearch(client, demo_content, counting_server):
    with override_settings(
        ELASTICSEARCH_URL=counting_server.url, SEARCH_TIMEOUT=1, SEARCH_BREAKER_SECONDS=0
    ):
        for _ in range(3):
            assert json.loads(client.get("/api/search/", {"q": "regulamin"}).content)["fallback"]
        assert counting_server.count() == 3
        assert _health(client)["backends"]["elasticsearch"]["breaker"]["state"] == "closed"


def test_index_updates_wait_without_a_request_while_the_breaker_is_open(
    editor, demo_content, counting_server, elasticsearch_at, django_capture_on_commit_callbacks
):
    """Neither the site search's queue nor Wagtail's own indexing waits for an Elasticsearch
    known to be down; the database index takes the change at once."""
    from knowledge.models import GlossaryTerm
    from search.models import IndexUpdate

    with elasticsearch_at(counting_server.url):
        breaker.trip(counting_server.url, "refused")
        with django_capture_on_commit_callbacks(execute=True):
            GlossaryTerm.objects.create(
                term="Streetworking", slug="streetworking", definition="<p>Praca na ulicy.</p>"
            )
        assert counting_server.count() == 0
        assert IndexUpdate.objects.filter(backend="elasticsearch").exists()
        assert not IndexUpdate.objects.filter(backend="database").exists()
        listing = editor.get("/admin/snippets/knowledge/glossaryterm/", {"q": "Streetwork"})
        assert "Streetworking" in listing.content.decode()
        assert counting_server.count() == 0


def test_a_write_that_finds_elasticsearch_down_opens_the_breaker_for_the_next_ones(
    editor, demo_content, counting_server, elasticsearch_at, django_capture_on_commit_callbacks
):
    from knowledge.models import GlossaryTerm

    with elasticsearch_at(counting_server.url):
        with django_capture_on_commit_callbacks(execute=True):
            GlossaryTerm.objects.create(
                term="Streetworking", slug="streetworking", definition="<p>Praca na ulicy.</p>"
            )
        tried = counting_server.count()
        assert tried >= 1
        assert breaker.status(counting_server.url)["state"] == "open"
        with django_capture_on_commit_callbacks(execute=True):
            GlossaryTerm.objects.create(
                term="Tutoring", slug="tutoring", definition="<p>Opieka tutora.</p>"
            )
        assert counting_server.count() == tried
        listing = editor.get("/admin/snippets/knowledge/glossaryterm/", {"q": "Tutoring"})
    assert "Tutoring" in listing.content.decode()  # the database index took it


def test_a_breaker_opened_in_one_process_spares_every_other(
    client, demo_content, counting_server, tmp_path
):
    """Production without Redis shares a file cache between processes: the breaker a worker
    opened keeps another worker (here, this test's process) from trying Elasticsearch."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "k3d.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.example.pl",
        "SITE_URL": "https://portal.example.pl",
        "CACHE_DIR": str(tmp_path),
        "REDIS_URL": "",
        "ELASTICSEARCH_URL": counting_server.url,
    }
    code = (
        "from django.conf import settings; from search import breaker; "
        "breaker.trip(settings.ELASTICSEARCH_URL, 'refused in another worker'); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    result = run_python(code, env)
    assert result.strip().endswith("FileBasedCache")
    file_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    with override_settings(
        CACHES=file_cache, ELASTICSEARCH_URL=counting_server.url, SEARCH_BREAKER_SECONDS=30
    ):
        data = json.loads(client.get("/api/search/", {"q": "regulamin"}).content)
        reason = breaker.status(counting_server.url).get("reason")
    assert data["backend"] == "database" and data["fallback"] is True
    assert counting_server.count() == 0
    assert reason == "refused in another worker"


@pytest.mark.elasticsearch
def test_a_half_open_breaker_closes_when_elasticsearch_answers(client, demo_content, caplog):
    """The demo layer's index is in the Elasticsearch of `make services`."""
    url = settings.ELASTICSEARCH_URL
    breaker.trip(url, "refused")
    assert json.loads(client.get("/api/search/", {"q": "regulamin"}).content)["fallback"]
    _run_out(url)
    with caplog.at_level(logging.INFO, logger="search.breaker"):
        data = json.loads(client.get("/api/search/", {"q": "regulamin"}).content)
    assert data["backend"] == "elasticsearch" and data["fallback"] is False
    assert "breaker closed" in caplog.text
    assert _health(client)["backends"]["elasticsearch"]["breaker"]["state"] == "closed"


@pytest.mark.elasticsearch
def test_wagtail_searches_go_to_elasticsearch_while_it_answers(editor, demo_content, caplog):
    """Every listing that searches, on the real Elasticsearch (an index of its own, built for
    this test); with the breaker open the same searches come from the database."""
    from wagtail.models import Page

    from elasticsearch import Elasticsearch

    from tests.search.test_wagtail_fallback import LISTINGS, _text

    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_w{uuid.uuid4().hex[:8]}_"
    url = settings.ELASTICSEARCH_URL
    home = Page.objects.get(depth=2).pk
    try:
        with override_settings(WAGTAILSEARCH_BACKENDS=wagtail_backends(url, prefix)):
            call_command("update_index", backend_name="default", stdout=open(os.devnull, "w"))
            for opened in (False, True):
                if opened:
                    breaker.trip(url, "refused")
                for name, (address, query, found, not_found) in LISTINGS.items():
                    caplog.clear()
                    with caplog.at_level(logging.INFO, logger="search"):
                        response = editor.get(address.format(home=home), {"q": query})
                    assert response.status_code == 200, name
                    text = _text(response)
                    assert found in text and not_found not in text, name
                    assert ("from the database" in caplog.text) is False, name
                    assert ("breaker open" in caplog.text) is False, name
    finally:
        client = Elasticsearch(url, request_timeout=30)
        names = list(client.options(ignore_status=404).indices.get(index=f"{prefix}*"))
        if names:
            client.options(ignore_status=404).indices.delete(index=",".join(names))
        client.close()


def _run_out(url):
    """Move the breaker's time to its end, as if SEARCH_BREAKER_SECONDS had passed."""
    key = breaker._key(url)
    state = cache.get(key)
    state["until"] = time.time() - 1
    cache.set(key, state, 60)


def _fromiso(text):
    import datetime

    return datetime.datetime.fromisoformat(text).timestamp()
