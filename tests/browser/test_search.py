"""The search page in Chromium: no WCAG 2.1 AA violations, and suggestions usable by keyboard alone."""

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize(
    "path",
    [
        "/szukaj/?q=gminach",
        "/szukaj/?q=gmina&type=dokument&sort=date",
        "/szukaj/?q=xyzzyqwert",
        "/szukaj/?q=" + "a" * 300,
    ],
)
def test_search_pages_have_no_wcag_violations(demo_server, page, axe, path):
    page.goto(demo_server.url + path)
    violations = axe(page)
    assert violations == [], format_violations(violations)


def test_suggestions_combobox_by_keyboard(demo_server, page, axe):
    page.goto(demo_server.url + "/szukaj/")
    box = page.locator("#szukaj-strona")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.focus()
    page.keyboard.type("regulamin nab")
    option = page.locator("#szukaj-lista [role=option]").first
    option.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    assert "Regulamin naboru" in option.inner_text()
    assert page.locator(".combobox [role=status]").inner_text().endswith("podpowiedź")
    violations = axe(page)  # the open list too
    assert violations == [], format_violations(violations)
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")
    option.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/regulamin-naboru-jednostek-samorzadu-terytorialnego/" in page.url


def test_facet_filter_by_keyboard_narrows_results(demo_server, page):
    page.goto(demo_server.url + "/szukaj/?q=gmina")
    total_before = page.locator("#wyniki").inner_text()
    page.locator("label[for^='f-type-']", has_text="Dokument").click()
    page.locator(".registry-facets button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "type=dokument" in page.url
    assert page.locator("#wyniki").inner_text() != total_before
    kinds = page.locator(".search-results .meta").all_inner_texts()
    assert kinds and all(text.startswith("Dokument") for text in kinds)
