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


def can_view_audit_log(user):
    return is_operator(user) or is_chair(user)


def can_view_application(user, application):
    """The JST's own applicant accounts and the operators; an evaluator assigned to the
    application and the call's chair, once they signed the call's declaration (DOMAIN.md:
    files are served only to them; `evaluation.permissions` holds that rule)."""
    if is_applicant_of(user, application.institution) or is_operator(user):
        return True
    from evaluation.permissions import can_open_application

    return can_open_application(user, application)


def can_edit_application(user, application):
    """Only the JST's own accounts change an application, and only while it is editable."""
    from recruitment.submission import is_editable

    return is_applicant_of(user, application.institution) and is_editable(application)
