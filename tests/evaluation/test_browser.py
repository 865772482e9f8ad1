"""The evaluation views in Chromium: zero WCAG 2.1 A/AA violations on the declaration, the
evaluator's dashboard, the card (empty and refused), the application and the chair's pages, and a
card filled and submitted with the keyboard alone."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest

from evaluation import assignment, cards
from evaluation.models import CardStatus, CommissionRole, SubstantiveCard
from portal.accounts import ensure_role_groups
from tests.accessibility import format_violations
from tests.evaluation.conftest import fill, make_application, member
from tests.factories import default_site
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _no_violations(page, axe, path):
    violations = axe(page)
    assert violations == [], f"{path}\n{format_violations(violations)}"


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
    _log_in(page, live_server, scene["newcomer"])
    path = reverse("evaluation:declaration", args=[call.pk])
    page.goto(base + path)
    _no_violations(page, axe, path)
    with page.expect_navigation():
        page.click("text=Podpisuję deklarację")
    assert page.locator(".k3d-error-summary").is_visible()
    _no_violations(page, axe, path + " (refused)")

    _log_in(page, live_server, scene["first"])
    for path in [
        reverse("evaluation:home"),
        reverse("evaluation:evaluator", args=[call.pk]),
        reverse("evaluation:card", args=[scene["one"].pk]),
        reverse("evaluation:application", args=[scene["nysa"].pk]),
    ]:
        page.goto(base + path)
        assert page.url == base + path
        _no_violations(page, axe, path)

    card_path = reverse("evaluation:card", args=[scene["one"].pk])
    page.goto(base + card_path)
    page.fill("input[name^=punkty-] >> nth=0", "12")
    with page.expect_navigation():
        page.click("button[value=submit]")
    assert "Najwyżej 10 pkt" in page.locator(".k3d-error-summary").inner_text()
    _no_violations(page, axe, card_path + " (refused)")

    _log_in(page, live_server, scene["chair"])
    for path in [
        reverse("evaluation:chair", args=[call.pk]),
        reverse("evaluation:card", args=[scene["two"].pk]),
    ]:
        page.goto(base + path)
        assert page.url == base + path
        _no_violations(page, axe, path)

    _log_in(page, live_server, scene["operator"])
    path = reverse("evaluation:commission", args=[call.pk])
    page.goto(base + path)
    _no_violations(page, axe, path)


def test_a_card_is_scored_and_submitted_with_the_keyboard(live_server, page, scene):
    _log_in(page, live_server, scene["first"])
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
