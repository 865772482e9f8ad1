"""Publishing an event with more seats moves people from its waiting list."""

from wagtail.signals import page_published


def _fill_seats(sender, instance, **kwargs):
    from .registration import fill_free_seats

    fill_free_seats(instance)


def _connect():
    from .models import EventPage

    page_published.connect(_fill_seats, sender=EventPage, dispatch_uid="events-fill-seats")


_connect()
