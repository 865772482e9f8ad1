"""The results pages in Chromium: zero WCAG 2.1 A/AA violations on the chair's page of the list
(with a version waiting for publication), the public results page and the applicant's result."""

from django.core.cache import cache
from django.urls import reverse

import pytest

from core.choices import JSTType
from evaluation import publication
from evaluation.models import CommissionRole
from portal.accounts import ensure_role_groups
from recruitment.models import CallQuota
from tests.accessibility import assert_no_violations, log_in
from tests.evaluation.conftest import member
from tests.evaluation.test_publication import scored
from tests.factories import default_site
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_results_pages_have_no_wcag_violations(live_server, page, axe):
    cache.clear()
    ensure_role_groups()
    index = factories.CallIndexPageFactory(parent=default_site().root_page)
    call = factories.CallPageFactory(parent=index, number="4/2026/OP")
    CallQuota.objects.create(call=call, jst_type=JSTType.URBAN_MUNICIPALITY, places=1)
    chair = member(call, CommissionRole.CHAIR, username="chair.wyniki", first_name="Piotr")
    evaluators = [member(call, username=f"ocena.wyniki{n}") for n in (1, 2)]
    urban = JSTType.URBAN_MUNICIPALITY.value
    top = scored(call, chair, evaluators, urban, "Gmina Miejska Nysa", [9, 8, 4], [8, 8, 4])
    scored(call, chair, evaluators, urban, "Gmina Miejska Brzeg", [8, 6, 4], [7, 7, 4])
    result_list = publication.approve(call, chair)

    base = live_server.url
    log_in(page, live_server, chair, clear=True)
    path = reverse("evaluation:results", args=[call.pk])
    page.goto(base + path)
    assert "Opublikuj wersję 1" in page.content()
    assert_no_violations(page, axe, path)

    publication.publish(result_list, chair)
    page.context.clear_cookies()
    path = f"{call.url}wyniki/"
    page.goto(base + path)
    assert "Gmina Miejska Nysa" in page.content()
    assert_no_violations(page, axe, path)

    applicant = top.institution.memberships.get().user
    log_in(page, live_server, applicant, clear=True)
    path = reverse("evaluation_account:result", args=[top.pk])
    page.goto(base + path)
    assert "Oceniający 2" in page.content()
    assert_no_violations(page, axe, path)
