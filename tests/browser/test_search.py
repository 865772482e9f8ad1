"""The search page in Chromium: no WCAG 2.2 AA violations, suggestions usable by keyboard alone, and
the filters folded on a phone."""

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize(
    "path",
    [
        "/szukaj/?q=gminach",
        "/szukaj/?q=gmina&type=dokument&sort=date",
        "/szukaj/?q=xyzzyqwert",
        "/szukaj/?q=superwizjia+koordynatorow",  # a misspelt word: "Czy chodziło Ci o"
        "/szukaj/?q=wielosektorowej+wsparcia&type=dokument",  # snippets from the files' text
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


@pytest.mark.parametrize(
    "path, filters_id, results",
    [
        ("/szukaj/?q=gminach", "filtry-wynikow", "#wyniki"),
        ("/dokumenty/", "filtry-dokumentow", "#wyniki"),
        ("/dobre-praktyki/", "filtry-praktyk", "#results-title"),
        ("/wydarzenia/", "filtry-wydarzen", "#results-title"),
    ],
)
def test_on_a_phone_the_results_come_before_the_folded_filters(
    demo_server, browser, axe, path, filters_id, results
):
    """At 390 px the filters of a listing pushed its results below the first screen: they fold
    behind „Filtry” (aria-expanded), and stay open on wide screens and without JavaScript."""
    url = demo_server.url + path
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    tab = context.new_page()
    tab.goto(url)
    toggle = tab.get_by_role("button", name="Filtry")
    filters = tab.locator(f"#{filters_id}")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == filters_id
    assert not filters.is_visible()
    # The results follow the button at once, not a screen or two of checkboxes later.
    button = toggle.bounding_box()
    assert 0 < tab.locator(results).bounding_box()["y"] - (button["y"] + button["height"]) < 80
    toggle.focus()
    tab.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and filters.is_visible()
    violations = axe(tab)
    assert violations == [], format_violations(violations)
    context.close()

    for options in (
        {"viewport": {"width": 1280, "height": 800}},
        {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False},
    ):
        context = browser.new_context(locale="pl-PL", **options)
        tab = context.new_page()
        tab.goto(url)
        assert tab.locator(f"#{filters_id}").is_visible(), options
        assert not tab.get_by_role("button", name="Filtry").is_visible(), options
        context.close()
