"""Assigning evaluators to applications, by hand or automatically (DOMAIN.md, "Substantive
evaluation").

Two evaluators score each application (kinds "first" and "second"); a third one when the rule of
`evaluation.scoring.needs_third_evaluator` fires on the first two totals. An evaluator is never
assigned to a JST that employs them or with which they declared a conflict, nor twice to the same
application, and only after signing the call's declaration (so that every conflict they know of
is on record before they get work). The automatic assignment fills the missing places giving each
to the eligible evaluator with the fewest current assignments in the call, the earlier account
first on a tie, so that the same data always gives the same result.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment import audit, workflow
from recruitment.models import Application, ApplicationState

from . import cards, notify_tasks, permissions
from .errors import EvaluationError
from .models import (
    KIND_ORDER,
    Assignment,
    AssignmentKind,
    CardScore,
    CommissionMember,
    CommissionRole,
    ConflictDeclaration,
    Declaration,
    SubstantiveCard,
)

if TYPE_CHECKING:
    from core.roles import Account

K = AssignmentKind
DEFAULT_DUE_DAYS = 14
REASON_MAX_LENGTH = 500


def default_due_date():
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_DUE_DAYS)


def _name(user):
    return user.get_full_name() or user.get_username()


def call_members(call):
    """The call's commission with each member's account, employer and signature: one query."""
    return list(
        CommissionMember.objects.filter(call=call)
        .select_related("user", "employer")
        .annotate(
            signed=Exists(
                Declaration.objects.filter(call_id=OuterRef("call_id"), user_id=OuterRef("user_id"))
            )
        )
        .order_by("role", "user__last_name", "user__username", "pk")
    )


@dataclass
class Commission:
    """What the assignment rules need to know about a call's commission."""

    evaluators: dict  # user id -> user, the call's active evaluators in account order
    signed: set  # user ids who signed the declaration
    conflicts: dict  # user id -> set of institution ids (declared conflicts)
    employers: dict  # user id -> institution id (employed by that JST)
    load: Counter = field(default_factory=Counter)  # user id -> current assignments in the call

    @classmethod
    def of(cls, call):
        """Read in three queries."""
        conflict_pairs = ConflictDeclaration.objects.filter(call=call).values_list(
            "user_id", "institution_id"
        )
        current_evaluator_ids = (
            Assignment.objects.current()
            .filter(application__call=call)
            .values_list("evaluator_id", flat=True)
        )
        return cls.from_rows(call_members(call), conflict_pairs, current_evaluator_ids)

    @classmethod
    def from_rows(cls, members, conflict_pairs, current_evaluator_ids):
        """From rows a page has read already: `call_members`, (user id, institution id) of the
        declared conflicts, and the evaluator id of every current assignment in the call."""
        conflicts = defaultdict(set)
        for user_id, institution_id in conflict_pairs:
            conflicts[user_id].add(institution_id)
        evaluators = sorted(
            (m for m in members if m.role == CommissionRole.EVALUATOR and m.user.is_active),
            key=lambda m: m.user_id,
        )
        return cls(
            evaluators={m.user_id: m.user for m in evaluators},
            signed={m.user_id for m in members if m.signed},
            conflicts=conflicts,
            employers={m.user_id: m.employer_id for m in members if m.employer_id},
            load=Counter(current_evaluator_ids),
        )

    def refusal(self, application, user_id, current_user_ids, ever_user_ids=()):
        """Why this evaluator may not score this application, in Polish; None when they may."""
        user = self.evaluators.get(user_id)
        if user is None:
            return _("Ta osoba nie jest oceniającym w komisji tego naboru.")
        if user_id not in self.signed:
            return _("%(name)s nie podpisał(a) jeszcze deklaracji bezstronności i poufności.") % {
                "name": _name(user)
            }
        if self.employers.get(user_id) == application.institution_id:
            return _("%(name)s jest zatrudniony(-a) w JST „%(jst)s”.") % {
                "name": _name(user),
                "jst": application.institution.name,
            }
        if application.institution_id in self.conflicts.get(user_id, ()):
            return _("%(name)s zgłosił(a) konflikt interesów z JST „%(jst)s”.") % {
                "name": _name(user),
                "jst": application.institution.name,
            }
        if user_id in current_user_ids:
            return _("%(name)s już ocenia to zgłoszenie.") % {"name": _name(user)}
        if user_id in ever_user_ids:
            return _("%(name)s oceniał(a) już to zgłoszenie wcześniej.") % {"name": _name(user)}
        return None

    def eligible(self, application, current_user_ids, ever_user_ids=()):
        """The evaluators who may take this application, the least loaded first."""
        candidates = [
            user
            for user_id, user in self.evaluators.items()
            if self.refusal(application, user_id, current_user_ids, ever_user_ids) is None
        ]
        return sorted(candidates, key=lambda user: (self.load[user.pk], user.pk))


def open_kind(application, current):
    """The kind of the next place to fill for this application, or None when it has them all.

    `current` are the application's current assignments with their cards."""
    kinds = {a.kind for a in current}
    for kind in (K.FIRST, K.SECOND):
        if kind not in kinds:
            return kind
    if K.THIRD not in kinds and cards.awaits_third(application.call, current):
        return K.THIRD
    return None


def _check_kind(application, kind, current):
    kinds = {a.kind for a in current}
    if kind == K.APPEAL:
        if application.state != ApplicationState.RE_EVALUATION:
            raise EvaluationError(
                _("Oceniającego po odwołaniu przydziela się dopiero po uwzględnieniu odwołania.")
            )
        return
    if kind in kinds:
        raise EvaluationError(
            _("To zgłoszenie ma już przydzielonego: %(kind)s.") % {"kind": K(kind).label}
        )
    if kind == K.THIRD and not cards.awaits_third(application.call, current):
        raise EvaluationError(
            _(
                "Trzeciego oceniającego przydziela się dopiero, gdy obie pierwsze karty są "
                "złożone i ich sumy są rozbieżne."
            )
        )
    if application.state not in permissions.ASSIGNABLE_STATES:
        raise EvaluationError(
            _("Zgłoszeniu w stanie „%(state)s” nie przydziela się oceniających.")
            % {"state": ApplicationState(application.state).label}
        )


def _current(application):
    return list(
        Assignment.objects.current()
        .filter(application=application)
        .select_related("card")
        .order_by("pk")
    )


def _create(application, evaluator, kind, due_date, *, by, automatic, ip_address, criteria):
    assignment = Assignment.objects.create(
        application=application,
        evaluator=evaluator,
        kind=kind,
        due_date=due_date,
        created_by=by,
        automatic=automatic,
    )
    card = SubstantiveCard.objects.create(assignment=assignment)
    CardScore.objects.bulk_create([CardScore(card=card, criterion=c) for c in criteria])
    if application.state == ApplicationState.FORMALLY_ACCEPTED:
        try:
            workflow.fire(application, "start_evaluation", by, ip_address=ip_address)
        except workflow.TransitionError as error:
            raise EvaluationError(error.message) from error
    audit.record(
        "evaluator_assigned",
        user=by,
        obj=assignment,
        application=application,
        details={
            "evaluator": evaluator.get_username(),
            "kind": kind,
            "due_date": due_date,
            "automatic": automatic,
        },
        ip_address=ip_address,
    )
    notify_tasks.notify_assigned(assignment)
    return assignment


def _check_chair(by, call):
    if not permissions.can_manage_evaluation(by, call):
        raise EvaluationError(_("Oceniających przydziela przewodniczący komisji tego naboru."))


def _check_due_date(due_date):
    if due_date is None:
        return default_due_date()
    if due_date < timezone.localdate():
        raise EvaluationError(_("Termin oceny nie może być wcześniejszy niż dzisiaj."))
    return due_date


def assign(
    application: Application,
    evaluator: "Account",
    *,
    by: "Account",
    kind: str | None = None,
    due_date: datetime.date | None = None,
    ip_address: str | None = None,
) -> Assignment:
    """Assign one evaluator to one application (the chair, by hand). With no `kind`, the next
    open place: first, second, then third when the divergence rule fired."""
    _check_chair(by, application.call)
    due_date = _check_due_date(due_date)
    try:
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(of=("self",))
                .select_related("call", "institution")
                .get(pk=application.pk)
            )
            current = _current(application)
            if kind is None:
                kind = open_kind(application, current)
                if kind is None:
                    raise EvaluationError(
                        _("Zgłoszenie %(number)s ma już komplet oceniających.")
                        % {"number": application.number}
                    )
            elif kind not in K.values:
                raise EvaluationError(_("Nieznany rodzaj przydziału."))
            _check_kind(application, kind, current)
            commission = Commission.of(application.call)
            ever = set()
            if kind == K.APPEAL:
                ever = set(application.assignments.values_list("evaluator_id", flat=True))
            reason = commission.refusal(
                application, evaluator.pk, {a.evaluator_id for a in current}, ever
            )
            if reason:
                raise EvaluationError(reason)
            criteria = list(application.call.substantive_criteria.all())
            return _create(
                application,
                evaluator,
                kind,
                due_date,
                by=by,
                automatic=False,
                ip_address=ip_address,
                criteria=criteria,
            )
    except IntegrityError as error:
        raise EvaluationError(
            _("Przydziały tego zgłoszenia zmieniły się w międzyczasie; odśwież stronę.")
        ) from error


@dataclass
class AutoResult:
    created: list = field(default_factory=list)
    # (application, kind, reason) for places no evaluator could take
    unfilled: list = field(default_factory=list)


def assign_automatically(call, *, by, due_date=None, ip_address=None):
    """Fill every open place of the call's applications (first, second and awaited third),
    balancing the load and respecting employers and declared conflicts. Places that no
    evaluator may take are reported, not forced."""
    _check_chair(by, call)
    due_date = _check_due_date(due_date)
    result = AutoResult()
    try:
        with transaction.atomic():
            applications = list(
                Application.objects.select_for_update(of=("self",))
                .filter(call=call, state__in=permissions.ASSIGNABLE_STATES)
                .select_related("call", "institution")
                .order_by("submitted_at", "pk")
            )
            by_application = defaultdict(list)
            for assignment in (
                Assignment.objects.current()
                .filter(application__in=applications)
                .select_related("card")
                .order_by("pk")
            ):
                by_application[assignment.application_id].append(assignment)
            commission = Commission.of(call)
            criteria = list(call.substantive_criteria.all())
            awaits = cards.ThirdRule.for_call(call, criteria)
            for application in applications:
                application.call = call
                current = by_application[application.pk]
                while True:
                    kinds = {a.kind for a in current}
                    kind = next((k for k in (K.FIRST, K.SECOND) if k not in kinds), None)
                    if kind is None and K.THIRD not in kinds and awaits(current):
                        kind = K.THIRD
                    if kind is None:
                        break
                    candidates = commission.eligible(application, {a.evaluator_id for a in current})
                    if not candidates:
                        result.unfilled.append(
                            (
                                application,
                                kind,
                                _(
                                    "Brak oceniającego bez konfliktu interesów i wolnego od tej JST."
                                ),
                            )
                        )
                        break
                    evaluator = candidates[0]
                    assignment = _create(
                        application,
                        evaluator,
                        kind,
                        due_date,
                        by=by,
                        automatic=True,
                        ip_address=ip_address,
                        criteria=criteria,
                    )
                    commission.load[evaluator.pk] += 1
                    current.append(assignment)
                    result.created.append(assignment)
            audit.record(
                "evaluators_assigned_automatically",
                user=by,
                obj=call,
                details={
                    "call": call.number,
                    "created": len(result.created),
                    "unfilled": [(a.pk, k) for a, k, _r in result.unfilled],
                },
                ip_address=ip_address,
            )
    except IntegrityError as error:
        raise EvaluationError(
            _("Przydziały zmieniły się w międzyczasie; odśwież stronę i spróbuj ponownie.")
        ) from error
    return result


def cancel(assignment, *, by, reason, ip_address=None):
    """The chair withdraws an assignment whose card is not submitted; the card stays on record."""
    _check_chair(by, assignment.application.call)
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("Podaj powód cofnięcia przydziału."))
    if len(reason) > REASON_MAX_LENGTH:
        raise EvaluationError(
            _("Powód może mieć najwyżej %(limit)s znaków.") % {"limit": REASON_MAX_LENGTH}
        )
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("application", "card", "evaluator")
            .get(pk=assignment.pk)
        )
        if locked.cancelled_at is not None:
            raise EvaluationError(_("Ten przydział został już cofnięty."))
        card = getattr(locked, "card", None)
        if card is not None and card.is_submitted:
            raise EvaluationError(
                _(
                    "Karta tego przydziału jest złożona; zwróć ją do poprawy zamiast cofać przydział."
                )
            )
        if locked.application.state not in (
            permissions.ASSIGNABLE_STATES | permissions.EVALUABLE_STATES
        ):
            raise EvaluationError(
                _("Zgłoszenie ma stan „%(state)s”; przydziałów już się nie zmienia.")
                % {"state": ApplicationState(locked.application.state).label}
            )
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = by
        locked.cancel_reason = reason
        locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        audit.record(
            "assignment_cancelled",
            user=by,
            obj=locked,
            application=locked.application,
            details={"evaluator": locked.evaluator.get_username(), "reason": reason},
            ip_address=ip_address,
        )
    return locked


def sort_key(assignment):
    return (KIND_ORDER.get(assignment.kind, 9), assignment.pk)
