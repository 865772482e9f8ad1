"""Appeals against a published ranking list (DOMAIN.md, "Substantive evaluation": "Appeal within
N days of the notification; the chair upholds it (a new evaluator, not one of the earlier ones,
re-scores; the ranking is recomputed) or rejects it with a reason").

- `file`: an account of the applicant JST appeals once per notice of its result, against its
  place on the latest published list, when that place is "reserve" or "not selected" (a selected
  application has nothing to appeal against: it is refused), within the call's `appeal_days` of
  the notification (`workflow.appeal_deadline`). The chair of the call is e-mailed. A notice is
  the publication of version 1, or of a later version that worsens the application's result
  after another JST's upheld appeal (`evaluation.republication`): that one gives a new window,
  even to an application that appealed an earlier version. One appeal per application and list
  version (a database constraint); the latest appeal is the one that matters.
- `reject`: the chair rejects it with a written reason; the application's result becomes final
  as published, the applicant is e-mailed, and no new list is published. When a version
  published while the appeal was undecided worsened the result (another JST's upheld appeal),
  that result is given anew instead, with its own appeal window, and the e-mails say so.
- `uphold`: the chair upholds it and assigns a new evaluator (an "appeal" assignment), who must be
  a signed evaluator of the call's commission, none of the application's earlier evaluators
  (cancelled assignments included), not employed by the JST nor in a declared conflict with it
  (the rules of `evaluation.assignment`). The evaluator gets the e-mail of every new assignment
  (`evaluation.notify_tasks`, which names the kind "oceniający po odwołaniu"). He fills the usual
  card and,
  scoring independently, sees none of the earlier cards until his own is submitted
  (`evaluation.permissions.can_view_card`). His card replaces the earlier score
  (`evaluation.results.appeal_score`).
- `republish` (`evaluation.republication`): once every upheld appeal's card is in, the chair approves and publishes a new
  version of the list (`evaluation.publication`); the earlier versions are kept. The re-evaluated
  applications become final, with the status of the new version, and their applicants are
  e-mailed.

Every refusal raises `EvaluationError` with a Polish message and changes nothing. Every action
goes to the audit log: the workflow transitions (appeal, start_reevaluation, finalise) on the
application, and the appeal's own entries (`appeal_*`) on the appeal.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Account
from recruitment import audit, workflow
from recruitment import permissions as recruitment_permissions
from recruitment.models import Application, ApplicationState, CallPage

from . import appeal_notices, permissions, result_notices
from . import assignment as assignment_service
from .appeal_notices import NOTICE_FILED, NOTICE_REJECTED

# Jobs queued before the e-mails moved to appeal_notices name the task here: a worker finds it.
from .appeal_notices import send_appeal_email as send_appeal_email
from .errors import EvaluationError
from .models import (
    Appeal,
    AppealDecision,
    Assignment,
    AssignmentKind,
    ResultEntry,
    ResultList,
)

if TYPE_CHECKING:
    from portal.models import User

logger = logging.getLogger(__name__)
S = ApplicationState
K = AssignmentKind
TEXT_MAX_LENGTH = 10000
REASON_MAX_LENGTH = 4000
# The statuses of a list entry an applicant may appeal against.
APPEALABLE_STATUSES = ("reserve", "not_selected")


def _clean(text: str | None, limit: int, missing: str | None = None) -> str:
    """The text with its line ends normalised and trimmed; refused when longer than `limit`,
    or empty when `missing` (the message) is given."""
    text = (text or "").replace("\r\n", "\n").strip()
    if missing is not None and not text:
        raise EvaluationError(missing)
    if len(text) > limit:
        raise EvaluationError(
            _("Uzasadnienie może mieć najwyżej %(limit)s znaków (wpisano %(length)s).")
            % {"limit": limit, "length": len(text)}
        )
    return text


def current_list(call: CallPage) -> ResultList | None:
    """The latest published version of the call's list, or None."""
    from .publication import current_list

    return current_list(call)


def entry_of(result_list: ResultList | None, application: Application) -> ResultEntry | None:
    if result_list is None:
        return None
    return ResultEntry.objects.filter(result_list=result_list, application=application).first()


def _locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "institution")
        .get(pk=application.pk)
    )


def _locked_appeal(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("application__call", "application__institution", "result_list")
        .get(pk=appeal.pk)
    )


def fire(
    application: Application,
    name: str,
    user: Account,
    *,
    reason: str = "",
    ip_address: str | None = None,
) -> Application:
    try:
        return workflow.fire(application, name, user, reason=reason, ip_address=ip_address)
    except workflow.TransitionError as error:
        raise EvaluationError(error.message) from error


# --- what the applicant may do ----------------------------------------------------------------


@dataclass
class Standing:
    """Where an application stands for an appeal: its entry on the current list, the deadline,
    its appeal against the latest notice if filed (`appeal`; the earlier ones, latest first, in
    `earlier_appeals`), the worsening that gave the latest notice (None when it was not a
    worsening), and why an appeal may not be filed now (None: it may)."""

    application: Application
    result_list: ResultList | None
    entry: ResultEntry | None
    deadline: datetime | None
    appeal: Appeal | None
    refusal: str | None = None
    notes: list[str] = field(default_factory=list)
    earlier_appeals: list[Appeal] = field(default_factory=list)
    worsening: "result_notices.Worsening | None" = None

    @property
    def may_file(self) -> bool:
        return self.refusal is None


def standing(
    application: Application, user: Account = None, *, now: datetime | None = None
) -> Standing:
    """Whether `user` may appeal the application's result now, and why not (a Polish message).
    Reads the application's call and JST, the current list, its entry and the appeal."""
    now = now or timezone.now()
    result_list = current_list(application.call)
    entry = entry_of(result_list, application)
    filed, appeal = latest_appeals(application)
    earlier = [a for a in filed if a is not appeal]
    deadline = workflow.appeal_deadline(application) if entry is not None else None
    refusal: str | None = None
    if user is not None and not recruitment_permissions.is_applicant_of(
        user, application.institution
    ):
        refusal = _("Odwołanie może wnieść tylko konto JST, która złożyła to zgłoszenie.")
    elif appeal is not None or (
        result_list is not None and any(a.result_list_id == result_list.pk for a in filed)
    ):
        against = appeal or next(
            a for a in filed if a.result_list_id == cast(ResultList, result_list).pk
        )
        refusal = _(
            "Od wyniku tego zgłoszenia wniesiono już odwołanie (%(when)s); przysługuje jedno "
            "od każdego zawiadomienia o wyniku."
        ) % {"when": workflow.warsaw_when(against.filed_at)}
    elif entry is None:
        refusal = _(
            "Zgłoszenia nie ma na opublikowanej liście rankingowej; nie ma wyniku, od którego "
            "można się odwołać."
        )
    elif entry.status not in APPEALABLE_STATUSES:
        refusal = _(
            "Zgłoszenie zostało wybrane do projektu. Odwołanie przysługuje od wpisania na listę "
            "rezerwową albo od niewybrania."
        )
    elif application.state not in (S.RESERVE, S.NOT_SELECTED):
        refusal = _("Zgłoszenie ma stan „%(state)s”; odwołanie nie jest już możliwe.") % {
            "state": S(application.state).label
        }
    elif deadline is None:
        refusal = _("Wynik tego zgłoszenia nie został jeszcze ogłoszony.")
    elif now > deadline:
        refusal = _(
            "Termin na odwołanie minął %(deadline)s. Odwołania po terminie nie są przyjmowane."
        ) % {"deadline": workflow.warsaw_when(deadline)}
    return Standing(
        application,
        result_list,
        entry,
        deadline,
        appeal,
        refusal,
        earlier_appeals=earlier,
        worsening=result_notices.worsening_of(application),
    )


def latest_appeals(application: Application) -> tuple[list[Appeal], Appeal | None]:
    """(every appeal of the application, latest first; the one against its latest notice of
    the result, or None). An appeal filed before the latest notice (`result_at`: a later version
    worsened the result) belongs to an earlier notice: the application may appeal again."""
    filed = list(
        Appeal.objects.filter(application=application)
        .select_related("result_list", "republished_list")
        .order_by("-filed_at", "-pk")
    )
    latest = filed[0] if filed else None
    if latest is not None and application.result_at is not None:
        if latest.filed_at < application.result_at:
            latest = None
    return filed, latest


# --- filing -----------------------------------------------------------------------------------


def file(
    application: Application, user: Account, text: str, *, ip_address: str | None = None
) -> Appeal:
    """The applicant appeals the application's result (see the module). Returns the Appeal."""
    text = _clean(
        text, TEXT_MAX_LENGTH, _("Napisz uzasadnienie odwołania: czego dotyczy i dlaczego.")
    )
    try:
        with transaction.atomic():
            # The row lock orders two submissions of the same appeal: the second sees the first.
            locked = _locked_application(application)
            state = standing(locked, user)
            if state.refusal:
                raise EvaluationError(state.refusal)
            # No refusal (`standing`): the application has an entry on a published list, and
            # the account filing is the JST's.
            result_list = cast(ResultList, state.result_list)
            entry = cast(ResultEntry, state.entry)
            fire(locked, "appeal", user, reason=text, ip_address=ip_address)
            appeal = Appeal.objects.create(
                application=locked,
                result_list=result_list,
                text=text,
                filed_by=cast("User", user),
                filed_at=timezone.now(),
                ip_address=ip_address,
            )
            audit.record(
                "appeal_filed",
                user=user,
                obj=appeal,
                details={
                    "application": locked.pk,
                    "number": locked.number,
                    "list_version": result_list.version,
                    "status": entry.status,
                    "deadline": state.deadline,
                },
                ip_address=ip_address,
            )
            appeal_notices.enqueue(appeal, NOTICE_FILED)
    except IntegrityError as error:
        raise EvaluationError(
            _(
                "Od wyniku tego zgłoszenia wniesiono już odwołanie; przysługuje jedno od każdego "
                "zawiadomienia o wyniku."
            )
        ) from error
    for name in ("state", "result_at"):
        setattr(application, name, getattr(locked, name))
    return appeal


# --- the chair's decision ---------------------------------------------------------------------


def check_chair(chair: Account, call: CallPage) -> None:
    if not permissions.can_manage_evaluation(chair, call):
        raise EvaluationError(_("O odwołaniu rozstrzyga przewodniczący komisji tego naboru."))


def _check_undecided(appeal: Appeal) -> None:
    if appeal.decision:
        raise EvaluationError(
            _("To odwołanie zostało już rozstrzygnięte (%(decision)s, %(when)s).")
            % {
                "decision": AppealDecision(appeal.decision).label,
                # `_decide` sets the decision and its moment together.
                "when": workflow.warsaw_when(cast(datetime, appeal.decided_at)),
            }
        )
    if appeal.application.state != S.APPEAL:
        raise EvaluationError(
            _("Zgłoszenie ma stan „%(state)s”; odwołania nie można już rozstrzygnąć.")
            % {"state": S(appeal.application.state).label}
        )


def reject(appeal: Appeal, chair: Account, reason: str, *, ip_address: str | None = None) -> Appeal:
    """The chair rejects the appeal with a written reason; the result stands as published and
    becomes final, unless a version published after the appealed one worsened it meanwhile
    (another JST's upheld appeal): then that result is given anew, with its own appeal window
    (`result_notices.give_worse`), and the rejection's e-mail says so."""
    reason = _clean(reason, REASON_MAX_LENGTH, _("Podaj uzasadnienie odrzucenia odwołania."))
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        application = appeal.application
        check_chair(chair, application.call)
        _check_undecided(appeal)
        worsened = _worsened_meanwhile(appeal)
        if worsened is None:
            fire(application, "finalise", chair, reason=reason, ip_address=ip_address)
        _decide(appeal, AppealDecision.REJECTED, chair, reason)
        audit.record(
            "appeal_rejected",
            user=chair,
            obj=appeal,
            details={
                "application": application.pk,
                "number": application.number,
                "reason": reason,
                **({"worsened_on_version": worsened[0].result_list.version} if worsened else {}),
            },
            ip_address=ip_address,
        )
        if worsened is not None:
            # A later version worsened the result while the appeal was undecided (another JST's
            # upheld appeal; `republication._settle_moved` left it to the appeal): the worsened
            # result is given anew, with its notice and its own appeal window, not made final.
            entry, previous, worsening = worsened
            published_by = entry.result_list.published_by
            publisher = (
                (published_by.get_full_name() or published_by.get_username())
                if published_by is not None
                else ""
            )
            result_notices.give_worse(
                entry, previous, worsening, publisher, ip_address, always_notify=True
            )
        appeal_notices.enqueue(appeal, NOTICE_REJECTED)
    return appeal


def _worsened_meanwhile(
    appeal: Appeal,
) -> tuple[ResultEntry, ResultEntry, "result_notices.Worsening"] | None:
    """(the application's entry on the latest published version, its entry on the appealed
    version, the worsening) when a version published after the appealed one worsened the
    result, or None."""
    application = appeal.application
    latest = current_list(application.call)
    if latest is None or latest.version <= appeal.result_list.version:
        return None
    entry = entry_of(latest, application)
    previous = entry_of(appeal.result_list, application)
    if entry is None or previous is None:
        return None
    entry.result_list = latest
    entry.application = application
    previous.result_list = appeal.result_list
    worsening = result_notices.worsening_between(previous, entry)
    if worsening is None:
        return None
    return entry, previous, worsening


def _decide(appeal: Appeal, decision: AppealDecision, chair: Account, reason: str) -> None:
    appeal.decision = decision
    appeal.decision_reason = reason
    appeal.decided_by = cast("User", chair)  # `_check_chair` let only an active account by
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])


def _assign(
    appeal: Appeal,
    chair: Account,
    evaluator: Account,
    due_date: date | None,
    ip_address: str | None,
) -> Assignment:
    return assignment_service.assign(
        appeal.application,
        evaluator,
        by=chair,
        kind=K.APPEAL,
        due_date=due_date,
        ip_address=ip_address,
    )


def uphold(
    appeal: Appeal,
    chair: Account,
    evaluator: Account,
    *,
    due_date: date | None = None,
    reason: str = "",
    ip_address: str | None = None,
) -> Appeal:
    """The chair upholds the appeal: the application goes to re-evaluation by `evaluator`, a new
    evaluator (see the module). `reason` is optional."""
    reason = _clean(reason, REASON_MAX_LENGTH)
    if evaluator is None:
        raise EvaluationError(_("Wybierz oceniającego, który oceni zgłoszenie ponownie."))
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        application = appeal.application
        check_chair(chair, application.call)
        _check_undecided(appeal)
        fire(application, "start_reevaluation", chair, reason=reason, ip_address=ip_address)
        # The assignment checks the evaluator: signed member, never assigned to it before (a
        # cancelled assignment included), not employed by the JST nor in conflict with it.
        held = _assign(appeal, chair, evaluator, due_date, ip_address)
        _decide(appeal, AppealDecision.UPHELD, chair, reason)
        audit.record(
            "appeal_upheld",
            user=chair,
            obj=appeal,
            details={
                "application": application.pk,
                "number": application.number,
                "evaluator": evaluator.get_username(),
                "assignment": held.pk,
                "due_date": held.due_date,
                **({"reason": reason} if reason else {}),
            },
            ip_address=ip_address,
        )
    return appeal


def reassign(
    appeal: Appeal,
    chair: Account,
    evaluator: Account,
    *,
    due_date: date | None = None,
    ip_address: str | None = None,
) -> Assignment:
    """Another new evaluator for an upheld appeal whose evaluator's assignment was cancelled
    (e.g. he declared a conflict with the JST)."""
    if evaluator is None:
        raise EvaluationError(_("Wybierz oceniającego, który oceni zgłoszenie ponownie."))
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        application = appeal.application
        check_chair(chair, application.call)
        if appeal.decision != AppealDecision.UPHELD or application.state != S.RE_EVALUATION:
            raise EvaluationError(
                _("Oceniającego po odwołaniu przydziela się tylko w trakcie ponownej oceny.")
            )
        # An earlier appeal's re-scoring (an appeal against an earlier version) is not this one's.
        if (
            Assignment.objects.current()
            .filter(application=application, kind=K.APPEAL, created_at__gte=appeal.filed_at)
            .exists()
        ):
            raise EvaluationError(
                _(
                    "Zgłoszenie ma już oceniającego po odwołaniu; cofnij jego przydział, zanim "
                    "przydzielisz innego."
                )
            )
        held = _assign(appeal, chair, evaluator, due_date, ip_address)
        audit.record(
            "appeal_evaluator_reassigned",
            user=chair,
            obj=appeal,
            details={
                "application": application.pk,
                "number": application.number,
                "evaluator": evaluator.get_username(),
                "assignment": held.pk,
            },
            ip_address=ip_address,
        )
    return held
