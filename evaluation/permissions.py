"""Who may do what in the substantive evaluation: named predicates used by every view and template.

DOMAIN.md, "Substantive evaluation": a commission member signs the call's declaration before
opening anything of it; an evaluator opens only the applications assigned to them; the chair of
the call sees the whole call and manages it; operators see every call (read-only here) and appoint
the commission. A superuser acts as an operator and as a chair, as in `recruitment.permissions`.

The commission facts of a user (role and signature per call) are read once per user object and
call, so that a page asking many questions stays within a fixed number of queries.
"""

from core.roles import group_names, is_active_account, is_chair
from core.roles import is_operator as is_operator
from core.roles import operator_partners as operator_partners
from recruitment import permissions as recruitment_permissions
from recruitment.models import ApplicationState

S = ApplicationState

# An evaluator may change a card only while the application is being evaluated.
EVALUABLE_STATES = frozenset({S.SUBSTANTIVE_EVALUATION, S.RE_EVALUATION})
# The chair may assign evaluators from formal acceptance until the scoring ends.
ASSIGNABLE_STATES = frozenset({S.FORMALLY_ACCEPTED, S.SUBSTANTIVE_EVALUATION})

# Operators of a partner: recruitment.permissions, where every view of a call asks them.
operates_call = recruitment_permissions.operates_call


def _facts(user, call_id):
    """(role or None, signed) of this user in this call, cached on the user object."""
    cache = getattr(user, "_k3d_commission", None)
    if cache is None:
        cache = user._k3d_commission = {}
    if call_id not in cache:
        from django.db.models import Exists, OuterRef

        from evaluation.models import CommissionMember, Declaration

        # One query: the role, and whether this member signed the call's declaration.
        row = (
            CommissionMember.objects.filter(call_id=call_id, user=user)
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


def remember(user, call_id, members):
    """Prime the cache from the call's members a view has read already (`call_members`)."""
    if not is_active_account(user):
        return
    cache = getattr(user, "_k3d_commission", None)
    if cache is None:
        cache = user._k3d_commission = {}
    own = next((m for m in members if m.user_id == user.pk), None)
    cache[call_id] = (own.role, bool(own.signed)) if own else (None, False)


def forget(user, call_id=None):
    """Drop the cached facts after the user signed or their membership changed."""
    cache = getattr(user, "_k3d_commission", None)
    if cache is not None:
        if call_id is None:
            cache.clear()
        else:
            cache.pop(call_id, None)


def commission_role(user, call):
    if not is_active_account(user):
        return None
    return _facts(user, call.pk)[0]


def is_member(user, call):
    return commission_role(user, call) is not None


def is_call_chair(user, call):
    from evaluation.models import CommissionRole

    return commission_role(user, call) == CommissionRole.CHAIR


def is_call_evaluator(user, call):
    from evaluation.models import CommissionRole

    return commission_role(user, call) == CommissionRole.EVALUATOR


def has_signed(user, call):
    return is_active_account(user) and _facts(user, call.pk)[1]


def chairs_signed_call(user, call):
    """The chair of the call's commission who signed its declaration."""
    return is_call_chair(user, call) and has_signed(user, call)


def chaired_call_ids(user):
    """The calls whose commission this user chairs and whose declaration they signed: one
    query."""
    from evaluation.models import CommissionMember, CommissionRole, Declaration

    if not is_active_account(user):
        return set()
    signed = Declaration.objects.filter(user=user).values_list("call_id", flat=True)
    return set(
        CommissionMember.objects.filter(
            user=user, role=CommissionRole.CHAIR, call_id__in=signed
        ).values_list("call_id", flat=True)
    )


def must_sign(user, call):
    """A member who has not signed the call's declaration yet: everything waits for it."""
    return is_member(user, call) and not has_signed(user, call)


def can_sign_declaration(user, call):
    return is_member(user, call) and not has_signed(user, call)


def can_declare_conflict(user, call):
    return is_member(user, call) and has_signed(user, call)


# --- the call ---------------------------------------------------------------------------------


def can_use_evaluation(user):
    """Who sees the "Ocena merytoryczna" menu: operators, chairs, evaluators, commission members."""
    from core.roles import CHAIRS, EVALUATORS

    if not is_active_account(user):
        return False
    if is_operator(user) or is_chair(user):
        return True
    if EVALUATORS in group_names(user) or CHAIRS in (group_names(user)):
        return True
    return user.commission_memberships.exists()


def can_view_evaluator_dashboard(user, call):
    return is_call_evaluator(user, call) and has_signed(user, call)


def can_view_chair_dashboard(user, call):
    """The call's chair after signing; operators of the call's partner see its progress."""
    return operates_call(user, call) or (is_call_chair(user, call) and has_signed(user, call))


def can_manage_evaluation(user, call):
    """Assign, cancel, return cards and close the scoring: the call's chair after signing.
    A superuser acts as a chair (recruitment.permissions)."""
    if not is_active_account(user):
        return False
    return user.is_superuser or (is_call_chair(user, call) and has_signed(user, call))


def can_appoint_commission(user, call=None):
    """Operators; for a given call, operators of its partner."""
    return is_operator(user) if call is None else operates_call(user, call)


# --- applications and cards -------------------------------------------------------------------


def is_assigned(user, application):
    """A current (not cancelled) assignment of this user to the application."""
    if not is_active_account(user):
        return False
    cache = getattr(user, "_k3d_assigned", None)
    if cache is None:
        cache = user._k3d_assigned = {}
    if application.pk not in cache:
        cache[application.pk] = application.assignments.filter(
            evaluator=user, cancelled_at__isnull=True
        ).exists()
    return cache[application.pk]


def can_open_application(user, application):
    """Operators of the call's partner; the call's chair after signing; an evaluator assigned to
    it after signing."""
    call = application.call
    if operates_call(user, call):
        return True
    if not has_signed(user, call):
        return False
    return is_call_chair(user, call) or is_assigned(user, application)


def can_edit_card(user, card):
    """Only its evaluator, after signing, while the assignment holds, the card is not locked and
    the application is being evaluated."""
    assignment = card.assignment
    application = assignment.application
    return (
        is_active_account(user)
        and assignment.evaluator_id == user.pk
        and assignment.cancelled_at is None
        and not card.is_submitted
        and application.state in EVALUABLE_STATES
        and has_signed(user, application.call)
    )


def all_current_cards_submitted(cards):
    return bool(cards) and all(card.is_submitted for card in cards)


def sees_evaluators(user, call):
    """Who sees the evaluators' names beside their cards: operators of the call's partner and the
    call's chair after signing."""
    return operates_call(user, call) or (is_call_chair(user, call) and has_signed(user, call))


def can_compare_cards(user, application, current_cards):
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


def can_view_card(user, card, current_cards=None):
    """Its evaluator (after signing); whoever may compare the application's cards
    (`can_compare_cards`).

    `current_cards` are the cards of the application's current assignments, when the caller has
    them already."""
    assignment = card.assignment
    application = assignment.application
    call = application.call
    if sees_evaluators(user, call):
        return True
    if not has_signed(user, call):
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


def can_return_card(user, card):
    application = card.assignment.application
    return (
        can_manage_evaluation(user, application.call)
        and card.is_submitted
        and card.assignment.cancelled_at is None
        and application.state in EVALUABLE_STATES
    )


# --- exports (PDF, CSV, XLSX) -------------------------------------------------------------------


def can_export_call(user, call):
    """The ranking list and the scores of a call: its chair after signing, operators of its
    partner."""
    return can_manage_evaluation(user, call) or operates_call(user, call)


def can_export_card(user, card):
    """A substantive card as a PDF: its evaluator after signing the call's declaration, the
    call's chair after signing, operators of the call's partner."""
    assignment = card.assignment
    call = assignment.application.call
    if can_export_call(user, call):
        return True
    return (
        is_active_account(user)
        and assignment.evaluator_id == user.pk
        and is_call_evaluator(user, call)
        and has_signed(user, call)
    )
