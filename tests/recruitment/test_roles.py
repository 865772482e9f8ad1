"""Operators write and publish calls, not the rest of the site (recruitment/roles.py)."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from portal.accounts import OPERATORS, ensure_moderation_workflow, ensure_role_groups
from recruitment.roles import ensure_recruitment_permissions
from tests.factories import default_site
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


def test_operators_edit_and_publish_calls_only(call_index, open_call):
    home = default_site().root_page
    operators = ensure_role_groups()[OPERATORS]
    # An older installation granted operators the whole site: the set-up withdraws it.
    GroupPagePermission.objects.create(
        group=operators,
        page=home,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        ),
    )
    ensure_moderation_workflow()
    ensure_recruitment_permissions()
    operator = factories.operator(username="operator.stron")
    on_call = open_call.permissions_for_user(operator)
    assert on_call.can_edit() and on_call.can_publish()
    assert call_index.permissions_for_user(operator).can_add_subpage()
    on_home = home.permissions_for_user(operator)
    assert not on_home.can_edit() and not on_home.can_publish() and not on_home.can_add_subpage()
    assert set(
        GroupPagePermission.objects.filter(group=operators).values_list("page", flat=True)
    ) == {call_index.pk}


def test_a_new_calls_index_is_the_operators_at_once(call_index):
    ensure_role_groups()
    operator = factories.operator(username="operator.stron")
    another = factories.CallIndexPageFactory(parent=default_site().root_page, slug="nabory-2027")
    assert another.permissions_for_user(operator).can_add_subpage()
    assert Group.objects.get(name=OPERATORS).page_permissions.filter(page=another).count() == 3
