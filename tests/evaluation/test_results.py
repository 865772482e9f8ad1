"""The ranking list of a call read from the database (`evaluation.results.rank_call`): a worked
example through the real models, and a fixed number of SQL queries."""

from decimal import Decimal

import pytest

from core.choices import JSTType
from evaluation import assignment, cards, results
from evaluation.models import AssignmentKind, CardStatus
from evaluation.ranking import Status
from recruitment.models import ApplicationState, CallQuota
from tests.evaluation.conftest import fill, make_application
from tests.recruitment import factories

pytestmark = pytest.mark.django_db
K = AssignmentKind
URBAN, COUNTY = JSTType.URBAN_MUNICIPALITY.value, JSTType.COUNTY.value
# The factory's criteria: 10 (tie-breaker 1), 10 (tie-breaker 2) and 5 points; maximum 25,
# threshold 60% = 15.00; a third evaluator when the totals differ by more than 7.5.


def scored(call, chair, evaluators, jst_type, *cards_points, draft=()):
    """An application of a JST of `jst_type` with a card per entry of `cards_points`, by the
    evaluators in order (first, second, third), each submitted unless its index is in `draft`."""
    institution = factories.InstitutionFactory(jst_type=jst_type)
    application = make_application(call, institution)
    for index, points in enumerate(cards_points):
        held = assignment.assign(application, evaluators[index], by=chair)
        card = held.card
        if index in draft:
            cards.save_draft(card, fill(card, points), user=evaluators[index])
        else:
            cards.submit(card, fill(card, points), user=evaluators[index])
    return application


@pytest.fixture
def quotas(call):
    CallQuota.objects.create(call=call, jst_type=URBAN, places=1)
    CallQuota.objects.create(call=call, jst_type=COUNTY, places=1)


def test_a_worked_example(call, chair_user, evaluators, quotas):
    e = evaluators
    # 21 and 20: the mean, 20.50.
    a = scored(call, chair_user, e, URBAN, [9, 8, 4], [8, 8, 4])
    # 23 and 12 diverge (and only one reaches 15); the third gives 20, closer to 23: 21.50.
    b = scored(call, chair_user, e, URBAN, [9, 9, 5], [4, 5, 3], [8, 8, 4])
    # 13 and 13: below the threshold.
    c = scored(call, chair_user, e, URBAN, [5, 5, 3], [6, 5, 2])
    # 17 and 17: the only ranked county.
    d = scored(call, chair_user, e, COUNTY, [7, 7, 3], [8, 6, 3])
    # The second card is a draft.
    incomplete = scored(call, chair_user, e, COUNTY, [9, 9, 5], [9, 9, 5], draft={1})
    # 25 and 8 diverge, no third evaluator yet.
    divergent = scored(call, chair_user, e, COUNTY, [10, 10, 5], [3, 3, 2])
    # Not read: still in the formal check, and formally rejected.
    make_application(call, state=ApplicationState.FORMAL_CHECK)
    make_application(call, state=ApplicationState.FORMALLY_REJECTED)
    # Formally accepted, no evaluator yet.
    unassigned = make_application(call)

    ranked = results.rank_call(call)

    assert ranked.quotas == {URBAN: 1, COUNTY: 1}
    rows = [
        (
            r.application.pk,
            r.jst_type,
            r.position,
            r.status,
            r.reserve_position,
            r.score.final,
            r.score.totals,
        )
        for r in ranked
    ]
    assert rows == [
        (b.pk, URBAN, 1, Status.SELECTED, None, Decimal("21.50"), (23, 12, 20)),
        (a.pk, URBAN, 2, Status.RESERVE, 1, Decimal("20.50"), (21, 20)),
        (c.pk, URBAN, 3, Status.NOT_SELECTED, None, Decimal("13.00"), (13, 13)),
        (d.pk, COUNTY, 1, Status.SELECTED, None, Decimal("17.00"), (17, 17)),
    ]
    by_pk = {r.application.pk: r for r in ranked}
    assert by_pk[b.pk].score.criterion_scores == (
        Decimal("8.50"),
        Decimal("8.50"),
        Decimal("4.50"),
    )
    assert by_pk[b.pk].score.counted == (0, 2)
    assert by_pk[c.pk].score.passes is False
    assert by_pk[a.pk].placement.final_score == Decimal("20.50")
    assert [r.application.pk for r in ranked.by_type()[URBAN]] == [b.pk, a.pk, c.pk]

    assert not ranked.is_complete
    assert [(p.application.pk, p.reason) for p in ranked.pending] == [
        (incomplete.pk, results.Pending.CARDS_IN_PROGRESS),
        (divergent.pk, results.Pending.THIRD_TO_ASSIGN),
        (unassigned.pk, results.Pending.EVALUATORS_MISSING),
    ]
    assert ranked.pending[1].score.needs_third and ranked.pending[1].score.final is None

    # The third evaluator of the divergent one starts a draft: still pending, for that reason.
    third = assignment.assign(divergent, e[2], by=chair_user)
    cards.save_draft(third.card, fill(third.card, [9, 9, 5]), user=e[2])
    pending = {p.application.pk: p.reason for p in results.rank_call(call).pending}
    assert pending[divergent.pk] == results.Pending.THIRD_IN_PROGRESS

    # It submits 23: the mean of 23 and 25 is 24.00; the county's place goes to it, 17 is reserve.
    cards.submit(third.card, fill(third.card, [9, 9, 5]), user=e[2])
    county = results.rank_call(call).by_type()[COUNTY]
    assert [(r.application.pk, r.status, r.score.final) for r in county] == [
        (divergent.pk, Status.SELECTED, Decimal("24.00")),
        (d.pk, Status.RESERVE, Decimal("17.00")),
    ]


def test_a_returned_card_stops_the_ranking(call, chair_user, evaluators, quotas):
    application = scored(call, chair_user, evaluators, URBAN, [9, 8, 4], [8, 8, 4])
    card = application.assignments.get(kind=K.FIRST).card
    cards.return_card(card, by=chair_user, note="Popraw uzasadnienie.")
    assert card.__class__.objects.get(pk=card.pk).status == CardStatus.RETURNED
    ranked = results.rank_call(call)
    assert ranked.ranked == ()
    assert [p.reason for p in ranked.pending] == [results.Pending.CARDS_IN_PROGRESS]


def test_ties_are_broken_by_the_criteria_then_by_submission(call, chair_user, evaluators, quotas):
    e = evaluators
    # All 20.00; the first tie-breaker criterion decides, then the earlier submission.
    low_first = scored(call, chair_user, e, URBAN, [7, 9, 4], [7, 9, 4])
    early = scored(call, chair_user, e, URBAN, [8, 8, 4], [8, 8, 4])
    late = scored(call, chair_user, e, URBAN, [8, 8, 4], [8, 8, 4])
    ranked = results.rank_call(call)
    assert [(r.application.pk, r.status) for r in ranked] == [
        (early.pk, Status.SELECTED),
        (late.pk, Status.RESERVE),
        (low_first.pk, Status.RESERVE),
    ]
    assert ranked.is_complete


QUERIES = 5


@pytest.mark.parametrize("count", [3, 30])
def test_the_number_of_queries_is_fixed(
    call, chair_user, evaluators, quotas, count, django_assert_max_num_queries
):
    for n in range(count):
        jst_type = URBAN if n % 2 else COUNTY
        if n % 5 == 0:  # a divergence and its third card
            scored(call, chair_user, evaluators, jst_type, [9, 9, 5], [3, 3, 2], [8, 8, 4])
        else:
            scored(call, chair_user, evaluators, jst_type, [8, 7, 4], [7, 7, 3])
    with django_assert_max_num_queries(QUERIES):
        ranked = results.rank_call(call)
        rows = [(r.application.institution.name, r.score.final, r.status) for r in ranked]
    assert len(rows) == count and ranked.is_complete
