"""The new version of a call's list after its appeals (DOMAIN.md: the ranking is recomputed): once
every upheld appeal's card is in, the chair approves and publishes version n+1 in one step; the
re-evaluated applications become final with their status on it, and their applicants are told."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import Account
from recruitment import audit, workflow
from recruitment.models import ApplicationState, CallPage

from . import appeal_notices, appeals
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
    pass

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
    statuses: dict[int, list[str | None]] = {}
    for application_id, status in (
        Assignment.objects.current()
        .filter(application_id__in=[a.application_id for a in upheld], kind=K.APPEAL)
        .values_list("application_id", "card__status")
    ):
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
            result_list = publication.approve(call, chair, reason=reason, ip_address=ip_address)
            result_list = publication.publish(result_list, chair, ip_address=ip_address)
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
        _finalise_moved(result_list, chair, {a.application_id for a in done}, ip_address)
    return result_list


def _finalise_moved(
    result_list: ResultList, chair: Account, appealed: set[int], ip_address: str | None
) -> None:
    """The applications whose status the new version changes (another JST's appeal moved them,
    e.g. from selected to reserve) keep no stale result state: they become final, the new
    version's entry says their status, and `publication.publish` has notified them."""
    previous = (
        ResultEntry.objects.filter(
            result_list__call_id=result_list.call_id,
            result_list__published_at__isnull=False,
            result_list__version__lt=result_list.version,
        )
        .order_by("application_id", "-result_list__version")
        .values_list("application_id", "status")
    )
    before: dict[int, str] = {}
    for application_id, status in previous:
        before.setdefault(application_id, status)
    moved = [
        entry
        for entry in result_list.entries.select_related("application")
        if entry.application_id not in appealed
        and entry.application_id in before
        and before[entry.application_id] != entry.status
        and entry.application.state in (S.SELECTED, S.RESERVE, S.NOT_SELECTED)
    ]
    for entry in moved:
        appeals.fire(
            entry.application,
            "finalise",
            chair,
            reason=_(
                "Wersja %(version)s listy po uwzględnionym odwołaniu zmienia wynik: %(status)s."
            )
            % {"version": result_list.version, "status": entry.get_status_display()},
            ip_address=ip_address,
        )
