"""The portal on a real PostgreSQL server (DATABASE_URL from `make services`)."""

from django.core.management import call_command
from django.db import connection

from wagtail.models import Page

import pytest

from portal.models import NewsPage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_suite_runs_on_postgresql_15_or_newer():
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000


def test_demo_content_loads_idempotently_on_postgresql(client, demo_content):
    count = Page.objects.count()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert Page.objects.count() == count
    html = client.get("/aktualnosci/i-kamien-milowy-zrealizowany/").content.decode()
    assert "Zespołu ds. Modelu" in html


def test_polish_text_round_trips_and_sorts_on_postgresql(demo_content):
    news = NewsPage.objects.get(slug="i-kamien-milowy-zrealizowany")
    assert news.title == "I Kamień Milowy zrealizowany!"
    titles = list(Page.objects.filter(depth=3).order_by("title").values_list("title", flat=True))
    assert "Aktualności" in titles and "Deklaracja dostępności" in titles


def test_database_search_backend_uses_postgresql_full_text(demo_content):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("default")
    assert (
        "PostgresSearchBackend" in type(backend).__name__ or "postgres" in type(backend).__module__
    )
    results = [p.title for p in backend.search("Komitetu", NewsPage)]
    assert results == ["I Kamień Milowy zrealizowany!"]
