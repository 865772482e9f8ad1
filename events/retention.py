"""Anonymising the registrations of events that ended longer ago than the retention period.

`EVENT_REGISTRATION_RETENTION_DAYS` after an event ended, the personal data of its registrations
is erased (`manage.py anonymise_event_registrations`, run daily). The row stays with what the
project's statistics and the proof of the participant's acknowledgement need: the sector, the
status, the attendance, the time of registering and the versions, hashes and times of the
information clause and of the image consent.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Registration

ANONYMISED_FIRST_NAME = "(zanonimizowano)"
BATCH_SIZE = 500

# The personal fields and what they become; everything else of the row is kept.
ERASED = {
    "first_name": ANONYMISED_FIRST_NAME,
    "last_name": "",
    "institution": "",
    "position": "",
    "email": "",
    "email_key": "",
    "phone": "",
    "accessibility_needs": "",
    "diet": "",
}


def expired(now=None):
    """Registrations not yet anonymised whose event ended before the retention period."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.EVENT_REGISTRATION_RETENTION_DAYS)
    return Registration.objects.filter(anonymised_at__isnull=True, event__ends_at__lt=cutoff)


def anonymise_expired(now=None, dry_run=False, batch_size=BATCH_SIZE):
    """Anonymise the expired registrations; returns how many (with dry_run: would be).

    One UPDATE per batch of primary keys; a row already anonymised is never selected again, so a
    second run changes nothing."""
    now = now or timezone.now()
    if dry_run:
        return expired(now).count()
    total = 0
    while True:
        with transaction.atomic():
            batch = list(expired(now).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not batch:
                break
            total += Registration.objects.filter(pk__in=batch, anonymised_at__isnull=True).update(
                anonymised_at=now, **ERASED
            )
        if len(batch) < batch_size:
            break
    return total
