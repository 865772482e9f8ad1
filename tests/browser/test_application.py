"""The applicant's form in Chromium: filled by keyboard, autosaved, kept across a reload and an
expired session, submitted; zero WCAG 2.1 A/AA violations on the form, its error summary and
the receipt."""

from django.conf import settings

import pytest

from documents.generation import pdf_bytes
from recruitment.models import Application
from tests.accessibility import assert_no_violations, log_in
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _type_into(page, selector, text):
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_applicant_fills_by_keyboard_autosaves_reloads_and_submits(
    live_server, open_call, page, axe, tmp_path
):
    opole = factories.InstitutionFactory(
        name="Gmina Opole", teryt="1661011", centre_name="Miejski Ośrodek Pomocy Rodzinie w Opolu"
    )
    user = factories.applicant(opole, username="gmina.opole.test", first_name="Jan",
                               last_name="Wnioskodawca")  # fmt: skip
    session = log_in(page, live_server, user)
    call = open_call

    page.goto(live_server.url + "/konto/")
    assert_no_violations(page, axe)
    page.get_by_role("button", name="Rozpocznij zgłoszenie do naboru 1/2026/OP").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/zgloszenia/*/")
    application = Application.objects.get(call=call, institution=opole)
    assert page.locator("#id_centre_name").input_value() == opole.centre_name
    assert_no_violations(page, axe)

    _type_into(page, "#id_contact_position", "Kierownik referatu")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # e-mail is prefilled from the account
    page.keyboard.type("77 123 45 67")
    _type_into(page, "#id_centre_head", "Anna Nowak")
    _type_into(page, "#id_partners-0-name", "Komenda Miejska Policji w Opolu")
    page.keyboard.press("Tab")
    page.keyboard.type("policja")
    assert page.locator("#id_partners-0-sector").input_value() == "police"
    page.locator("[data-formset-add]").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_partners-1-name"
    page.keyboard.type("Powiatowy Urząd Pracy w Opolu")
    page.keyboard.press("Tab")
    page.keyboard.type("rynek")
    _type_into(page, "#id_experience", "Zespół interdyscyplinarny od 2012 r.")
    _type_into(page, "#id_diagnosis", "Ubóstwo rodzin z dziećmi.")
    _type_into(page, "#id_motivation", "Chcemy współpracować lepiej.")
    _type_into(page, "#id_expected_results", "Wspólne plany pomocy.")

    status = page.locator("[data-autosave-status]")
    status.filter(has_text="Zapisano wersję roboczą o").wait_for(timeout=10_000)
    application.refresh_from_db()
    assert application.data["motivation"]["expected_results"] == "Wspólne plany pomocy."
    assert application.data["partners"][1] == {
        "name": "Powiatowy Urząd Pracy w Opolu",
        "sector": "labour",
    }

    page.reload()
    assert page.locator("#id_experience").input_value() == "Zespół interdyscyplinarny od 2012 r."
    assert page.locator("#id_partners-1-name").input_value() == "Powiatowy Urząd Pracy w Opolu"

    # The session expires while typing: the change stays in the browser and is saved after
    # logging in again.
    kept = [c for c in page.context.cookies() if c["name"] != settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(kept)
    page.locator("#id_diagnosis").focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Bezrobocie.")
    status.filter(has_text="Sesja wygasła").wait_for(timeout=10_000)
    assert page.locator("[data-autosave-login]").is_visible()
    application.refresh_from_db()
    assert application.data["diagnosis"]["diagnosis"] == "Ubóstwo rodzin z dziećmi."
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.reload()
    status.filter(has_text="Zapisano wersję roboczą o").wait_for(timeout=10_000)
    assert page.locator("#id_diagnosis").input_value() == "Ubóstwo rodzin z dziećmi. Bezrobocie."
    application.refresh_from_db()
    assert application.data["diagnosis"]["diagnosis"] == "Ubóstwo rodzin z dziećmi. Bezrobocie."

    # Submitting without the declarations and the file: the error summary takes the focus.
    page.locator("#zloz").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Dołącz skan podpisanego formularza" in summary.inner_text()
    assert_no_violations(page, axe)

    scan = tmp_path / "formularz-podpisany.pdf"
    scan.write_bytes(pdf_bytes("Formularz podpisany", ("Podpis.",)))
    page.locator("#id_signed_form").set_input_files(str(scan))
    page.get_by_role("button", name="Wyślij wybrane pliki").focus()
    # The page before the upload is loaded already: wait for the new one, not for a load state.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "formularz-podpisany.pdf" in page.locator("#sekcja-zalaczniki").inner_text()
    page.locator("#id_declarations_accepted").focus()
    page.keyboard.press("Space")
    page.locator("#id_rodo_acknowledged").focus()
    page.keyboard.press("Space")
    page.locator("#zloz").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/potwierdzenie/")
    application.refresh_from_db()
    assert application.number in page.locator("main").inner_text()
    assert application.versions.get().content_sha256 in page.locator("main").inner_text()
    assert_no_violations(page, axe)

    page.goto(live_server.url + f"/konto/zgloszenia/{application.pk}/status/")
    assert_no_violations(page, axe)
