"""The formal check card in Chromium: zero WCAG 2.1 A/AA violations on the card being filled, on
the card after a refused decision (the error summary), on the decided card, and on the
applicant's status page with the call to supplement."""

from django.conf import settings
from django.test import Client

import pytest

from portal.accounts import ensure_role_groups
from recruitment import formal_check
from recruitment.models import FormalResult
from tests.accessibility import format_violations
from tests.factories import default_site
from tests.recruitment import factories
from tests.recruitment.formal_helpers import all_yes, card_url, formal_call, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _no_violations(page, axe, what):
    # Wagtail's message banner slides in with its colours in transition; measure the contrast
    # of what stays on screen: animations and transitions end at once.
    page.add_style_tag(
        content="*, *::before, *::after { animation: none !important; transition: none !important; }"
    )
    violations = axe(page)
    assert violations == [], f"{what}\n{format_violations(violations)}"


def test_the_card_and_the_status_page_have_no_wcag_violations(live_server, page, axe):
    call_index = factories.CallIndexPageFactory(parent=default_site().root_page)
    call = formal_call(call_index, number="7/2026/OP")
    ensure_role_groups()
    operator = factories.operator(username="operator.karta")
    institution = factories.InstitutionFactory(name="Gmina Miejska Brzeg")
    applicant = factories.applicant(institution, username="wnioskodawca.karta")
    application = submitted(call, institution)
    card = formal_check.start(application, operator)
    _log_in(page, live_server, operator)
    path = card_url(application)

    page.goto(live_server.url + path)
    assert page.url == live_server.url + path
    assert "Gmina Miejska Brzeg" in page.content()
    _no_violations(page, axe, "the card")

    # A decision without the answers: the error summary, focusable links to the criteria.
    page.get_by_role("button", name="Przyjmij formalnie").click()
    page.wait_for_selector(".k3d-error-summary")
    assert "brak odpowiedzi przy kryterium nr 4" in page.content()
    _no_violations(page, axe, "the card with errors")

    formal_check.decide(
        card,
        operator,
        FormalResult.TO_SUPPLEMENT,
        all_yes(card, p4=("no", "Brak podpisu skarbnika.")),
        deficiencies="Podpis skarbnika na formularzu.",
    )
    page.goto(live_server.url + path + "?runda=1")
    assert "Podpis skarbnika na formularzu." in page.content()
    _no_violations(page, axe, "the decided card")

    page.context.clear_cookies()
    _log_in(page, live_server, applicant)
    page.goto(f"{live_server.url}/konto/zgloszenia/{application.pk}/status/")
    assert "Podpis skarbnika na formularzu." in page.content()
    _no_violations(page, axe, "the applicant's status page")
