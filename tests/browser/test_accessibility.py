"""Pages in headless Chromium: zero WCAG 2.1 A/AA violations (axe-core) and keyboard use."""

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    ],
)
def test_page_has_no_wcag_violations(live_server, demo_content, page, axe, path):
    page.goto(live_server.url + path)
    violations = axe(page)
    assert violations == [], format_violations(violations)


def test_skip_link_is_first_and_moves_focus_to_content(live_server, demo_content, page):
    page.goto(live_server.url + "/o-projekcie/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Przejdź do treści"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "tresc"


def test_main_menu_is_usable_with_the_keyboard_alone(live_server, demo_content, page):
    page.goto(live_server.url + "/")
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


def test_layout_is_readable_on_a_phone(live_server, demo_content, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="pl-PL")
    tab = context.new_page()
    tab.goto(live_server.url + "/o-projekcie/")
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0
