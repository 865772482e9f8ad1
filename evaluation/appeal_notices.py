"""The e-mails of an appeal, sent by a background task once the decision is committed: to the
call's chair when it is filed, to the JST's accounts when it is rejected or resolved by a new
version of the list."""

import functools
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from django_tasks import task

from core.site_url import absolute
from recruitment import audit, receipts, workflow

from . import result_notices
from .models import (
    Appeal,
    CommissionMember,
    CommissionRole,
    ResultEntry,
)

logger = logging.getLogger(__name__)

NOTICE_FILED = "filed"  # to the chair
NOTICE_REJECTED = "rejected"  # to the applicant
NOTICE_RESOLVED = "resolved"  # to the applicant, after the new list


# --- notices --------------------------------------------------------------------------------------


def enqueue(appeal: Appeal, kind: str) -> None:
    """Queue the e-mail once the transaction commits (a refused action sends nothing); the
    decision stands even if the queue or the mail server is down."""
    transaction.on_commit(functools.partial(_enqueue_now, appeal.pk, kind))


def _enqueue_now(appeal_id, kind):
    try:
        send_appeal_email.enqueue(appeal_id, kind)
    except Exception:
        logger.exception("Appeal notice %s of appeal %s failed", kind, appeal_id)


def _chair_emails(call):
    return sorted(
        {
            m.user.email
            for m in CommissionMember.objects.filter(
                call=call, role=CommissionRole.CHAIR, user__is_active=True
            ).select_related("user")
            if m.user.email
        }
    )


def worsened_before_rejection(appeal):
    """The worsening of the application's result by a version published after the appealed one
    and before the appeal was rejected (`evaluation.appeals.reject` then gave it anew), or None.
    Two queries; published versions never change."""
    if appeal.decided_at is None:
        return None
    found = list(
        ResultEntry.objects.filter(
            application_id=appeal.application_id,
            result_list__published_at__isnull=False,
            result_list__published_at__lte=appeal.decided_at,
            result_list__version__gt=appeal.result_list.version,
        )
        .select_related("result_list")
        .order_by("-result_list__version")[:1]
    )
    previous = (
        ResultEntry.objects.filter(
            result_list_id=appeal.result_list_id, application_id=appeal.application_id
        )
        .select_related("result_list")
        .first()
    )
    if not found or previous is None:
        return None
    return result_notices.worsening_between(previous, found[0])


def send_notice(appeal_id, kind):
    """E-mail one notice of an appeal; returns the messages sent (0 when nobody to tell)."""
    appeal = (
        Appeal.objects.select_related(
            "application__call", "application__institution", "result_list", "republished_list"
        )
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        return 0
    application = appeal.application
    call = application.call
    context = {
        "appeal": appeal,
        "application": application,
        "call": call,
        "institution": application.institution,
        "filed_at": workflow.warsaw_when(appeal.filed_at),
        "appeal_url": absolute(reverse("evaluation_account:appeal", args=[application.pk])),
        "appeals_url": absolute(reverse("evaluation:appeals", args=[call.pk])),
    }
    if kind == NOTICE_FILED:
        to = _chair_emails(call)
        subject = _("Odwołanie od wyniku zgłoszenia %(number)s")
    elif kind in (NOTICE_REJECTED, NOTICE_RESOLVED):
        to = receipts.recipients(application)
        subject = (
            _("Odwołanie od wyniku zgłoszenia %(number)s zostało odrzucone")
            if kind == NOTICE_REJECTED
            else _("Rozstrzygnięcie odwołania od wyniku zgłoszenia %(number)s")
        )
        if kind == NOTICE_REJECTED:
            worsening = worsened_before_rejection(appeal)
            context["worsening"] = worsening
            if (
                worsening is not None
                and application.result_at is not None
                and application.result_at >= appeal.decided_at
            ):
                deadline = workflow.appeal_deadline(application)
                context["deadline_text"] = workflow.warsaw_when(deadline) if deadline else ""
        if kind == NOTICE_RESOLVED and appeal.republished_list_id:
            context["entry"] = ResultEntry.objects.filter(
                result_list=appeal.republished_list, application=application
            ).first()
    else:
        return 0
    if not to:
        return 0
    body = render_to_string(f"evaluation/email/appeal_{kind}.txt", context)
    sent = EmailMessage(
        subject % {"number": application.number}, body, settings.DEFAULT_FROM_EMAIL, to
    ).send()
    audit.record(
        "appeal_notice_sent",
        user=workflow.SYSTEM,
        obj=appeal,
        details={"kind": kind, "recipients": len(to)},
    )
    return sent


@task()
def send_appeal_email(appeal_id, kind):
    """E-mail one notice of an appeal (`send_notice`) in the background: to the call's chair
    when it is filed, to the JST's accounts when it is rejected or resolved by a new version."""
    return send_notice(appeal_id, kind)
