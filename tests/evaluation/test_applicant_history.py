"""The applicant's status page after the substantive evaluation: its history names the JST's own
people, shows the institution's staff by role, and never names an evaluator (DOMAIN.md; issue #7:
the applicants see their cards "without the evaluators' names")."""

from django.urls import reverse

import pytest

from evaluation import publication
from recruitment.models import AuditLogEntry
from tests.evaluation.test_publication import ranked_call  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_status_page_names_no_evaluator_and_shows_staff_by_role(
    client,
    call,
    chair_user,
    evaluators,
    ranked_call,  # noqa: F811
):
    publication.publish(publication.approve(call, chair_user), chair_user)
    application = ranked_call["top"]
    own = application.institution.memberships.get().user
    # The evaluators' card steps are in the application's audit log…
    logged = set(
        AuditLogEntry.objects.filter(application=application).values_list("username", flat=True)
    )
    assert {evaluators[0].username, evaluators[1].username} <= logged

    client.force_login(own)
    response = client.get(reverse("recruitment:status", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    # …but not in the applicant's history, where the result is.
    for evaluator in evaluators:
        assert evaluator.username not in page
        assert (evaluator.get_full_name() or evaluator.username) not in page
    assert "wybór do projektu" in page
    assert "przewodniczący komisji" in page  # who gave the result: the role
