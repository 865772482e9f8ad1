"""Charts as server-rendered SVG: no client-side library, readable without styles and in forced
colours (every mark is drawn in `currentColor`, so the page's text colour, which Windows' high
contrast mode replaces, colours the chart too).

An SVG chart is an image (`role="img"`) named by its `<title>` and described by its `<desc>`;
its marks are not read one by one. The page puts a data table with the same numbers beside every
chart (WCAG 1.1.1 and 1.3.1): the table is the accessible form of the figures, the chart their
picture.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The geometry, in the SVG's own units (it scales to its container's width).
WIDTH = 720
LABEL_RIGHT = 236  # labels end here (text-anchor: end)
BARS_LEFT = 248
BARS_RIGHT = 620
VALUES_LEFT = 630  # the printed values start here
ROW = 28
BAR = 18
PAD = 10
LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: no bar is drawn, e.g. a suppressed count) and the
    value as it is printed beside it („12”, „<3”, „21,00”, „−1,50”)."""

    label: str
    value: int | Decimal | float | None
    text: str


def _short(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    bars: Sequence[Bar], *, title: str, description: str = "", chart_id: str
) -> SafeString:
    """A horizontal bar chart: one row per bar, its label on the left, the printed value on the
    right. Negative values are drawn left of a zero axis, positive ones right of it; the scale
    spans the largest magnitude on each side (zero always included). `chart_id` must be unique
    on the page: it names the title and description elements."""
    values = [float(bar.value) for bar in bars if bar.value is not None]
    low = min([0.0, *values])
    high = max([0.0, *values])
    span = (high - low) or 1.0
    scale = (BARS_RIGHT - BARS_LEFT) / span
    zero = BARS_LEFT + (-low) * scale
    height = PAD * 2 + ROW * max(len(bars), 1)
    ident = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="k3d-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title{f" {ident}-desc" if description else ""}" '
        f'font-family="inherit" font-size="14" fill="currentColor">',
        f'<title id="{ident}-title">{escape(title)}</title>',
    ]
    if description:
        parts.append(f'<desc id="{ident}-desc">{escape(description)}</desc>')
    for index, bar in enumerate(bars):
        top = PAD + index * ROW
        middle = top + ROW / 2
        parts.append(
            f'<text x="{LABEL_RIGHT}" y="{_number(middle)}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(_short(bar.label))}</text>'
        )
        if bar.value is not None and float(bar.value) != 0:
            value = float(bar.value)
            length = abs(value) * scale
            left = zero if value > 0 else zero - length
            parts.append(
                f'<rect x="{_number(left)}" y="{_number(middle - BAR / 2)}" '
                f'width="{_number(max(length, 1.0))}" height="{BAR}"/>'
            )
        parts.append(
            f'<text x="{VALUES_LEFT}" y="{_number(middle)}" '
            f'dominant-baseline="middle">{escape(bar.text)}</text>'
        )
    parts.append(
        f'<line x1="{_number(zero)}" y1="{PAD - 4}" x2="{_number(zero)}" '
        f'y2="{height - PAD + 4}" stroke="currentColor" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 – every text above is escaped
