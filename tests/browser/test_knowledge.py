"""Knowledge pages in headless Chromium: zero WCAG 2.1 A/AA violations and keyboard-only filters."""

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize(
    "path",
    [
        "/model/",
        "/model/poziom/klienta/",
        "/model/kontrakt-socjalny/",
        "/dobre-praktyki/",
        "/dobre-praktyki/?wojewodztwo=24&sektor=education",
        "/dobre-praktyki/wspolny-dyzur-w-szkole/",
        "/slownik/",
        "/uczestnicy/",
    ],
)
def test_knowledge_page_has_no_wcag_violations(demo_server, page, axe, path):
    response = page.goto(demo_server.url + path)
    assert response.status == 200
    violations = axe(page)
    assert violations == [], format_violations(violations)


def test_good_practice_filters_work_with_the_keyboard_alone(demo_server, page):
    page.goto(demo_server.url + "/dobre-praktyki/")
    assert page.locator(".practice-list > li").count() == 10
    target = "filtr-wojewodztwo-16"  # opolskie
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == target:
            break
    assert page.evaluate("document.activeElement.id") == target
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Space")
    assert page.locator(f"#{target}").is_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "wojewodztwo=16" in page.url
    titles = page.locator(".practice-list h3").all_inner_texts()
    assert titles == [
        "Streetworking z organizacją pozarządową",
        "Superwizja dla zespołów zadaniowych",
    ]
    assert page.locator("#results-title").inner_text() == "Znaleziono 2 praktyki"
    assert page.locator(f"#{target}").is_checked()


def test_glossary_letter_link_moves_to_the_section(demo_server, page):
    page.goto(demo_server.url + "/slownik/")
    link = page.locator('.letters a:text-is("Ś")')
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/slownik/#litera-s-347")
    assert page.locator("#litera-s-347 dt").first.inner_text().startswith("Środowisko lokalne")
