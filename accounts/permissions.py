"""Who may do what with applicant accounts: named predicates for views and templates."""

from recruitment.permissions import is_applicant_of


def membership_of(user):
    """The user's InstitutionMembership, or None (anonymous, inactive or not a JST account)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.institution_membership
    except user.__class__.institution_membership.RelatedObjectDoesNotExist:
        return None


def can_view_team(user):
    """Every active applicant account of a JST sees who else works for it."""
    membership = membership_of(user)
    return membership is not None and is_applicant_of(user, membership.institution)


def can_invite(user):
    """Only the JST's primary account invites colleagues and revokes invitations (issue #6)."""
    membership = membership_of(user)
    return bool(membership and membership.is_primary and can_view_team(user))
