"""The calibration of the evaluators in Chromium (issue #25): on the demo's evaluated call
1/2026/MP (Kraków), whose cards are all in, the chair sees the chart and the tables with zero
WCAG 2.2 A/AA violations, also with forced colours (Windows' high contrast), where the chart's
marks take the page's text colour."""

from django.core.cache import cache
from django.urls import reverse

import pytest

from evaluation import calibration
from evaluation.demo import DEMO_CHAIR
from recruitment.models import CallPage
from tests.accessibility import assert_no_violations, use_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_demo_calibration_page_has_no_wcag_violations(demo_server, demo_sessions, page, axe):
    # The shared committed demo (`make demo`): the evaluated call 1/2026/MP has all its cards.
    live_server = demo_server
    cache.clear()
    call = CallPage.objects.get(number="1/2026/MP")
    figures = calibration.load(call)
    assert figures.ready and figures.evaluators

    use_session(page, live_server, demo_sessions[DEMO_CHAIR])
    path = reverse("evaluation:calibration", args=[call.pk])
    page.goto(live_server.url + path)
    assert page.url == live_server.url + path
    chart = page.locator("main svg[role=img]")
    assert chart.count() == 1
    assert chart.get_attribute("aria-labelledby").startswith("kalibracja-wykres-title")
    assert page.locator("svg[role=img] rect").count() == sum(
        1 for row in figures.evaluators if row.total_difference
    )
    table = page.locator("#tabela-kryteria tbody tr")
    assert table.count() == len(figures.evaluators)
    first = figures.evaluators[0]
    assert table.first.locator("th").inner_text() == first.name
    assert table.first.locator("td").last.inner_text() == first.total_difference_text
    assert page.get_by_text("Wartość dodatnia: oceniający przyznawał").is_visible()
    assert_no_violations(page, axe, path)

    page.emulate_media(forced_colors="active")
    assert chart.locator("rect").first.evaluate("r => getComputedStyle(r).fill") == (
        chart.evaluate("s => getComputedStyle(s).color")
    )
    assert_no_violations(page, axe, path + " (forced colours)")
    page.emulate_media(forced_colors="none")

    # The chair's dashboard leads to it.
    page.goto(live_server.url + reverse("evaluation:chair", args=[call.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name="Kalibracja oceniających").click()
    assert page.url == live_server.url + path
