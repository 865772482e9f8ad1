"""Permissions of the recruitment for the role groups of core/roles.py."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core.roles import OPERATORS

# Operators keep the JST registry. Applications and the audit log are read-only in the admin
# for everyone (recruitment/wagtail_hooks.py), so they need no model permission.
OPERATOR_PERMISSIONS = [
    "add_institution",
    "change_institution",
    "view_institution",
    "view_institutionmembership",
]
# In the page tree operators write and publish the calls, under the calls' index pages only
# ("Nabory"); the rest of the site is the editors' and moderators'.
OPERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


@transaction.atomic
def ensure_recruitment_permissions():
    group, _ = Group.objects.get_or_create(name=OPERATORS)
    permissions = Permission.objects.filter(
        content_type__app_label="recruitment", codename__in=OPERATOR_PERMISSIONS
    )
    group.permissions.add(*permissions)
    ensure_call_page_permissions(group)
    return group


def ensure_call_page_permissions(group=None):
    """Operators' page permissions on every call index page and nowhere else (a grant on another
    page, e.g. the home page of an older installation, is withdrawn)."""
    from wagtail.models import GroupPagePermission

    from recruitment.models import CallIndexPage

    group = group or Group.objects.get_or_create(name=OPERATORS)[0]
    indexes = list(CallIndexPage.objects.all())
    GroupPagePermission.objects.filter(group=group).exclude(
        page__in=[index.pk for index in indexes]
    ).delete()
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=OPERATOR_PAGE_PERMISSIONS
        )
    )
    for index in indexes:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )


def grant_new_call_index(sender, instance, created, raw=False, **kwargs):
    """post_save of CallIndexPage: a new calls' index is the operators' at once."""
    if created and not raw:
        ensure_call_page_permissions()
