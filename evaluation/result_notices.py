"""The result on a published version as the applicant is told it: the e-mail (sent by a background
task after the publication), the public results page it links to and the appeal deadline it
names.

A later version that worsens an application's result after another JST's upheld appeal
(`evaluation.republication`: selected → reserve or not selected, reserve → not selected, or a
lower reserve place) gives the result anew: its e-mail says what changed and why, and the appeal
window runs from that notice (`result_at`). `worsening_of` finds that change for the pages."""

import datetime
import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from django_tasks import task

from core.site_url import absolute
from evaluation.ranking import Status
from recruitment import audit, receipts, workflow
from recruitment.models import Application, ApplicationState

from .errors import EvaluationError
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


# --- a worsened result ------------------------------------------------------------------------

# Better first: a larger rank is a worse outcome.
STATUS_RANK = {Status.SELECTED: 0, Status.RESERVE: 1, Status.NOT_SELECTED: 2}


def is_worse(
    old_status: str, old_reserve: int | None, new_status: str, new_reserve: int | None
) -> bool:
    """Whether the new outcome is worse than the old: a worse status, or a larger (lower) reserve
    place on the reserve list."""
    old_rank, new_rank = STATUS_RANK[Status(old_status)], STATUS_RANK[Status(new_status)]
    if new_rank != old_rank:
        return new_rank > old_rank
    return (
        new_status == Status.RESERVE
        and old_reserve is not None
        and new_reserve is not None
        and new_reserve > old_reserve
    )


def outcome_text(status: str, reserve_position: int | None) -> str:
    """A status as the applicant reads it, e.g. „na liście rezerwowej (miejsce 2)”."""
    label = str(dict(ResultEntry._meta.get_field("status").choices)[status])
    if status == Status.RESERVE and reserve_position:
        return _("%(status)s (miejsce %(position)s)") % {
            "status": label,
            "position": reserve_position,
        }
    return label


@dataclass(frozen=True)
class Worsening:
    """A version of the list that worsened an application's result: its number and moment,
    the earlier version's and its own outcome."""

    version: int
    previous_version: int
    published_at: datetime.datetime
    old_status: str
    old_reserve_position: int | None
    new_status: str
    new_reserve_position: int | None

    @property
    def old_text(self) -> str:
        return outcome_text(self.old_status, self.old_reserve_position)

    @property
    def new_text(self) -> str:
        return outcome_text(self.new_status, self.new_reserve_position)

    @property
    def reason(self) -> str:
        return _(
            "Wersja %(version)s listy rankingowej, opublikowana po uwzględnieniu odwołania innej "
            "JST i jej ponownej ocenie, zmieniła wynik zgłoszenia względem wersji %(previous)s: "
            "%(old)s → %(new)s."
        ) % {
            "version": self.version,
            "previous": self.previous_version,
            "old": self.old_text,
            "new": self.new_text,
        }


def worsening_between(previous: ResultEntry | None, entry: ResultEntry) -> "Worsening | None":
    """The Worsening from `previous` (an entry on an earlier published version) to `entry`, or
    None when the outcome did not worsen."""
    if previous is None or not is_worse(
        previous.status, previous.reserve_position, entry.status, entry.reserve_position
    ):
        return None
    return Worsening(
        version=entry.result_list.version,
        previous_version=previous.result_list.version,
        published_at=entry.result_list.published_at,
        old_status=previous.status,
        old_reserve_position=previous.reserve_position,
        new_status=entry.status,
        new_reserve_position=entry.reserve_position,
    )


def worsening_of(application: Application, entry: ResultEntry | None = None) -> "Worsening | None":
    """The worsening that gave the application's latest notice of its result, or None: its entry
    on the latest published version published no later than the notice (`result_at`), compared
    with its entry on the version before. One query; none before a result, or when `entry`, the
    application's entry on the latest published version, is on version 1."""
    if application.result_at is None:
        return None
    if entry is not None and entry.result_list.version == 1:
        return None
    found = list(
        ResultEntry.objects.filter(
            application_id=application.pk,
            result_list__published_at__isnull=False,
            result_list__published_at__lte=application.result_at,
        )
        .select_related("result_list")
        .order_by("-result_list__version")[:2]
    )
    if len(found) < 2:
        return None
    return worsening_between(found[1], found[0])


def give_worse(
    entry: ResultEntry,
    previous: ResultEntry,
    worsening: Worsening,
    publisher: str,
    ip_address: str | None,
    *,
    always_notify: bool = False,
) -> None:
    """Give the worsened result on `entry` (its `result_list` set, as on `previous`) anew: the
    system's `worsen_to_reserve` or `worsen_to_not_selected` (the notice: `result_at` is now, so
    the JST has its own appeal window), the audit `result_worsened` on the version, and the
    e-mail queued once the transaction commits. The publication of the version sends it itself
    when the status or score changed; `always_notify` when it did not tell this JST of the change
    (an appeal undecided at the publication, rejected since: `evaluation.appeals.reject`).
    Used by `evaluation.republication` and `evaluation.appeals`."""
    application = entry.application
    name = "worsen_to_reserve" if entry.status == Status.RESERVE else "worsen_to_not_selected"
    reason = _("%(reason)s Opublikował(a): %(user)s.") % {
        "reason": worsening.reason,
        "user": publisher,
    }
    try:
        workflow.fire(application, name, workflow.SYSTEM, reason=reason, ip_address=ip_address)
    except workflow.TransitionError as error:
        raise EvaluationError(error.message) from error
    audit.record(
        "result_worsened",
        user=workflow.SYSTEM,
        obj=entry.result_list,
        application=application,
        details={
            "number": application.number,
            "version": worsening.version,
            "previous_version": worsening.previous_version,
            "from": worsening.old_status,
            "from_reserve_position": worsening.old_reserve_position,
            "to": worsening.new_status,
            "to_reserve_position": worsening.new_reserve_position,
            "result_at": application.result_at,
            "appeal_deadline": workflow.appeal_deadline(application),
        },
        ip_address=ip_address,
    )
    if always_notify or (previous.status, previous.final_score) == (
        entry.status,
        entry.final_score,
    ):
        # `publication.publish` notifies a changed status or score only.
        transaction.on_commit(
            functools.partial(enqueue_result_email, entry.result_list_id, application.pk)
        )


def enqueue_result_email(result_list_id: int, application_id: int) -> None:
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
        and not Appeal.objects.filter(
            application=application, filed_at__gte=application.result_at
        ).exists()
    ):
        deadline = appeal_deadline(application)
    worsening = worsening_of(application) if entry.result_list.version > 1 else None
    if worsening is not None and worsening.version != entry.result_list.version:
        worsening = None  # an earlier notice's change; this version's e-mail is not about it
    context = {
        "worsening": worsening,
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
    subject = (
        _(
            "Zmiana wyniku zgłoszenia %(number)s w naborze %(call)s: nowa wersja listy i termin "
            "na odwołanie"
        )
        if worsening is not None
        else _("Wynik oceny zgłoszenia %(number)s w naborze %(call)s")
    )
    sent = EmailMessage(
        subject % {"number": application.number, "call": call.number},
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
            **(
                {
                    "worsened_from": worsening.old_status,
                    "worsened_from_reserve_position": worsening.old_reserve_position,
                    "previous_version": worsening.previous_version,
                }
                if worsening is not None
                else {}
            ),
            **({"appeal_deadline": deadline} if deadline else {}),
        },
    )
    return sent


@task()
def send_result_email(result_list_id, application_id):
    """E-mail one applicant their result on a published version of the list, in the
    background (`send_result_notice`)."""
    return send_result_notice(result_list_id, application_id)
