"""Operators write and publish calls, not the rest of the site (recruitment/roles.py)."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from core.roles import OPERATORS
from portal.accounts import ensure_moderation_workflow, ensure_role_groups
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


@pytest.fixture
def opole_operator():
    ensure_role_groups()
    user = factories.operator(username="operator.opole.strony")
    user.groups.add(Group.objects.get(name=f"{OPERATORS} (rops-opole)"))
    return user


def test_an_operator_of_one_partner_cannot_touch_another_partners_call_page(
    client, call_index, opole_operator
):
    from recruitment.models import CallPage

    ensure_moderation_workflow()
    ensure_recruitment_permissions()
    krakow = factories.CallPageFactory(parent=call_index, partner="rops-krakow", number="9/2026/MP")
    opole = factories.CallPageFactory(parent=call_index, partner="rops-opole", number="9/2026/OP")
    client.force_login(opole_operator)
    assert not krakow.permissions_for_user(opole_operator).can_edit()
    assert opole.permissions_for_user(opole_operator).can_edit()
    for path in (
        f"/admin/pages/{krakow.pk}/edit/",
        f"/admin/pages/{krakow.pk}/delete/",
        f"/admin/pages/{krakow.pk}/unpublish/",
        f"/admin/pages/{krakow.pk}/copy/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403), path
        assert response.status_code == 403 or "/admin/pages/" not in response.url, path
    client.post(f"/admin/pages/{krakow.pk}/move/{call_index.pk}/confirm/")
    assert client.get(f"/admin/pages/{opole.pk}/edit/").status_code == 200
    assert CallPage.objects.get(pk=krakow.pk).partner == "rops-krakow"


def test_the_call_form_keeps_the_partner_of_one_partners_operator_and_of_a_call_with_applications(
    call_index, opole_operator
):
    from recruitment.models import CallPage

    CallPageForm = CallPage.get_edit_handler().get_form_class()
    opole = factories.CallPageFactory(parent=call_index, partner="rops-opole", number="9/2026/OP")
    form = CallPageForm(instance=opole, for_user=opole_operator)
    form.cleaned_data = {"partner": "rops-krakow"}
    form._errors = {}
    form._check_partner(form.cleaned_data)
    assert form.errors["partner"] == ["Możesz prowadzić tylko nabory swojego partnera."]

    factories.ApplicationFactory(call=opole)
    form = CallPageForm(instance=CallPage.objects.get(pk=opole.pk), for_user=None)
    form.cleaned_data = {"partner": "rops-katowice"}
    form._errors = {}
    form._check_partner(form.cleaned_data)
    assert "nie można zmienić" in form.errors["partner"][0]
