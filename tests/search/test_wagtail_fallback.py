"""Wagtail's search (admin listings and choosers, the registry's filters) with Elasticsearch down:
every listing that searches answers 200 with the database's results.

"Down" is a port where nothing listens, as in test_fallback.py. The settings are production's
with ELASTICSEARCH_URL set (search/wagtail_backend.py in front, Wagtail's database backend
beside it); the demo's database index was written when the layer was built.
"""

import json
import logging
import socket

from django.test import override_settings

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


def closed_port_url():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


def wagtail_backends(url, prefix="k3d_test_wagtail_"):
    """WAGTAILSEARCH_BACKENDS as k3d/settings/base.py makes them with ELASTICSEARCH_URL."""
    return {
        "default": {
            "BACKEND": "search.wagtail_backend",
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "redaktor", "redaktor@example.pl", "Haslo-123-abc"
    )
    client.force_login(user)
    return client


def _text(response):
    """The HTML a listing or a chooser (JSON for its modal) answered with."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]
    return response.content.decode()


# (address, query, a title it finds, a title of the same listing it does not find)
LISTINGS = {
    "pages: search": ("/admin/pages/search/", "Aktualności", "Aktualności", "Partnerzy"),
    "pages: explorer": ("/admin/pages/{home}/", "Aktualności", "Aktualności", "Partnerzy"),
    "pages: chooser": ("/admin/choose-page/search/", "Aktualności", "Aktualności", "Partnerzy"),
    "documents": ("/admin/documents/", "regulamin", "Regulamin naboru", "Karta oceny formalnej"),
    "documents: chooser": (
        "/admin/documents/chooser/results/",
        "regulamin",
        "Regulamin naboru",
        "Karta oceny formalnej",
    ),
    "images": ("/admin/images/", "sala", "sala obrad", "uczestnicy"),
    "images: chooser": ("/admin/images/chooser/results/", "sala", "sala obrad", "uczestnicy"),
    "glossary": ("/admin/snippets/knowledge/glossaryterm/", "PZK", "PZK", "ZZK"),
    "glossary: by expansion": (
        "/admin/snippets/knowledge/glossaryterm/",
        "Partnerski",
        "Partnerski Zespół Kooperacyjny",
        "Zadaniowy Zespół",
    ),
    "glossary: chooser": ("/admin/snippets/choose/knowledge/glossaryterm/", "PZK", "PZK", "ZZK"),
    "registry": (
        "/admin/rejestr-dokumentow/",
        "regulamin",
        "Regulamin naboru",
        "Karta oceny formalnej",
    ),
    "registry: public filter": (
        "/dokumenty/",
        "regulamin",
        "Regulamin naboru",
        "Karta oceny formalnej",
    ),
}


@pytest.mark.parametrize("name", list(LISTINGS))
def test_every_listing_that_searches_answers_from_the_database_when_elasticsearch_is_down(
    editor, demo_content, caplog, name
):
    address, query, found, not_found = LISTINGS[name]
    address = address.format(home=Page.objects.get(depth=2).pk)
    with override_settings(WAGTAILSEARCH_BACKENDS=wagtail_backends(closed_port_url())):
        with caplog.at_level(logging.WARNING, logger="search.breaker"):
            response = editor.get(address, {"q": query})
    assert response.status_code == 200
    text = _text(response)
    assert found in text
    assert not_found not in text
    assert "Elasticsearch unavailable, Wagtail search from the database" in caplog.text


def test_the_same_listings_answer_with_the_database_backend_alone(editor, demo_content):
    """Without ELASTICSEARCH_URL (the test settings) the same searches work as they are."""
    home = Page.objects.get(depth=2).pk
    for address, query, found, not_found in LISTINGS.values():
        response = editor.get(address.format(home=home), {"q": query})
        assert response.status_code == 200, address
        text = _text(response)
        assert found in text and not_found not in text, address
