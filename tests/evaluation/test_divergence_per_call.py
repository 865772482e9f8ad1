"""The divergence threshold of the third-evaluator rule is the call's own (DOMAIN.md: "defaults
editable per call"): a call at 20% calls a third evaluator where the default 30% would not, in
the card flag, the assignment, the chair's dashboard and the ranking; the field is locked like
the criteria once the first application is submitted, in the admin form and on save."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from evaluation import assignment, cards, results
from evaluation.models import Assignment, AssignmentKind
from evaluation.results import Pending
from recruitment.models import AuditLogEntry, CallPage
from tests.evaluation.conftest import fill, make_application
from tests.recruitment import factories
from tests.recruitment.test_calls import _form_data

pytestmark = pytest.mark.django_db
K = AssignmentKind

# The call's criteria: 10 + 10 + 5 points, maximum 25, threshold 60% = 15. 22 and 16 both reach
# it and differ by 6: more than 20% of 25 (5), not more than 30% (7.5).
FIRST, SECOND, THIRD = [9, 9, 4], [7, 6, 3], [8, 8, 4]


def _with_divergence(call, percent):
    call.divergence_percent = percent
    call.save_revision().publish()
    return CallPage.objects.get(pk=call.pk)


def _score_both(call, chair_user, evaluators):
    application = make_application(
        call, factories.InstitutionFactory(name="Gmina Miejska Kędzierzyn-Koźle")
    )
    for evaluator, points in zip(evaluators[:2], (FIRST, SECOND), strict=False):
        card = assignment.assign(application, evaluator, by=chair_user).card
        cards.submit(card, fill(card, points), user=evaluator)
    return application


def _current(application):
    return list(Assignment.objects.current().filter(application=application).select_related("card"))


def test_the_default_is_30_percent(call):
    assert call.divergence_percent == 30


def test_a_20_percent_call_calls_a_third_evaluator_where_30_would_not(
    client, call, chair_user, evaluators
):
    call = _with_divergence(call, 20)
    application = _score_both(call, chair_user, evaluators)
    current = _current(application)
    assert cards.awaits_third(call, current)
    flag = AuditLogEntry.objects.get(action="third_evaluator_needed")
    assert flag.details["totals"] == [22, 16] and flag.details["divergence_percent"] == 20
    assert assignment.open_kind(application, current) == K.THIRD
    # The chair's dashboard shows it and offers the third evaluator only.
    client.force_login(chair_user)
    page = BeautifulSoup(
        client.get(reverse("evaluation:chair", args=[call.pk])).content.decode(), "html.parser"
    )
    row = page.select_one(f"#zgloszenie-{application.pk}")
    assert "rozbieżność – czeka na trzeciego oceniającego" in row.get_text(" ", strip=True)
    assert row.select_one("input[name=kind]")["value"] == "third"
    assert [o.get_text() for o in row.select("select[name=evaluator] option")] == ["Ocena Numer3"]
    # The ranking waits for the third card, then takes it and the closer first card.
    ranked = results.rank_call(call)
    assert [p.reason for p in ranked.pending] == [Pending.THIRD_TO_ASSIGN]
    third = assignment.assign(application, evaluators[2], by=chair_user)
    assert third.kind == K.THIRD
    cards.submit(third.card, fill(third.card, THIRD), user=evaluators[2])
    ranked = results.rank_call(call)
    assert not ranked.pending
    assert ranked.ranked[0].score.final == Decimal("21.00")  # (22 + 20) / 2


def test_the_same_cards_on_a_30_percent_call_need_no_third(client, call, chair_user, evaluators):
    application = _score_both(call, chair_user, evaluators)
    current = _current(application)
    assert not cards.awaits_third(call, current)
    assert assignment.open_kind(application, current) is None
    assert not AuditLogEntry.objects.filter(action="third_evaluator_needed").exists()
    ranked = results.rank_call(call)
    assert not ranked.pending
    assert ranked.ranked[0].score.final == Decimal("19.00")  # (22 + 16) / 2
    client.force_login(chair_user)
    page = BeautifulSoup(
        client.get(reverse("evaluation:chair", args=[call.pk])).content.decode(), "html.parser"
    )
    row = page.select_one(f"#zgloszenie-{application.pk}").get_text(" ", strip=True)
    assert "oceny kompletne" in row and "czeka na trzeciego" not in row


def test_automatic_assignment_follows_the_calls_percentage(call, chair_user, evaluators):
    call = _with_divergence(call, 20)
    application = _score_both(call, chair_user, evaluators)
    assignment.assign_automatically(call, by=chair_user)
    third = Assignment.objects.current().get(application=application, kind=K.THIRD)
    assert third.evaluator == evaluators[2]


# --- the lock -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin.naboru", "admin@example.pl", "Haslo-123-abc"
    )
    client.force_login(user)
    return client


def _edit(admin_client, call, **overrides):
    data = _form_data(call, **overrides)
    return admin_client.post(f"/admin/pages/{call.pk}/edit/", data)


def test_the_percentage_is_edited_next_to_the_threshold_before_any_submission(admin_client, call):
    form = admin_client.get(f"/admin/pages/{call.pk}/edit/").content.decode()
    assert 'name="divergence_percent"' in form
    response = _edit(admin_client, call, divergence_percent=20)
    assert response.status_code == 302
    assert CallPage.objects.get(pk=call.pk).divergence_percent == 20
    response = _edit(admin_client, CallPage.objects.get(pk=call.pk), divergence_percent=101)
    assert response.status_code == 200
    assert response.context["form"].errors["divergence_percent"]


def test_the_percentage_is_locked_in_the_admin_after_the_first_submission(admin_client, call):
    make_application(call)
    revisions = call.revisions.count()
    response = _edit(admin_client, call, divergence_percent=20)
    assert response.status_code == 200
    errors = response.context["form"].errors["divergence_percent"]
    assert len(errors) == 1
    assert errors[0].startswith(
        "Progu rozbieżności ocen nie można już zmienić: pierwsze zgłoszenie do tego naboru złożono"
    )
    assert errors[0].endswith("Przywróć wartość 30%.")
    assert "Progu rozbieżności ocen nie można już zmienić" in response.content.decode()
    assert CallPage.objects.get(pk=call.pk).divergence_percent == 30
    assert call.revisions.count() == revisions
    # Other fields still change, the percentage kept.
    response = _edit(admin_client, call, contact="Tel. 77 44 15 250")
    assert response.status_code == 302
    assert CallPage.objects.get(pk=call.pk).contact == "Tel. 77 44 15 250"


def test_the_percentage_is_locked_on_save_after_the_first_submission(call):
    make_application(call)
    call.divergence_percent = 20
    with pytest.raises(ValidationError) as caught:
        call.save_revision().publish()
    assert caught.value.message_dict["divergence_percent"][0].startswith(
        "Progu rozbieżności ocen nie można już zmienić"
    )
    assert CallPage.objects.get(pk=call.pk).divergence_percent == 30
    # A save that does not write the field is not refused.
    call.contact = "Tel. 77 44 15 250"
    call.save(update_fields=["contact"])
    assert CallPage.objects.get(pk=call.pk).contact == "Tel. 77 44 15 250"


def test_the_points_threshold_is_locked_as_well_after_the_first_submission(admin_client, call):
    """Who passes depends on the threshold: after the first submission it stays as the JST
    applied under it, in the admin and on any other save."""
    response = _edit(admin_client, call, threshold_percent=65)
    assert response.status_code == 302
    call = CallPage.objects.get(pk=call.pk)
    assert call.threshold_percent == 65
    make_application(call)
    response = _edit(admin_client, call, threshold_percent=50, divergence_percent=20)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["threshold_percent"][0].startswith(
        "Progu punktowego nie można już zmienić: pierwsze zgłoszenie do tego naboru złożono"
    )
    assert errors["threshold_percent"][0].endswith("Przywróć wartość 65%.")
    assert errors["divergence_percent"][0].startswith("Progu rozbieżności ocen")
    call.threshold_percent = 50
    with pytest.raises(ValidationError) as caught:
        call.save_revision().publish()
    assert list(caught.value.message_dict) == ["threshold_percent"]
    stored = CallPage.objects.get(pk=call.pk)
    assert (stored.threshold_percent, stored.divergence_percent) == (65, 30)
