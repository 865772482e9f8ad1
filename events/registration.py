"""Registering for an event, cancelling and the waiting list (issue #8).

Every change of an event's registrations happens in a transaction that first locks the event's
row (`SELECT … FOR UPDATE` on PostgreSQL), so that simultaneous registrations for the last seats
are counted one after another: never more registered than the capacity, the rest on the waiting
list in the order they came. One e-mail address has at most one active registration per event
(also a database constraint). E-mails are sent by background tasks after the commit.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from core.cache import bump_content_version

from . import consent
from .choices import ACTIVE_STATUSES
from .choices import RegistrationStatus as RS
from .models import EventPage, Registration, RegistrationClosure
from .notices import send_registration_email
from .tokens import cancel_token


class RegistrationError(Exception):
    """A refusal with a Polish message for the participant; nothing was stored."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


STATE_MESSAGES = {
    "disabled": lambda: _("Na to wydarzenie nie prowadzimy zapisów przez portal."),
    "closed": lambda: _("Organizator zamknął zapisy na to wydarzenie."),
    "not_yet": lambda: _("Zapisy na to wydarzenie jeszcze się nie rozpoczęły."),
    "over": lambda: _("Zapisy na to wydarzenie zostały zakończone."),
}


def registration_for_token(event, token):
    """The registration of `event` whose cancellation link this is, or None."""
    pk, _sep, _digest = token.partition("-")
    if not pk.isdigit() or len(pk) > 18:
        return None
    registration = Registration.objects.filter(pk=int(pk), event=event).first()
    if registration is None or registration.anonymised_at is not None:
        return None
    if not constant_time_compare(cancel_token(registration), token):
        return None
    return registration


def _locked(event_id):
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def seats_taken(event):
    return Registration.objects.filter(event=event, status=RS.REGISTERED).count()


def availability(event):
    """(registered, waiting, free seats) of the event."""
    counts = dict(
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    registered = counts.get(RS.REGISTERED, 0)
    return registered, counts.get(RS.WAITING, 0), max(event.capacity - registered, 0)


def _notify(registration, kind):
    pk = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(pk, kind))


def register(event, data, *, now=None, clause=None):
    """Store a registration from the form's cleaned `data`; returns it, registered or waiting.

    Raises RegistrationError when the window is not open, the event is full and has no waiting
    list, the sector is not invited, or the e-mail is already registered for this event."""
    with transaction.atomic():
        event = _locked(event.pk)
        # The time is taken under the lock: the order of `created_at` is the order in which seats
        # were given, so the waiting list is promoted in the order people got onto it.
        now = now or timezone.now()
        state = event.registration_state(now)
        if state != "open":
            raise RegistrationError(STATE_MESSAGES[state](), code=state)
        if event.target_sectors and data["sector"] not in event.target_sectors:
            raise RegistrationError(
                _(
                    "Wydarzenie jest przeznaczone dla pracowników instytucji z sektorów: %(sectors)s."
                )
                % {"sectors": ", ".join(str(label) for label in event.target_sector_labels())},
                code="sector",
            )
        email_key = data["email"].strip().lower()
        duplicate = _(
            "Ten adres e-mail jest już zapisany na to wydarzenie. Sprawdź skrzynkę: "
            "wysłaliśmy na niego potwierdzenie z linkiem do rezygnacji."
        )
        if Registration.objects.filter(
            event=event, email_key=email_key, status__in=ACTIVE_STATUSES, anonymised_at__isnull=True
        ).exists():
            raise RegistrationError(duplicate, code="duplicate")
        if seats_taken(event) < event.capacity:
            status = RS.REGISTERED
        elif event.waiting_list:
            status = RS.WAITING
        else:
            raise RegistrationError(
                _("Brak wolnych miejsc, a to wydarzenie nie prowadzi listy rezerwowej."),
                code="full",
            )
        clause = clause or consent.current_clause(event)
        consent.remember(clause)
        registration = Registration(
            event=event,
            status=status,
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            institution=data["institution"].strip(),
            sector=data["sector"],
            position=data["position"].strip(),
            email=data["email"].strip(),
            email_key=email_key,
            phone=data["phone"].strip(),
            accessibility_needs=data.get("accessibility_needs", "").strip(),
            diet=data.get("diet", "").strip(),
            clause_version=clause.version,
            clause_sha256=clause.sha256,
            clause_acknowledged_at=now,
            created_at=now,
        )
        if data.get("image_consent"):
            registration.image_consent = True
            registration.consent_version = consent.CONSENT_VERSION
            registration.consent_sha256 = consent.sha256(consent.consent_text())
            registration.consent_given_at = now
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise RegistrationError(duplicate, code="duplicate") from error
        _notify(registration, status)
        transaction.on_commit(bump_content_version)
    return registration


def promote_waiting(event, now=None):
    """Move people from the waiting list, in the order they registered, onto the free seats.
    The caller holds the event's lock. Returns the promoted registrations."""
    now = now or timezone.now()
    free = event.capacity - seats_taken(event)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(event=event, status=RS.WAITING).order_by("created_at", "pk")[
            :free
        ]
    )
    for registration in promoted:
        registration.status = RS.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _notify(registration, "promoted")
    return promoted


def fill_free_seats(event):
    """After an organiser raised the capacity: promote from the waiting list (if the event has
    not started yet)."""
    with transaction.atomic():
        event = _locked(event.pk)
        if event.starts_at <= timezone.now():
            return []
        promoted = promote_waiting(event)
        if promoted:
            transaction.on_commit(bump_content_version)
        return promoted


def cancel(event, token, *, now=None):
    """Cancel the registration of this link; a freed seat goes to the first person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(event.pk)
        registration = registration_for_token(event, token)
        if registration is None:
            raise RegistrationError(
                _("Link rezygnacji jest nieprawidłowy. Skopiuj go w całości z wiadomości e-mail."),
                code="token",
            )
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RS.CANCELLED:
            raise RegistrationError(_("To zgłoszenie zostało już wycofane."), code="cancelled")
        if event.starts_at <= now:
            raise RegistrationError(
                _("Wydarzenie już się rozpoczęło – rezygnację zgłoś bezpośrednio organizatorowi."),
                code="started",
            )
        freed_seat = registration.status == RS.REGISTERED
        registration.status = RS.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        _notify(registration, "cancelled")
        promoted = promote_waiting(event, now) if freed_seat else []
        transaction.on_commit(bump_content_version)
    return registration, promoted


def close(event, user):
    """An organiser closes the registration now; returns False when it already was closed."""
    with transaction.atomic():
        _locked(event.pk)
        _closure, created = RegistrationClosure.objects.get_or_create(
            event_id=event.pk, defaults={"closed_by": user}
        )
        transaction.on_commit(bump_content_version)
    return created


def reopen(event):
    with transaction.atomic():
        _locked(event.pk)
        deleted, _details = RegistrationClosure.objects.filter(event_id=event.pk).delete()
        transaction.on_commit(bump_content_version)
    return bool(deleted)
