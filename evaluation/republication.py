"""The new version of a call's list after its appeals (DOMAIN.md: the ranking is recomputed): once
every upheld appeal's card is in, the chair approves and publishes version n+1 in one step; the
re-evaluated applications become final with their status on it, and their applicants are told.
Another JST that the new version moves down (worse status, or a lower reserve place) gets its
result anew, with the reason and its own appeal window from that notice (`_settle_moved`)."""

from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import Account
from recruitment import audit, workflow
from recruitment.models import ApplicationState, CallPage

from . import appeal_notices, appeals, result_notices
from .appeal_notices import NOTICE_RESOLVED
from .errors import EvaluationError
from .models import (
    Appeal,
    AppealDecision,
    Assignment,
    AssignmentKind,
    CardStatus,
    ResultEntry,
    ResultList,
)

if TYPE_CHECKING:
    from portal.models import User

S = ApplicationState
K = AssignmentKind


def ready_for_republication(call: CallPage) -> tuple[list[Appeal], list[Appeal]]:
    """(upheld appeals whose re-evaluation is done, upheld appeals still re-evaluated), in two
    queries. Done: every current appeal card of the application is submitted, and there is one."""
    upheld = list(
        Appeal.objects.filter(
            application__call=call,
            decision=AppealDecision.UPHELD,
            republished_list__isnull=True,
            application__state=S.RE_EVALUATION,
        )
        .select_related("application__institution")
        .order_by("filed_at", "pk")
    )
    filed = {a.application_id: a.filed_at for a in upheld}
    statuses: dict[int, list[str | None]] = {}
    for application_id, status, created_at in (
        Assignment.objects.current()
        .filter(application_id__in=list(filed), kind=K.APPEAL)
        .values_list("application_id", "card__status", "created_at")
    ):
        # An application appealing a later version has its earlier appeal's card too: only the
        # assignments made since this appeal was filed are its re-evaluation.
        if created_at >= filed[application_id]:
            statuses.setdefault(application_id, []).append(status)
    done: list[Appeal] = []
    waiting: list[Appeal] = []
    for appeal in upheld:
        found = statuses.get(appeal.application_id, [])
        submitted = bool(found) and all(status == CardStatus.SUBMITTED for status in found)
        (done if submitted else waiting).append(appeal)
    return done, waiting


def republish(call: CallPage, chair: Account, *, ip_address: str | None = None) -> ResultList:
    """Approve and publish a new version of the list after the upheld appeals' re-evaluation
    (`publication.approve` and `publish`); the re-evaluated applications become final. Returns
    the new ResultList."""
    from . import publication

    appeals.check_chair(chair, call)
    with transaction.atomic():
        list(
            Appeal.objects.select_for_update(of=("self",))
            .filter(application__call=call, decision=AppealDecision.UPHELD)
            .values_list("pk", flat=True)
        )
        done, waiting = ready_for_republication(call)
        if waiting:
            raise EvaluationError(
                _(
                    "Ponowna ocena po odwołaniu nie została zakończona: %(numbers)s. Nową wersję "
                    "listy publikuje się, gdy wszystkie karty po odwołaniach są złożone."
                )
                % {"numbers": ", ".join(a.application.number or "" for a in waiting)}
            )
        if not done:
            raise EvaluationError(
                _(
                    "Nie ma uwzględnionych odwołań z zakończoną ponowną oceną; lista się nie zmienia."
                )
            )
        reason = _("Odwołania uwzględnione po ponownej ocenie: %(items)s.") % {
            "items": "; ".join(
                f"{a.application.number} ({a.application.institution.name})" for a in done
            )
        }
        try:
            result_list = publication.approve(
                call, chair, reason=reason, ip_address=ip_address, after_appeals=True
            )
            result_list = publication.publish(
                result_list, chair, ip_address=ip_address, after_appeals=True
            )
        except workflow.TransitionError as error:
            raise EvaluationError(error.message) from error
        entries = {
            e.application_id: e
            for e in ResultEntry.objects.filter(
                result_list=result_list, application_id__in=[a.application_id for a in done]
            )
        }
        for appeal in done:
            application = appeal.application
            entry = entries.get(application.pk)
            appeals.fire(application, "finalise", chair, ip_address=ip_address)
            appeal.republished_list = result_list
            appeal.save(update_fields=["republished_list"])
            audit.record(
                "appeal_republished",
                user=chair,
                obj=appeal,
                details={
                    "application": application.pk,
                    "number": application.number,
                    "list_version": result_list.version,
                    "status": entry.status if entry else "",
                    "final_score": entry.final_score if entry else None,
                },
                ip_address=ip_address,
            )
            appeal_notices.enqueue(appeal, NOTICE_RESOLVED)
        _settle_moved(result_list, chair, {a.application_id for a in done}, ip_address)
    return result_list


def worsened_numbers(result_list: ResultList) -> list[str]:
    """The numbers of the applications whose result this version worsened (given anew, with a
    new appeal window), from the audit log of its publication. One query."""
    from recruitment.models import AuditLogEntry

    return sorted(
        str(number)
        for number in AuditLogEntry.objects.filter(
            action="result_worsened",
            object_type=ResultList._meta.label_lower,
            object_id=str(result_list.pk),
        ).values_list("details__number", flat=True)
    )


def _settle_moved(
    result_list: ResultList, chair: Account, appealed: set[int], ip_address: str | None
) -> None:
    """The applications whose outcome the new version changes, besides the re-evaluated ones
    (another JST's appeal moved them), compared with the previous published version:

    - worsened (selected → reserve or not selected, reserve → not selected, a lower reserve
      place): the result is given anew (`worsen_to_reserve`, `worsen_to_not_selected`, fired
      by the system in the publication's name), with `result_at` the notice, so the JST has its
      own appeal window from it, even when it appealed an earlier version or was final. The
      e-mail says what changed and why (`result_notices`); the publication sends it when the
      status or score changed, this function when only the reserve place did;
    - improved (a better status): final, as before, with the new status in the reason;
    - unchanged status (or a better reserve place): left as they are.

    An application whose own appeal is undecided at that moment is the appeal's and is left."""
    previous_list = (
        ResultList.objects.filter(
            call_id=result_list.call_id,
            published_at__isnull=False,
            version__lt=result_list.version,
        )
        .order_by("-version")
        .first()
    )
    if previous_list is None:
        return
    before = {e.application_id: e for e in previous_list.entries.all()}
    for previous in before.values():
        previous.result_list = previous_list
    account = cast("User", chair)  # `appeals.check_chair` let only the call's chair by
    publisher = account.get_full_name() or account.get_username()
    for entry in result_list.entries.select_related("application__call"):
        previous = before.get(entry.application_id)
        if entry.application_id in appealed or previous is None:
            continue
        entry.result_list = result_list
        application = entry.application
        worsening = result_notices.worsening_between(previous, entry)
        if worsening is not None:
            if application.state not in workflow.WORSENED_SOURCES:
                continue
            result_notices.give_worse(entry, previous, worsening, publisher, ip_address)
        elif previous.status != entry.status and application.state in (
            S.SELECTED,
            S.RESERVE,
            S.NOT_SELECTED,
        ):
            appeals.fire(
                application,
                "finalise",
                chair,
                reason=_(
                    "Wersja %(version)s listy po uwzględnionym odwołaniu zmienia wynik: %(status)s."
                )
                % {"version": result_list.version, "status": entry.get_status_display()},
                ip_address=ip_address,
            )
