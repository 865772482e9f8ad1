"""Wagtail's bulk actions behind portal/bulk_actions.py: "select all" means what the user may
see of that listing, and odd parameters are a 404, never a 500 or another's draft title."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page

import pytest

from portal.models import StandardPage

pytestmark = pytest.mark.django_db

DRAFT = "TAJNY SZKIC strony partnera"


@pytest.fixture
def draft(demo_with_accounts):
    home = Page.objects.get(depth=2)
    page = home.add_child(instance=StandardPage(title=DRAFT, slug="tajny-szkic", live=False))
    return home, page


def _bulk(model="wagtailcore/page", action="delete"):
    app, name = model.split("/")
    return reverse("wagtail_bulk_action", args=[app, name, action])


def _as(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("username", ["oceniajacy1", "organizator.opole", "operator.opole"])
def test_select_all_does_not_name_a_draft_the_user_may_not_edit(client, draft, username):
    home, _page = draft
    _as(client, username)
    for query in (f"?id=all&childOf={home.pk}", "?id=all&childOf=1&q=TAJNY"):
        response = client.get(_bulk() + query)
        assert response.status_code in (200, 302, 404)
        assert DRAFT not in response.content.decode()


def test_select_all_still_lists_the_editors_own_pages(client, draft):
    home, _page = draft
    response = _as(client, "redaktor").get(
        _bulk("wagtailcore/page", "publish") + f"?id=all&childOf={home.pk}"
    )
    assert response.status_code == 200
    assert DRAFT in response.content.decode()


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("wagtailcore/page", "?id=all&childOf=abc"),
        ("wagtailcore/page", "?id=all&childOf="),
        ("wagtailcore/page", "?id=all&childOf=-1"),
        ("wagtailcore/page", "?id=all&childOf=99999"),
        ("wagtailcore/page", "?id=all"),
        ("documents/registrydocument", "?id=all&childOf=abc"),
        ("documents/registrydocument", "?id=all&childOf=-1"),
    ],
)
def test_odd_select_all_parameters_are_a_404(client, demo_with_accounts, model, query):
    assert _as(client, "operator").get(_bulk(model) + query).status_code == 404


def test_select_all_over_a_document_search_answers(client, demo_with_accounts):
    """The documents listing's "select all" over search results (`q`) was a 500. (A moderator:
    an editor may change no published document, so their selection of them is empty.)"""
    response = _as(client, "moderator").get(
        _bulk("documents/registrydocument", "add_tags") + "?id=all&q=Regulamin"
    )
    assert response.status_code == 200
    assert "Regulamin" in response.content.decode()
    assert "Instrukcja dla członków komisji" not in response.content.decode()


@pytest.mark.parametrize("query", ['"', 'regulamin "naboru', "a*(b", "-:^"])
def test_odd_search_syntax_in_admin_listings_answers(client, demo_with_accounts, query):
    """SQLite's FTS5 refused an unbalanced quote with a 500 (search/database_backend.py)."""
    _as(client, "redaktor")
    for url in ("/admin/documents/", "/admin/images/", "/admin/pages/search/"):
        assert client.get(url, {"q": query}).status_code == 200, url
    response = client.get(
        _bulk("documents/registrydocument", "add_tags"), {"id": "all", "q": query}
    )
    assert response.status_code in (200, 404)
