"""The supplement deadlines, run by the `recruitment_deadlines` command: the reminder two days
before, and the formal rejection once the deadline passed unanswered."""

import datetime
import logging
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment import audit, workflow
from recruitment.models import (
    Application,
    ApplicationState,
    FormalCheckCard,
    FormalResult,
)

from .notices import enqueue_notice, supplement_card
from .rules import (
    NOTICE_REJECTION,
    NOTICE_REMINDER,
    REMINDER_DAYS_BEFORE,
    when,
)

logger = logging.getLogger(__name__)
R = FormalResult
S = ApplicationState

# --- deadlines (the recruitment_deadlines command) ------------------------------------------------


def reminder_from(due: datetime.datetime) -> datetime.datetime:
    """The start (00:00, Europe/Warsaw) of the day two days before the deadline's day."""
    day = due.astimezone(workflow.WARSAW).date() - datetime.timedelta(days=REMINDER_DAYS_BEFORE)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=workflow.WARSAW)


def due_reminders(now: datetime.datetime) -> list[FormalCheckCard]:
    """Cards whose reminder is due now and not sent. A call made inside the reminder window
    (a deadline of two days or less) is its own reminder: no second message."""
    cards = (
        FormalCheckCard.objects.filter(
            result=R.TO_SUPPLEMENT,
            reminder_sent_at__isnull=True,
            application__state=S.TO_SUPPLEMENT,
            application__supplement_due__gt=now,
            application__supplement_due__lte=now
            + datetime.timedelta(days=REMINDER_DAYS_BEFORE + 1),
        )
        .select_related("application")
        .order_by("application__supplement_due", "pk")
    )
    found: list[FormalCheckCard] = []
    for card in cards:
        # The query leaves decided cards with a deadline ahead only: neither time is None.
        start_at = reminder_from(cast(datetime.datetime, card.application.supplement_due))
        if start_at <= now and cast(datetime.datetime, card.decided_at) < start_at:
            found.append(card)
    return found


def send_due_reminders(now: datetime.datetime | None = None) -> list[Application]:
    """Send each due reminder once; the card remembers it. Returns the applications reminded."""
    now = now or timezone.now()
    reminded: list[Application] = []
    for card in due_reminders(now):
        with transaction.atomic():
            # Whoever sets the mark first sends; a second run (or a parallel one) finds it set.
            claimed = FormalCheckCard.objects.filter(
                pk=card.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            audit.record(
                "supplement_reminder",
                user=workflow.SYSTEM,
                obj=card,
                application=card.application,
                details={"supplement_due": card.application.supplement_due},
            )
        enqueue_notice(card.application, NOTICE_REMINDER)
        reminded.append(card.application)
    return reminded


def expired(now: datetime.datetime) -> list[Application]:
    return list(
        Application.objects.filter(state=S.TO_SUPPLEMENT, supplement_due__lt=now)
        .select_related("call", "institution")
        .order_by("supplement_due", "pk")
    )


def expiry_reason(application: Application) -> str:
    card = supplement_card(application)
    reason = _(
        "Zgłoszenie nie zostało uzupełnione w wyznaczonym terminie, który upłynął %(due)s. "
        "Zgodnie z regulaminem naboru zgłoszenie zostaje odrzucone formalnie."
    ) % {"due": when(application.supplement_due)}
    if card and card.deficiencies:
        reason += "\n" + _("Nieuzupełnione braki:") + "\n"
        reason += "\n".join(f"– {line}" for line in card.deficiencies)
    return reason


def reject_expired(now: datetime.datetime | None = None) -> list[Application]:
    """Reject, through the workflow, each application whose supplement deadline passed
    unanswered. A second run finds none; an application supplemented meanwhile is skipped
    (the workflow refuses it). Returns the applications rejected."""
    now = now or timezone.now()
    rejected: list[Application] = []
    for application in expired(now):
        try:
            workflow.fire(
                application, "expire_supplement", workflow.SYSTEM, reason=expiry_reason(application)
            )
        except workflow.TransitionError as error:
            logger.info("Application %s not rejected: %s", application.pk, error.message)
            continue
        enqueue_notice(application, NOTICE_REJECTION)
        rejected.append(application)
    return rejected
