"""Who may do what in the substantive evaluation: named predicates used by every view and template.

DOMAIN.md, "Substantive evaluation": a commission member signs the call's declaration before
opening anything of it; an evaluator opens only the applications assigned to them; the chair of
the call sees the whole call and manages it; operators see every call (read-only here) and appoint
the commission. A superuser acts as an operator and as a chair, as in `recruitment.permissions`.

The commission facts of a user (role and signature per call) are read once per user object and
call, so that a page asking many questions stays within a fixed number of queries.
"""

from typing import TYPE_CHECKING, TypeAlias, TypedDict, cast

from core.roles import Account, group_names, is_active_account, is_chair
from core.roles import is_operator as is_operator
from core.roles import operator_partners as operator_partners
from recruitment import permissions as recruitment_permissions
from recruitment.models import ApplicationState

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django_stubs_ext import WithAnnotations

    from evaluation.models import CommissionMember, SubstantiveCard
    from portal.models import User
    from recruitment.models import Application, CallPage

    class _Signed(TypedDict):
        """What `assignment.call_members` adds to each member: their signature of the call."""

        signed: bool


S = ApplicationState

# The commission facts of a user in a call: (role or None, signed).
_Facts: TypeAlias = "tuple[str | None, bool]"

# An evaluator may change a card only while the application is being evaluated.
EVALUABLE_STATES = frozenset({S.SUBSTANTIVE_EVALUATION, S.RE_EVALUATION})
# The chair may assign evaluators from formal acceptance until the scoring ends.
ASSIGNABLE_STATES = frozenset({S.FORMALLY_ACCEPTED, S.SUBSTANTIVE_EVALUATION})

# Operators of a partner: recruitment.permissions, where every view of a call asks them.
operates_call = recruitment_permissions.operates_call


def _facts(user: Account, call_id: int) -> _Facts:
    """(role or None, signed) of this user in this call, cached on the user object."""
    cache: dict[int, _Facts] | None = getattr(user, "_k3d_commission", None)
    if cache is None:
        cache = {}
        setattr(user, "_k3d_commission", cache)  # noqa: B010 (an attribute of no model)
    if call_id not in cache:
        from django.db.models import Exists, OuterRef

        from evaluation.models import CommissionMember, Declaration

        # Asked for active accounts only: accounts of the project's user model (AUTH_USER_MODEL).
        account = cast("User", user)
        # One query: the role, and whether this member signed the call's declaration.
        row = (
            CommissionMember.objects.filter(call_id=call_id, user=account)
            .annotate(
                signed=Exists(
                    Declaration.objects.filter(
                        call_id=OuterRef("call_id"), user_id=OuterRef("user_id")
                    )
                )
            )
            .values_list("role", "signed")
            .first()
        )
        cache[call_id] = (row[0], bool(row[1])) if row else (None, False)
    return cache[call_id]


def remember(
    user: Account,
    call_id: int,
    members: "Iterable[WithAnnotations[CommissionMember, _Signed]]",
) -> None:
    """Prime the cache from the call's members a view has read already (`call_members`)."""
    if user is None or not is_active_account(user):
        return
    cache: dict[int, _Facts] | None = getattr(user, "_k3d_commission", None)
    if cache is None:
        cache = {}
        setattr(user, "_k3d_commission", cache)  # noqa: B010 (an attribute of no model)
    own = next((m for m in members if m.user_id == user.pk), None)
    cache[call_id] = (own.role, bool(own.signed)) if own else (None, False)


def forget(user: Account, call_id: int | None = None) -> None:
    """Drop the cached facts after the user signed or their membership changed."""
    cache: dict[int, _Facts] | None = getattr(user, "_k3d_commission", None)
    if cache is not None:
        if call_id is None:
            cache.clear()
        else:
            cache.pop(call_id, None)


def commission_role(user: Account, call: "CallPage") -> str | None:
    if not is_active_account(user):
        return None
    return _facts(user, call.pk)[0]


def is_member(user: Account, call: "CallPage") -> bool:
    return commission_role(user, call) is not None


def is_call_chair(user: Account, call: "CallPage") -> bool:
    from evaluation.models import CommissionRole

    return commission_role(user, call) == CommissionRole.CHAIR


def is_call_evaluator(user: Account, call: "CallPage") -> bool:
    from evaluation.models import CommissionRole

    return commission_role(user, call) == CommissionRole.EVALUATOR


def has_signed(user: Account, call: "CallPage") -> bool:
    return is_active_account(user) and _facts(user, call.pk)[1]


def chairs_signed_call(user: Account, call: "CallPage") -> bool:
    """The chair of the call's commission who signed its declaration."""
    return is_call_chair(user, call) and has_signed(user, call)


def chaired_call_ids(user: Account) -> set[int]:
    """The calls whose commission this user chairs and whose declaration they signed: one
    query."""
    from evaluation.models import CommissionMember, CommissionRole, Declaration

    if not is_active_account(user):
        return set()
    # An active account is an account of the project's user model (AUTH_USER_MODEL).
    account = cast("User", user)
    signed = Declaration.objects.filter(user=account).values_list("call_id", flat=True)
    return set(
        CommissionMember.objects.filter(
            user=account, role=CommissionRole.CHAIR, call_id__in=signed
        ).values_list("call_id", flat=True)
    )


def must_sign(user: Account, call: "CallPage") -> bool:
    """A member who has not signed the call's declaration yet: everything waits for it."""
    return is_member(user, call) and not has_signed(user, call)


def can_sign_declaration(user: Account, call: "CallPage") -> bool:
    return is_member(user, call) and not has_signed(user, call)


def can_declare_conflict(user: Account, call: "CallPage") -> bool:
    return is_member(user, call) and has_signed(user, call)


# --- the call ---------------------------------------------------------------------------------


def can_use_evaluation(user: Account) -> bool:
    """Who sees the "Ocena merytoryczna" menu: operators, chairs, evaluators, commission members."""
    from core.roles import CHAIRS, EVALUATORS

    if not is_active_account(user):
        return False
    if is_operator(user) or is_chair(user):
        return True
    if EVALUATORS in group_names(user) or CHAIRS in (group_names(user)):
        return True
    # An active account is an account of the project's user model (AUTH_USER_MODEL).
    return cast("User", user).commission_memberships.exists()


def can_view_evaluator_dashboard(user: Account, call: "CallPage") -> bool:
    return is_call_evaluator(user, call) and has_signed(user, call)


def can_view_chair_dashboard(user: Account, call: "CallPage") -> bool:
    """The call's chair after signing; operators of the call's partner see its progress."""
    return operates_call(user, call) or (is_call_chair(user, call) and has_signed(user, call))


def can_manage_evaluation(user: Account, call: "CallPage") -> bool:
    """Assign, cancel, return cards and close the scoring: the call's chair after signing.
    A superuser acts as a chair (recruitment.permissions)."""
    if user is None or not is_active_account(user):
        return False
    return user.is_superuser or (is_call_chair(user, call) and has_signed(user, call))


def can_appoint_commission(user: Account, call: "CallPage | None" = None) -> bool:
    """Operators; for a given call, operators of its partner."""
    return is_operator(user) if call is None else operates_call(user, call)


# --- applications and cards -------------------------------------------------------------------


def is_assigned(user: Account, application: "Application") -> bool:
    """A current (not cancelled) assignment of this user to the application."""
    if not is_active_account(user):
        return False
    cache: dict[int, bool] | None = getattr(user, "_k3d_assigned", None)
    if cache is None:
        cache = {}
        setattr(user, "_k3d_assigned", cache)  # noqa: B010 (an attribute of no model)
    if application.pk not in cache:
        # An active account is an account of the project's user model (AUTH_USER_MODEL).
        cache[application.pk] = application.assignments.filter(
            evaluator=cast("User", user), cancelled_at__isnull=True
        ).exists()
    return cache[application.pk]


def can_open_application(user: Account, application: "Application") -> bool:
    """Operators of the call's partner; the call's chair after signing; an evaluator assigned to
    it after signing."""
    call = application.call
    if operates_call(user, call):
        return True
    if not has_signed(user, call):
        return False
    return is_call_chair(user, call) or is_assigned(user, application)


def can_edit_card(user: Account, card: "SubstantiveCard") -> bool:
    """Only its evaluator, after signing, while the assignment holds, the card is not locked and
    the application is being evaluated."""
    assignment = card.assignment
    application = assignment.application
    return (
        user is not None
        and is_active_account(user)
        and assignment.evaluator_id == user.pk
        and assignment.cancelled_at is None
        and not card.is_submitted
        and application.state in EVALUABLE_STATES
        and has_signed(user, application.call)
    )


def all_current_cards_submitted(cards: "Sequence[SubstantiveCard]") -> bool:
    return bool(cards) and all(card.is_submitted for card in cards)


def sees_evaluators(user: Account, call: "CallPage") -> bool:
    """Who sees the evaluators' names beside their cards: operators of the call's partner and the
    call's chair after signing."""
    return operates_call(user, call) or (is_call_chair(user, call) and has_signed(user, call))


def can_compare_cards(
    user: Account, application: "Application", current_cards: "Sequence[SubstantiveCard]"
) -> bool:
    """Who sees the submitted cards of an application side by side (DOMAIN.md: independent
    scoring): operators of the call's partner and the call's chair after signing; an evaluator
    assigned to it only once every current card of it is submitted. `current_cards` are the
    cards of the application's current assignments."""
    if sees_evaluators(user, application.call):
        return True
    return (
        is_assigned(user, application)
        and has_signed(user, application.call)
        and (all_current_cards_submitted(current_cards))
    )


def can_view_card(
    user: Account,
    card: "SubstantiveCard",
    current_cards: "Sequence[SubstantiveCard] | None" = None,
) -> bool:
    """Its evaluator (after signing); whoever may compare the application's cards
    (`can_compare_cards`).

    `current_cards` are the cards of the application's current assignments, when the caller has
    them already."""
    assignment = card.assignment
    application = assignment.application
    call = application.call
    if sees_evaluators(user, call):
        return True
    if user is None or not has_signed(user, call):
        return False
    if assignment.evaluator_id == user.pk:
        return True
    if assignment.cancelled_at is not None:
        return False
    if current_cards is None:
        from evaluation.models import SubstantiveCard

        current_cards = list(
            SubstantiveCard.objects.filter(
                assignment__application=application, assignment__cancelled_at__isnull=True
            )
        )
    return can_compare_cards(user, application, current_cards)


def can_return_card(user: Account, card: "SubstantiveCard") -> bool:
    application = card.assignment.application
    return (
        can_manage_evaluation(user, application.call)
        and card.is_submitted
        and card.assignment.cancelled_at is None
        and application.state in EVALUABLE_STATES
    )


# --- exports (PDF, CSV, XLSX) -------------------------------------------------------------------


def can_export_call(user: Account, call: "CallPage") -> bool:
    """The ranking list and the scores of a call: its chair after signing, operators of its
    partner."""
    return can_manage_evaluation(user, call) or operates_call(user, call)


def can_export_card(user: Account, card: "SubstantiveCard") -> bool:
    """A substantive card as a PDF: its evaluator after signing the call's declaration, the
    call's chair after signing, operators of the call's partner."""
    assignment = card.assignment
    call = assignment.application.call
    if can_export_call(user, call):
        return True
    return (
        user is not None
        and is_active_account(user)
        and assignment.evaluator_id == user.pk
        and is_call_evaluator(user, call)
        and has_signed(user, call)
    )
