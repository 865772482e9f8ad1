"""The pages of a JST whose result a new version worsened (issue #25) in Chromium: the result
page, the appeal form with the reason and the status page have zero WCAG 2.1 A/AA violations."""

import contextlib

from django.urls import reverse

import pytest

from evaluation import republication
from tests.accessibility import assert_no_violations, log_in
from tests.evaluation.test_appeal_after_republication import upheld_and_rescored
from tests.evaluation.test_appeals import applicant_of, file, publish_three, stored

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_worsened_jsts_pages_have_no_wcag_violations(
    live_server, page, axe, call, chair_user, evaluators
):
    published = publish_three(
        call, chair_user, evaluators, lambda execute: contextlib.nullcontext()
    )
    a, b = published["top"], published["reserve"]
    file(b)
    upheld_and_rescored(stored(b), chair_user, evaluators[2], [10, 10, 5])
    republication.republish(call, chair_user)

    log_in(page, live_server, applicant_of(a), clear=True)
    for name in ("evaluation_account:result", "evaluation_account:appeal", "recruitment:status"):
        path = reverse(name, args=[a.pk])
        page.goto(live_server.url + path)
        main = page.inner_text("main")
        assert "wybrany → na liście rezerwowej (miejsce 1)" in main, name
        assert "Termin na odwołanie" in main, name
        assert_no_violations(page, axe, path)
