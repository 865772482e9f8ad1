"""The demo content of events (events.demo) as `load_demo_content` loads it."""

import io

from django.utils import timezone

import pytest

from events import demo
from events.choices import RegistrationStatus as RS
from events.models import EventDocument, EventIndexPage, EventPage, Registration

pytestmark = pytest.mark.django_db

COACHING = "coaching-pracownikow-socjalnych-lodz"


def test_the_calendar_lists_an_upcoming_event_with_open_registration(demo_content, client):
    index = EventIndexPage.objects.get(slug="wydarzenia")
    assert index.show_in_menus and index.lead
    response = client.get("/wydarzenia/")
    assert response.status_code == 200
    html = response.content.decode()
    training = EventPage.objects.get(slug="szkolenie-miedzysektorowe-opole")
    assert training.starts_at > timezone.now()
    assert training.registration_state() == "open"
    assert training.capacity == 20
    assert "Szkolenie międzysektorowe – Opole" in html
    assert "Spotkanie podsumowujące I Kamień Milowy" not in html


def test_the_milestone_meeting_of_29_march_2019_is_in_the_archive(demo_content, client):
    meeting = EventPage.objects.get(title="Spotkanie podsumowujące I Kamień Milowy")
    assert timezone.localtime(meeting.starts_at).date().isoformat() == "2019-03-29"
    assert (meeting.city, meeting.partner, meeting.voivodeship) == (
        "Katowice",
        "rops-katowice",
        "24",
    )
    assert not meeting.registration_enabled
    response = client.get("/wydarzenia/?okres=archiwum")
    assert response.status_code == 200
    assert "Spotkanie podsumowujące I Kamień Milowy" in response.content.decode()
    conferences = EventPage.objects.filter(kind="konferencja-regionalna")
    assert {c.city for c in conferences} >= {"Kraków", "Opole"}
    assert all(c.is_past() and not c.registration_enabled for c in conferences)


def test_the_full_event_shows_its_waiting_list(demo_content, client):
    event = EventPage.objects.get(slug=COACHING)
    statuses = list(
        event.registrations.order_by("created_at", "pk").values_list("status", flat=True)
    )
    assert statuses == [RS.REGISTERED, RS.REGISTERED, RS.WAITING]
    assert all(r.email.endswith("@example.pl") for r in event.registrations.all())
    response = client.get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Na liście rezerwowej" in html
    assert "Zapisz się na listę rezerwową" in html


def test_other_upcoming_events(demo_content):
    workshop = EventPage.objects.get(slug="warsztaty-kooperacyjne-oswiecim")
    assert (workshop.city, workshop.capacity, workshop.kind) == ("Oświęcim", 15, "warsztaty")
    assert len(workshop.target_sectors) > 1
    online = EventPage.objects.get(slug="spotkanie-konsultacyjne-online")
    assert online.is_online and online.online_link
    assert online.kind == "spotkanie-konsultacyjne"


def test_the_regulations_from_the_registry_are_linked(demo_content):
    training = EventPage.objects.get(slug="szkolenie-miedzysektorowe-opole")
    titles = [row.document.title for row in training.event_documents.all()]
    assert titles[0].startswith("Regulamin uczestnictwa w formach wsparcia")
    assert any(title.startswith("Załącznik nr 1") for title in titles)
    assert any(title.startswith("Załącznik nr 2") for title in titles)


def test_loading_twice_creates_nothing_twice(demo_content):
    counts = (
        EventPage.objects.count(),
        Registration.objects.count(),
        EventDocument.objects.count(),
    )
    demo.load(io.StringIO())
    demo.load(io.StringIO(), refresh=True)
    assert (
        EventPage.objects.count(),
        Registration.objects.count(),
        EventDocument.objects.count(),
    ) == counts
    assert counts[0] == 7 and counts[1] == 3
