"""Call pages in headless Chromium: zero WCAG 2.1 A/AA violations, countdown kept current."""

import io

import pytest

from tests.accessibility import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def recruitment_site(db):
    """The site shell, the registry and the calls, committed so the live server sees them."""
    from documents import demo as documents_demo
    from portal import demo as portal_demo
    from recruitment import demo as recruitment_demo

    portal_demo.load(io.StringIO())
    documents_demo.load(io.StringIO())
    recruitment_demo.load(io.StringIO())


def test_call_pages_have_no_wcag_violations(live_server, recruitment_site, page, axe):
    for path in ("/nabory/", "/nabory/1-2026-op/", "/nabory/1-2018-op/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = axe(page)
        assert violations == [], f"{path}\n{format_violations(violations)}"


def test_the_countdown_script_keeps_the_server_wording(live_server, recruitment_site, page):
    page.goto(live_server.url + "/nabory/1-2026-op/")
    countdown = page.locator("[data-countdown]")
    text = countdown.inner_text()
    assert text.startswith("Do końca naboru zostało 30 dni") or text.startswith(
        "Do końca naboru zostało 29 dni"
    )
