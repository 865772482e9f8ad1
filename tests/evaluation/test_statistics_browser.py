"""The statistics of the demo's evaluated and published call 1/2026/MP in Chromium: zero WCAG 2.1
A/AA violations, no JST named, and the charts drawn in the text colour, also in forced colours
(Windows' high contrast) and in the portal's own high-contrast mode."""

from django.core.cache import cache

import pytest

from evaluation.models import ResultEntry
from tests.accessibility import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PATH = "/nabory/1-2026-mp/statystyki/"

# Every bar's fill and the chart's text colour, beside the colour of the page's text.
COLOURS = """() => {
    const chart = document.querySelector('.stat-chart svg');
    return {
        text: getComputedStyle(document.querySelector('main')).color,
        chart: getComputedStyle(chart).color,
        bars: [...document.querySelectorAll('.stat-chart rect')].map(r => getComputedStyle(r).fill),
    };
}"""


def test_the_demo_statistics_have_no_wcag_violations_and_follow_high_contrast(
    demo_server, page, axe
):
    # The shared committed demo (`make demo`: the evaluated call comes with its accounts).
    cache.clear()
    response = page.goto(demo_server.url + PATH)
    assert response.status == 200
    main = page.locator("main").inner_text()
    assert "Statystyki naboru 1/2026/MP" in main
    assert "Liczby 1 i 2 podajemy jako „<3”" in main
    names = ResultEntry.objects.filter(result_list__call__slug="1-2026-mp").values_list(
        "institution_name", flat=True
    )
    assert names
    for name in set(names):
        assert name not in main
    charts = page.locator(".stat-chart svg[role=img]").count()
    assert charts >= 8
    assert page.locator("table caption").count() == charts + 1  # and the versions
    assert_no_violations(page, axe, PATH)

    # Forced colours (Windows' high contrast): the bars take the text's system colour.
    page.emulate_media(forced_colors="active")
    page.reload()
    colours = page.evaluate(COLOURS)
    assert colours["bars"]
    assert colours["chart"] == colours["text"]
    assert set(colours["bars"]) == {colours["text"]}
    assert_no_violations(page, axe, f"{PATH} (forced colours)")

    # The portal's own high-contrast switch: black on white.
    page.emulate_media(forced_colors="none")
    page.evaluate("() => document.documentElement.classList.add('contrast-high')")
    colours = page.evaluate(COLOURS)
    assert colours["chart"] == colours["text"] == "rgb(0, 0, 0)"
    assert set(colours["bars"]) == {"rgb(0, 0, 0)"}
    assert_no_violations(page, axe, f"{PATH} (high contrast)")
