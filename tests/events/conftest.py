"""Fixtures of the events tests: a home page at the site's root, the calendar of events and one
event with open registration (3 seats and a waiting list), and `registration_data(n)`."""

import datetime

from django.utils import timezone

import pytest

from core.choices import Sector
from events.models import EventIndexPage, EventPage
from portal.models import HomePage
from tests.factories import default_site


@pytest.fixture
def home(db):
    """The HomePage at the root of the default site."""
    from wagtail.models import Page

    site = default_site()
    root_page = site.root_page.specific
    if isinstance(root_page, HomePage):
        return root_page
    tree_root = Page.get_first_root_node()
    home_page = tree_root.add_child(
        instance=HomePage(title="Strona główna", slug="strona-glowna-wydarzenia")
    )
    site.root_page = home_page
    site.save()
    return home_page


@pytest.fixture
def event_index(home):
    return home.add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))


def make_event(event_index, **overrides):
    """A published event under `event_index`; keyword arguments override the fields."""
    now = timezone.now()
    starts_at = overrides.pop("starts_at", now + datetime.timedelta(days=14))
    fields = {
        "title": "Szkolenie międzysektorowe w Opolu",
        "slug": "szkolenie-opole",
        "kind": "szkolenie",
        "partner": "rops-opole",
        "voivodeship": "16",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=6),
        "venue": "Sala konferencyjna ROPS",
        "street_address": "ul. Głogowska 25c",
        "postal_code": "45-315",
        "city": "Opole",
        "capacity": 3,
        "waiting_list": True,
        "registration_enabled": True,
        "registration_opens_at": now - datetime.timedelta(days=1),
        "target_sectors": [],
    }
    fields.update(overrides)
    return event_index.add_child(instance=EventPage(**fields))


@pytest.fixture
def event(event_index):
    """An event in Opole in 14 days: 3 seats, a waiting list, registration open now."""
    return make_event(event_index)


def registration_data(n, **overrides):
    """Valid data of `events.registration.register` for participant number `n`."""
    data = {
        "first_name": f"Uczestnik{n}",
        "last_name": f"Nazwisko{n}",
        "institution": f"Ośrodek Pomocy Społecznej nr {n}",
        "sector": Sector.SOCIAL_ASSISTANCE,
        "position": "pracownik socjalny",
        "email": f"uczestnik{n}@example.pl",
        "phone": "77 441 52 50",
        "accessibility_needs": "",
        "diet": "",
        "image_consent": False,
    }
    data.update(overrides)
    return data
