"""Substantive cards: drafts, the rules of a submission, the lock, the chair's return, and the
cards that count for the score (DOMAIN.md, "Substantive evaluation")."""

from decimal import Decimal

import pytest

from evaluation import assignment, cards, permissions
from evaluation.errors import EvaluationError
from evaluation.models import Assignment, CardScore, CardStatus, SubstantiveCard
from recruitment import workflow
from recruitment.models import ApplicationState, AuditLogEntry
from tests.evaluation.conftest import fill, make_application

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def pair(call, chair_user, evaluators, application):
    one = assignment.assign(application, evaluators[0], by=chair_user)
    two = assignment.assign(application, evaluators[1], by=chair_user)
    return one, two


def stored(card):
    card = SubstantiveCard.objects.get(pk=card.pk)
    return (
        card.status,
        card.total,
        card.submitted_at,
        list(
            CardScore.objects.filter(card=card)
            .order_by("pk")
            .values_list("points", "justification")
        ),
    )


def test_a_draft_keeps_partial_scores(pair, evaluators):
    card = pair[0].card
    data = fill(card, [7, None, 5], justification="")
    cards.save_draft(card, data, user=evaluators[0])
    assert stored(card)[0] == CardStatus.DRAFT
    assert [p for p, _j in stored(card)[3]] == [7, None, 5]
    assert SubstantiveCard.objects.get(pk=card.pk).saved_at is not None
    assert AuditLogEntry.objects.filter(action="card_saved").count() == 1


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "liczbą całkowitą"),
        ("11", "Najwyżej 10 pkt"),
        ("3.5", "liczbą całkowitą"),
        ("3,5", "liczbą całkowitą"),
        ("1e1", "liczbą całkowitą"),
        ("abc", "liczbą całkowitą"),
        ("٣", "liczbą całkowitą"),
        ("99999999999999999999", "liczbą całkowitą"),
    ],
)
def test_scores_outside_the_range_or_not_integers_are_refused_and_nothing_is_stored(
    pair, evaluators, value, message
):
    card = pair[0].card
    cards.save_draft(card, fill(card, [5, 5, 5]), user=evaluators[0])
    before = stored(card)
    data = fill(card, [5, 5, 5])
    first_criterion = card.scores.order_by("criterion__sort_order").first().criterion_id
    data[cards.points_field(first_criterion)] = value
    for service in (cards.save_draft, cards.submit):
        with pytest.raises(EvaluationError) as refused:
            service(card, data, user=evaluators[0])
        assert message in str(refused.value.errors[first_criterion]["points"])
    assert stored(card) == before


def test_submission_needs_every_score_and_a_justification_below_the_maximum(pair, evaluators):
    card = pair[0].card
    before = stored(card)
    data = fill(card, [10, None, 3], justification="")
    with pytest.raises(EvaluationError) as refused:
        cards.submit(card, data, user=evaluators[0])
    errors = refused.value.errors
    criteria = [s.criterion for s in card.scores.order_by("criterion__sort_order")]
    assert set(errors) == {criteria[1].pk, criteria[2].pk}
    assert "Wpisz liczbę punktów" in str(errors[criteria[1].pk]["points"])
    assert "Uzasadnij ocenę" in str(errors[criteria[2].pk]["justification"])
    assert stored(card) == before
    # The maximum needs no justification.
    cards.submit(card, fill(card, [10, 10, 5], justification=""), user=evaluators[0])
    assert stored(card)[0] == CardStatus.SUBMITTED and stored(card)[1] == 25


def test_an_overlong_justification_is_refused(pair, evaluators):
    card = pair[0].card
    with pytest.raises(EvaluationError) as refused:
        cards.save_draft(card, fill(card, [1, 1, 1], justification="x" * 4001), user=evaluators[0])
    assert any("4000" in str(e.get("justification", "")) for e in refused.value.errors.values())


def test_a_submitted_card_is_locked(pair, evaluators):
    card = pair[0].card
    cards.submit(card, fill(card, [8, 7, 4]), user=evaluators[0])
    locked = stored(card)
    for service in (cards.submit, cards.save_draft):
        with pytest.raises(EvaluationError) as refused:
            service(card, fill(card, [1, 1, 1]), user=evaluators[0])
        assert "zablokowana" in str(refused.value.message)
    assert stored(card) == locked
    assert AuditLogEntry.objects.filter(action="card_submitted").count() == 1


def test_only_the_assigned_evaluator_scores(pair, evaluators, chair_user):
    card = pair[0].card
    before = stored(card)
    for user in (evaluators[1], evaluators[2], chair_user):
        with pytest.raises(EvaluationError) as refused:
            cards.save_draft(card, fill(card, [1, 1, 1]), user=user)
        assert "nie jest Twoja" in str(refused.value.message)
    assert stored(card) == before


def test_no_scoring_once_the_application_left_the_evaluation(pair, evaluators, chair_user):
    card = pair[0].card
    application = card.assignment.application
    application.refresh_from_db()
    # Withdrawn by its JST: the card can no longer change.
    type(application).objects.filter(pk=application.pk).update(state=S.WITHDRAWN)
    with pytest.raises(EvaluationError) as refused:
        cards.submit(card, fill(card, [5, 5, 5]), user=evaluators[0])
    assert "wycofany" in str(refused.value.message)


def test_a_cancelled_assignment_cannot_be_scored(pair, evaluators, chair_user):
    card = pair[0].card
    assignment.cancel(pair[0], by=chair_user, reason="Zmiana składu.")
    with pytest.raises(EvaluationError) as refused:
        cards.save_draft(card, fill(card, [5, 5, 5]), user=evaluators[0])
    assert "cofnięty" in str(refused.value.message)


def test_forged_criteria_of_another_call_are_ignored(pair, evaluators, call):
    card = pair[0].card
    data = fill(card, [10, 10, 5])
    data[cards.points_field(999999)] = "1000"
    data["punkty-abc"] = "x"
    cards.submit(card, data, user=evaluators[0])
    assert stored(card)[1] == 25
    assert card.scores.count() == 3


# --- the chair's return ---------------------------------------------------------------------------


def test_the_chair_returns_a_card_with_a_logged_note_and_the_evaluator_corrects_it(
    pair, evaluators, chair_user
):
    card = pair[0].card
    cards.submit(card, fill(card, [8, 7, 4]), user=evaluators[0])
    with pytest.raises(EvaluationError) as refused:
        cards.return_card(card, by=chair_user, note="   ")
    assert "co oceniający ma poprawić" in str(refused.value.message)
    with pytest.raises(EvaluationError):
        cards.return_card(card, by=evaluators[1], note="Popraw.")
    cards.return_card(card, by=chair_user, note="Uzasadnienie kryterium 2 jest zbyt ogólne.")
    returned = SubstantiveCard.objects.get(pk=card.pk)
    assert returned.status == CardStatus.RETURNED and returned.return_note.startswith("Uzasad")
    entry = AuditLogEntry.objects.get(action="card_returned")
    assert entry.details["reason"] == "Uzasadnienie kryterium 2 jest zbyt ogólne."
    assert entry.username == "przewodniczaca" and entry.application == card.assignment.application
    assert permissions.can_edit_card(evaluators[0], returned)
    cards.submit(returned, fill(returned, [8, 6, 4]), user=evaluators[0])
    assert stored(card)[:2] == (CardStatus.SUBMITTED, 18)


def test_a_draft_cannot_be_returned(pair, chair_user):
    with pytest.raises(EvaluationError) as refused:
        cards.return_card(pair[0].card, by=chair_user, note="Popraw.")
    assert "tylko złożoną" in str(refused.value.message)


# --- what counts ----------------------------------------------------------------------------------


def test_application_scores_give_the_mean_of_two(call, pair, evaluators):
    one, two = pair
    cards.submit(one.card, fill(one.card, [9, 8, 4]), user=evaluators[0])
    cards.submit(two.card, fill(two.card, [8, 8, 3]), user=evaluators[1])
    application = one.application
    scores = cards.application_scores(call)
    assert scores[application.pk].totals == (21, 19)
    assert scores[application.pk].final == Decimal("20.00")
    assert scores[application.pk].passes is True
    current = list(Assignment.objects.current().filter(application=application))
    application.refresh_from_db()
    assert cards.is_complete(application, current)


def test_with_a_third_card_the_closer_of_the_first_two_counts(call, pair, evaluators, chair_user):
    one, two = pair
    cards.submit(one.card, fill(one.card, [10, 9, 5]), user=evaluators[0])  # 24
    cards.submit(two.card, fill(two.card, [4, 4, 2]), user=evaluators[1])  # 10
    application = one.application
    application.refresh_from_db()
    current = list(Assignment.objects.current().filter(application=application))
    assert not cards.is_complete(application, current)
    assert cards.application_scores(call)[application.pk].final is None
    third = assignment.assign(application, evaluators[2], by=chair_user)
    cards.submit(third.card, fill(third.card, [9, 8, 4]), user=evaluators[2])  # 21
    counted = cards.counting_cards([application])[application.pk]
    assert [c.assignment.kind for c in counted] == ["first", "second", "third"]
    # (24 + 21) / 2 = 22.50, DOMAIN.md: the mean of the third and the closer of the first two.
    assert cards.application_scores(call)[application.pk].final == Decimal("22.50")


def test_cancelled_cards_do_not_count(call, pair, evaluators, chair_user):
    one, _two = pair
    assignment.cancel(one, by=chair_user, reason="Zmiana.")
    counted = cards.counting_cards([one.application])
    assert [c.assignment_id for c in counted[one.application_id]] == [pair[1].pk]


def test_closing_the_scoring_uses_the_workflow(call, pair, evaluators, chair_user):
    one, two = pair
    cards.submit(one.card, fill(one.card, [9, 8, 4]), user=evaluators[0])
    cards.submit(two.card, fill(two.card, [8, 8, 3]), user=evaluators[1])
    application = one.application
    workflow.fire(application, "mark_scored", chair_user)
    with pytest.raises(EvaluationError) as refused:
        cards.return_card(one.card, by=chair_user, note="Za późno.")
    assert "oceniony" in str(refused.value.message)


def test_other_applications_are_untouched(call, pair, evaluators, chair_user):
    other = make_application(call)
    cards.submit(pair[0].card, fill(pair[0].card, [9, 8, 4]), user=evaluators[0])
    assert not Assignment.objects.filter(application=other).exists()
    other.refresh_from_db()
    assert other.state == S.FORMALLY_ACCEPTED
