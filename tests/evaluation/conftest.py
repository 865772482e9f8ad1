"""Fixtures of the evaluation tests: a call with formally accepted applications, its commission
(a chair and three evaluators who signed the declaration), an operator, and helpers."""

import datetime

from django.utils import timezone

import pytest

from core.roles import CHAIRS, EVALUATORS
from evaluation import commission
from evaluation.models import CommissionMember, CommissionRole
from portal.accounts import ensure_role_groups
from recruitment.models import Application, ApplicationState, ApplicationVersion
from tests.factories import default_site
from tests.recruitment import factories

S = ApplicationState


@pytest.fixture
def groups(db):
    return ensure_role_groups()


@pytest.fixture
def call(groups):
    index = factories.CallIndexPageFactory(parent=default_site().root_page)
    now = timezone.now()
    return factories.CallPageFactory(
        parent=index,
        number="7/2026/OP",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=20),
    )


def make_application(call, institution=None, state=S.FORMALLY_ACCEPTED, **kwargs):
    """A submitted application with one version, in `state` (formally accepted by default)."""
    institution = institution or factories.InstitutionFactory()
    taken = Application.objects.filter(call=call, number__isnull=False).count()
    application = factories.ApplicationFactory(
        call=call,
        institution=institution,
        state=state,
        number=f"{call.number}/{taken + 1:03d}",
        submitted_at=timezone.now() - datetime.timedelta(days=25, minutes=-taken),
        **kwargs,
    )
    ApplicationVersion.objects.create(
        application=application,
        number=1,
        content={
            "experience": {"experience": "Zespół interdyscyplinarny od 2015 r."},
            "diagnosis": {"diagnosis": "Bezrobocie długotrwałe w rodzinach."},
        },
        content_sha256="0" * 64,
        submitted_at=application.submitted_at,
    )
    return application


def member(call, role=CommissionRole.EVALUATOR, *, sign=True, employer=None, conflicts=(), **kw):
    """An account appointed to the call's commission (and, by default, signed)."""
    group = CHAIRS if role == CommissionRole.CHAIR else EVALUATORS
    user = factories.user_in(group, **kw)
    CommissionMember.objects.create(call=call, user=user, role=role, employer=employer)
    if sign:
        commission.sign_declaration(call, user, conflicts=list(conflicts), ip_address="10.0.0.1")
    return user


@pytest.fixture
def chair_user(call):
    return member(
        call, CommissionRole.CHAIR, username="przewodniczaca", first_name="Paula", last_name="Prz"
    )


@pytest.fixture
def evaluators(call):
    return [
        member(call, username=f"oceniajacy{n}", first_name="Ocena", last_name=f"Numer{n}")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def operator_user(groups):
    return factories.operator(username="operatorka")


@pytest.fixture
def application(call):
    return make_application(call, factories.InstitutionFactory(name="Gmina Miejska Nysa"))


def fill(card, points, justification="Uzasadnienie oceny."):
    """A POST of a card: `points` in criteria order, each with a justification."""
    from evaluation import cards

    data = {}
    for score, value in zip(
        card.scores.select_related("criterion").order_by("criterion__sort_order", "pk"),
        points,
        strict=True,
    ):
        data[cards.points_field(score.criterion_id)] = "" if value is None else str(value)
        data[cards.justification_field(score.criterion_id)] = justification
    return data
