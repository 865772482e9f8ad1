"""Groups of the portal's roles and the demo accounts that use them (DOMAIN.md, "Who uses it")."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core.partners import Partner, partner_group
from core.roles import (
    ADMIN_ACCESS_GROUPS,
    APPLICANTS,
    CHAIRS,
    EDITORS,
    EVALUATORS,
    MODERATORS,
    OPERATORS,
    ORGANISERS,
    ROLE_GROUPS,
)

DEMO_ACCOUNTS = [
    # username, password, first name, last name, groups, superuser
    ("admin", "Kooperacje3D-admin", "Anna", "Administratorska", [], True),
    ("operator", "Kooperacje3D-operator", "Olga", "Operatorska", [OPERATORS, EDITORS], False),
    ("redaktor", "Kooperacje3D-redaktor", "Renata", "Redakcyjna", [EDITORS], False),
    ("moderator", "Kooperacje3D-moderator", "Marek", "Moderujący", [MODERATORS], False),
    ("przewodniczacy", "Kooperacje3D-przewodniczacy", "Piotr", "Przewodniczący", [CHAIRS], False),
    ("oceniajacy1", "Kooperacje3D-oceniajacy1", "Ewa", "Oceniająca", [EVALUATORS], False),
    ("oceniajacy2", "Kooperacje3D-oceniajacy2", "Edward", "Oceniający", [EVALUATORS], False),
    ("oceniajacy3", "Kooperacje3D-oceniajacy3", "Elżbieta", "Oceniająca", [EVALUATORS], False),
    ("gmina.opole", "Kooperacje3D-gmina", "Jan", "Wnioskodawca", [APPLICANTS], False),
    ("powiat.oswiecim", "Kooperacje3D-powiat", "Janina", "Wnioskodawczyni", [APPLICANTS], False),
    ("organizator", "Kooperacje3D-organizator", "Olgierd", "Organizator", [ORGANISERS], False),
    # Limited to one partner: the calls and the events of ROPS Opole only.
    (
        "operator.opole",
        "Kooperacje3D-operator-opole",
        "Otylia",
        "Opolska",
        [OPERATORS, f"{OPERATORS} (rops-opole)"],
        False,
    ),
    (
        "organizator.opole",
        "Kooperacje3D-organizator-opole",
        "Oskar",
        "Opolski",
        [ORGANISERS, f"{ORGANISERS} (rops-opole)"],
        False,
    ),
]


@transaction.atomic
def ensure_role_groups():
    """Create the role groups; admin-area groups get the right to log in to the Wagtail admin."""
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for name in ROLE_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        if name in ADMIN_ACCESS_GROUPS:
            group.permissions.add(access_admin)
        groups[name] = group
    # The operators of one partner (evaluation.permissions.operates_call): added to an operator
    # beside the operators' group, they limit the calls and exports to that partner's.
    # Likewise the organisers of one partner (events.permissions.manages_event): they manage the
    # registrations of that partner's events only.
    for partner in Partner.values:
        Group.objects.get_or_create(name=partner_group(OPERATORS, partner))
        Group.objects.get_or_create(name=partner_group(ORGANISERS, partner))
    return groups


WORKFLOW_NAME = "Moderacja treści"
TASK_NAME = "Akceptacja moderatora"


@transaction.atomic
def ensure_moderation_workflow(groups=None):
    """Editors write and submit; the moderators group approves and publishes (Wagtail workflow).

    Page permissions are granted on the site's home page (and so on every page below it);
    editors and moderators also manage images and documents in the root collection.
    """
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Site,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    groups = groups or ensure_role_groups()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    home = site.root_page
    page_perms = {
        EDITORS: ["add_page", "change_page"],
        MODERATORS: ["add_page", "change_page", "publish_page"],
        # Operators: under the calls' index pages only (recruitment.roles).
    }
    for group_name, codenames in page_perms.items():
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=groups[group_name], page=home, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    media_perms = [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ]
    for group_name in (EDITORS, MODERATORS, OPERATORS):
        for app_label, codename in media_perms:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission and root_collection:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[group_name], collection=root_collection, permission=permission
                )

    task, _ = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
    task.groups.set([groups[MODERATORS]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_demo_accounts():
    """Create (or reset the password of) every demo account; returns (username, password, roles)."""
    groups = ensure_role_groups()
    user_model = get_user_model()
    result = []
    for username, password, first, last, group_names, superuser in DEMO_ACCOUNTS:
        user, _ = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@kooperacje3d.local",
                "first_name": first,
                "last_name": last,
            },
        )
        user.is_superuser = superuser
        user.is_staff = superuser
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([groups.get(name) or Group.objects.get(name=name) for name in group_names])
        roles = "administrator" if superuser else ", ".join(group_names)
        result.append((username, password, roles))
    return result
