"""The Content-Security-Policy in Chromium: the public pages' scripts, styles and requests all
pass it, and a script slipped into a page does not run.

Every browser test also fails on any violation its pages report (the `page` fixture,
tests/conftest.py); this module proves the policy is there and enforced.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Recorded before any script of the page runs (an init script is not subject to the policy).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_public_pages_work_under_the_policy_without_a_violation(demo_server, page):
    page.add_init_script(RECORD_VIOLATIONS)
    for path in ["/", "/o-projekcie/", "/dokumenty/", "/slownik/", "/konto/logowanie/"]:
        response = page.goto(demo_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert page.evaluate("window.__violations") == [], path

    # The scripts that run: the display switches (prefs.js, site.js) and the suggestions' fetch
    # (combobox.js, connect-src); the gallery's dialog has its own test (test_accessibility.py).
    page.goto(demo_server.url + "/o-projekcie/")
    page.locator("[data-contrast-toggle]").click()
    assert page.evaluate("document.documentElement.classList.contains('contrast-high')")
    page.goto(demo_server.url + "/szukaj/")
    page.locator("#szukaj-strona").fill("regulamin nab")
    page.locator("#szukaj-lista [role=option]").first.wait_for(state="visible")
    assert page.evaluate("window.__violations") == []


def test_a_script_slipped_into_a_page_does_not_run(demo_server, browser):
    """An injected inline script and an event handler are refused. (A context of its own: the
    `page` fixture would fail the test on the very refusals it looks for. That the policy allows
    no eval is asserted on the header, tests/portal/test_security.py: code Playwright runs in a
    page is exempt from the policy, eval included.)"""
    context = browser.new_context(locale="pl-PL")
    try:
        tab = context.new_page()
        tab.add_init_script(RECORD_VIOLATIONS)
        tab.goto(demo_server.url + "/o-projekcie/")
        ran = tab.evaluate(
            """() => {
                window.__ran = [];
                const script = document.createElement("script");
                script.textContent = "window.__ran.push('inline')";
                document.body.append(script);
                const image = document.createElement("img");
                image.setAttribute("onerror", "window.__ran.push('handler')");
                image.src = "/nie-ma-takiego-obrazu.png";
                document.body.append(image);
                return new Promise((resolve) => setTimeout(() => resolve(window.__ran), 300));
            }"""
        )
        violations = tab.evaluate("window.__violations")
    finally:
        context.close()
    assert ran == []
    assert {v.split()[0] for v in violations} >= {"script-src-elem", "script-src-attr"}
