"""Who may do what in the recruitment: named predicates shared by the workflow, views and admin.

Roles are the groups of core/roles.py. A superuser acts as an operator and as a chair, never
as an applicant: an applicant is an account of the JST itself (InstitutionMembership).
"""

from typing import TYPE_CHECKING, cast

from core.roles import APPLICANTS, Account, group_names, is_active_account

# The role predicates (core.roles) answer here too, beside the questions about a call.
from core.roles import is_chair as is_chair
from core.roles import is_operator as is_operator
from core.roles import limited_partners as limited_partners
from core.roles import operates_every_call as operates_every_call
from core.roles import operator_partners as operator_partners
from recruitment import extensions

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from portal.models import User
    from recruitment.models import (
        Application,
        AuditLogEntry,
        CallPage,
        Institution,
        InstitutionMembership,
    )


def institution_of(user: Account) -> "Institution | None":
    """The JST the applicant account belongs to, or None."""
    if not is_active_account(user):
        return None
    membership: InstitutionMembership | None = getattr(user, "institution_membership", None)
    return membership.institution if membership is not None else None


def is_applicant_of(user: Account, institution: "Institution") -> bool:
    """An active account of the applicants' group that belongs to this very JST."""
    if not is_active_account(user) or APPLICANTS not in group_names(user):
        return False
    # An active account is an account of the project's user model (AUTH_USER_MODEL).
    account = cast("User", user)
    try:
        membership = account.institution_membership
    except account.__class__.institution_membership.RelatedObjectDoesNotExist:
        return False
    return membership.institution_id == institution.pk


# --- the calls one sees: partner and commission ---------------------------------------------------
#
# An operator works for one partner when they belong to the group "Operatorzy naboru (<partner>)",
# e.g. "Operatorzy naboru (rops-opole)" (the values of core.partners.Partner); an operator in
# no such group, and a superuser, work for every partner. A chair (or evaluator) sees a call only
# as a member of its commission who signed the call's declaration: the evaluation says so
# through the hooks of `recruitment.extensions`.
# Every view, export, file and admin listing of a call's applications asks these predicates.


def operates_call(user: Account, call: "CallPage") -> bool:
    """An operator of the call's partner (a superuser acts as one)."""
    if user is None or not is_operator(user):
        return False
    if user.is_superuser:
        return True
    partners = operator_partners(user)
    return not partners or call.partner in partners


def chairs_call(user: Account, call: "CallPage") -> bool:
    """The chair of the call's commission who signed its declaration (a superuser acts as one)."""
    if user is None or not is_chair(user):
        return False
    if user.is_superuser:
        return True
    return extensions.chairs(user, call)


def can_review_call(user: Account, call: "CallPage") -> bool:
    """The applications of a call in the operators' views, its exports and its audit entries:
    operators of its partner; the chair of its commission once they signed its declaration."""
    return operates_call(user, call) or chairs_call(user, call)


def reviewable_call_ids(user: Account) -> set[int] | None:
    """The ids of the calls `can_review_call` admits (None: every call), in one or two queries."""
    if not is_active_account(user):
        return set()
    if operates_every_call(user):
        return None
    from recruitment.models import CallPage

    ids: set[int] = set()
    if is_operator(user):
        ids |= set(
            CallPage.objects.filter(partner__in=operator_partners(user)).values_list(
                "pk", flat=True
            )
        )
    return ids | extensions.chaired_call_ids(user)


def reviewable_calls(user: Account, queryset: "QuerySet[CallPage]") -> "QuerySet[CallPage]":
    ids = reviewable_call_ids(user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


def can_view_audit_log(user: Account) -> bool:
    """Who has the audit log in the menu; which entries, `audit_entries_for` says."""
    return is_operator(user) or is_chair(user)


def audit_entries_for(
    user: Account, queryset: "QuerySet[AuditLogEntry]"
) -> "QuerySet[AuditLogEntry]":
    """The audit entries of the calls one may review (their applications, cards and exports);
    entries of no call (accounts, events) only for operators of every partner."""
    from django.db.models import Q

    if not can_view_audit_log(user):
        return queryset.none()
    ids = reviewable_call_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(
        Q(application__call_id__in=ids)
        | Q(object_type="recruitment.callpage", object_id__in=[str(pk) for pk in ids])
    )


def can_view_audit_entry(user: Account, entry: "AuditLogEntry") -> bool:
    from recruitment.models import AuditLogEntry

    return audit_entries_for(user, AuditLogEntry.objects.filter(pk=entry.pk)).exists()


def can_view_application(user: Account, application: "Application") -> bool:
    """The JST's own applicant accounts; those who may review its call (operators of its
    partner, its chair after signing); an evaluator assigned to it after signing (DOMAIN.md:
    files are served only to them; the evaluation holds that rule, `recruitment.extensions`)."""
    if is_applicant_of(user, application.institution) or can_review_call(user, application.call):
        return True
    return extensions.may_view_application(user, application)


def can_edit_application(user: Account, application: "Application") -> bool:
    """Only the JST's own accounts change an application, and only while it is editable."""
    return is_applicant_of(user, application.institution) and application.is_editable()
