"""Operators of one partner: the groups exist after the role set-up, and an operator placed in
one reaches that partner's calls only (evaluation.permissions.operates_call)."""

from django.contrib.auth.models import Group

import pytest

from core.partners import Partner
from core.roles import OPERATORS
from evaluation import permissions
from portal.accounts import ensure_role_groups

pytestmark = pytest.mark.django_db


def test_each_partner_has_its_operators_group_and_it_limits_the_calls(call, operator_user):
    ensure_role_groups()  # a second run changes nothing
    names = set(Group.objects.values_list("name", flat=True))
    for partner in Partner.values:
        assert f"{OPERATORS} ({partner})" in names

    assert permissions.operates_call(operator_user, call)  # no partner group: every partner
    other = next(value for value in Partner.values if value != call.partner)
    operator_user.groups.add(Group.objects.get(name=f"{OPERATORS} ({other})"))
    operator = type(operator_user).objects.get(pk=operator_user.pk)  # group names re-read
    assert not permissions.operates_call(operator, call)
    assert permissions.can_export_call(operator, call) is False
    operator.groups.add(Group.objects.get(name=f"{OPERATORS} ({call.partner})"))
    operator = type(operator_user).objects.get(pk=operator_user.pk)
    assert permissions.operates_call(operator, call)


def test_another_partners_operator_sees_neither_the_calls_commission_nor_its_progress(
    client, call, operator_user
):
    from django.urls import reverse

    other = next(value for value in Partner.values if value != call.partner)
    operator_user.groups.add(Group.objects.get(name=f"{OPERATORS} ({other})"))
    client.force_login(operator_user)
    for name in ("chair", "commission"):
        response = client.get(reverse(f"evaluation:{name}", args=[call.pk]))
        assert response.status_code == 403, name
        assert call.number not in response.content.decode()
    operator_user.groups.add(Group.objects.get(name=f"{OPERATORS} ({call.partner})"))
    for name in ("chair", "commission"):
        assert client.get(reverse(f"evaluation:{name}", args=[call.pk])).status_code == 200
