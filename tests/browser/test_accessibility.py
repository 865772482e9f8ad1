"""Pages in headless Chromium: zero WCAG 2.1 A/AA violations (axe-core) and keyboard use."""

import re

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/o-projekcie/",
        "/partnerzy/",
        "/partnerzy/rops-opole/",
        "/aktualnosci/",
        "/aktualnosci/i-kamien-milowy-zrealizowany/",
        "/deklaracja-dostepnosci/",
        "/brak-strony/",
        "/informacja-rodo/",
        "/aktualnosci/rok/2019/",
        "/szukaj/?q=Model",
        "/szukaj/",
    ],
)
def test_page_has_no_wcag_violations(demo_server, page, axe, path):
    page.goto(demo_server.url + path)
    violations = axe(page)
    assert violations == [], format_violations(violations)


def test_skip_link_is_first_and_moves_focus_to_content(demo_server, page):
    page.goto(demo_server.url + "/o-projekcie/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Przejdź do treści"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "tresc"


def test_main_menu_is_usable_with_the_keyboard_alone(demo_server, page):
    page.goto(demo_server.url + "/")
    visited = []
    for _ in range(15):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        visited.append(href)
        if href == "/partnerzy/":
            break
    assert "/o-projekcie/" in visited and visited[-1] == "/partnerzy/"
    # The focused link is visibly outlined.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/partnerzy/")
    assert page.locator("h1").inner_text() == "Partnerzy"


def test_layout_is_readable_on_a_phone(demo_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="pl-PL")
    tab = context.new_page()
    tab.goto(demo_server.url + "/o-projekcie/")
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0


def test_gallery_lightbox_works_with_the_keyboard(demo_server, page, axe):
    page.goto(demo_server.url + "/aktualnosci/i-kamien-milowy-zrealizowany/")
    first = page.locator("[data-gallery-item]").first
    first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.textContent") == "Zamknij galerię"
    assert dialog.locator(".lightbox__counter").inner_text() == "Zdjęcie 1 z 3"
    page.keyboard.press("ArrowRight")
    assert dialog.locator(".lightbox__counter").inner_text() == "Zdjęcie 2 z 3"
    assert dialog.locator(".lightbox__img").get_attribute("alt") == (
        "Ilustracja: prezentacja Modelu Kooperacje 3D"
    )
    violations = axe(page)
    assert violations == [], format_violations(violations)
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.dataset.galleryItem") == ""


def test_contrast_and_font_size_persist_without_cookies(demo_server, page, axe):
    page.goto(demo_server.url + "/o-projekcie/")
    page.get_by_role("button", name="Wysoki kontrast").click()
    page.get_by_role("button", name="Największy tekst").click()
    page.goto(demo_server.url + "/partnerzy/")
    classes = page.evaluate("document.documentElement.className")
    assert "contrast-high" in classes and "font-larger" in classes
    assert (
        page.get_by_role("button", name="Wysoki kontrast").get_attribute("aria-pressed") == "true"
    )
    assert page.context.cookies() == []
    violations = axe(page)
    assert violations == [], format_violations(violations)
    page.get_by_role("button", name="Domyślny rozmiar tekstu").click()
    assert "font-larger" not in page.evaluate("document.documentElement.className")


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("the reason only the log sees")


def _urlpatterns():
    from django.urls import path

    from k3d.urls import urlpatterns

    return [path("test-zabronione/", _forbidden), *urlpatterns]


def __getattr__(name):
    # ROOT_URLCONF=__name__ below: the project's routes and one that refuses (read lazily, so
    # that importing this module does not load the project's URLs).
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def test_the_refusal_pages_have_no_wcag_violations(demo_server, page, axe):
    """403.html (a refused page) and 403_csrf.html (a form sent without its token, e.g. after
    the session expired) in the site's layout, in Polish, as a keyboard and screen reader user
    meets them."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF=__name__):
        response = page.goto(demo_server.url + "/test-zabronione/")
        assert response.status == 403
        assert page.locator("h1").inner_text() == "Brak dostępu"
        violations = axe(page)
    assert violations == [], format_violations(violations)

    page.goto(demo_server.url + "/konto/logowanie/")
    page.evaluate(
        "document.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(e => e.remove())"
    )
    page.fill("input[name=username]", "gmina.opole")
    page.fill("input[name=password]", "nieważne")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Zaloguj się").click()
    assert navigation.value.status == 403
    assert page.locator("h1").inner_text() == "Nie udało się wysłać formularza"
    violations = axe(page)
    assert violations == [], format_violations(violations)


def test_the_main_menu_folds_behind_a_button_on_a_phone(demo_server, browser, axe):
    """At 390 px the eleven links took ~40% of the first screen: they fold behind „Menu”, a
    disclosure button (aria-expanded, keyboard, Escape), open on wide screens and without JS."""
    url = demo_server.url + "/o-projekcie/"
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    tab = context.new_page()
    tab.goto(url)
    toggle = tab.get_by_role("button", name="Menu")
    menu = tab.locator("#menu-glowne")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert tab.locator(".main-nav").bounding_box()["height"] < 844 * 0.1
    box = toggle.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
    toggle.focus()
    tab.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Start"
    violations = axe(tab)
    assert violations == [], format_violations(violations)
    tab.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert tab.evaluate("document.activeElement.dataset.mainNavToggle") == ""
    context.close()

    for options in (
        {"viewport": {"width": 1280, "height": 800}},
        {
            "viewport": {"width": 390, "height": 844},
            "java_script_enabled": False,
        },
    ):
        context = browser.new_context(locale="pl-PL", **options)
        tab = context.new_page()
        tab.goto(url)
        assert tab.locator("#menu-glowne").is_visible(), options
        assert not tab.get_by_role("button", name="Menu").is_visible(), options
        context.close()


def test_the_event_form_with_its_rodo_clause_and_a_changed_clause(demo_server, page, axe):
    """The registration form of the demo event with the clause built from the information page
    and the organiser's record; then a clause changed after the form opened (a stale version in
    the form): 409, the new words, nothing stored. Both states: no WCAG violation."""
    from events.models import Registration

    page.goto(demo_server.url + "/wydarzenia/szkolenie-miedzysektorowe-opole/zapisy/")
    clause = page.locator("#klauzula-wydarzenie")
    assert "Administratorem danych jest Regionalny Ośrodek Polityki Społecznej w Opolu" in (
        clause.inner_text()
    )
    violations = axe(page)
    assert violations == [], format_violations(violations)

    before = Registration.objects.count()
    page.get_by_label("Imię", exact=True).fill("Anna")
    page.get_by_label("Nazwisko", exact=True).fill("Kowalska")
    page.get_by_label("Adres e-mail").fill("anna.kowalska@mops.example.pl")
    page.locator("input[name=clause_version]").evaluate("input => { input.value = 'RODO-stara' }")
    page.get_by_role("button", name=re.compile("^Zapisz się")).click()
    assert "Treść klauzuli informacyjnej zmieniła się" in page.content()
    assert page.get_by_label("Imię", exact=True).input_value() == "Anna"
    violations = axe(page)
    assert violations == [], format_violations(violations)
    assert Registration.objects.count() == before
