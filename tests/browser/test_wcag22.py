"""WCAG 2.2 AA criteria that axe cannot check, tried in Chromium as a keyboard user would:
focus not obscured by the sticky bar of the application form (2.4.11), accessible
authentication — paste and password managers work, no puzzle to solve (3.3.8) — and help in
the same place on every page (3.2.6). Target size (2.5.8) is in axe's `wcag22aa` rules, run on
every page state of the other browser tests."""

import pytest

from recruitment.models import Application
from tests.accessibility import log_in
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

HIDDEN_BY_THE_BAR = """() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused.closest('.form-actions')) return null;
    const bar = document.querySelector('.form-actions').getBoundingClientRect();
    const box = focused.getBoundingClientRect();
    const covered = Math.max(0, Math.min(box.bottom, bar.bottom) - Math.max(box.top, bar.top));
    return {name: focused.id || focused.name || focused.textContent.trim().slice(0, 40),
            covered: Math.round(covered), height: Math.round(box.height)};
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [(1024, 600), (390, 740)])
def test_no_field_of_the_application_form_hides_behind_its_sticky_bar(
    live_server, open_call, browser, viewport
):
    """The buttons stay at the bottom of the screen while the applicant scrolls; a field reached
    with Tab is scrolled above them, never under them, even on a short screen."""
    gmina = factories.InstitutionFactory(name="Gmina Opole", teryt="1661011")
    user = factories.applicant(gmina, username=f"gmina.opole.{viewport[0]}")
    application = Application.objects.create(call=open_call, institution=gmina)
    context = browser.new_context(
        locale="pl-PL", viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/konto/zgloszenia/{application.pk}/")
    assert page.locator(".form-actions").evaluate("bar => getComputedStyle(bar).position") == (
        "sticky"
    )
    page.locator("#id_contact_position").focus()
    seen, hidden = set(), []
    for _ in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate(HIDDEN_BY_THE_BAR)
        if state is None:
            continue
        seen.add(state["name"])
        if state["covered"]:
            hidden.append(state)
    context.close()
    assert {"id_experience", "id_diagnosis", "id_motivation"} <= seen
    assert hidden == [], hidden


def test_passwords_can_be_pasted_and_filled_by_a_password_manager(demo_server, browser):
    """No cognitive test at log-in: no puzzle or CAPTCHA, paste is not blocked, and the fields
    tell a password manager what to fill (current or new password)."""
    context = browser.new_context(locale="pl-PL")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_server.url)
    page = context.new_page()
    page.goto(demo_server.url + "/konto/logowanie/")
    form = page.locator("form:has(#id_password)")
    names = form.locator("input:not([type=hidden])").evaluate_all(
        "inputs => inputs.map(i => [i.name, i.getAttribute('autocomplete')])"
    )
    assert names == [["username", "username"], ["password", "current-password"]]
    page.evaluate("text => navigator.clipboard.writeText(text)", "Wklejone-Hasło-2026!")
    page.locator("#id_password").focus()
    page.keyboard.press("Control+V")
    assert page.locator("#id_password").input_value() == "Wklejone-Hasło-2026!"

    page.goto(demo_server.url + "/konto/rejestracja/")
    for field in ("#id_password1", "#id_password2"):
        assert page.locator(field).get_attribute("autocomplete") == "new-password"
        page.locator(field).focus()
        page.keyboard.press("Control+V")
        assert page.locator(field).input_value() == "Wklejone-Hasło-2026!"
    assert page.locator("iframe, [class*=captcha], [id*=captcha]").count() == 0
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_help_is_in_the_same_place_on_every_page(demo_server, browser, width):
    """The contact address, the information on personal data and the accessibility statement:
    the same links, in the same order, after the content, on public pages and the account's."""
    context = browser.new_context(locale="pl-PL", viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for path in (
        "/",
        "/o-projekcie/",
        "/szukaj/?q=Model",
        "/informacja-rodo/",
        "/wydarzenia/",
        "/konto/logowanie/",
        "/konto/rejestracja/",
        "/brak-strony/",
    ):
        page.goto(demo_server.url + path)
        help_links = page.locator("main ~ footer .site-footer__links li")
        found[path] = [text.strip() for text in help_links.all_inner_texts()]
    context.close()
    expected = [
        "Deklaracja dostępności",
        "Otwarte dane",
        "Informacja RODO",
        "Kontakt: kontakt@kooperacje3d.local",
    ]
    assert found == {path: expected for path in found}
