"""Organisers of events in the admin: the registrations, the exports, attendance and closing."""

import csv
import io

from django.contrib.auth.models import Group

import pytest

from core.roles import EDITORS, ORGANISERS
from events import consent
from events.choices import RegistrationStatus as RS
from events.models import Registration
from events.registration import register
from portal.accounts import ensure_role_groups
from tests.events.conftest import make_event, registration_data
from tests.factories import UserFactory


def url(name, event):
    from django.urls import reverse

    return reverse(f"events_admin:{name}", args=[event.pk])


@pytest.fixture
def groups(db):
    return ensure_role_groups()


def user_in(*names, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.set([Group.objects.get(name=name) for name in names])
    return user


@pytest.fixture
def organiser(groups):
    return user_in(ORGANISERS, username="organizatorka")


@pytest.fixture
def full_event(event):
    """3 registered, 2 waiting; the first one has a formula in the institution."""
    register(event, registration_data(1, institution='=HYPERLINK("x")', last_name="Zielińska"))
    register(event, registration_data(2, last_name="Adamska", image_consent=True))
    register(event, registration_data(3, last_name="Kowalski"))
    register(event, registration_data(4, last_name="Rezerwowa"))
    register(event, registration_data(5, last_name="Druga-Rezerwowa"))
    return event


def test_organiser_sees_the_list_of_events_and_the_registrations(client, organiser, full_event):
    client.force_login(organiser)
    index = client.get("/admin/wydarzenia/")
    assert index.status_code == 200
    html = index.content.decode()
    assert full_event.title in html
    assert "3 / 3" in html
    assert "otwarte" in html

    page = client.get(url("event", full_event))
    assert page.status_code == 200
    context = page.context
    assert [r.last_name for r in context["registered"]] == ["Zielińska", "Adamska", "Kowalski"]
    assert [r.last_name for r in context["waiting"]] == ["Rezerwowa", "Druga-Rezerwowa"]
    assert context["cancelled"] == []
    html = page.content.decode()
    for n in range(1, 6):
        assert f"uczestnik{n}@example.pl" in html
    assert "Ośrodek Pomocy Społecznej nr 2" in html
    assert "pomoc społeczna" in html
    assert "Zamknij zapisy" in html


def test_menu_item_only_for_organisers(client, organiser, groups, event):
    client.force_login(organiser)
    assert "Zapisy na wydarzenia" in client.get("/admin/").content.decode()
    client.force_login(user_in(EDITORS, username="redaktorka"))
    assert "Zapisy na wydarzenia" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("name", ["event", "csv", "xlsx", "pdf"])
def test_non_organiser_is_refused(client, groups, full_event, name):
    client.force_login(user_in(EDITORS, username="redaktorka"))
    response = client.get(url(name, full_event))
    assert response.status_code == 403
    assert "uczestnik1@example.pl" not in response.content.decode(errors="replace")
    assert client.get("/admin/wydarzenia/").status_code == 403


@pytest.mark.parametrize("name", ["event", "csv", "xlsx", "pdf"])
def test_organiser_of_another_partner_is_refused(client, groups, full_event, name):
    other = user_in(ORGANISERS, f"{ORGANISERS} (rops-krakow)", username="krakow")
    client.force_login(other)
    response = client.get(url(name, full_event))
    assert response.status_code == 403
    assert full_event.title not in client.get("/admin/wydarzenia/").content.decode()


def test_organiser_of_the_partner_manages_only_its_events(client, groups, event_index, full_event):
    krakow = make_event(
        event_index, title="Warsztaty w Krakowie", slug="krakow", partner="rops-krakow"
    )
    own = user_in(ORGANISERS, f"{ORGANISERS} (rops-opole)", username="opole")
    client.force_login(own)
    html = client.get("/admin/wydarzenia/").content.decode()
    assert full_event.title in html
    assert krakow.title not in html
    assert client.get(url("event", full_event)).status_code == 200
    assert client.get(url("event", krakow)).status_code == 403


def test_the_list_of_events_sorts_filters_and_keeps_the_upcoming_first(
    client, organiser, event_index, full_event
):
    import datetime

    from django.utils import timezone

    past = make_event(
        event_index,
        slug="archiwalne",
        title="Spotkanie archiwalne",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        registration_enabled=False,
    )
    client.force_login(organiser)
    html = client.get("/admin/wydarzenia/").content.decode()
    assert html.index(full_event.title) < html.index(past.title)  # upcoming first
    assert "(zakończone)" in html
    ended = client.get("/admin/wydarzenia/?okres=zakonczone").content.decode()
    assert past.title in ended and full_event.title not in ended
    by_date = client.get("/admin/wydarzenia/?ordering=starts_at").content.decode()
    assert by_date.index(past.title) < by_date.index(full_event.title)
    # The filter drawer asks for the results alone; an unknown filter value lists everything.
    results = client.get("/admin/wydarzenia/wyniki/?okres=zakonczone")
    assert results.status_code == 200 and "<html" not in results.content.decode()
    assert past.title in results.content.decode()
    odd = client.get("/admin/wydarzenia/?okres=%27%3B--&ordering=haslo&p=999")
    assert odd.status_code == 200
    none = client.get("/admin/wydarzenia/?rodzaj=coaching").content.decode()
    assert "Żadne wydarzenie nie pasuje do wybranych filtrów." in none


def test_superuser_manages_every_event(client, full_event):
    client.force_login(UserFactory(username="admin2", is_superuser=True, is_staff=True))
    assert client.get(url("event", full_event)).status_code == 200


def test_post_actions_refused_to_others(client, groups, full_event):
    client.force_login(user_in(EDITORS, username="redaktorka"))
    assert client.post(url("close", full_event)).status_code == 403
    assert full_event.registration_state() == "open"


def test_csv_export(client, organiser, full_event, caplog):
    client.force_login(organiser)
    with caplog.at_level("INFO", logger="events"):
        response = client.get(url("csv", full_event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:5] == ["Lp.", "Status", "Imię", "Nazwisko", "Instytucja"]
    assert len(rows) == 6
    assert [row[3] for row in rows[1:]] == [
        "Zielińska",
        "Adamska",
        "Kowalski",
        "Rezerwowa",
        "Druga-Rezerwowa",
    ]
    assert [row[1] for row in rows[1:]] == ["zapisany"] * 3 + ["lista rezerwowa"] * 2
    assert rows[1][4] == '\'=HYPERLINK("x")'
    assert rows[1][7] == "uczestnik1@example.pl"
    assert rows[2][11] == "tak"
    # The export is logged with the user's id and no personal data.
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert f"user {organiser.pk}" in messages
    assert "export" in messages
    assert "uczestnik" not in messages and "Zielińska" not in messages


def test_csv_leaves_out_cancelled_and_neutralises_every_formula_prefix(client, organiser, event):
    register(event, registration_data(1, position="+48 kierownik", last_name="-Minus"))
    register(event, registration_data(2, institution="@SUM(A1)"))
    stored = register(event, registration_data(3))
    Registration.objects.filter(pk=stored.pk).update(status=RS.CANCELLED)
    client.force_login(organiser)
    rows = list(
        csv.reader(io.StringIO(client.get(url("csv", event)).content.decode()[1:]), delimiter=";")
    )
    assert len(rows) == 3
    assert rows[1][3] == "'-Minus"
    assert rows[1][6] == "'+48 kierownik"
    assert rows[2][4] == "'@SUM(A1)"
    assert "uczestnik3@example.pl" not in "".join(";".join(row) for row in rows)


def test_xlsx_export(client, organiser, full_event):
    from openpyxl import load_workbook

    client.force_login(organiser)
    response = client.get(url("xlsx", full_event))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:4] == ["Lp.", "Status", "Imię", "Nazwisko"]
    assert len(values) == 6
    assert [row[3] for row in values[1:]] == [
        "Zielińska",
        "Adamska",
        "Kowalski",
        "Rezerwowa",
        "Druga-Rezerwowa",
    ]
    assert values[1][4] == '\'=HYPERLINK("x")'
    assert values[4][1] == "lista rezerwowa"
    assert values[2][7] == "uczestnik2@example.pl"


def test_attendance_pdf(client, organiser, full_event):
    from pypdf import PdfReader

    client.force_login(organiser)
    response = client.get(url("pdf", full_event))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lista obecności" in text
    assert "Podpis" in text
    assert full_event.title in text
    assert "Opole" in text
    assert "ROPS w Opolu" in text
    # Only the registered, sorted by last name; not the waiting list.
    positions = [text.index(name) for name in ("Adamska", "Kowalski", "Zielińska")]
    assert positions == sorted(positions)
    assert "Rezerwowa" not in text


def test_attendance_marking_is_stored(client, organiser, full_event, caplog):
    client.force_login(organiser)
    registered = list(full_event.registrations.filter(status=RS.REGISTERED).order_by("pk"))
    waiting = full_event.registrations.filter(status=RS.WAITING).first()
    first, second, third = registered
    with caplog.at_level("INFO", logger="events"):
        response = client.post(
            url("attendance", full_event),
            {
                "marked": [first.pk, second.pk, third.pk, waiting.pk],
                "present": [first.pk, third.pk, waiting.pk],
            },
        )
    assert response.status_code == 302
    assert response["Location"] == url("event", full_event)
    for registration in registered:
        registration.refresh_from_db()
        assert registration.attendance_marked_at is not None
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.attended, second.attended, third.attended) == (True, False, True)
    # The waiting list has no attendance.
    assert waiting.attended is None and waiting.attendance_marked_at is None
    assert any(f"user {organiser.pk}" in r.getMessage() for r in caplog.records)

    # A second form that changes only one person keeps the others' time of marking.
    marked_at = first.attendance_marked_at
    client.post(
        url("attendance", full_event),
        {"marked": [first.pk, second.pk, third.pk], "present": [first.pk, second.pk, third.pk]},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.attended is True
    assert first.attendance_marked_at == marked_at
    page = client.get(url("event", full_event)).content.decode()
    assert f'id="obecny-{first.pk}" checked' in page

    csv_rows = list(
        csv.reader(
            io.StringIO(client.get(url("csv", full_event)).content.decode()[1:]), delimiter=";"
        )
    )
    assert [row[13] for row in csv_rows[1:4]] == ["tak", "tak", "tak"]


def test_get_of_an_action_is_not_allowed(client, organiser, full_event):
    client.force_login(organiser)
    assert client.get(url("close", full_event)).status_code == 405
    assert client.get(url("attendance", full_event)).status_code == 405
    assert full_event.registration_state() == "open"


def test_actions_need_csrf(organiser, full_event):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    assert client.post(url("close", full_event)).status_code == 403
    assert full_event.registration_state() == "open"


def test_close_refuses_the_public_form_and_reopen_restores_it(client, organiser, event):
    client.force_login(organiser)
    response = client.post(url("close", event))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.registration_state() == "closed"
    assert event.closure.closed_by == organiser
    page = client.get(url("event", event)).content.decode()
    assert "zamknięte przez organizatora" in page
    assert "Otwórz ponownie zapisy" in page

    form = {
        **registration_data(9),
        "sector": "social",
        "clause": "on",
        "clause_version": consent.CLAUSE_VERSION,
        "strona_www": "",
    }
    public = client.post(event.url + "zapisy/", form)
    assert public.status_code == 400
    assert "Organizator zamknął zapisy na to wydarzenie." in public.content.decode()
    assert not Registration.objects.filter(email="uczestnik9@example.pl").exists()

    response = client.post(url("reopen", event))
    assert response.status_code == 302
    assert event.registration_state() == "open"
    public = client.post(event.url + "zapisy/", form)
    assert public.status_code == 302
    assert Registration.objects.filter(email="uczestnik9@example.pl", status=RS.REGISTERED).exists()


@pytest.mark.parametrize("count", [5, 50])
def test_registrations_page_query_count_is_bounded(
    client, organiser, event, count, django_assert_max_num_queries
):
    event.capacity = 30
    event.save()
    for n in range(count):
        register(event, registration_data(n))
    Registration.objects.filter(event=event, email="uczestnik0@example.pl").update(
        status=RS.CANCELLED
    )
    client.force_login(organiser)
    with django_assert_max_num_queries(15):
        response = client.get(url("event", event))
    assert response.status_code == 200
    assert len(response.context["registered"]) + len(response.context["waiting"]) == count - 1
    with django_assert_max_num_queries(15):
        assert client.get("/admin/wydarzenia/").status_code == 200


def test_forged_attendance_values_change_nothing(client, organiser, full_event):
    client.force_login(organiser)
    response = client.post(
        url("attendance", full_event), {"marked": ["²", "-1", "x" * 50, "9" * 30], "present": ["²"]}
    )
    assert response.status_code == 302
    assert not full_event.registrations.filter(attendance_marked_at__isnull=False).exists()
