"""In Chromium, as participants would: register for the last seat, register a second person on
the waiting list, cancel by the link from the captured e-mail and see the waiting person promoted
and told so. axe-core finds no WCAG 2.1 A/AA violation on the calendar, the event page and the
form (also with its error summary)."""

import re

from django.core import mail

import pytest

from events.choices import RegistrationStatus as RS
from events.models import Registration
from tests.accessibility import assert_no_violations
from tests.events.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_form(page, first, last, email, *, consent=False):
    page.get_by_label("Imię", exact=True).fill(first)
    page.get_by_label("Nazwisko", exact=True).fill(last)
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Telefon").fill("77 441 52 50")
    page.get_by_label("Instytucja", exact=True).fill("Miejski Ośrodek Pomocy Społecznej w Opolu")
    page.get_by_label("Sektor instytucji").select_option("social")
    page.get_by_label("Stanowisko").fill("pracownik socjalny")
    page.get_by_label("Wymagania żywieniowe").fill("wegetariańska")
    page.get_by_label(re.compile("Zapoznałem")).check()
    if consent:
        page.get_by_label(re.compile("wizerunku")).check()


def test_register_wait_cancel_and_promote(page, live_server, axe, event_index):
    event = make_event(event_index, slug="ostatnie-miejsce", capacity=1)
    page.goto(live_server.url + event_index.url)
    assert page.get_by_role("link", name=event.title).is_visible()
    assert_no_violations(page, axe, "calendar")

    page.get_by_role("link", name=event.title).click()
    assert page.locator("h1").inner_text() == event.title
    assert_no_violations(page, axe, "event page")

    page.get_by_role("link", name=re.compile("^Zapisz się")).click()
    assert_no_violations(page, axe, "registration form")
    page.get_by_role("button", name="Zapisz się").click()
    assert page.get_by_role("heading", name="Popraw błędy w formularzu").is_visible()
    assert_no_violations(page, axe, "registration form with errors")
    assert not Registration.objects.exists()

    fill_form(page, "Anna", "Kowalska", "anna.kowalska@mops.opole.example.pl", consent=True)
    page.get_by_role("button", name="Zapisz się").click()
    assert page.get_by_role("heading", name="Zapisaliśmy Cię na wydarzenie").is_visible()
    assert_no_violations(page, axe, "confirmation")
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["anna.kowalska@mops.opole.example.pl"]
    cancel_link = re.search(r"http\S+/rezygnacja/\S+/", confirmation.body).group(0)

    page.goto(live_server.url + event.url)
    assert "brak" in page.locator(".callout").inner_text()
    page.get_by_role("link", name=re.compile("listę rezerwową")).click()
    fill_form(page, "Bogdan", "Nowak", "bogdan.nowak@pcpr.example.pl")
    page.get_by_role("button", name="Zapisz się na listę rezerwową").click()
    assert page.get_by_role("heading", name="Jesteś na liście rezerwowej").is_visible()
    assert "Twoje miejsce na liście rezerwowej: 1." in page.content()

    path = cancel_link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{live_server.url}/{path}")
    assert_no_violations(page, axe, "cancellation")
    page.get_by_role("button", name="Rezygnuję z udziału").click()
    assert page.get_by_text("Przyjęliśmy rezygnację").is_visible()

    statuses = dict(Registration.objects.values_list("email_key", "status"))
    assert statuses == {
        "anna.kowalska@mops.opole.example.pl": RS.CANCELLED,
        "bogdan.nowak@pcpr.example.pl": RS.REGISTERED,
    }
    promotion = [m for m in mail.outbox if m.to == ["bogdan.nowak@pcpr.example.pl"]][-1]
    assert promotion.subject.startswith("Zwolniło się miejsce")
    assert "/rezygnacja/" in promotion.body


def test_the_organisers_list_of_events_and_its_filters_have_no_wcag_violations(
    page, live_server, axe, event_index
):
    """The list of events is Wagtail's listing (sorting, the filter drawer, pages): no violation
    in it, nor with a filter that lists nothing, nor on one event's registrations."""
    from core.roles import ORGANISERS
    from portal.accounts import ensure_role_groups
    from tests.accessibility import log_in
    from tests.factories import UserFactory

    groups = ensure_role_groups()
    organiser = UserFactory(username="organizatorka-axe")
    organiser.groups.set([groups[ORGANISERS]])
    event = make_event(event_index)
    log_in(page, live_server, organiser, clear=True)
    for path, what in [
        ("/admin/wydarzenia/", "organisers' list of events"),
        ("/admin/wydarzenia/?rodzaj=coaching", "list filtered to nothing"),
        (f"/admin/wydarzenia/{event.pk}/", "one event's registrations"),
    ]:
        page.goto(live_server.url + path)
        assert page.url == live_server.url + path
        assert_no_violations(page, axe, what)
    page.goto(live_server.url + "/admin/wydarzenia/?rodzaj=coaching")
    assert "Żadne wydarzenie nie pasuje do wybranych filtrów." in page.content()
