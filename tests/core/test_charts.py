"""The server-rendered SVG charts: what a screen reader is told and what the bars say."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from core.charts import BARS_LEFT, BARS_RIGHT, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    return ET.fromstring(str(svg))


def _rects(root):
    return [
        (float(r.get("x")), float(r.get("width")), float(r.get("y")))
        for r in root.iter(f"{SVG}rect")
    ]


def test_the_chart_is_an_image_named_by_its_title_and_description():
    root = _parse(
        bar_chart(
            [Bar("Gminy miejskie", 12, "12")],
            title="Zgłoszenia według rodzaju JST",
            description="Liczba zgłoszeń.",
            chart_id="rodzaje",
        )
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "rodzaje-title rodzaje-desc"
    assert root.find(f"{SVG}title").text == "Zgłoszenia według rodzaju JST"
    assert root.find(f"{SVG}title").get("id") == "rodzaje-title"
    assert root.find(f"{SVG}desc").text == "Liczba zgłoszeń."
    # Drawn in the text colour, so forced colours recolour it.
    assert root.get("fill") == "currentColor"


def test_bar_lengths_are_proportional_and_the_largest_fills_the_scale():
    root = _parse(bar_chart([Bar("A", 10, "10"), Bar("B", 5, "5")], title="T", chart_id="c"))
    (x_a, w_a, _), (x_b, w_b, _) = _rects(root)
    assert x_a == x_b == BARS_LEFT
    assert w_a == BARS_RIGHT - BARS_LEFT
    assert w_b == w_a / 2


def test_negative_values_are_drawn_left_of_the_zero_axis():
    root = _parse(
        bar_chart(
            [Bar("Kowalski", Decimal("-1.50"), "−1,50"), Bar("Nowak", Decimal("1.50"), "+1,50")],
            title="Średnia różnica",
            chart_id="k",
        )
    )
    (x_neg, w_neg, _), (x_pos, w_pos, _) = _rects(root)
    zero = float(root.find(f"{SVG}line").get("x1"))
    assert x_neg + w_neg == zero == x_pos
    assert w_neg == w_pos
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "−1,50" in texts and "+1,50" in texts


def test_a_suppressed_value_has_no_bar_and_prints_its_text():
    root = _parse(
        bar_chart(
            [Bar("powiat", None, "<3"), Bar("gmina miejska", 7, "7")], title="T", chart_id="s"
        )
    )
    assert len(_rects(root)) == 1
    assert "<3" in [t.text for t in root.iter(f"{SVG}text")]


def test_labels_are_escaped_and_long_ones_shortened():
    label = '<script>alert("x")</script> i bardzo długa nazwa kryterium oceny merytorycznej'
    svg = str(bar_chart([Bar(label, 1, "1")], title="<b>T</b>", chart_id="e"))
    assert "<script>" not in svg and "<b>" not in svg
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert texts[0].endswith("…") and len(texts[0]) <= 34


def test_an_empty_or_all_zero_chart_still_renders():
    root = _parse(bar_chart([Bar("A", 0, "0")], title="T", chart_id="z"))
    assert _rects(root) == []
    root = _parse(bar_chart([], title="T", chart_id="n"))
    assert root.find(f"{SVG}title").text == "T"
