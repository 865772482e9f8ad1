"""Anonymising registrations after the retention period (events.retention and its command)."""

import datetime
import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

import pytest

from core.choices import Sector
from events import consent
from events import registration as service
from events.choices import RegistrationStatus as RS
from events.models import EventPage, Registration
from events.retention import anonymise_expired
from tests.events.conftest import make_event, registration_data

pytestmark = pytest.mark.django_db

PERSONAL = [
    "last_name",
    "institution",
    "position",
    "email",
    "email_key",
    "phone",
    "accessibility_needs",
    "diet",
]


def _event_with_registrations(event_index, slug, ended_days_ago, people):
    """An event whose registrations were made while it was upcoming; then it ended."""
    event = make_event(event_index, slug=slug, title=f"Wydarzenie {slug}", capacity=2)
    for n in people:
        service.register(
            event,
            registration_data(
                n,
                sector=Sector.EDUCATION,
                accessibility_needs="pętla indukcyjna",
                diet="wegetariańska",
                image_consent=True,
            ),
        )
    ends_at = timezone.now() - datetime.timedelta(days=ended_days_ago)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=ends_at - datetime.timedelta(hours=6), ends_at=ends_at
    )
    Registration.objects.filter(event=event, status=RS.REGISTERED).update(attended=True)
    return event


@pytest.fixture
def old_event(event_index):
    # Three people for two seats: two registered, one on the waiting list.
    return _event_with_registrations(event_index, "stare", 2000, [1, 2, 3])


@pytest.fixture
def recent_event(event_index):
    return _event_with_registrations(event_index, "niedawne", 10, [4, 5])


def _snapshot(event):
    return list(Registration.objects.filter(event=event).order_by("pk").values())


def test_registrations_of_an_event_ended_long_ago_are_anonymised(old_event, recent_event):
    before = {row["id"]: row for row in _snapshot(old_event)}
    now = timezone.now()

    assert anonymise_expired(now=now) == 3

    for row in _snapshot(old_event):
        assert row["first_name"] == "(zanonimizowano)"
        for name in PERSONAL:
            assert row[name] == "", name
        assert row["anonymised_at"] == now
        # What the statistics and the proof of acknowledgement need stays.
        kept = before[row["id"]]
        for name in [
            "sector",
            "status",
            "attended",
            "created_at",
            "clause_version",
            "clause_sha256",
            "clause_acknowledged_at",
            "image_consent",
            "consent_version",
            "consent_sha256",
            "consent_given_at",
        ]:
            assert row[name] == kept[name], name
        assert row["sector"] == Sector.EDUCATION
        assert row["clause_version"] == consent.CLAUSE_VERSION
        assert row["consent_version"] == consent.CONSENT_VERSION
    statuses = sorted(r["status"] for r in _snapshot(old_event))
    assert statuses == [RS.REGISTERED, RS.REGISTERED, RS.WAITING]


def test_registrations_of_a_recent_event_are_untouched(old_event, recent_event):
    before = _snapshot(recent_event)
    anonymise_expired()
    assert _snapshot(recent_event) == before
    assert {r["email"] for r in before} == {"uczestnik4@example.pl", "uczestnik5@example.pl"}


def test_a_second_run_changes_nothing(old_event, recent_event):
    assert anonymise_expired() == 3
    after_first = _snapshot(old_event) + _snapshot(recent_event)
    assert anonymise_expired(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert _snapshot(old_event) + _snapshot(recent_event) == after_first


def test_dry_run_counts_and_changes_nothing(old_event, recent_event):
    before = _snapshot(old_event)
    assert anonymise_expired(dry_run=True) == 3
    out = io.StringIO()
    call_command("anonymise_event_registrations", "--dry-run", stdout=out)
    assert "Zgłoszeń do anonimizacji" in out.getvalue()
    assert ": 3." in out.getvalue()
    assert "niczego nie zmieniono" in out.getvalue()
    assert _snapshot(old_event) == before


def test_the_command_reports_the_count_in_polish(old_event, recent_event):
    out = io.StringIO()
    call_command("anonymise_event_registrations", stdout=out)
    assert "Zanonimizowano zgłoszeń: 3" in out.getvalue()
    out = io.StringIO()
    call_command("anonymise_event_registrations", stdout=out)
    assert "Zanonimizowano zgłoszeń: 0" in out.getvalue()


@override_settings(EVENT_REGISTRATION_RETENTION_DAYS=7)
def test_the_retention_setting_is_honoured(old_event, recent_event):
    assert anonymise_expired() == 5
    assert set(Registration.objects.values_list("first_name", flat=True)) == {"(zanonimizowano)"}


@override_settings(EVENT_REGISTRATION_RETENTION_DAYS=30)
def test_an_event_within_a_longer_period_is_kept(recent_event):
    assert anonymise_expired() == 0


def test_rows_are_updated_in_bulk_one_update_per_batch(old_event, event_index):
    _event_with_registrations(event_index, "stare-2", 2500, [6, 7])
    with CaptureQueriesContext(connection) as queries:
        assert anonymise_expired(batch_size=2) == 5
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 3
