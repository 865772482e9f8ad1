"""The formal check card in Chromium: zero WCAG 2.1 A/AA violations on the card being filled, on
the card after a refused decision (the error summary), on the decided card, and on the
applicant's status page with the call to supplement."""

import pytest

from portal.accounts import ensure_role_groups
from recruitment import formal_check
from recruitment.models import FormalResult
from tests.accessibility import assert_no_violations, log_in
from tests.factories import default_site
from tests.recruitment import factories
from tests.recruitment.formal_helpers import all_yes, card_url, formal_call, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_card_and_the_status_page_have_no_wcag_violations(live_server, page, axe):
    call_index = factories.CallIndexPageFactory(parent=default_site().root_page)
    call = formal_call(call_index, number="7/2026/OP")
    ensure_role_groups()
    operator = factories.operator(username="operator.karta")
    institution = factories.InstitutionFactory(name="Gmina Miejska Brzeg")
    applicant = factories.applicant(institution, username="wnioskodawca.karta")
    application = submitted(call, institution)
    card = formal_check.start(application, operator)
    log_in(page, live_server, operator)
    path = card_url(application)

    page.goto(live_server.url + path)
    assert page.url == live_server.url + path
    assert "Gmina Miejska Brzeg" in page.content()
    assert_no_violations(page, axe, "the card")

    # A decision without the answers: the error summary, focusable links to the criteria.
    page.get_by_role("button", name="Przyjmij formalnie").click()
    page.wait_for_selector(".k3d-error-summary")
    assert "brak odpowiedzi przy kryterium nr 4" in page.content()
    assert_no_violations(page, axe, "the card with errors")

    formal_check.decide(
        card,
        operator,
        FormalResult.TO_SUPPLEMENT,
        all_yes(card, p4=("no", "Brak podpisu skarbnika.")),
        deficiencies="Podpis skarbnika na formularzu.",
    )
    page.goto(live_server.url + path + "?runda=1")
    assert "Podpis skarbnika na formularzu." in page.content()
    assert_no_violations(page, axe, "the decided card")

    page.context.clear_cookies()
    log_in(page, live_server, applicant)
    page.goto(f"{live_server.url}/konto/zgloszenia/{application.pk}/status/")
    assert "Podpis skarbnika na formularzu." in page.content()
    assert_no_violations(page, axe, "the applicant's status page")
