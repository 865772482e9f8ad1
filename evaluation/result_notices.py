"""The result on a published version as the applicant is told it: the e-mail (sent by a background
task after the publication), the public results page it links to and the appeal deadline it
names."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from django_tasks import task

from core.site_url import absolute
from evaluation.ranking import Status
from recruitment import audit, receipts, workflow
from recruitment.models import ApplicationState

from .models import Appeal, ResultEntry

logger = logging.getLogger(__name__)
S = ApplicationState


APPEALABLE = frozenset({Status.RESERVE, Status.NOT_SELECTED})


def appeal_deadline(application):
    """The end of the appeal period: the notification (`result_at`, set by the result
    transition) plus the call's `appeal_days`, as `recruitment.workflow` checks it."""
    if application.result_at is None:
        return None
    return application.result_at + datetime.timedelta(days=application.call.appeal_days)


def when(moment):
    return formats.date_format(timezone.localtime(moment), "j E Y, H:i")


def enqueue_result_email(result_list_id, application_id):
    """Queue the e-mail; the publication stands even if the queue or the mail server is down."""
    try:
        send_result_email.enqueue(result_list_id, application_id)
    except Exception:
        logger.exception(
            "Result notice of list %s to application %s failed", result_list_id, application_id
        )


# --- the notice ------------------------------------------------------------------------------


def results_page_url(call):
    """The public results page of the call (`CallPage`, route "wyniki/")."""
    page_url = call.url
    return page_url + call.reverse_subpage("results") if page_url else ""


def send_result_notice(result_list_id, application_id):
    """E-mail one applicant the result on a published version: the status, the final score, the
    link to their results and, for reserve or not selected, the appeal deadline. Returns the
    number of messages sent."""
    entry = (
        ResultEntry.objects.select_related(
            "result_list__call", "application__call", "application__institution"
        )
        .filter(result_list_id=result_list_id, application_id=application_id)
        .first()
    )
    if entry is None or not entry.result_list.is_published:
        return 0
    application = entry.application
    call = entry.result_list.call
    to = receipts.recipients(application)
    if not to:
        return 0
    deadline = None
    if (
        entry.status in APPEALABLE
        and application.state in (S.RESERVE, S.NOT_SELECTED)
        and not Appeal.objects.filter(application=application).exists()
    ):
        deadline = appeal_deadline(application)
    context = {
        "entry": entry,
        "application": application,
        "call": call,
        "institution": application.institution,
        "version": entry.result_list.version,
        "status_label": entry.get_status_display(),
        "deadline_text": when(deadline) if deadline else "",
        "result_url": absolute(reverse("evaluation_account:result", args=[application.pk])),
        "public_url": absolute(results_page_url(call)) if results_page_url(call) else "",
    }
    body = render_to_string("evaluation/email/result.txt", context)
    sent = EmailMessage(
        _("Wynik oceny zgłoszenia %(number)s w naborze %(call)s")
        % {"number": application.number, "call": call.number},
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
    ).send()
    audit.record(
        "result_notice_sent",
        user=workflow.SYSTEM,
        obj=entry.result_list,
        details={
            "application": application.pk,
            "number": application.number,
            "version": entry.result_list.version,
            "status": entry.status,
            "recipients": len(to),
        },
    )
    return sent


@task()
def send_result_email(result_list_id, application_id):
    """E-mail one applicant their result on a published version of the list, in the
    background (`send_result_notice`)."""
    return send_result_notice(result_list_id, application_id)
