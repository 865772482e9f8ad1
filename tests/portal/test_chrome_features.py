"""Site chrome of the portal issue: accessibility statement, SEO, feeds, search box, page cache."""

import re

from django.test import Client

from wagtail.models import Page

import pytest

from portal.models import NewsIndexPage, NewsPage
from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db

A11Y_IDS = [
    "wstep",
    "podmiot",
    "url",
    "data-publikacja",
    "data-aktualizacja",
    "status",
    "data-sporzadzenie",
    "kontakt",
    "osoba",
    "email",
    "telefon",
    "procedura",
    "architektura",
    "aplikacje",
]


def test_accessibility_statement_has_every_element_monitoring_tools_read(client, demo_content):
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    for element_id in A11Y_IDS:
        assert f'id="a11y-{element_id}"' in html, element_id
    for element_id in ("data-publikacja", "data-aktualizacja", "data-sporzadzenie"):
        assert re.search(rf'<time id="a11y-{element_id}" datetime="\d{{4}}-\d{{2}}-\d{{2}}">', html)
    assert "częściowo zgodna" in html


def test_footer_links_statement_and_privacy_information(client, demo_content):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/deklaracja-dostepnosci/"' in footer
    assert 'href="/informacja-rodo/">Informacja RODO' in footer


def test_header_has_a_labelled_search_box_and_display_switches(client, demo_content):
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert 'action="/szukaj/"' in header
    assert '<label for="szukaj-naglowek"' in header
    assert "data-contrast-toggle" in header and 'data-font-size="larger"' in header


def test_pages_carry_canonical_and_open_graph_tags(client, demo_content):
    html = client.get("/o-projekcie/").content.decode()
    assert '<link rel="canonical" href="https://kooperacje3d.example.pl/o-projekcie/">' in html
    assert '<meta property="og:title" content="O projekcie">' in html
    assert '<meta property="og:locale" content="pl_PL">' in html
    assert '<meta property="og:url" content="https://kooperacje3d.example.pl/o-projekcie/">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("https://kooperacje3d.example.pl/static/portal/img/og-kooperacje3d")
    from django.contrib.staticfiles import finders

    assert finders.find("portal/img/og-kooperacje3d.png")


def test_sitemap_lists_public_pages_and_robots_points_to_it(client, demo_content):
    sitemap = client.get("/sitemap.xml").content.decode()
    # One address for every entry: SITE_URL (pages through Wagtail's Site, documents directly).
    assert "<loc>https://kooperacje3d.example.pl/o-projekcie/</loc>" in sitemap
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert any("/dokumenty/" in loc for loc in locations)
    assert all(loc.startswith("https://kooperacje3d.example.pl/") for loc in locations)
    assert "/aktualnosci/i-kamien-milowy-zrealizowany/" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://kooperacje3d.example.pl/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


def test_news_rss_feed_lists_news_newest_first(client, demo_content):
    index = NewsIndexPage.objects.get()
    NewsPageFactory(parent=index, title="Nowsza wiadomość", date="2020-05-01")
    response = client.get("/aktualnosci/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    xml = response.content.decode()
    assert xml.index("Nowsza wiadomość") < xml.index("I Kamień Milowy zrealizowany!")
    listing = client.get("/aktualnosci/").content.decode()
    assert 'type="application/rss+xml"' in listing


def test_news_archive_by_year_and_by_tag(client, demo_content):
    index = NewsIndexPage.objects.get()
    NewsPageFactory(parent=index, title="Wiadomość z 2020 roku", date="2020-05-01")
    listing = client.get("/aktualnosci/").content.decode()
    assert 'href="/aktualnosci/rok/2019/"' in listing and 'href="/aktualnosci/rok/2020/"' in listing
    year_2019 = client.get("/aktualnosci/rok/2019/").content.decode()
    assert "I Kamień Milowy zrealizowany!" in year_2019
    assert "Wiadomość z 2020 roku" not in year_2019
    for missing in ("1999", "0000", "9999"):
        assert client.get(f"/aktualnosci/rok/{missing}/").status_code == 404
    news = client.get("/aktualnosci/i-kamien-milowy-zrealizowany/").content.decode()
    assert 'href="/aktualnosci/tag/kamien-milowy/"' in news
    tagged = client.get("/aktualnosci/tag/kamien-milowy/").content.decode()
    assert "I Kamień Milowy zrealizowany!" in tagged and "Wiadomość z 2020 roku" not in tagged
    assert client.get("/aktualnosci/tag/nie-ma-takiego/").status_code == 404


def test_gallery_links_to_full_images_for_the_lightbox(client, demo_content):
    html = client.get("/aktualnosci/i-kamien-milowy-zrealizowany/").content.decode()
    assert html.count("data-gallery-item") == 3
    assert "portal/js/site.js" in html


def test_search_page_finds_pages_and_handles_bad_input(client, demo_content):
    found = client.get("/szukaj/", {"q": "Komitetu"})
    assert found.status_code == 200
    assert "I Kamień Milowy zrealizowany!" in found.content.decode()
    assert "no-cache" in found["Cache-Control"]
    assert "Wpisz słowo" in client.get("/szukaj/").content.decode()
    for odd in ['"(*:[]{}~^\\/ AND OR', "' OR 1=1 --", "x" * 2000]:
        response = client.get("/szukaj/", {"q": odd})
        assert response.status_code == 200
    assert "za długie" in client.get("/szukaj/", {"q": "x" * 2000}).content.decode()


class TestPageCache:
    @pytest.fixture(autouse=True)
    def enable_cache(self, settings):
        from django.core.cache import cache

        settings.PAGE_CACHE_SECONDS = 300
        cache.clear()

    def test_anonymous_views_are_served_from_cache_without_queries(
        self, demo_content, django_assert_max_num_queries
    ):
        client = Client()
        assert client.get("/o-projekcie/")["X-Page-Cache"] == "miss"
        with django_assert_max_num_queries(2):
            response = client.get("/o-projekcie/")
        assert response["X-Page-Cache"] == "hit"
        assert "Trzy poziomy współpracy" in response.content.decode()

    def test_publishing_a_page_purges_cached_views_at_once(self, demo_content):
        client = Client()
        client.get("/aktualnosci/")
        news = NewsPage.objects.get(slug="i-kamien-milowy-zrealizowany")
        news.title = "Kamień milowy – tytuł zmieniony"
        news.save_revision().publish()
        html = client.get("/aktualnosci/").content.decode()
        assert "Kamień milowy – tytuł zmieniony" in html
        news.unpublish()
        assert "Kamień milowy – tytuł zmieniony" not in client.get("/aktualnosci/").content.decode()

    def test_logged_in_users_are_never_served_from_cache(self, demo_content):
        user = UserFactory(is_superuser=True, is_staff=True)
        client = Client()
        client.force_login(user)
        client.get("/o-projekcie/")
        assert "X-Page-Cache" not in client.get("/o-projekcie/")
        assert "wagtail-userbar" in client.get("/o-projekcie/").content.decode()

    def test_query_strings_are_part_of_the_key(self, demo_content):
        index = NewsIndexPage.objects.get()
        for n in range(11):
            NewsPageFactory(parent=index, title=f"Wiadomość {n:02d}", date="2021-01-01")
        anonymous = Client()
        first = anonymous.get("/aktualnosci/?strona=1")
        second = anonymous.get("/aktualnosci/?strona=2")
        assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "miss"
        assert "I Kamień Milowy" in second.content.decode()
        assert "I Kamień Milowy" not in first.content.decode()
        assert anonymous.get("/aktualnosci/?strona=2")["X-Page-Cache"] == "hit"
        # A routable sub-page (the RSS feed) is cached too.
        anonymous.get("/aktualnosci/rss/")
        assert anonymous.get("/aktualnosci/rss/")["X-Page-Cache"] == "hit"

    def test_previews_are_never_cached(self, demo_content):
        page = Page.objects.get(slug="o-projekcie").specific
        page.title = "Wersja robocza"
        preview = page.make_preview_request()
        assert "Wersja robocza" in preview.content.decode()
        live = Client().get("/o-projekcie/")
        assert live["X-Page-Cache"] == "miss"
        assert "Wersja robocza" not in live.content.decode()


def test_menu_links_the_documents_registry_and_marks_it_current(client, demo_content):
    html = client.get("/dokumenty/").content.decode()
    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>")]
    assert '<a href="/dokumenty/" aria-current="page">Dokumenty</a>' in nav
    home_nav = client.get("/").content.decode()
    assert 'href="/dokumenty/">Dokumenty</a>' in home_nav


def test_sitemap_lists_public_registry_documents_only(client, demo_content):
    from wagtail.documents import get_document_model

    sitemap = client.get("/sitemap.xml").content.decode()
    public = get_document_model().objects.filter(title__icontains="Regulamin naboru").first()
    assert public is not None
    assert public.get_absolute_url() in sitemap
    private = get_document_model().objects.filter(collection__name="Dokumenty wewnętrzne").first()
    assert private is not None
    assert private.get_absolute_url() not in sitemap
