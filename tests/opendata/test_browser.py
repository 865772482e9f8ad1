"""/dane/ in Chromium on the committed demo: no WCAG violation, also in high contrast with the
columns' tables open, and its links lead to files that download."""

import pytest

from tests.accessibility import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_open_data_page_has_no_wcag_violations(demo_server, page, axe):
    page.goto(demo_server.url + "/dane/")
    assert page.locator("h1").inner_text() == "Otwarte dane"
    assert page.get_by_role("heading", name="Rejestr dokumentów").is_visible()
    for summary in page.locator("details summary").all():
        summary.click()
    assert page.get_by_role("table", name="Kolumny zbioru „Wydarzenia projektu”").is_visible()
    assert_no_violations(page, axe, "/dane/")

    page.get_by_role("button", name="Wysoki kontrast").click()
    assert_no_violations(page, axe, "/dane/ (wysoki kontrast)")

    response = page.request.get(demo_server.url + "/dane/wydarzenia.csv")
    assert response.status == 200
    assert response.text().splitlines()[0].startswith("id,tytul,rodzaj_kod,")
