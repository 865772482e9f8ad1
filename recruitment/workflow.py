"""The state machine of an application: named transitions, who may fire them, and their rules.

Each transition declares its source states, its target state and the roles that may fire it
(DOMAIN.md, "Recruitment of JST"). `fire` is the only way to change an application's state: it
locks the row, checks the role, the state and the transition's own rule (the call's window, the
supplement and appeal deadlines, a written reason), changes the application and appends one
entry to the audit log, all in one transaction. A refused transition raises `TransitionError`
with a Polish message and changes nothing. Times are the server's (`timezone.now()`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, cast
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Account
from recruitment import audit, criteria, permissions
from recruitment.models import Application, ApplicationState, CallPage
from recruitment.models.choices import RESULT_STATES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

S = ApplicationState


class Role:
    APPLICANT = "applicant"
    OPERATOR = "operator"
    CHAIR = "chair"
    SYSTEM = "system"


ROLE_LABELS = {
    Role.APPLICANT: _("wnioskodawca z tej JST"),
    Role.OPERATOR: _("operator naboru"),
    Role.CHAIR: _("przewodniczący komisji"),
    Role.SYSTEM: _("system (terminy uzupełnień, nowe wersje listy rankingowej)"),
}


class _SystemActor:
    """The scheduled command acting on its own (recruitment_deadlines): it holds the SYSTEM role
    only, so it fires nothing but the transitions that name that role. Not a user account: the
    audit log records it under `audit_name`."""

    is_authenticated = False
    is_active = True
    is_superuser = False
    audit_name = "system"

    def __str__(self) -> str:
        return self.audit_name


SYSTEM = _SystemActor()

# Who fires a transition: an account (or nobody), or the scheduled command.
Actor: TypeAlias = "Account | _SystemActor"


def has_role(user: Actor, role: str, application: Application) -> bool:
    if user is SYSTEM or role == Role.SYSTEM:
        return user is SYSTEM and role == Role.SYSTEM
    # SYSTEM is the only `_SystemActor`: what is left is an account (or nobody).
    account = cast("Account", user)
    if role == Role.APPLICANT:
        return permissions.is_applicant_of(account, application.institution)
    if role == Role.OPERATOR:
        return permissions.operates_call(account, application.call)
    if role == Role.CHAIR:
        return permissions.chairs_call(account, application.call)
    return False


class TransitionError(Exception):
    """A transition was refused; `message` says why, in Polish, for the user."""

    code = "refused"

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(str(message))
        self.message = message


class UnknownTransition(TransitionError):
    code = "unknown"


class TransitionForbidden(TransitionError):
    code = "forbidden"


class TransitionNotAllowed(TransitionError):
    code = "wrong_state"


class TransitionRefused(TransitionError):
    code = "refused"


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j E Y, H:i:s")


# A transition's rule (raises TransitionRefused) and effect (changes the locked application):
# called with the application, the server's time and the written reason.
Rule: TypeAlias = "Callable[[Application, datetime.datetime, str | None], None]"


# --- rules and effects ------------------------------------------------------------------------


def _submit_rule(application: Application, now: datetime.datetime, reason: str | None) -> None:
    call = application.call
    if not call.live:
        raise TransitionRefused(_("Ten nabór nie jest opublikowany; nie przyjmuje zgłoszeń."))
    if now < call.opens_at:
        raise TransitionRefused(
            _("Nabór %(number)s przyjmuje zgłoszenia od %(opens)s; jeszcze się nie rozpoczął.")
            % {"number": call.number, "opens": _when(call.opens_at)}
        )
    if now > call.closes_at:
        raise TransitionRefused(
            _(
                "Termin składania zgłoszeń w naborze %(number)s minął %(closes)s. "
                "Zgłoszenia po terminie nie są przyjmowane."
            )
            % {"number": call.number, "closes": _when(call.closes_at)}
        )
    if not CallPage.has_stored_criteria(call.pk):
        raise TransitionRefused(criteria.MISSING_MESSAGE)


def _submit_effect(application: Application, now: datetime.datetime, reason: str | None) -> None:
    # The call row is locked, so two submissions cannot take the same number.
    list(
        CallPage.objects.select_for_update(of=("self",)).filter(pk=application.call_id).values("pk")
    )
    taken = Application.objects.filter(call_id=application.call_id, number__isnull=False).count()
    application.number = f"{application.call.number}/{taken + 1:03d}"
    application.submitted_at = now


def _request_supplement_rule(
    application: Application, now: datetime.datetime, reason: str | None
) -> None:
    if application.supplement_due is not None:
        raise TransitionRefused(_("Do uzupełnienia można wezwać tylko raz."))


WARSAW = ZoneInfo("Europe/Warsaw")


def supplement_deadline(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the `days`-th day after the day of `moment`, Europe/Warsaw (23:59:59.999999).

    A deadline in days does not count the day of the call and ends when its last day ends, as a
    deadline in days does in Polish administrative procedure (KPA art. 57 § 1): a call made at
    any hour of 3 March with 7 days runs to the end of 10 March. Calendar days; a deadline that
    ends on a Saturday or a holiday is not moved (the call's `supplement_days` is the operator's
    to set)."""
    local_day = moment.astimezone(WARSAW).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(local_day, datetime.time.max, tzinfo=WARSAW)


def _request_supplement_effect(
    application: Application, now: datetime.datetime, reason: str | None
) -> None:
    application.supplement_due = supplement_deadline(now, application.call.supplement_days)


def _supplement_rule(application: Application, now: datetime.datetime, reason: str | None) -> None:
    if application.supplement_due is not None and now > application.supplement_due:
        raise TransitionRefused(
            _("Termin na uzupełnienie minął %(due)s.") % {"due": _when(application.supplement_due)}
        )


def _supplement_effect(
    application: Application, now: datetime.datetime, reason: str | None
) -> None:
    # A supplement makes a new version; earlier versions are kept with the application form.
    application.version += 1


def _reason_required(application: Application, now: datetime.datetime, reason: str | None) -> None:
    if not (reason or "").strip():
        raise TransitionRefused(_("Podaj pisemne uzasadnienie."))


def _expire_rule(application: Application, now: datetime.datetime, reason: str | None) -> None:
    _reason_required(application, now, reason)
    if application.supplement_due is None or now <= application.supplement_due:
        raise TransitionRefused(_("Termin na uzupełnienie jeszcze nie minął."))


def _result_effect(application: Application, now: datetime.datetime, reason: str | None) -> None:
    application.result_at = now


def appeal_deadline(application: Application) -> datetime.datetime | None:
    """The last moment an appeal against the result is accepted: the notification of the result
    (`result_at`, set when the result is given) plus the call's `appeal_days`, that moment
    included (DOMAIN.md: "Appeal within N days of the notification"). None before a result."""
    if application.result_at is None:
        return None
    return application.result_at + datetime.timedelta(days=application.call.appeal_days)


def warsaw_when(moment: datetime.datetime) -> str:
    """A moment as the applicant reads it: Europe/Warsaw, with the zone named."""
    local = moment.astimezone(WARSAW)
    return _("%(when)s (czasu polskiego)") % {"when": formats.date_format(local, "j E Y, H:i:s")}


def _appeal_rule(application: Application, now: datetime.datetime, reason: str | None) -> None:
    _reason_required(application, now, reason)
    deadline = appeal_deadline(application)
    if deadline is None:
        raise TransitionRefused(_("Wynik tego zgłoszenia nie został jeszcze ogłoszony."))
    if now > deadline:
        raise TransitionRefused(
            _("Termin na odwołanie minął %(deadline)s.") % {"deadline": warsaw_when(deadline)}
        )


def _finalise_rule(application: Application, now: datetime.datetime, reason: str | None) -> None:
    # Rejecting an appeal ends it with a written reason (DOMAIN.md).
    if application.state == S.APPEAL:
        _reason_required(application, now, reason)


@dataclass(frozen=True)
class Transition:
    name: str
    label: StrOrPromise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    rule: Rule | None = None
    effect: Rule | None = None


def _t(
    name: str,
    label: StrOrPromise,
    sources: Iterable[str],
    target: str,
    roles: Iterable[str],
    rule: Rule | None = None,
    effect: Rule | None = None,
) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(roles), rule, effect)


BEFORE_RESULT = [state for state in S if state not in RESULT_STATES]
# The states a result given on a published list may be in when a later version worsens it (an
# application whose appeal is undecided or re-evaluated is the appeal's).
WORSENED_SOURCES = [S.SELECTED, S.RESERVE, S.NOT_SELECTED, S.FINAL]
# The worsening transitions also leave an appeal that the chair rejects after a later version
# worsened the result while it was undecided (evaluation.appeals.reject): the result is given
# anew instead of becoming final.
WORSEN_TRANSITION_SOURCES = [*WORSENED_SOURCES, S.APPEAL]

TRANSITIONS = {
    t.name: t
    for t in [
        _t("submit", _("złożenie zgłoszenia"), [S.DRAFT], S.SUBMITTED, [Role.APPLICANT],
           _submit_rule, _submit_effect),
        _t("start_formal_check", _("rozpoczęcie oceny formalnej"), [S.SUBMITTED, S.SUPPLEMENTED],
           S.FORMAL_CHECK, [Role.OPERATOR]),
        _t("request_supplement", _("wezwanie do uzupełnienia"), [S.FORMAL_CHECK],
           S.TO_SUPPLEMENT, [Role.OPERATOR], _request_supplement_rule, _request_supplement_effect),
        _t("supplement", _("uzupełnienie zgłoszenia"), [S.TO_SUPPLEMENT], S.SUPPLEMENTED,
           [Role.APPLICANT], _supplement_rule, _supplement_effect),
        _t("reject_formally", _("odrzucenie formalne"), [S.FORMAL_CHECK, S.TO_SUPPLEMENT],
           S.FORMALLY_REJECTED, [Role.OPERATOR], _reason_required, _result_effect),
        _t("expire_supplement", _("odrzucenie po upływie terminu uzupełnienia"),
           [S.TO_SUPPLEMENT], S.FORMALLY_REJECTED, [Role.SYSTEM], _expire_rule, _result_effect),
        _t("accept_formally", _("przyjęcie formalne"), [S.FORMAL_CHECK], S.FORMALLY_ACCEPTED,
           [Role.OPERATOR]),
        _t("start_evaluation", _("rozpoczęcie oceny merytorycznej"), [S.FORMALLY_ACCEPTED],
           S.SUBSTANTIVE_EVALUATION, [Role.OPERATOR, Role.CHAIR]),
        _t("mark_scored", _("zakończenie oceny merytorycznej"), [S.SUBSTANTIVE_EVALUATION],
           S.SCORED, [Role.CHAIR]),
        _t("select", _("wybór do projektu"), [S.SCORED], S.SELECTED, [Role.CHAIR],
           None, _result_effect),
        _t("put_on_reserve", _("wpisanie na listę rezerwową"), [S.SCORED], S.RESERVE,
           [Role.CHAIR], None, _result_effect),
        _t("not_select", _("niewybranie"), [S.SCORED], S.NOT_SELECTED, [Role.CHAIR],
           None, _result_effect),
        _t("appeal", _("odwołanie"), [S.RESERVE, S.NOT_SELECTED], S.APPEAL, [Role.APPLICANT],
           _appeal_rule),
        _t("start_reevaluation", _("uwzględnienie odwołania i ponowna ocena"), [S.APPEAL],
           S.RE_EVALUATION, [Role.CHAIR]),
        _t("finalise", _("rozstrzygnięcie ostateczne"),
           [S.APPEAL, S.RE_EVALUATION, S.SELECTED, S.RESERVE, S.NOT_SELECTED], S.FINAL,
           [Role.CHAIR], _finalise_rule),
        # A new version of the list after another JST's upheld appeal worsens this result: the
        # result is given anew, with its notice (`result_at`) and its own appeal window
        # (evaluation.republication). The system's only, fired by the publication of the version
        # (the reason names it and who published it): no one gives it by hand.
        _t("worsen_to_reserve", _("zmiana wyniku na nowej wersji listy: lista rezerwowa"),
           WORSEN_TRANSITION_SOURCES, S.RESERVE, [Role.SYSTEM], _reason_required, _result_effect),
        _t("worsen_to_not_selected", _("zmiana wyniku na nowej wersji listy: niewybranie"),
           WORSEN_TRANSITION_SOURCES, S.NOT_SELECTED, [Role.SYSTEM], _reason_required, _result_effect),
        _t("withdraw", _("wycofanie zgłoszenia"), BEFORE_RESULT, S.WITHDRAWN, [Role.APPLICANT]),
    ]
}  # fmt: skip


def allowed_roles_text(transition: Transition) -> str:
    return ", ".join(str(ROLE_LABELS[role]) for role in sorted(transition.roles))


def check(application: Application, name: str, user: Actor) -> Transition:
    """The transition, if this user may fire it from the application's current state."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise UnknownTransition(_("Nieznana czynność: „%(name)s”.") % {"name": name})
    if not any(has_role(user, role, application) for role in transition.roles):
        raise TransitionForbidden(
            _("Nie masz uprawnień do czynności „%(label)s”. Może ją wykonać: %(roles)s.")
            % {"label": transition.label, "roles": allowed_roles_text(transition)}
        )
    if application.state not in transition.sources:
        raise TransitionNotAllowed(
            _("Czynności „%(label)s” nie można wykonać, gdy zgłoszenie ma stan „%(state)s”.")
            % {"label": transition.label, "state": ApplicationState(application.state).label}
        )
    return transition


def available(application: Application, user: Actor) -> list[str]:
    """Names of the transitions this user may fire now (rules with deadlines are not run)."""
    names: list[str] = []
    for name in TRANSITIONS:
        try:
            check(application, name, user)
        except TransitionError:
            continue
        names.append(name)
    return names


def fire(
    application: Application,
    name: str,
    user: Actor,
    *,
    reason: str | None = "",
    ip_address: str | None = None,
) -> Application:
    """Fire the named transition as `user`; returns the application in its new state."""
    with transaction.atomic():
        locked = (
            # The application's row only; the call's row is locked where numbering needs it.
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "institution")
            .get(pk=application.pk)
        )
        transition = check(locked, name, user)
        now = timezone.now()
        if transition.rule is not None:
            transition.rule(locked, now, reason)
        previous = locked.state
        if transition.effect is not None:
            transition.effect(locked, now, reason)
        locked.state = transition.target
        locked.save()
        details: dict[str, object] = {
            "from": previous,
            "to": transition.target,
            "version": locked.version,
        }
        if reason:
            details["reason"] = reason
        if locked.number:
            details["number"] = locked.number
        if locked.supplement_due and name == "request_supplement":
            details["supplement_due"] = locked.supplement_due
        audit.record(
            name,
            user=user,
            application=locked,
            details=details,
            ip_address=ip_address,
        )
    for model_field in Application._meta.concrete_fields:
        setattr(application, model_field.attname, getattr(locked, model_field.attname))
    return application
