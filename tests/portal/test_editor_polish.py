"""The page editor in Polish where the project names things: the workflow button."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


def test_the_editor_submits_a_page_for_acceptance_in_polish(client, demo_with_accounts):
    page = Page.objects.get(url_path__endswith="/o-projekcie/")
    client.force_login(get_user_model().objects.get(username="redaktor"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Wyślij do akceptacji" in html
    assert "Wyślij do Moderacja" not in html


def test_a_page_saved_with_an_error_offers_to_go_to_it_in_polish(client, demo_with_accounts):
    page = Page.objects.get(url_path__endswith="/o-projekcie/").specific
    client.force_login(get_user_model().objects.get(username="redaktor"))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {"title": "", "slug": page.slug, "lead": page.lead, "body-count": "0"},
    )
    html = response.content.decode()
    assert "Nie można zapisać strony z powodu błędów w formularzu." in html
    assert "could not be saved" not in html
    assert "Przejdź do pierwszego błędu" in html
    assert "Go to the first error" not in html
