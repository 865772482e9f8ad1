"""What the JST is told about the formal check: the e-mails (call to supplement, the reminder
before its deadline, the formal rejection), sent by a background task, and the summary on the
application's status page."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from core.site_url import absolute
from recruitment import audit, receipts, timing, workflow
from recruitment.models import (
    Application,
    ApplicationState,
    AuditLogEntry,
    FormalCheckCard,
    FormalResult,
)

from .rules import (
    NOTICE_REJECTION,
    NOTICE_REMINDER,
    NOTICE_SUPPLEMENT,
    when,
)

logger = logging.getLogger(__name__)
R = FormalResult
S = ApplicationState

# --- notices --------------------------------------------------------------------------------------


def enqueue_notice(application: Application, kind: str) -> None:
    """Queue the e-mail; the decision stands even if the queue or the mail server is down."""
    try:
        send_formal_check_email.enqueue(application.pk, kind)
    except Exception:
        logger.exception("Formal check notice %s of application %s failed", kind, application.pk)


def _last_rejection_reason(application: Application) -> str:
    entry = (
        AuditLogEntry.objects.filter(
            application=application, action__in=["reject_formally", "expire_supplement"]
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return (entry.details.get("reason") or "") if entry else ""


def supplement_card(application: Application) -> FormalCheckCard | None:
    return (
        FormalCheckCard.objects.filter(application=application, result=R.TO_SUPPLEMENT)
        .order_by("-round")
        .first()
    )


NOTICE_STATES = {
    NOTICE_SUPPLEMENT: S.TO_SUPPLEMENT,
    NOTICE_REMINDER: S.TO_SUPPLEMENT,
    NOTICE_REJECTION: S.FORMALLY_REJECTED,
}


def send_notice(application_id: int, kind: str, now: datetime.datetime | None = None) -> int:
    """E-mail one notice to the JST's accounts; nothing if the application has moved on since
    it was queued (a reminder after the supplement came in). Returns the messages sent."""
    application = (
        Application.objects.select_related("call", "institution").filter(pk=application_id).first()
    )
    if application is None or kind not in NOTICE_STATES:
        return 0
    if application.state != NOTICE_STATES[kind]:
        return 0
    now = now or timezone.now()
    if kind == NOTICE_REMINDER and (
        application.supplement_due is None or now > application.supplement_due
    ):
        return 0
    to = receipts.recipients(application)
    if not to:
        return 0
    card = supplement_card(application)
    due = application.supplement_due
    context = {
        "application": application,
        "call": application.call,
        "institution": application.institution,
        "deficiencies": card.deficiencies if card else [],
        "due_text": when(due),
        "time_left": timing.time_left_text(due - now) if due and due > now else "",
        "reason": _last_rejection_reason(application) if kind == NOTICE_REJECTION else "",
        "application_url": absolute(reverse("recruitment:application", args=[application.pk])),
        "status_url": absolute(reverse("recruitment:status", args=[application.pk])),
    }
    subjects = {
        NOTICE_SUPPLEMENT: _("Wezwanie do uzupełnienia zgłoszenia %(number)s"),
        NOTICE_REMINDER: _("Przypomnienie: termin uzupełnienia zgłoszenia %(number)s"),
        NOTICE_REJECTION: _("Odrzucenie formalne zgłoszenia %(number)s"),
    }
    body = render_to_string(f"recruitment/email/formal_{kind}.txt", context)
    sent = EmailMessage(
        subjects[kind] % {"number": application.number},
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
    ).send()
    audit.record(
        "formal_notice_sent",
        user=workflow.SYSTEM,
        application=application,
        details={"kind": kind, "recipients": len(to)},
    )
    return sent


# --- what the applicant sees ------------------------------------------------------------------------


def applicant_summary(
    application: Application, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """The formal check as the status page tells it: deficiencies and deadline, or the reason."""
    now = now or timezone.now()
    if application.state == S.TO_SUPPLEMENT:
        card = supplement_card(application)
        due = application.supplement_due
        return {
            "to_supplement": True,
            "deficiencies": card.deficiencies if card else [],
            "due": due,
            "due_passed": due is not None and now > due,
            "time_left": timing.time_left_text(due - now) if due and now <= due else "",
        }
    if application.state == S.FORMALLY_REJECTED:
        return {"rejected": True, "reason": _last_rejection_reason(application)}
    return {}


@task()
def send_formal_check_email(application_id: int, kind: str) -> int:
    """E-mail a notice of the formal check to the JST's accounts: the call to supplement, the
    reminder before its deadline, or the formal rejection (recruitment.formal_check)."""
    return send_notice(application_id, kind)
