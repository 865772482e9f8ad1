"""Who may open each evaluation view: every view against every role, each refusal a logged 403
(or the admin's login redirect for those who may not enter the admin at all)."""

import pytest

from evaluation import assignment, permissions
from evaluation.models import CommissionRole
from recruitment.models import AuditLogEntry
from tests.evaluation.conftest import make_application, member
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(call, chair_user, evaluators, operator_user, application):
    """This call with two assigned evaluators and one unassigned; another call's commission."""
    first = assignment.assign(application, evaluators[0], by=chair_user)
    assignment.assign(application, evaluators[1], by=chair_user)
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="11/2026/OP")
    accounts = {
        "anonymous": None,
        "applicant": factories.applicant(application.institution, username="wnioskodawca"),
        "assigned": evaluators[0],
        "unassigned": evaluators[2],
        "unsigned": member(call, username="niepodpisany", sign=False),
        "chair": chair_user,
        "group_chair": factories.chair(username="przewodniczacy.bez.naboru"),
        "other_call_chair": member(other_call, CommissionRole.CHAIR, username="obcy.przewodn"),
        "other_call_evaluator": member(other_call, username="obcy.oceniajacy"),
        "operator": operator_user,
    }
    return {"call": call, "application": application, "assignment": first, "accounts": accounts}


# name, method, expected status per role (missing role: 403). 302 = a redirect of the view itself
# (to the declaration or the chair's dashboard), "login" = the admin's own refusal.
VIEWS = [
    (
        "home",
        "get",
        {
            "assigned": 200,
            "unassigned": 200,
            "unsigned": 200,
            "chair": 200,
            "group_chair": 200,
            "other_call_chair": 200,
            "other_call_evaluator": 200,
            "operator": 200,
        },
    ),
    (
        "evaluator",
        "get",
        {"assigned": 200, "unassigned": 200, "unsigned": 302, "chair": 302, "operator": 302},
    ),
    ("declaration", "get", {"assigned": 200, "unassigned": 200, "unsigned": 200, "chair": 200}),
    ("conflict", "post", {"assigned": 302, "unassigned": 302, "chair": 302}),
    ("chair", "get", {"chair": 200, "operator": 200}),
    ("assign", "post", {"chair": 302}),
    ("assign_auto", "post", {"chair": 302}),
    ("cancel", "post", {"chair": 302}),
    ("finish", "post", {"chair": 302}),
    ("commission", "get", {"operator": 200}),
    ("dismiss", "post", {"operator": 302}),
    ("card", "get", {"assigned": 200, "chair": 200, "operator": 200}),
    ("card_return", "post", {"chair": 302}),
    ("application", "get", {"assigned": 200, "chair": 200, "operator": 200}),
]
ROLES = [
    "anonymous",
    "applicant",
    "assigned",
    "unassigned",
    "unsigned",
    "chair",
    "group_chair",
    "other_call_chair",
    "other_call_evaluator",
    "operator",
]


def target(world, name):
    from django.urls import reverse

    if name in ("card", "card_return"):
        args = [world["assignment"].pk]
    elif name == "application":
        args = [world["application"].pk]
    elif name == "home":
        args = []
    else:
        args = [world["call"].pk]
    return reverse(f"evaluation:{name}", args=args)


@pytest.mark.parametrize("name, method, expected", VIEWS, ids=[v[0] for v in VIEWS])
def test_every_view_admits_only_its_roles(client, world, name, method, expected):
    for role in ROLES:
        user = world["accounts"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
            user._k3d_commission = {}
        logged_before = AuditLogEntry.objects.filter(action="evaluation_access_denied").count()
        response = getattr(client, method)(target(world, name))
        logged_after = AuditLogEntry.objects.filter(action="evaluation_access_denied").count()
        if role in ("anonymous", "applicant"):
            # Wagtail keeps those without admin access out before the view runs.
            assert response.status_code == 302, (name, role)
            assert "/admin/" in response.url and "ocena" not in response.url.split("?")[0]
            continue
        wanted = expected.get(role, 403)
        assert response.status_code == wanted, (name, role, response.status_code)
        if wanted == 403:
            assert logged_after == logged_before + 1, (name, role)
            assert "zapisana w dzienniku" in response.content.decode()


def test_an_unsigned_chair_sees_nothing_of_the_call(client, call, application):
    chair = member(call, CommissionRole.CHAIR, username="nowy.przewodniczacy", sign=False)
    client.force_login(chair)
    assert client.get(f"/admin/ocena/{call.pk}/komisja/").url.endswith("/deklaracja/")
    assert client.get(f"/admin/ocena/zgloszenia/{application.pk}/").status_code == 403
    assert (
        client.post(f"/admin/ocena/{call.pk}/komisja/przydziel-automatycznie/").status_code == 403
    )
    assert not permissions.can_open_application(chair, application)


def test_an_inactive_evaluator_loses_access(call, chair_user, evaluators, application):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    assert permissions.can_open_application(evaluators[0], application)
    evaluators[0].is_active = False
    assert not permissions.can_open_application(evaluators[0], application)
    assert not permissions.can_edit_card(evaluators[0], held.card)


def test_a_cancelled_assignment_closes_the_application(call, chair_user, evaluators, application):
    held = assignment.assign(application, evaluators[0], by=chair_user)
    assignment.cancel(held, by=chair_user, reason="Zmiana.")
    evaluators[0]._k3d_assigned = {}
    assert not permissions.can_open_application(evaluators[0], application)


def test_chairs_of_other_calls_and_other_applications_stay_apart(call, chair_user, evaluators):
    application = make_application(call)
    other_call = factories.CallPageFactory(parent=call.get_parent(), number="12/2026/OP")
    other_chair = member(other_call, CommissionRole.CHAIR, username="inny.chair")
    assert permissions.can_open_application(chair_user, application)
    assert not permissions.can_open_application(other_chair, application)
    assert not permissions.can_manage_evaluation(other_chair, call)
