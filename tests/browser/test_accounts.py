"""Applicant accounts in Chromium: no WCAG 2.1 AA violations on registration, login and the team
page, and the registration form filled by keyboard alone."""

import re

from django.core import mail

import pytest

from tests.accessibility import format_violations
from tests.factories import default_site
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zielony-Rower-2026"


def assert_no_violations(page, axe):
    violations = axe(page)
    assert violations == [], format_violations(violations)


def focused_id(page):
    return page.evaluate("document.activeElement.id")


def test_register_confirm_login_and_team_by_keyboard(live_server, page, axe, settings):
    settings.SITE_URL = live_server.url  # the e-mail's link leads to this server
    factories.InstitutionFactory(name="Gmina Miejska Brzeg", teryt="1601011")
    default_site()
    page.goto(live_server.url + "/konto/rejestracja/")
    assert_no_violations(page, axe)

    # An empty submission: the error summary takes the focus and links to the fields.
    page.locator("button[type=submit]", has_text="Załóż konto").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    assert page.locator("#id_first_name").get_attribute("aria-invalid") == "true"
    assert_no_violations(page, axe)

    page.locator("#id_first_name").focus()
    page.keyboard.type("Anna")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_last_name"
    page.keyboard.type("Kowalska")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_email"
    page.keyboard.type("anna@example.pl")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_phone"
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_institution"
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_institution").input_value() != ""
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_position"
    page.keyboard.type("Kierowniczka MOPS")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_password1"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_password2"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_rodo"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/konto/rejestracja/wyslano/" in page.url
    assert_no_violations(page, axe)

    link = re.search(r"https?://\S+/konto/potwierdz/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Potwierdzam adres e-mail").press("Enter")
    assert "Adres e-mail potwierdzony" in page.content()

    page.goto(live_server.url + "/konto/logowanie/")
    assert_no_violations(page, axe)
    page.locator("#id_username").focus()
    page.keyboard.type("anna@example.pl")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/konto/")

    page.goto(live_server.url + "/konto/zespol/")
    assert "Anna Kowalska" in page.content()
    assert page.locator("#id_email").is_visible()  # the primary account may invite
    assert_no_violations(page, axe)
