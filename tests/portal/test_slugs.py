"""Page addresses without Polish letters: a new page's slug is its title transliterated (ą→a,
ł→l…); a slug with Polish letters is refused in the editor; existing pages keep theirs."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from core.text import polish_slug
from portal.models import StandardPage
from tests.factories import default_site

pytestmark = pytest.mark.django_db


def test_polish_letters_are_written_without_diacritics():
    assert polish_slug("Zażółć gęślą jaźń – Łódź, Śląsk") == "zazolc-gesla-jazn-lodz-slask"
    assert polish_slug("Żebrogryf: aktualność") == "zebrogryf-aktualnosc"


def test_a_page_made_without_a_slug_gets_its_title_transliterated():
    home = default_site().root_page
    first = home.add_child(instance=StandardPage(title="Łódzkie spotkanie kooperacyjne"))
    second = home.add_child(instance=StandardPage(title="Łódzkie spotkanie kooperacyjne"))
    assert first.slug == "lodzkie-spotkanie-kooperacyjne"
    assert second.slug == "lodzkie-spotkanie-kooperacyjne-2"
    assert first.url_path.endswith("/lodzkie-spotkanie-kooperacyjne/")


def test_the_editor_refuses_a_slug_with_polish_letters(client):
    home = default_site().root_page
    user = get_user_model().objects.create_superuser("naczelna", "n@example.pl", "x")
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=["portal", "standardpage", home.pk])
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data({"title": "Aktualność", "slug": "aktualność", "body": streamfield([])})
    response = client.post(url, data)
    assert response.status_code == 200
    assert not StandardPage.objects.filter(title="Aktualność").exists()
    assert response.context["form"].errors["slug"] == [
        "Adres strony piszemy bez polskich znaków, np. „aktualnosc”: małe litery, cyfry i łączniki."
    ]


def test_a_page_that_has_polish_letters_in_its_slug_keeps_it_when_edited():
    home = default_site().root_page
    page = home.add_child(instance=StandardPage(title="Aktualność", slug="aktualnosc"))
    StandardPage.objects.filter(pk=page.pk).update(slug="aktualność")  # made before the rule
    page.refresh_from_db()
    page.title = "Aktualność (zmieniona)"
    page.full_clean()
    page.save()
    page.refresh_from_db()
    assert page.slug == "aktualność"
