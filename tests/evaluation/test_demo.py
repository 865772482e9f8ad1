"""The demo commission helper appoints the demo accounts once, whatever the number of runs."""

import pytest

from evaluation import demo, permissions
from evaluation.models import CommissionMember, Declaration
from portal.accounts import ensure_demo_accounts

pytestmark = pytest.mark.django_db


def test_the_demo_commission_is_appointed_once_and_signs(call):
    ensure_demo_accounts()
    demo.appoint_demo_commission(call)
    members = demo.appoint_demo_commission(call, sign=True)
    assert sorted(m.user.username for m in members) == [
        "oceniajacy1",
        "oceniajacy2",
        "oceniajacy3",
        "przewodniczacy",
    ]
    assert CommissionMember.objects.filter(call=call).count() == 4
    assert Declaration.objects.filter(call=call).count() == 4
    chair = CommissionMember.objects.get(call=call, role="chair").user
    assert chair.username == "przewodniczacy"
    assert permissions.can_manage_evaluation(chair, call)
