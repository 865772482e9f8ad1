"""The demo commission: the demo accounts of portal/accounts.py appointed to a call, for the demo
loader to call once it has a call with formally accepted applications."""

from django.contrib.auth import get_user_model
from django.db import transaction

from . import commission
from .models import CommissionMember, CommissionRole, Declaration

DEMO_CHAIR = "przewodniczacy"
DEMO_EVALUATORS = ("oceniajacy1", "oceniajacy2", "oceniajacy3")


@transaction.atomic
def appoint_demo_commission(call, *, sign=False):
    """Appoint the demo chair and evaluators to `call` (idempotent); with `sign`, they also sign
    the declaration, so that the demo can show a commission at work. Missing accounts are
    skipped: `ensure_demo_accounts` makes them."""
    users = get_user_model().objects.in_bulk([DEMO_CHAIR, *DEMO_EVALUATORS], field_name="username")
    members = []
    for username in (DEMO_CHAIR, *DEMO_EVALUATORS):
        user = users.get(username)
        if user is None:
            continue
        role = CommissionRole.CHAIR if username == DEMO_CHAIR else CommissionRole.EVALUATOR
        member, _ = CommissionMember.objects.get_or_create(
            call=call, user=user, defaults={"role": role}
        )
        members.append(member)
        if sign and not Declaration.objects.filter(call=call, user=user).exists():
            commission.sign_declaration(call, user)
    return members
