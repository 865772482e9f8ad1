"""The operator views of applications in Chromium: zero WCAG 2.1 A/AA violations on the list of
a call, the detail of an application and the diff of two of its versions."""

from django.urls import reverse

import pytest

from portal.accounts import ensure_role_groups
from tests.accessibility import format_violations, log_in
from tests.factories import default_site
from tests.recruitment import factories
from tests.recruitment.test_operator_views import add_version, submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_detail_and_diff_have_no_wcag_violations(live_server, page, axe):
    root = default_site().root_page
    call_index = factories.CallIndexPageFactory(parent=root)
    open_call = factories.CallPageFactory(parent=call_index, number="5/2026/OP")
    ensure_role_groups()
    operator = factories.operator(username="operator.axe")
    application = submitted_application(
        open_call, factories.InstitutionFactory(name="Gmina Miejska Brzeg")
    )
    add_version(application, 2, experience="Nowy opis <b>współpracy</b> od 2012 r.")
    log_in(page, live_server, operator)
    paths = [
        reverse("recruitment_operator:index", args=[open_call.pk]),
        reverse("recruitment_operator:detail", args=[open_call.pk, application.pk]),
        reverse("recruitment_operator:diff", args=[open_call.pk, application.pk]) + "?from=1&to=2",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert page.url == live_server.url + path  # not redirected to the login
        assert "Gmina Miejska Brzeg" in page.content()
        violations = axe(page)
        assert violations == [], f"{path}\n{format_violations(violations)}"
