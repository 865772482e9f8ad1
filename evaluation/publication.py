"""Approving, discarding and publishing a call's ranking list, and telling the applicants
(DOMAIN.md, "Substantive evaluation": "The chair approves the list; publishing it puts it on the
portal and notifies applicants").

Approval freezes the current ranking (`evaluation.results.rank_call`) as a new version of the
list (`ResultList` and its `ResultEntry` rows) and changes nothing else: until it is published
the chair may discard it, e.g. to have a card corrected, and approve again. Publishing checks that
the ranking still is what was approved, sets the publication, gives each application of the list
still waiting for its result that result (the transitions `select`, `put_on_reserve`,
`not_select` of `recruitment.workflow`, after `mark_scored` for an application whose scoring the
chair did not close one by one), and queues one e-mail per applicant to notify. A published
version is never changed or discarded; an upheld appeal leads to a new version.

Decisions the issue leaves open:
- Approval does not close the scoring (`mark_scored`) of the applications on the list: a closed
  application's cards can no longer be returned for correction, and discarding an approved
  version is there precisely to allow that. Publication closes it.
- The result transitions are the chair's (`recruitment.workflow` gives them to the chair's role
  only). When an operator publishes, they are fired in the name of the chair who approved the
  list, with the publication named in their reason; the publication itself is logged under the
  operator's name.
- For version 1 every applicant on the list is notified; for a later version, those whose status
  or final score differs from the previous published version (or who were not on it).
"""

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import bump_content_version
from evaluation.ranking import Status
from recruitment import audit, workflow
from recruitment.models import ApplicationState, CallPage

from . import permissions, result_notices, results
from .errors import EvaluationError
from .models import Appeal, AppealDecision, ResultEntry, ResultList

# Jobs queued before the notice moved to result_notices name the task here: a worker finds it.
from .result_notices import send_result_email as send_result_email

if TYPE_CHECKING:
    from core.roles import Account

logger = logging.getLogger(__name__)
S = ApplicationState

RESULT_TRANSITIONS = {
    Status.SELECTED: "select",
    Status.RESERVE: "put_on_reserve",
    Status.NOT_SELECTED: "not_select",
}
# The statuses an applicant may appeal against (recruitment.workflow, "appeal").
REASON_MAX_LENGTH = 2000
# How many pending applications the refusal names before it says "and N more".
PENDING_NAMED = 10


# --- who may -----------------------------------------------------------------------------------


def can_approve(user, call):
    """The chair approves the list (DOMAIN.md), after signing; a superuser acts as one."""
    return permissions.can_manage_evaluation(user, call)


def can_publish(user, call):
    """The chair, or an operator of the call's partner (`permissions.operates_call`)."""
    return permissions.can_manage_evaluation(user, call) or permissions.operates_call(user, call)


def can_view_results(user, call):
    """The admin page of the list: whoever may publish it."""
    return can_publish(user, call)


def can_view_own_result(user, application):
    """Only the accounts of the application's own JST; whether a published list holds it yet is
    asked apart (`entry_of`)."""
    from recruitment import permissions as recruitment_permissions

    return recruitment_permissions.is_applicant_of(user, application.institution)


# --- reading -----------------------------------------------------------------------------------


def published_lists(call):
    """The call's published versions, the latest first."""
    return ResultList.objects.filter(call=call, published_at__isnull=False).order_by("-version")


def current_list(call: CallPage) -> ResultList | None:
    """The latest published version, or None before the first publication."""
    return published_lists(call).first()


def unpublished_list(call):
    """The approved version waiting for publication, or None."""
    return ResultList.objects.filter(call=call, published_at__isnull=True).first()


def entry_of(application):
    """The application's row on the latest published version that holds it, or None."""
    return (
        ResultEntry.objects.filter(application=application, result_list__published_at__isnull=False)
        .select_related("result_list")
        .order_by("-result_list__version")
        .first()
    )


@dataclass(frozen=True)
class _Row:
    """What a version freezes of one ranked application, to compare a list with the ranking."""

    application_id: int
    jst_type: str
    final_score: object
    status: str
    position: int
    reserve_position: int | None


def _ranked_rows(ranked):
    return {
        _Row(
            row.application.pk,
            row.jst_type,
            row.placement.final_score,
            str(row.status),
            row.position,
            row.reserve_position,
        )
        for row in ranked.ranked
    }


def _entry_rows(entries):
    return {
        _Row(e.application_id, e.jst_type, e.final_score, e.status, e.position, e.reserve_position)
        for e in entries
    }


def pending_message(pending):
    """The refusal naming the applications that are not fully scored, and why."""
    named = [
        _("%(number)s (%(jst)s): %(reason)s")
        % {
            "number": row.application.number or row.application.pk,
            "jst": row.application.institution.name,
            "reason": row.reason.label,
        }
        for row in pending[:PENDING_NAMED]
    ]
    more = len(pending) - len(named)
    text = _(
        "Listy nie można zatwierdzić: nie wszystkie zgłoszenia mają kompletną ocenę "
        "merytoryczną. %(list)s."
    ) % {"list": "; ".join(named)}
    if more:
        text += " " + _("Oraz %(count)s kolejnych.") % {"count": more}
    return text


# --- approving and discarding ----------------------------------------------------------------


def _lock_call(call):
    # Approvals and publications of one call run one after another.
    list(CallPage.objects.select_for_update(of=("self",)).filter(pk=call.pk).values("pk"))


def awaits_republication(call: CallPage) -> bool:
    """Whether the call has an upheld appeal not yet resolved by a new version of the list: that
    version is published from the appeals page (`evaluation.republication.republish`), which
    also finalises the appellants and gives a worsened result anew. One query."""
    return Appeal.objects.filter(
        application__call=call, decision=AppealDecision.UPHELD, republished_list__isnull=True
    ).exists()


def republication_message() -> str:
    return _(
        "Po uwzględnionym odwołaniu nowej wersji listy nie zatwierdza się tutaj: opublikuj ją "
        "przyciskiem „Zatwierdź i opublikuj nową wersję listy” na stronie odwołań naboru. "
        "Tylko wtedy odwołujący się otrzymują rozstrzygnięcie, a JST, których wynik się "
        "pogorszył, dostają nowe zawiadomienie i termin na odwołanie."
    )


def approve(
    call: CallPage,
    user: "Account",
    *,
    reason: str = "",
    ip_address: str | None = None,
    after_appeals: bool = False,
) -> ResultList:
    """Freeze the current ranking as a new version of the list, approved by the chair. While an
    upheld appeal waits for its new version, only `evaluation.republication.republish`
    approves (`after_appeals=True`)."""
    if not can_approve(user, call):
        raise EvaluationError(
            _("Listę rankingową zatwierdza tylko przewodniczący komisji oceny tego naboru.")
        )
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise EvaluationError(
            _("Powód nowej wersji może mieć najwyżej %(count)s znaków.")
            % {"count": REASON_MAX_LENGTH}
        )
    with transaction.atomic():
        _lock_call(call)
        waiting = unpublished_list(call)
        if waiting is not None:
            raise EvaluationError(
                _(
                    "Wersja %(version)s listy jest już zatwierdzona i czeka na publikację. "
                    "Opublikuj ją albo odrzuć, zanim zatwierdzisz nową."
                )
                % {"version": waiting.version}
            )
        ranked = results.rank_call(call)
        if ranked.pending:
            raise EvaluationError(pending_message(ranked.pending))
        # A re-evaluation still running is named first (the pending message).
        if not after_appeals and awaits_republication(call):
            raise EvaluationError(republication_message())
        if not ranked.ranked:
            raise EvaluationError(
                _("Listy nie można zatwierdzić: w naborze nie ma ocenionych zgłoszeń.")
            )
        last = ResultList.objects.filter(call=call).aggregate(last=Max("version"))["last"]
        version = (last or 0) + 1
        if version > 1 and not reason:
            raise EvaluationError(
                _("Podaj powód nowej wersji listy, np. które odwołanie uwzględniono.")
            )
        result_list = ResultList.objects.create(
            call=call,
            version=version,
            reason=reason,
            approved_by=user,
            approved_at=timezone.now(),
        )
        ResultEntry.objects.bulk_create(
            [
                ResultEntry(
                    result_list=result_list,
                    application=row.application,
                    institution_name=row.application.institution.name,
                    jst_type=row.jst_type,
                    final_score=row.placement.final_score,
                    status=str(row.status),
                    position=row.position,
                    reserve_position=row.reserve_position,
                )
                for row in ranked.ranked
            ]
        )
        counts = {}
        for row in ranked.ranked:
            counts[str(row.status)] = counts.get(str(row.status), 0) + 1
        audit.record(
            "result_list_approved",
            user=user,
            obj=result_list,
            details={
                "call": call.pk,
                "version": version,
                "entries": len(ranked.ranked),
                "statuses": counts,
                **({"reason": reason} if reason else {}),
            },
            ip_address=ip_address,
        )
    return result_list


def discard(result_list, user, *, ip_address=None):
    """Delete an approved version that has not been published; a published one stays forever."""
    call = result_list.call
    if not can_approve(user, call):
        raise EvaluationError(
            _("Zatwierdzoną listę może odrzucić tylko przewodniczący komisji oceny tego naboru.")
        )
    with transaction.atomic():
        _lock_call(call)
        locked = ResultList.objects.filter(pk=result_list.pk).first()
        if locked is None:
            raise EvaluationError(_("Tej wersji listy już nie ma: została odrzucona."))
        if locked.is_published:
            raise EvaluationError(
                _(
                    "Opublikowanej listy nie można odrzucić ani zmienić. Po uwzględnionym "
                    "odwołaniu powstaje nowa wersja."
                )
            )
        entries = locked.entries.count()
        audit.record(
            "result_list_discarded",
            user=user,
            obj=locked,
            details={"call": call.pk, "version": locked.version, "entries": entries},
            ip_address=ip_address,
        )
        # The entries refuse their own deletion (ImmutableModel); a version nobody has seen goes
        # with its rows, which the list's deletion removes without asking them.
        locked.delete()
    result_list.pk = None
    return result_list


# --- publishing ----------------------------------------------------------------------------------


def publish(
    result_list: ResultList,
    user: "Account",
    *,
    ip_address: str | None = None,
    after_appeals: bool = False,
) -> ResultList:
    """Publish an approved version: it goes on the call's page, the applications on it waiting for
    their result get it, and the applicants are notified (see the module). While an upheld appeal
    waits for its new version, only `evaluation.republication.republish` publishes
    (`after_appeals=True`); a version approved before is discarded instead."""
    call = result_list.call
    if not can_publish(user, call):
        raise EvaluationError(
            _(
                "Listę rankingową publikuje przewodniczący komisji oceny tego naboru albo "
                "operator naboru."
            )
        )
    if not after_appeals and awaits_republication(call):
        raise EvaluationError(
            republication_message()
            + " "
            + _("Tę zatwierdzoną wersję odrzuć, zanim opublikujesz nową.")
        )
    with transaction.atomic():
        _lock_call(call)
        locked = (
            ResultList.objects.select_related("call", "approved_by")
            .filter(pk=result_list.pk)
            .first()
        )
        if locked is None:
            raise EvaluationError(_("Tej wersji listy już nie ma: została odrzucona."))
        if locked.is_published:
            raise EvaluationError(
                _("Wersja %(version)s listy została już opublikowana %(when)s.")
                % {"version": locked.version, "when": _when(locked.published_at)}
            )
        newer = ResultList.objects.filter(call=call, version__gt=locked.version).exists()
        if newer:
            raise EvaluationError(_("Istnieje nowsza wersja listy; tej nie można opublikować."))
        entries = list(locked.entries.select_related("application"))
        ranked = results.rank_call(call)
        if ranked.pending or _ranked_rows(ranked) != _entry_rows(entries):
            raise EvaluationError(
                _(
                    "Ranking zmienił się od zatwierdzenia wersji %(version)s (np. poprawiono "
                    "kartę oceny albo wycofano zgłoszenie). Odrzuć tę wersję i zatwierdź listę "
                    "ponownie."
                )
                % {"version": locked.version}
            )
        now = timezone.now()
        locked.published_by = user
        locked.published_at = now
        locked.save(update_fields=["published_by", "published_at"])
        given = _give_results(locked, entries, user, ip_address)
        to_notify = _to_notify(locked, entries)
        audit.record(
            "result_list_published",
            user=user,
            obj=locked,
            details={
                "call": call.pk,
                "version": locked.version,
                "entries": len(entries),
                "results_given": given,
                "notified": len(to_notify),
            },
            ip_address=ip_address,
        )
        transaction.on_commit(lambda: _after_publication(locked, to_notify))
    for name in ("published_by", "published_at"):
        setattr(result_list, name, getattr(locked, name))
    return result_list


def _when(moment):
    return result_notices.when(moment)


def _give_results(result_list, entries, user, ip_address):
    """Fire the result transition of every application of the list that waits for its result;
    the others (re-evaluated after an appeal) are the appeals procedure's. The number given."""
    actor = user if permissions.can_manage_evaluation(user, result_list.call) else None
    actor = actor or result_list.approved_by
    note = _(
        "Lista rankingowa naboru %(call)s, wersja %(version)s, opublikowana przez %(user)s."
    ) % {
        "call": result_list.call.number or result_list.call.title,
        "version": result_list.version,
        "user": user.get_full_name() or user.get_username(),
    }
    given = 0
    for entry in sorted(entries, key=lambda e: (e.jst_type, e.position)):
        application = entry.application
        try:
            if application.state == S.SUBSTANTIVE_EVALUATION:
                workflow.fire(application, "mark_scored", actor, reason=note, ip_address=ip_address)
            if application.state == S.SCORED:
                workflow.fire(
                    application,
                    RESULT_TRANSITIONS[Status(entry.status)],
                    actor,
                    reason=note,
                    ip_address=ip_address,
                )
                given += 1
        except workflow.TransitionError as error:
            raise EvaluationError(
                _("Nie można opublikować listy: zgłoszenie %(number)s – %(message)s")
                % {"number": application.number, "message": error.message}
            ) from error
    return given


def _to_notify(result_list, entries):
    """The application ids to notify of this version (see the module)."""
    previous = (
        ResultList.objects.filter(
            call_id=result_list.call_id,
            published_at__isnull=False,
            version__lt=result_list.version,
        )
        .order_by("-version")
        .first()
    )
    if previous is None:
        return [e.application_id for e in entries]
    before = {
        application_id: (status, score)
        for application_id, status, score in previous.entries.values_list(
            "application_id", "status", "final_score"
        )
    }
    return [
        e.application_id
        for e in entries
        if before.get(e.application_id) != (e.status, e.final_score)
    ]


def _after_publication(result_list, application_ids):
    from .public_results import forget_results_link

    # The call's page and its results page change for every visitor.
    forget_results_link(result_list.call)
    bump_content_version()
    for application_id in application_ids:
        result_notices.enqueue_result_email(result_list.pk, application_id)
