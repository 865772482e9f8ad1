"""On PostgreSQL: 50 people registering at the same moment for the last 10 seats end with exactly
10 registered and 40 on the waiting list, in the order the database serialised them (the event's
row lock in `events.registration.register`)."""

import threading

from django.db import connection

import pytest

from events import registration as service
from events.choices import RegistrationStatus as RS
from events.models import Registration
from tests.events.conftest import make_event, registration_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_fifty_simultaneous_registrations_for_the_last_ten_seats(event_index):
    event = make_event(event_index, slug="ostatnie-miejsca", capacity=30)
    for n in range(20):
        service.register(event, registration_data(1000 + n))
    barrier = threading.Barrier(50)
    errors = []

    def register(n):
        try:
            barrier.wait()
            service.register(event, registration_data(n))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    late = Registration.objects.filter(email_key__regex=r"^uczestnik[0-9]{1,2}@")
    assert late.count() == 50
    assert late.filter(status=RS.REGISTERED).count() == 10
    assert late.filter(status=RS.WAITING).count() == 40
    assert Registration.objects.filter(event=event, status=RS.REGISTERED).count() == 30
    # The waiting list is in the order of registration: nobody waiting registered before
    # somebody who got a seat.
    last_seat = late.filter(status=RS.REGISTERED).order_by("-created_at").first()
    first_waiting = late.filter(status=RS.WAITING).order_by("created_at").first()
    assert last_seat.created_at <= first_waiting.created_at


def test_a_cancellation_racing_new_registrations_never_overbooks(event_index):
    event = make_event(event_index, slug="wyscig", capacity=5)
    people = [service.register(event, registration_data(100 + n)) for n in range(7)]
    barrier = threading.Barrier(11)

    def cancel():
        barrier.wait()
        service.cancel(event, service.cancel_token(people[0]))
        connection.close()

    def register(n):
        barrier.wait()
        service.register(event, registration_data(n))
        connection.close()

    threads = [threading.Thread(target=cancel)] + [
        threading.Thread(target=register, args=(n,)) for n in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Registration.objects.filter(event=event, status=RS.REGISTERED).count() == 5
    promoted = Registration.objects.get(email_key="uczestnik105@example.pl")
    assert promoted.status == RS.REGISTERED
    assert Registration.objects.filter(event=event, status=RS.WAITING).count() == 11
