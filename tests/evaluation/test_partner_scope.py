"""The evaluation's pages of an application and its cards answer operators of the call's partner
only (recruitment.permissions.operates_call); an operator of another partner gets a 404 or 403
with an audit entry, never the scores."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from core.roles import OPERATORS
from evaluation import assignment, cards
from recruitment.models import AuditLogEntry
from tests.evaluation.conftest import fill
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"evaluation:{name}", args=args)


@pytest.fixture
def submitted_card(call, chair_user, evaluators, application):
    card = assignment.assign(application, evaluators[0], by=chair_user).card
    cards.submit(card, fill(card, [8, 7, 4]), user=evaluators[0])
    return card


def _operator_of(partner, username):
    user = factories.operator(username=username)
    user.groups.add(Group.objects.get(name=f"{OPERATORS} ({partner})"))
    return user


def test_an_operator_of_another_partner_gets_nothing_of_the_evaluation(
    client, call, application, submitted_card
):
    assert call.partner == "rops-opole"
    client.force_login(_operator_of("rops-krakow", "operator.krakow"))
    paths = [
        url("application", application.pk),
        # Both address the card by its assignment.
        url("card", submitted_card.assignment_id),
        url("card_pdf", submitted_card.assignment_id),
        url("chair", call.pk),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert b"Gmina Miejska Nysa" not in response.content, path
    denied = AuditLogEntry.objects.filter(action__in=["access_denied", "evaluation_access_denied"])
    assert denied.count() == len(paths)

    client.force_login(_operator_of("rops-opole", "operator.opole"))
    for path in paths:
        assert client.get(path).status_code == 200, path
