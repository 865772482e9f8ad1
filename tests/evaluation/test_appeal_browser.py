"""The appeal pages in Chromium: zero WCAG 2.1 A/AA violations on the applicant's form (empty and
refused), the filed appeal, and the chair's list with its uphold and reject forms; the appeal
filed with the keyboard alone."""

import contextlib

from django.urls import reverse

import pytest

from evaluation import appeals
from evaluation.models import Appeal
from recruitment.models import ApplicationState
from tests.accessibility import assert_no_violations, log_in
from tests.evaluation.test_appeals import applicant_of, file, publish_three, stored

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(call, chair_user, evaluators):
    return publish_three(call, chair_user, evaluators, lambda execute: contextlib.nullcontext())


def test_appeal_pages_have_no_wcag_violations(
    live_server, page, axe, call, published, chair_user, evaluators
):
    base = live_server.url
    reserve, low = published["reserve"], published["low"]

    log_in(page, live_server, applicant_of(reserve), clear=True)
    path = reverse("evaluation_account:appeal", args=[reserve.pk])
    page.goto(base + path)
    assert_no_violations(page, axe, path)
    # Only spaces: the browser sends it, the server refuses it and names the field.
    page.fill("#id_text", "   ")
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    assert "Napisz uzasadnienie odwołania" in page.inner_text("main")
    assert page.get_attribute("#id_text", "aria-invalid") == "true"
    assert_no_violations(page, axe, path + " (refused)")
    assert not Appeal.objects.exists()

    # With the keyboard alone: focus the field, type, tab to the button, press Enter.
    page.focus("#id_text")
    page.keyboard.type("Kryterium 2 pominęło diagnozę.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Odwołanie zostało wniesione" in page.inner_text("main")
    assert_no_violations(page, axe, path + " (filed)")
    assert stored(reserve).state == ApplicationState.APPEAL

    appeals.uphold(Appeal.objects.get(), chair_user, evaluators[2])
    file(low)
    log_in(page, live_server, chair_user, clear=True)
    path = reverse("evaluation:appeals", args=[call.pk])
    page.goto(base + path)
    assert "Kryterium 2 pominęło diagnozę." in page.inner_text("main")
    assert_no_violations(page, axe, path)
