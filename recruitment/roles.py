"""Model permissions of the recruitment for the role groups of portal/accounts.py."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from portal.accounts import OPERATORS

# Operators keep the JST registry. Applications and the audit log are read-only in the admin
# for everyone (recruitment/wagtail_hooks.py), so they need no model permission.
OPERATOR_PERMISSIONS = [
    "add_institution",
    "change_institution",
    "view_institution",
    "view_institutionmembership",
]


@transaction.atomic
def ensure_recruitment_permissions():
    group, _ = Group.objects.get_or_create(name=OPERATORS)
    permissions = Permission.objects.filter(
        content_type__app_label="recruitment", codename__in=OPERATOR_PERMISSIONS
    )
    group.permissions.add(*permissions)
    return group
