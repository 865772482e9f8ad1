"""The demo content that `make run` loads: the site map of DOMAIN.md and its Polish facts."""

from django.core.management import call_command

from wagtail.models import Page

import pytest

from portal.models import HomePage, NewsPage, PartnerPage, PortalSettings

pytestmark = pytest.mark.django_db

SITE_MAP = [
    "/",
    "/o-projekcie/",
    "/partnerzy/",
    "/partnerzy/rops-katowice/",
    "/partnerzy/rcps-lodz/",
    "/partnerzy/rops-krakow/",
    "/partnerzy/rops-opole/",
    "/aktualnosci/",
    "/aktualnosci/i-kamien-milowy-zrealizowany/",
    "/deklaracja-dostepnosci/",
]


@pytest.mark.parametrize("url", SITE_MAP)
def test_every_demo_url_answers_in_polish(client, demo_content, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert "Kooperacje 3D" in html
    assert "Przejdź do treści" in html


def test_demo_home_page_is_the_default_sites_root(demo_content):
    assert isinstance(demo_content.root_page.specific, HomePage)
    # Wagtail's placeholder page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=demo_content.root_page_id).exists()


def test_titles_name_the_site_once(client, demo_content):
    home = client.get("/").content.decode()
    assert "<title>Kooperacje 3D – portal projektu</title>" in home
    partners = client.get("/partnerzy/").content.decode()
    assert partners.count("Kooperacje 3D</title>") == 1
    assert "– Kooperacje 3D – Kooperacje 3D" not in partners


def test_loading_twice_adds_nothing(demo_content):
    before = Page.objects.count(), PartnerPage.objects.count(), NewsPage.objects.count()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    after = Page.objects.count(), PartnerPage.objects.count(), NewsPage.objects.count()
    assert before == after
    assert after[1] == 4


def test_project_page_shows_levels_phases_and_disagreeing_funding_sources(client, demo_content):
    html = client.get("/o-projekcie/").content.decode()
    for level in ("Poziom instytucji", "Poziom pracownika", "Poziom klienta"):
        assert level in html
    for phase in ("Faza I", "Faza II", "Faza III", "Faza IV"):
        assert phase in html
    # Both totals stay visible, each with its source, and the disagreement is said out loud.
    assert "9 966 995,50 zł" in html
    assert "20 761 034,04 zł" in html
    assert "Źródła podają różne wartości" in html
    assert "30 czerwca 2021" in html and "31 marca 2021" in html
    assert '<time datetime="2018-04-01">' in html


def test_partner_pages_show_contacts_and_funding_share(client, demo_content):
    html = client.get("/partnerzy/rops-opole/").content.decode()
    assert "Regionalny Ośrodek Polityki Społecznej w Opolu" in html
    assert "77 44 15 250" in html
    assert "1 294 323,80 zł" in html
    assert "województwo opolskie" in html
    leader = client.get("/partnerzy/").content.decode()
    assert leader.index("Województwa Śląskiego") < leader.index("w Opolu")
    assert "Lider projektu" in leader


def test_milestone_news_is_dated_and_has_a_gallery_with_alt_texts(client, demo_content):
    html = client.get("/aktualnosci/i-kamien-milowy-zrealizowany/").content.decode()
    assert '<time datetime="2019-03-29">29 marca 2019</time>' in html
    assert "Komitetu Sterującego" in html
    assert html.count('class="gallery__list"') == 1
    assert 'alt="Ilustracja: sala obrad podczas spotkania"' in html
    home = client.get("/").content.decode()
    assert "I Kamień Milowy zrealizowany!" in home


def test_footer_has_partners_eu_strip_and_accessibility_link(client, demo_content):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for name in ("Województwa Śląskiego", "w Łodzi", "w Krakowie", "w Opolu"):
        assert name in footer
    assert "Unia Europejska" in footer and "Europejski Fundusz Społeczny" in footer
    assert 'href="/deklaracja-dostepnosci/"' in footer
    assert PortalSettings.objects.get().accessibility_page.slug == "deklaracja-dostepnosci"


def test_main_menu_marks_the_current_section(client, demo_content):
    html = client.get("/partnerzy/rops-opole/").content.decode()
    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>")]
    assert 'href="/o-projekcie/"' in nav and 'href="/aktualnosci/"' in nav
    assert 'href="/partnerzy/" aria-current="true"' in nav
    crumbs = html[html.index('class="breadcrumbs') :]
    assert '<span aria-current="page">ROPS w Opolu</span>' in crumbs


def test_menu_and_footer_follow_publishing_at_once(client, demo_content):
    from tests.factories import StandardPageFactory

    client.get("/")  # the chrome is now cached
    page = StandardPageFactory(
        parent=demo_content.root_page,
        title="Nowa sekcja",
        slug="nowa",
        show_in_menus=True,
        live=False,
    )
    page.save_revision().publish()
    assert 'href="/nowa/"' in client.get("/").content.decode()
    page.refresh_from_db()
    page.unpublish()
    assert 'href="/nowa/"' not in client.get("/").content.decode()
