"""The documents registry in Chromium: zero WCAG 2.1 A/AA violations, working facets and downloads."""

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_listing_and_document_page_have_no_wcag_violations(demo_server, page, axe):
    page.goto(demo_server.url + "/dokumenty/")
    violations = axe(page)
    assert violations == [], format_violations(violations)

    page.get_by_role(
        "link",
        name="Zarządzenie nr 20/18 Dyrektora ROPS w Opolu z dnia 30 sierpnia 2018 r.",
        exact=True,
    ).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Zarządzenie nr 20/18")
    violations = axe(page)
    assert violations == [], format_violations(violations)


def test_facets_narrow_the_list_and_a_download_works(demo_server, page):
    page.goto(demo_server.url + "/dokumenty/")
    page.get_by_label("załącznik (3)").check()
    page.get_by_role("button", name="Pokaż dokumenty").click()
    page.wait_for_load_state()
    assert "Znaleziono 3 dokumenty" in page.locator("#wyniki").inner_text()
    titles = page.locator(".registry-title").all_inner_texts()
    assert all(title.startswith("Załącznik nr") for title in titles)
    with page.expect_download() as download_info:
        page.locator(".registry-list a[download]").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
