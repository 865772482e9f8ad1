"""Registering for an event, the waiting list and cancelling (events.registration)."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from events import consent
from events import registration as service
from events.choices import RegistrationStatus as RS
from events.models import Registration
from tests.events.conftest import make_event, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks, monkeypatch):
    """Run each service call's after-commit work (the e-mails) as a real commit would."""
    for name in ("register", "cancel", "close", "reopen", "fill_free_seats"):
        original = getattr(service, name)

        def wrapped(*args, _original=original, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return _original(*args, **kwargs)

        monkeypatch.setattr(service, name, wrapped)


def _register(event, n, **extra):
    data = registration_data(n)
    data.update(extra)
    return service.register(event, data)


def _token_from(message):
    line = next(line for line in message.body.splitlines() if "/rezygnacja/" in line)
    return line.strip().rstrip("/").rsplit("/", 1)[1]


def test_registrations_within_capacity_are_confirmed_by_email_with_a_cancel_link(event):
    stored = _register(event, 1)
    assert stored.status == RS.REGISTERED
    assert stored.email_key == "uczestnik1@example.pl"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uczestnik1@example.pl"]
    assert message.subject == f"Potwierdzenie zapisu: {event.title}"
    assert "Masz potwierdzone miejsce" in message.body
    assert _token_from(message) == service.cancel_token(stored)


def test_the_person_beyond_capacity_goes_to_the_waiting_list(event):
    for n in range(3):
        assert _register(event, n).status == RS.REGISTERED
    waiting = _register(event, 3)
    assert waiting.status == RS.WAITING
    assert mail.outbox[-1].subject == f"Lista rezerwowa: {event.title}"
    assert service.availability(event) == (3, 1, 0)


def test_one_active_registration_per_email_whatever_its_case(event):
    _register(event, 1)
    with pytest.raises(service.RegistrationError) as error:
        service.register(event, {**registration_data(2), "email": "UCZESTNIK1@Example.PL"})
    assert "już zapisany" in error.value.message
    assert Registration.objects.count() == 1


def test_after_cancelling_the_same_email_may_register_again(event):
    first = _register(event, 1)
    service.cancel(event, service.cancel_token(first))
    again = _register(event, 1)
    assert again.status == RS.REGISTERED
    assert Registration.objects.filter(email_key="uczestnik1@example.pl").count() == 2


@pytest.mark.parametrize(
    ("change", "code", "text"),
    [
        ({"registration_opens_at": "future"}, "not_yet", "jeszcze się nie rozpoczęły"),
        ({"registration_closes_at": "past"}, "over", "zostały zakończone"),
        ({"registration_enabled": False}, "disabled", "nie prowadzimy zapisów"),
    ],
)
def test_registration_outside_its_window_is_refused(event, change, code, text):
    now = timezone.now()
    values = {
        key: {
            "future": now + datetime.timedelta(days=1),
            "past": now - datetime.timedelta(hours=1),
        }.get(value, value)
        for key, value in change.items()
    }
    if "registration_closes_at" in values:
        event.registration_opens_at = now - datetime.timedelta(days=2)
    for key, value in values.items():
        setattr(event, key, value)
    event.save()
    with pytest.raises(service.RegistrationError) as error:
        _register(event, 1)
    assert error.value.code == code
    assert text in error.value.message
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_full_event_without_a_waiting_list_refuses(event):
    event.waiting_list = False
    event.save()
    for n in range(3):
        _register(event, n)
    with pytest.raises(service.RegistrationError) as error:
        _register(event, 9)
    assert "nie prowadzi listy rezerwowej" in error.value.message
    assert Registration.objects.count() == 3


def test_a_sector_outside_the_target_group_is_refused(event):
    event.target_sectors = ["education", "health"]
    event.save()
    with pytest.raises(service.RegistrationError) as error:
        _register(event, 1, sector="police")
    assert "edukacja, ochrona zdrowia" in error.value.message
    assert _register(event, 2, sector="health").status == RS.REGISTERED


def test_cancelling_a_seat_promotes_the_first_person_waiting_and_tells_them(event):
    people = [_register(event, n) for n in range(5)]
    assert [p.status for p in people] == [RS.REGISTERED] * 3 + [RS.WAITING] * 2
    mail.outbox.clear()
    cancelled, promoted = service.cancel(event, service.cancel_token(people[1]))
    assert cancelled.status == RS.CANCELLED and cancelled.cancelled_at is not None
    assert [p.pk for p in promoted] == [people[3].pk]
    people[3].refresh_from_db()
    people[4].refresh_from_db()
    assert people[3].status == RS.REGISTERED and people[3].promoted_at is not None
    assert people[4].status == RS.WAITING
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["uczestnik1@example.pl"] == f"Potwierdzenie rezygnacji: {event.title}"
    assert subjects["uczestnik3@example.pl"].startswith("Zwolniło się miejsce")
    assert "uczestnik4@example.pl" not in subjects
    promoted_mail = next(m for m in mail.outbox if m.to == ["uczestnik3@example.pl"])
    assert _token_from(promoted_mail) == service.cancel_token(people[3])


def test_leaving_the_waiting_list_promotes_nobody(event):
    people = [_register(event, n) for n in range(5)]
    _cancelled, promoted = service.cancel(event, service.cancel_token(people[3]))
    assert promoted == []
    people[4].refresh_from_db()
    assert people[4].status == RS.WAITING


def test_a_cancel_link_works_once_and_only_for_its_event(event, event_index):
    stored = _register(event, 1)
    token = service.cancel_token(stored)
    other = make_event(event_index, slug="inne-wydarzenie")
    assert service.registration_for_token(other, token) is None
    assert (
        service.registration_for_token(event, token[:-1] + ("0" if token[-1] != "0" else "1"))
        is None
    )
    assert service.registration_for_token(event, "abc") is None
    service.cancel(event, token)
    with pytest.raises(service.RegistrationError) as error:
        service.cancel(event, token)
    assert "już wycofane" in error.value.message


def test_cancelling_after_the_start_is_refused(event):
    stored = _register(event, 1)
    later = event.starts_at + datetime.timedelta(minutes=1)
    with pytest.raises(service.RegistrationError) as error:
        service.cancel(event, service.cancel_token(stored), now=later)
    assert "już się rozpoczęło" in error.value.message
    stored.refresh_from_db()
    assert stored.status == RS.REGISTERED


def test_the_clause_and_the_separate_consent_are_stored_with_versions_and_times(event):
    without = _register(event, 1)
    assert without.clause_version == consent.CLAUSE_VERSION
    assert without.clause_sha256 == consent.sha256(consent.clause_text())
    assert without.clause_acknowledged_at is not None
    assert without.image_consent is False
    assert without.consent_version == "" and without.consent_given_at is None
    given = _register(event, 2, image_consent=True)
    assert given.image_consent is True
    assert given.consent_version == consent.CONSENT_VERSION
    assert given.consent_sha256 == consent.sha256(consent.consent_text())
    assert given.consent_given_at == given.created_at


def test_raising_the_capacity_and_publishing_promotes_the_waiting_list(event):
    people = [_register(event, n) for n in range(5)]
    event.capacity = 4
    event.save_revision().publish()
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[people[3].pk] == RS.REGISTERED
    assert statuses[people[4].pk] == RS.WAITING


def test_closing_registration_refuses_new_people_and_survives_republishing(event):
    _register(event, 1)
    assert service.close(event, user=None) is True
    assert service.close(event, user=None) is False
    event.save_revision().publish()
    assert event.registration_state() == "closed"
    with pytest.raises(service.RegistrationError) as error:
        _register(event, 2)
    assert "zamknął zapisy" in error.value.message
    assert service.reopen(event) is True
    assert _register(event, 2).status == RS.REGISTERED
