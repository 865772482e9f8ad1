"""The portal's roles and who holds them (DOMAIN.md, "Who uses it").

A role is a group of Django's auth (`portal.accounts.ensure_role_groups` creates them); a member
of a role who works for one partner also belongs to "<role> (<partner>)", e.g. "Operatorzy naboru
(rops-opole)". The predicates here read only the user's groups, once per user object: what a
role may do with a call, an application or an event, the apps' `permissions` modules say.
"""

from typing import TYPE_CHECKING, TypeAlias

from core.partners import Partner, partner_group

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

# Who a predicate is asked about: a signed-in account, the anonymous visitor, or nobody (a
# background job). Typed for the rule modules (mypy, `make lint`).
Account: TypeAlias = "AbstractUser | AnonymousUser | None"

# Group names are what operators see in the admin, so they are Polish.
EDITORS = "Redaktorzy"
MODERATORS = "Moderatorzy"
OPERATORS = "Operatorzy naboru"
CHAIRS = "Przewodniczący komisji"
EVALUATORS = "Oceniający"
APPLICANTS = "Wnioskodawcy JST"
ORGANISERS = "Organizatorzy wydarzeń"

ROLE_GROUPS = [EDITORS, MODERATORS, OPERATORS, CHAIRS, EVALUATORS, APPLICANTS, ORGANISERS]

# Groups whose members work in the Wagtail admin.
ADMIN_ACCESS_GROUPS = [EDITORS, MODERATORS, OPERATORS, CHAIRS, EVALUATORS, ORGANISERS]


def is_active_account(user: Account) -> bool:
    """A signed-in account that is not deactivated."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def group_names(user: Account) -> frozenset[str]:
    """The user's group names, looked up once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    names: frozenset[str] | None = getattr(user, "_k3d_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, "_k3d_group_names", names)  # noqa: B010 (an attribute of no model)
    return names


def has_role(user: Account, role_group: str) -> bool:
    """An active member of the role's group; a superuser holds every staff role."""
    return (
        user is not None
        and is_active_account(user)
        and (user.is_superuser or role_group in group_names(user))
    )


def partners_in_role(user: Account, role_group: str) -> frozenset[str]:
    """The partners (`core.partners.Partner` values) this user works for in the role, from their
    partner groups; empty: every partner."""
    names = group_names(user)
    return frozenset(value for value in Partner.values if partner_group(role_group, value) in names)


def is_operator(user: Account) -> bool:
    return has_role(user, OPERATORS)


def is_chair(user: Account) -> bool:
    return has_role(user, CHAIRS)


def is_organiser(user: Account) -> bool:
    return has_role(user, ORGANISERS)


def operator_partners(user: Account) -> frozenset[str]:
    """The partners an operator works for, from their groups; empty: every partner."""
    return partners_in_role(user, OPERATORS)


def operates_every_call(user: Account) -> bool:
    """A superuser, or an operator limited to no partner."""
    return (
        user is not None
        and is_operator(user)
        and (user.is_superuser or not operator_partners(user))
    )


def limited_partners(user: Account) -> frozenset[str]:
    """The partners an operator without wider page rights is limited to; empty: no limit.
    Editors, moderators and superusers write pages across the site and are not limited here."""
    if user is None or not is_operator(user) or user.is_superuser:
        return frozenset()
    names = group_names(user)
    if EDITORS in names or MODERATORS in names:
        return frozenset()
    return operator_partners(user)
