"""The public pages of events: the calendar, an event, the registration form and its bad input,
the cancellation link and the iCalendar files."""

import datetime

from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

import pytest

from events import consent
from events import registration as service
from events.choices import RegistrationStatus as RS
from events.models import Registration
from tests.events.conftest import make_event, registration_data

pytestmark = pytest.mark.django_db

# Wagtail resolves the site and the page; then the availability, the closure and the documents.
QUERY_BUDGET = 20


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client whose every request runs its on-commit work (the confirmation e-mail)
    when it ends, as the commit at the end of a real request does."""
    send = client.request

    def request(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(**kwargs)

    client.request = request
    return client


def _form(n, **extra):
    # The version of the clause the form shows (the built-in one: no information page here).
    data = {**registration_data(n), "clause": "on", "clause_version": consent.CLAUSE_VERSION}
    data.pop("image_consent")
    data.update(extra)
    return data


def _url(event, route, **kwargs):
    return event.url + event.reverse_subpage(route, kwargs=kwargs or None)


def test_event_page_shows_the_facts_seats_and_the_link_to_register(client, event):
    service.register(event, registration_data(1))
    response = client.get(event.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Szkolenie międzysektorowe w Opolu" in html
    assert "Sala konferencyjna ROPS, ul. Głogowska 25c, 45-315 Opole" in html
    assert "Wolne miejsca" in html and "<dd>2</dd>" in html
    assert f'href="{_url(event, "register")}"' in html


def test_a_person_registers_through_the_form_and_gets_the_confirmation(client, event):
    response = client.post(_url(event, "register"), _form(1), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zapisaliśmy Cię na wydarzenie" in html
    stored = Registration.objects.get()
    assert (stored.first_name, stored.status, stored.image_consent) == (
        "Uczestnik1",
        RS.REGISTERED,
        False,
    )
    assert [m.to for m in mail.outbox] == [["uczestnik1@example.pl"]]


def test_the_fourth_person_is_told_their_place_on_the_waiting_list(client, event):
    for n in range(3):
        service.register(event, registration_data(n))
    response = client.post(_url(event, "register"), _form(7), follow=True)
    html = response.content.decode()
    assert "Jesteś na liście rezerwowej" in html
    assert "Twoje miejsce na liście rezerwowej: 1." in html


def test_a_forged_capacity_in_the_request_changes_nothing(client, event):
    for n in range(3):
        service.register(event, registration_data(n))
    client.post(_url(event, "register"), _form(5, capacity="100", status="registered"))
    stored = Registration.objects.get(email_key="uczestnik5@example.pl")
    assert stored.status == RS.WAITING
    event.refresh_from_db()
    assert event.capacity == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "to-nie-jest-adres", "Podaj poprawny adres e-mail"),
        ("phone", "zadzwoń do mnie", "tylko cyfry"),
        ("phone", "123 45", "9 cyfr"),
        ("phone", "+48 600 100 20", "9 cyfr (po +48)"),
        ("first_name", "", "To pole jest wymagane"),
        ("first_name", "A" * 2000, "co najwyżej 100 znaków"),
        ("sector", "kosmos", "Wybierz poprawną wartość"),
        ("clause", "", "Potwierdź zapoznanie się z klauzulą informacyjną"),
    ],
)
def test_bad_input_is_answered_in_polish_and_nothing_is_stored(
    client, event, field, value, message
):
    data = _form(1, **{field: value})
    if value == "":
        data.pop(field)
    response = client.post(_url(event, "register"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_a_duplicate_email_is_refused_and_stored_once(client, event):
    client.post(_url(event, "register"), _form(1))
    response = client.post(_url(event, "register"), _form(2, email="Uczestnik1@example.pl"))
    assert response.status_code == 400
    assert "Ten adres e-mail jest już zapisany na to wydarzenie" in response.content.decode()
    assert Registration.objects.count() == 1


def test_registration_before_the_window_is_refused(client, event):
    event.registration_opens_at = timezone.now() + datetime.timedelta(days=2)
    event.save()
    page = client.get(_url(event, "register")).content.decode()
    assert (
        "Zapisy na to wydarzenie jeszcze się nie rozpoczęły." in page
        and '<form method="post"' not in page
    )
    response = client.post(_url(event, "register"), _form(1))
    assert response.status_code == 400
    assert "jeszcze się nie rozpoczęły" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_honeypot_refuses_a_bot_and_stores_nothing(client, event):
    response = client.post(_url(event, "register"), _form(1, strona_www="http://spam.example"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "musi pozostać puste" in html
    assert 'value="Uczestnik1"' in html and "spam.example" not in html  # typed data offered again
    assert not Registration.objects.exists()


@override_settings(EVENT_REGISTRATION_RATE=(3, 600))
def test_a_flood_from_one_address_is_limited(client, event):
    statuses = [client.post(_url(event, "register"), _form(n)).status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Registration.objects.count() == 3
    assert "zbyt wiele zgłoszeń" in client.post(_url(event, "register"), _form(9)).content.decode()


def test_a_forged_request_without_the_csrf_token_is_refused(event):
    response = Client(enforce_csrf_checks=True).post(_url(event, "register"), _form(1))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_other_methods_are_not_allowed(client, event):
    assert client.put(_url(event, "register")).status_code == 405


def test_the_cancel_link_asks_first_then_cancels_and_promotes(client, event):
    people = [service.register(event, registration_data(n)) for n in range(4)]
    url = _url(event, "cancel", token=service.cancel_token(people[0]))
    page = client.get(url)
    assert page.status_code == 200 and "Rezygnuję z udziału" in page.content.decode()
    people[0].refresh_from_db()
    assert people[0].status == RS.REGISTERED
    done = client.post(url)
    assert "Przyjęliśmy rezygnację" in done.content.decode()
    assert dict(Registration.objects.values_list("email_key", "status")) == {
        "uczestnik0@example.pl": RS.CANCELLED,
        "uczestnik1@example.pl": RS.REGISTERED,
        "uczestnik2@example.pl": RS.REGISTERED,
        "uczestnik3@example.pl": RS.REGISTERED,
    }
    again = client.post(url)
    assert again.status_code == 400 and "już wycofane" in again.content.decode()


def test_a_wrong_cancel_link_is_a_polish_404_and_changes_nothing(client, event):
    stored = service.register(event, registration_data(1))
    token = service.cancel_token(stored)
    for bad in (token[:-3] + "abc", f"{stored.pk + 1}-{token.split('-')[1]}", "9" * 40):
        response = client.post(_url(event, "cancel", token=bad))
        assert response.status_code == 404
        assert "Link rezygnacji jest nieprawidłowy" in response.content.decode()
    stored.refresh_from_db()
    assert stored.status == RS.REGISTERED


def test_an_expired_or_forged_confirmation_link_is_a_404(client, event):
    response = client.get(_url(event, "registered") + "?z=podrobiony")
    assert response.status_code == 404


def test_the_event_ical_file(client, event):
    event.title = "Warsztaty; kooperacja, PZK"
    event.lead = "Długi opis " * 20
    event.save_revision().publish()
    response = client.get(_url(event, "ical"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Warsztaty\\; kooperacja\\, PZK\r\n" in body
    start = event.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\r\n " in body  # the long description is folded


def test_the_calendar_lists_upcoming_events_by_month_with_filters(client, event_index):
    now = timezone.now()
    make_event(
        event_index,
        slug="a",
        title="Coaching w Łodzi",
        kind="coaching",
        partner="rcps-lodz",
        voivodeship="10",
        city="Łódź",
    )
    make_event(
        event_index,
        slug="b",
        title="Konferencja w Krakowie",
        kind="konferencja-regionalna",
        partner="rops-krakow",
        voivodeship="12",
        city="Kraków",
    )
    make_event(
        event_index,
        slug="c",
        title="Konferencja archiwalna",
        kind="konferencja-regionalna",
        starts_at=now - datetime.timedelta(days=400),
        registration_enabled=False,
    )
    html = client.get(event_index.url).content.decode()
    assert "Coaching w Łodzi" in html and "Konferencja w Krakowie" in html
    assert "Zapisy otwarte – wolne miejsca: 3" in html
    assert "Konferencja archiwalna" not in html
    filtered = client.get(event_index.url + "?rodzaj=coaching").content.decode()
    assert "Coaching w Łodzi" in filtered and "Konferencja w Krakowie" not in filtered
    assert 'coaching <span class="count">(1<' in filtered
    archive = client.get(event_index.url + "?okres=archiwum").content.decode()
    assert "Konferencja archiwalna" in archive and "Coaching w Łodzi" not in archive


@pytest.mark.parametrize(
    "query",
    [
        "?rodzaj=nieznany",
        "?miesiac=2026-13",
        "?miesiac=abc",
        "?okres=%22%27%3B--",
        "?sektor=x&wojewodztwo=99",
    ],
)
def test_odd_listing_parameters_give_a_page_with_a_notice(client, event_index, event, query):
    response = client.get(event_index.url + query)
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()


def test_the_sector_filter_keeps_events_open_to_every_sector_and_says_what_it_left_out(
    client, event_index, django_assert_max_num_queries
):
    make_event(event_index, slug="a", title="Dla edukacji", target_sectors=["education"])
    make_event(event_index, slug="b", title="Dla policji", target_sectors=["police"])
    make_event(event_index, slug="c", title="Dla wszystkich", target_sectors=[])
    with django_assert_max_num_queries(QUERY_BUDGET):
        html = client.get(event_index.url + "?sektor=education").content.decode()
    assert "Dla edukacji" in html and "Dla wszystkich" in html and "Dla policji" not in html
    odd = client.get(
        event_index.url + "?sektor=x&rodzaj=szkolenie&rodzaj=nieznany&miesiac=2026-13"
    ).content.decode()
    assert "Pominęliśmy nieznany sektor." in odd
    assert "Pominęliśmy nieznaną wartość filtru „Rodzaj”." in odd
    assert "Miesiąc podaj w postaci RRRR-MM, np. 2026-12." in odd
    # The known value still filters (all three are trainings), the unknown one empties nothing.
    assert all(title in odd for title in ("Dla edukacji", "Dla policji", "Dla wszystkich"))


def test_the_feed_has_every_event(client, event_index, event):
    make_event(event_index, slug="drugie", title="Drugie wydarzenie")
    body = client.get(event_index.url + "kalendarz/").content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Drugie wydarzenie" in body


@pytest.mark.parametrize("people", [0, 20])
def test_event_page_and_form_query_counts_do_not_grow_with_registrations(
    client, event, people, django_assert_max_num_queries
):
    event.capacity = 10
    event.save()
    for n in range(people):
        service.register(event, registration_data(n))
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(event.url).status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(_url(event, "register")).status_code == 200


def test_an_editor_previews_an_event_not_saved_yet(rf, event_index, admin_user):
    from events.models import EventPage

    draft = EventPage(
        title="Nowe warsztaty w Brzegu",
        slug="nowe-warsztaty",
        kind="warsztaty",
        partner="rops-opole",
        voivodeship="16",
        starts_at=timezone.now() + datetime.timedelta(days=30),
        ends_at=timezone.now() + datetime.timedelta(days=30, hours=4),
        city="Brzeg",
        capacity=12,
    )
    draft.path = event_index.path + "0001"  # as Wagtail's preview of a new page places it
    draft.depth = event_index.depth + 1
    request = rf.get("/")
    request.user = admin_user
    request.is_preview = True
    response = draft.serve_preview(request, draft.default_preview_mode)
    response.render()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nowe warsztaty w Brzegu" in html and "<dd>12</dd>" in html


def test_a_full_event_without_a_waiting_list_shows_no_form(client, event):
    event.waiting_list = False
    event.save()
    for n in range(3):
        service.register(event, registration_data(n))
    html = client.get(_url(event, "register")).content.decode()
    assert "nie prowadzi listy rezerwowej" in html
    assert 'name="first_name"' not in html
    response = client.post(_url(event, "register"), _form(8))
    assert response.status_code == 400
    assert Registration.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "starts_at"}, "ends_at"),
        ({"registration_closes_at": "after_start"}, "registration_closes_at"),
        ({"registration_opens_at": "after_start"}, "registration_opens_at"),
        ({"slug": "kalendarz"}, "slug"),
    ],
)
def test_an_editor_cannot_save_an_event_with_an_impossible_registration(event, change, field):
    from django.core.exceptions import ValidationError

    values = {
        "starts_at": event.starts_at,
        "after_start": event.starts_at + datetime.timedelta(hours=1),
    }
    for name, value in change.items():
        setattr(event, name, values.get(value, value))
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert field in error.value.message_dict
