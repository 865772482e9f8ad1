"""The evaluator's and the chair's dashboards stay within 15 SQL queries whatever the number of
applications, assignments, cards and conflicts (issue #7, "Speed")."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from evaluation import assignment, cards, commission
from tests.evaluation.conftest import fill, make_application, member

pytestmark = pytest.mark.django_db
LIMIT = 15


def grow(call, chair_user, evaluators, count):
    """`count` more applications, assigned automatically, half of their cards submitted, one
    divergence and a conflict, so that every branch of the dashboards has rows."""
    applications = [make_application(call) for _ in range(count)]
    assignment.assign_automatically(call, by=chair_user)
    for index, application in enumerate(applications):
        held = sorted(
            application.assignments.select_related("card", "evaluator"), key=lambda a: a.kind
        )
        for position, item in enumerate(held):
            if (index + position) % 2 == 0:
                points = (
                    [10, 10, 5] if position == 0 else [2, 2, 1] if index % 5 == 0 else [9, 9, 4]
                )
                cards.submit(item.card, fill(item.card, points), user=item.evaluator)
            else:
                cards.save_draft(item.card, fill(item.card, [5, None, None]), user=item.evaluator)
    commission.declare_conflict(call, evaluators[-1], applications[-1].institution)
    return applications


def measured(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.fixture
def crowd(call, chair_user):
    return [member(call, username=f"oc{n}", first_name="Oce", last_name=f"Nr{n}") for n in range(6)]


def test_the_evaluator_dashboard_is_bounded(
    client, call, chair_user, crowd, django_assert_max_num_queries
):
    grow(call, chair_user, crowd, 4)
    client.force_login(crowd[0])
    path = reverse("evaluation:evaluator", args=[call.pk])
    few, _ = measured(client, path)
    grow(call, chair_user, crowd, 40)
    with django_assert_max_num_queries(min(few, LIMIT)):
        response = client.get(path)
    rows = BeautifulSoup(response.content.decode(), "html.parser").select("table tbody tr")
    assert len(rows) > 10
    assert few <= LIMIT


def test_the_chair_dashboard_is_bounded(
    client, call, chair_user, crowd, django_assert_max_num_queries
):
    grow(call, chair_user, crowd, 4)
    client.force_login(chair_user)
    path = reverse("evaluation:chair", args=[call.pk])
    few, _ = measured(client, path)
    grow(call, chair_user, crowd, 40)
    with django_assert_max_num_queries(min(few, LIMIT)):
        response = client.get(path)
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert len(page.select("table.k3d-chair tbody tr")) == 44
    assert "rozbieżność" in page.get_text()
    assert few <= LIMIT


def test_the_operators_view_of_the_chair_dashboard_is_bounded(
    client, call, chair_user, crowd, operator_user, django_assert_max_num_queries
):
    grow(call, chair_user, crowd, 30)
    client.force_login(operator_user)
    # One more than a member's: the admin menu finds the page-tree root an operator may explore
    # (their page permissions sit on the calls' index, not on the home page).
    with django_assert_max_num_queries(LIMIT + 1):
        response = client.get(reverse("evaluation:chair", args=[call.pk]))
    assert response.status_code == 200
