"""The whole applicant flow in Chromium, as a new JST would go through it: register by keyboard,
confirm the e-mail, log in, start the application to the open call of its voivodeship, fill
every section by keyboard and see it autosaved, leave and come back to the same draft, attach the
signed form, submit, read the receipt (number and SHA-256), download its PDF and see the status
history. axe-core finds no WCAG 2.1 A/AA violation on any step."""

import io
import re

from django.core import mail

import pytest

from documents.generation import pdf_bytes
from recruitment.models import Application
from tests.accessibility import format_violations
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "ewa.nowak@nysa.example.pl"
PASSWORD = "Zielony-Rower-Nysa-2026"


def no_violations(page, axe):
    violations = axe(page)
    assert violations == [], f"{page.url}\n{format_violations(violations)}"


def focused_id(page):
    return page.evaluate("document.activeElement.id")


def type_into(page, selector, text):
    page.locator(selector).focus()
    page.keyboard.type(text)


def tab_and_type(page, expected_id, text):
    page.keyboard.press("Tab")
    assert focused_id(page) == expected_id
    page.keyboard.type(text)


def log_in(page, axe, base_url):
    page.goto(base_url + "/konto/logowanie/")
    no_violations(page, axe)
    page.locator("#id_username").focus()
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/konto/"), page.url


def test_new_jst_registers_fills_leaves_returns_submits_and_downloads_the_receipt(
    live_server, open_call, page, axe, tmp_path, settings
):
    settings.SITE_URL = live_server.url  # the e-mail's link leads to this server
    # A JST of opolskie with no account yet, eligible for the open call 1/2026/OP.
    nysa = factories.InstitutionFactory(name="Gmina Nysa", teryt="1610041", population=43_000)
    call = open_call
    base = live_server.url

    # 1. Registration, by keyboard alone.
    page.goto(base + "/konto/rejestracja/")
    no_violations(page, axe)
    type_into(page, "#id_first_name", "Ewa")
    tab_and_type(page, "id_last_name", "Nowak")
    tab_and_type(page, "id_email", EMAIL)
    tab_and_type(page, "id_phone", "77 448 10 00")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_institution"
    for _ in range(50):  # walk the list with the arrow key until the JST is chosen
        if page.locator("#id_institution").input_value() == str(nysa.pk):
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("#id_institution").input_value() == str(nysa.pk)
    tab_and_type(page, "id_position", "Kierowniczka MOPS w Nysie")
    tab_and_type(page, "id_password1", PASSWORD)
    tab_and_type(page, "id_password2", PASSWORD)
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_rodo"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/konto/rejestracja/wyslano/" in page.url
    no_violations(page, axe)

    # 2. The confirmation e-mail and its link.
    assert mail.outbox[-1].to == [EMAIL]
    link = re.search(r"https?://\S+/konto/potwierdz/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    no_violations(page, axe)
    with page.expect_navigation():
        page.get_by_role("button", name="Potwierdzam adres e-mail").press("Enter")
    assert "Adres e-mail potwierdzony" in page.content()
    no_violations(page, axe)

    # 3. Log in; the dashboard offers the open call of opolskie.
    log_in(page, axe, base)
    no_violations(page, axe)
    start = page.get_by_role("button", name=f"Rozpocznij zgłoszenie do naboru {call.number}")
    start.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/konto/zgloszenia/*/")
    application = Application.objects.get(call=call, institution=nysa)
    assert page.locator("#id_contact_name").input_value() == "Ewa Nowak"
    assert page.locator("#id_contact_email").input_value() == EMAIL
    no_violations(page, axe)

    # 4. Every section by keyboard: Tab between fields, typing, Space on the checkboxes.
    type_into(page, "#id_contact_position", "Kierowniczka MOPS")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_contact_email"
    tab_and_type(page, "id_contact_phone", "77 448 10 01")
    type_into(page, "#id_centre_head", "Maria Zielińska")
    type_into(page, "#id_partners-0-name", "Komenda Powiatowa Policji w Nysie")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_partners-0-sector"
    page.keyboard.type("policja")
    assert page.locator("#id_partners-0-sector").input_value() == "police"
    page.locator("[data-formset-add]").focus()
    page.keyboard.press("Enter")
    assert focused_id(page) == "id_partners-1-name"
    page.keyboard.type("Poradnia Psychologiczno-Pedagogiczna w Nysie")
    page.keyboard.press("Tab")
    page.keyboard.type("edukacja")
    assert page.locator("#id_partners-1-sector").input_value() == "education"
    type_into(page, "#id_experience", "Zespół interdyscyplinarny z policją i szkołami od 2014 r.")
    type_into(page, "#id_diagnosis", "Ubóstwo rodzin wielodzietnych, bezrobocie długotrwałe.")
    type_into(page, "#id_motivation", "Chcemy, by instytucje działały razem, a nie obok siebie.")
    type_into(page, "#id_expected_results", "Wspólne plany pomocy dla 40 rodzin.")
    page.locator("#id_declarations_accepted").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.locator("#id_rodo_acknowledged").focus()
    page.keyboard.press("Space")
    assert page.locator("#id_declarations_accepted").is_checked()
    assert page.locator("#id_rodo_acknowledged").is_checked()

    status = page.locator("[data-autosave-status]")
    status.filter(has_text="Zapisano wersję roboczą o").wait_for(timeout=10_000)
    no_violations(page, axe)
    application.refresh_from_db()
    assert (
        application.data["motivation"]["expected_results"] == "Wspólne plany pomocy dla 40 rodzin."
    )
    assert application.data["declarations"]["declarations_accepted"] is True
    assert application.data["rodo"]["rodo_acknowledged"] is True

    # 5. Leave: log out (the header's button) and close the tab; come back and log in again.
    page.get_by_role("button", name="Wyloguj się").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(base + f"/konto/zgloszenia/{application.pk}/")
    assert "/konto/logowanie/" in page.url  # the draft is not open to anyone logged out
    log_in(page, axe, base)
    page.goto(base + f"/konto/zgloszenia/{application.pk}/")
    assert page.locator("#id_contact_position").input_value() == "Kierowniczka MOPS"
    assert page.locator("#id_centre_head").input_value() == "Maria Zielińska"
    assert page.locator("#id_partners-1-name").input_value() == (
        "Poradnia Psychologiczno-Pedagogiczna w Nysie"
    )
    assert page.locator("#id_partners-1-sector").input_value() == "education"
    assert page.locator("#id_diagnosis").input_value() == (
        "Ubóstwo rodzin wielodzietnych, bezrobocie długotrwałe."
    )
    assert page.locator("#id_declarations_accepted").is_checked()
    no_violations(page, axe)

    # 6. The signed form (the file chooser is the one control not driven by keys).
    scan = tmp_path / "formularz-podpisany-nysa.pdf"
    scan.write_bytes(pdf_bytes("Formularz zgłoszeniowy Gminy Nysa", ("Podpisano.",)))
    page.locator("#id_signed_form").set_input_files(str(scan))
    page.get_by_role("button", name="Wyślij wybrane pliki").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "formularz-podpisany-nysa.pdf" in page.locator("#sekcja-zalaczniki").inner_text()
    no_violations(page, axe)

    # 7. Submit; the receipt shows the number and the SHA-256.
    page.locator("#zloz").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/potwierdzenie/")
    application.refresh_from_db()
    version = application.versions.get()
    assert application.state == "submitted" and application.number
    main = page.locator("main").inner_text()
    assert application.number in main
    assert version.content_sha256 in main
    assert version.content["partners"][1]["sector"] == "education"
    # How to check the checksum, with the JSON it covers, is part of the page axe checks.
    assert "Jak sprawdzić sumę kontrolną" in main
    json_link = page.get_by_role("link", name="Pobierz treść, którą obejmuje suma kontrolna (JSON)")
    assert json_link.count() == 1
    no_violations(page, axe)

    # 8. The receipt as a PDF, downloaded with the keyboard.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz potwierdzenie (PDF)").focus()
        page.keyboard.press("Enter")
    payload = download_info.value.path().read_bytes()
    assert payload.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(payload)).pages)
    assert application.number in text

    # 9. The status page with the history.
    page.goto(base + f"/konto/zgloszenia/{application.pk}/status/")
    history = page.locator("main").inner_text()
    assert application.number in history
    assert "Historia" in history
    assert "rozpoczęcie zgłoszenia" in history
    assert "dodanie załącznika" in history
    assert "złożenie zgłoszenia" in history
    no_violations(page, axe)
