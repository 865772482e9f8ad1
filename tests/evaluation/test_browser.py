"""The evaluation views in Chromium: zero WCAG 2.1 A/AA violations on the declaration, the
evaluator's dashboard, the card (empty and refused), the application and the chair's pages, and a
card filled and submitted with the keyboard alone."""

from django.urls import reverse

import pytest

from evaluation import assignment, cards
from evaluation.models import CardStatus, CommissionRole, SubstantiveCard
from portal.accounts import ensure_role_groups
from tests.accessibility import assert_no_violations, log_in
from tests.evaluation.conftest import fill, make_application, member
from tests.factories import default_site
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene():
    ensure_role_groups()
    index = factories.CallIndexPageFactory(parent=default_site().root_page)
    call = factories.CallPageFactory(parent=index, number="3/2026/OP")
    nysa = make_application(call, factories.InstitutionFactory(name="Gmina Miejska Nysa"))
    brzeg = make_application(call, factories.InstitutionFactory(name="Gmina Miejska Brzeg"))
    chair = member(call, CommissionRole.CHAIR, username="chair.axe", first_name="Piotr")
    first = member(call, username="ewa.axe", first_name="Ewa", last_name="Ocena")
    second = member(call, username="edward.axe", first_name="Edward", last_name="Ocena")
    newcomer = member(call, username="nowa.axe", sign=False)
    operator = factories.operator(username="operator.axe")
    one = assignment.assign(nysa, first, by=chair)
    two = assignment.assign(nysa, second, by=chair)
    assignment.assign(brzeg, first, by=chair)
    cards.submit(two.card, fill(two.card, [9, 8, 4]), user=second)
    return locals()


def test_evaluation_pages_have_no_wcag_violations(live_server, page, axe, scene):
    base = live_server.url
    call = scene["call"]
    log_in(page, live_server, scene["newcomer"], clear=True)
    path = reverse("evaluation:declaration", args=[call.pk])
    page.goto(base + path)
    assert_no_violations(page, axe, path)
    with page.expect_navigation():
        page.click("text=Podpisuję deklarację")
    assert page.locator(".k3d-error-summary").is_visible()
    assert_no_violations(page, axe, path + " (refused)")

    log_in(page, live_server, scene["first"], clear=True)
    for path in [
        reverse("evaluation:home"),
        reverse("evaluation:evaluator", args=[call.pk]),
        reverse("evaluation:card", args=[scene["one"].pk]),
        reverse("evaluation:application", args=[scene["nysa"].pk]),
    ]:
        page.goto(base + path)
        assert page.url == base + path
        assert_no_violations(page, axe, path)

    card_path = reverse("evaluation:card", args=[scene["one"].pk])
    page.goto(base + card_path)
    page.fill("input[name^=punkty-] >> nth=0", "12")
    with page.expect_navigation():
        page.click("button[value=submit]")
    assert "Najwyżej 10 pkt" in page.locator(".k3d-error-summary").inner_text()
    assert_no_violations(page, axe, card_path + " (refused)")

    log_in(page, live_server, scene["chair"], clear=True)
    for path in [
        reverse("evaluation:chair", args=[call.pk]),
        reverse("evaluation:card", args=[scene["two"].pk]),
    ]:
        page.goto(base + path)
        assert page.url == base + path
        assert_no_violations(page, axe, path)

    log_in(page, live_server, scene["operator"], clear=True)
    path = reverse("evaluation:commission", args=[call.pk])
    page.goto(base + path)
    assert_no_violations(page, axe, path)


def test_a_card_is_scored_and_submitted_with_the_keyboard(live_server, page, scene):
    log_in(page, live_server, scene["first"], clear=True)
    path = reverse("evaluation:card", args=[scene["one"].pk])
    page.goto(live_server.url + path)
    page.locator("input[name^=punkty-] >> nth=0").focus()
    for points, text in (("10", ""), ("7", "Brak doświadczenia z sądem."), ("5", "")):
        page.keyboard.type(points)
        page.keyboard.press("Tab")
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    # After the last field: "save the draft", then "submit".
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Karta została złożona" in page.content()
    card = SubstantiveCard.objects.get(pk=scene["one"].card.pk)
    assert card.status == CardStatus.SUBMITTED and card.total == 22
