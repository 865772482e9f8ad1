"""Call pages in headless Chromium: zero WCAG 2.1 A/AA violations, countdown kept current."""

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_call_pages_have_no_wcag_violations(demo_server, page, axe):
    for path in ("/nabory/", "/nabory/1-2026-op/", "/nabory/1-2018-op/"):
        response = page.goto(demo_server.url + path)
        assert response.status == 200, path
        violations = axe(page)
        assert violations == [], f"{path}\n{format_violations(violations)}"


def test_the_countdown_script_keeps_the_server_wording(demo_server, page):
    page.goto(demo_server.url + "/nabory/1-2026-op/")
    countdown = page.locator("[data-countdown]")
    text = countdown.inner_text()
    assert text.startswith("Do końca naboru zostało 30 dni") or text.startswith(
        "Do końca naboru zostało 29 dni"
    )
