"""Who may do what in the recruitment: named predicates shared by the workflow, views and admin.

Roles are the groups of portal/accounts.py. A superuser acts as an operator and as a chair, never
as an applicant: an applicant is an account of the JST itself (InstitutionMembership).
"""

from portal.accounts import APPLICANTS, CHAIRS, OPERATORS


def _group_names(user):
    """The user's group names, looked up once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    names = getattr(user, "_k3d_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._k3d_group_names = names
    return names


def partner_group(role_group, partner):
    """The group of a role's members who work for one partner, e.g. "Operatorzy naboru
    (rops-opole)" (`portal.accounts.ensure_role_groups` creates them)."""
    return f"{role_group} ({partner})"


def partners_in_role(user, role_group):
    """The partners (documents.models.Partner values) this user works for in the role, from
    their partner groups; empty: every partner."""
    from documents.models import Partner

    names = _group_names(user)
    return frozenset(value for value in Partner.values if partner_group(role_group, value) in names)


def _active(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_operator(user):
    return _active(user) and (user.is_superuser or OPERATORS in _group_names(user))


def is_chair(user):
    return _active(user) and (user.is_superuser or CHAIRS in _group_names(user))


def institution_of(user):
    """The JST the applicant account belongs to, or None."""
    if not _active(user):
        return None
    membership = getattr(user, "institution_membership", None)
    return membership.institution if membership is not None else None


def is_applicant_of(user, institution):
    """An active account of the applicants' group that belongs to this very JST."""
    if not _active(user) or APPLICANTS not in _group_names(user):
        return False
    try:
        membership = user.institution_membership
    except user.__class__.institution_membership.RelatedObjectDoesNotExist:
        return False
    return membership.institution_id == institution.pk


# --- the calls one sees: partner and commission ---------------------------------------------------
#
# An operator works for one partner when they belong to the group "Operatorzy naboru (<partner>)",
# e.g. "Operatorzy naboru (rops-opole)" (the values of documents.models.Partner); an operator in
# no such group, and a superuser, work for every partner. A chair (or evaluator) sees a call only
# as a member of its commission who signed the call's declaration (evaluation.permissions).
# Every view, export, file and admin listing of a call's applications asks these predicates.


def operator_partners(user):
    """The partners an operator works for, from their groups; empty: every partner."""
    return partners_in_role(user, OPERATORS)


def operates_call(user, call):
    """An operator of the call's partner (a superuser acts as one)."""
    if not is_operator(user):
        return False
    if user.is_superuser:
        return True
    partners = operator_partners(user)
    return not partners or call.partner in partners


def chairs_call(user, call):
    """The chair of the call's commission who signed its declaration (a superuser acts as one)."""
    if not is_chair(user):
        return False
    if user.is_superuser:
        return True
    from evaluation.permissions import has_signed, is_call_chair

    return is_call_chair(user, call) and has_signed(user, call)


def limited_partners(user):
    """The partners an operator without wider page rights is limited to; empty: no limit.
    Editors, moderators and superusers write pages across the site and are not limited here."""
    from portal.accounts import EDITORS, MODERATORS

    if not is_operator(user) or user.is_superuser:
        return frozenset()
    names = _group_names(user)
    if EDITORS in names or MODERATORS in names:
        return frozenset()
    return operator_partners(user)


def operates_every_call(user):
    """A superuser, or an operator limited to no partner."""
    return is_operator(user) and (user.is_superuser or not operator_partners(user))


def can_review_call(user, call):
    """The applications of a call in the operators' views, its exports and its audit entries:
    operators of its partner; the chair of its commission once they signed its declaration."""
    return operates_call(user, call) or chairs_call(user, call)


def reviewable_call_ids(user):
    """The ids of the calls `can_review_call` admits (None: every call), in one or two queries."""
    if not _active(user):
        return set()
    if operates_every_call(user):
        return None
    from evaluation.models import CommissionMember, CommissionRole, Declaration
    from recruitment.models import CallPage

    ids = set()
    if is_operator(user):
        ids |= set(
            CallPage.objects.filter(partner__in=operator_partners(user)).values_list(
                "pk", flat=True
            )
        )
    signed = Declaration.objects.filter(user=user).values_list("call_id", flat=True)
    ids |= set(
        CommissionMember.objects.filter(
            user=user, role=CommissionRole.CHAIR, call_id__in=signed
        ).values_list("call_id", flat=True)
    )
    return ids


def reviewable_calls(user, queryset):
    ids = reviewable_call_ids(user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


def can_view_audit_log(user):
    """Who has the audit log in the menu; which entries, `audit_entries_for` says."""
    return is_operator(user) or is_chair(user)


def audit_entries_for(user, queryset):
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


def can_view_audit_entry(user, entry):
    from recruitment.models import AuditLogEntry

    return audit_entries_for(user, AuditLogEntry.objects.filter(pk=entry.pk)).exists()


def can_view_application(user, application):
    """The JST's own applicant accounts; those who may review its call (operators of its
    partner, its chair after signing); an evaluator assigned to it after signing (DOMAIN.md:
    files are served only to them; `evaluation.permissions` holds that rule)."""
    if is_applicant_of(user, application.institution) or can_review_call(user, application.call):
        return True
    from evaluation.permissions import can_open_application

    return can_open_application(user, application)


def can_edit_application(user, application):
    """Only the JST's own accounts change an application, and only while it is editable."""
    from recruitment.submission import is_editable

    return is_applicant_of(user, application.institution) and is_editable(application)
