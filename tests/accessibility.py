"""Accessibility helper: axe-core (installed from npm by `make install`) run inside Chromium."""

from pathlib import Path

from django.conf import settings

# WCAG 2.2 AA too (target size 24×24 among others): every public, applicant and evaluator page.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _axe_source():
    return (Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js").read_text()


def run_axe(page):
    """Return the list of WCAG 2.2 A/AA violations on the page currently loaded.

    axe-core is run as Playwright's own function, not as a script element: the pages'
    Content-Security-Policy refuses inline scripts (and reports them, see tests/browser)."""
    page.evaluate("() => {" + _axe_source() + "\n}")
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


def assert_no_violations(page, axe, what=""):
    """Assert that axe finds no WCAG 2.1 A/AA violation on the page. Animations and transitions
    end first: Wagtail's message banner slides in with its colours in transition, and axe must
    measure the contrast of what stays on screen."""
    page.evaluate(
        """css => {
            const sheet = new CSSStyleSheet();  // not a style element: the CSP refuses those
            sheet.replaceSync(css);
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }""",
        "*, *::before, *::after { animation: none !important; transition: none !important; }",
    )
    violations = axe(page)
    assert violations == [], f"{what}\n{format_violations(violations)}"


def use_session(page, server, session_key):
    """The browser continues a session of `demo_sessions` (the committed demo's logins)."""
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": server.url}]
    )


def log_in(page, live_server, user, *, clear=False):
    """Log the browser in as `user` with a session made by Django's test client (the login form
    has its own tests); `clear` drops the previous user's cookies first. Returns the session key."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    if clear:
        page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    return cookie.value
