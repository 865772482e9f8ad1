"""Page types: where they can be created, that they render, and their SQL query budgets."""

import datetime

from django.test import Client

from wagtail.models import Page

import pytest

from portal.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    PartnerIndexPage,
    PartnerPage,
    ProjectPage,
    StandardPage,
)
from tests.factories import NewsPageFactory, PartnerPageFactory


@pytest.mark.django_db
def test_page_types_go_where_the_site_map_puts_them(page_assertions):
    page_assertions.assertCanCreateAt(Page, HomePage)
    page_assertions.assertCanCreateAt(HomePage, ProjectPage)
    page_assertions.assertCanCreateAt(HomePage, PartnerIndexPage)
    page_assertions.assertCanCreateAt(HomePage, NewsIndexPage)
    page_assertions.assertCanCreateAt(HomePage, StandardPage)
    page_assertions.assertCanCreateAt(PartnerIndexPage, PartnerPage)
    page_assertions.assertCanCreateAt(NewsIndexPage, NewsPage)
    page_assertions.assertCanNotCreateAt(HomePage, NewsPage)
    page_assertions.assertCanNotCreateAt(HomePage, PartnerPage)
    page_assertions.assertCanNotCreateAt(NewsPage, NewsPage)


@pytest.mark.django_db
def test_every_demo_page_is_renderable(demo_content, page_assertions):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert pages.count() >= 10
    for page in pages:
        page_assertions.assertPageIsRenderable(page)


@pytest.mark.django_db
def test_news_index_lists_newest_first_and_paginates(client, demo_content):
    index = NewsIndexPage.objects.get()
    for n in range(12):
        NewsPageFactory(
            parent=index,
            title=f"Wiadomość testowa {n:02d}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
    html = client.get("/aktualnosci/").content.decode()
    assert html.index("Wiadomość testowa 11") < html.index("Wiadomość testowa 10")
    assert "Strona 1 z 2" in html
    second = client.get("/aktualnosci/?strona=2").content.decode()
    assert "I Kamień Milowy zrealizowany!" in second
    # A page number that does not exist shows the first page, never an error.
    assert client.get("/aktualnosci/?strona=abc").status_code == 200
    assert client.get("/aktualnosci/?strona=999").status_code == 200


@pytest.mark.django_db
def test_unknown_url_gives_polish_404_with_search(client, demo_content):
    response = client.get("/tej-strony-nie-ma/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nie znaleziono strony" in html
    assert 'action="/szukaj/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/o-projekcie/",
        "/partnerzy/",
        "/partnerzy/rops-opole/",
        "/aktualnosci/",
        "/aktualnosci/i-kamien-milowy-zrealizowany/",
    ],
)
def test_public_pages_stay_within_query_budget_with_more_content(
    demo_content, django_assert_max_num_queries, url
):
    news_index = NewsIndexPage.objects.get()
    partner_index = PartnerIndexPage.objects.get()
    for _ in range(30):
        NewsPageFactory(parent=news_index)
    for _ in range(6):
        PartnerPageFactory(parent=partner_index)
    client = Client()
    client.get(url)  # warm caches of site and settings lookups, as any running server has
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_health_view_reports_the_database(client):
    response = client.get("/zdrowie/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")
