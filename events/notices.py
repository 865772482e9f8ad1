"""The participants' e-mails: confirmation with the cancellation link, waiting list, promotion
from the waiting list, cancellation."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from django_tasks import task

from core.site_url import absolute

from .models import Registration
from .tokens import cancel_url

SUBJECTS = {
    "registered": lambda: _("Potwierdzenie zapisu: %(title)s"),
    "waiting": lambda: _("Lista rezerwowa: %(title)s"),
    "promoted": lambda: _("Zwolniło się miejsce – masz potwierdzone miejsce: %(title)s"),
    "cancelled": lambda: _("Potwierdzenie rezygnacji: %(title)s"),
}


def send_notice(registration_id, kind):
    """Send one notice; returns the number of messages sent (0 for an unknown or anonymised
    registration)."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.anonymised_at or kind not in SUBJECTS:
        return 0
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "event_url": absolute(event.url) if event.url else "",
        "cancel_url": absolute(cancel_url(registration)) if event.url else "",
        "ical_url": absolute(event.url + event.reverse_subpage("ical")) if event.url else "",
    }
    body = render_to_string(f"events/email/{kind}.txt", context)
    return EmailMessage(
        SUBJECTS[kind]() % {"title": " ".join(event.title.split())},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [registration.email],
    ).send()


@task()
def send_registration_email(registration_id, kind):
    """Send one notice in the background, after the registration's commit."""
    return send_notice(registration_id, kind)
