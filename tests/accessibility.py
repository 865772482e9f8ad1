"""Accessibility helper: axe-core (installed from npm by `make install`) run inside Chromium."""

from pathlib import Path

from django.conf import settings

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_source():
    return (Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js").read_text()


def run_axe(page):
    """Return the list of WCAG 2.1 A/AA violations on the page currently loaded."""
    page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)
