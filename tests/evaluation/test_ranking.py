"""The ranking list against DOMAIN.md: worked examples and hypothesis properties (no database)."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.ranking import (
    Candidate,
    Placement,
    Status,
    candidate,
    rank,
    tie_breaker_indices,
)
from evaluation.scoring import score_application
from recruitment.models.choices import ApplicationState

PROPERTY = settings(deadline=None, max_examples=200)

GMINA = "gmina_miejska"
POWIAT = "powiat"
MIASTO = "miasto_na_prawach_powiatu"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _candidate(application_id, final, tie=(), minutes=0, passes=True, jst_type=GMINA):
    return Candidate(
        application_id=application_id,
        jst_type=jst_type,
        final_score=Decimal(final),
        tie_scores=tuple(Decimal(s) for s in tie),
        submitted_at=START + timedelta(minutes=minutes),
        passes=passes,
    )


def _rows(placements):
    return [(p.application_id, p.position, p.status.value, p.reserve_position) for p in placements]


def test_status_values_are_the_application_states():
    for status in Status:
        assert ApplicationState(status.value).value == status
    assert str(Status.RESERVE) == "reserve"


# --- worked examples ------------------------------------------------------------------------


def test_worked_ranking_with_quota_tie_breakers_and_submission_time():
    # Threshold 30 of 50, two places for gminy; tie-breakers: criterion 3, then criterion 1.
    candidates = [
        _candidate(1, "40.00", tie=("9.00", "8.00"), minutes=50),
        _candidate(2, "37.50", tie=("8.00", "7.00"), minutes=40),  # wins the tie on criterion 3
        _candidate(3, "37.50", tie=("7.50", "9.50"), minutes=1),
        _candidate(4, "35.00", tie=("7.00", "7.00"), minutes=5),  # earlier than 5
        _candidate(5, "35.00", tie=("7.00", "7.00"), minutes=30),
        _candidate(6, "30.00", tie=("6.00", "6.00"), minutes=2),  # exactly the threshold
        _candidate(7, "25.00", tie=("5.00", "5.00"), minutes=3, passes=False),  # below
        _candidate(8, "38.00", tie=("1.00", "9.00"), minutes=4, passes=False),  # a minimum
    ]
    assert _rows(rank(candidates, {GMINA: 2})) == [
        (1, 1, "selected", None),
        (2, 2, "selected", None),
        (3, 3, "reserve", 1),
        (4, 4, "reserve", 2),
        (5, 5, "reserve", 3),
        (6, 6, "reserve", 4),
        # Not passing: below every passing one, even 38.00 that missed a criterion minimum.
        (8, 7, "not_selected", None),
        (7, 8, "not_selected", None),
    ]


def test_equal_in_everything_the_lower_id_ranks_first():
    candidates = [_candidate(9, "33.00"), _candidate(4, "33.00")]
    assert _rows(rank(candidates, {GMINA: 1})) == [(4, 1, "selected", None), (9, 2, "reserve", 1)]


def test_each_jst_type_has_its_own_list_and_quota():
    candidates = [
        _candidate(1, "45.00", jst_type=POWIAT),
        _candidate(2, "31.00", jst_type=POWIAT),
        _candidate(3, "40.00", jst_type=GMINA),
        _candidate(4, "39.00", jst_type=GMINA),
        _candidate(5, "20.00", jst_type=GMINA, passes=False),
    ]
    placements = rank(candidates, {GMINA: 1, POWIAT: 3})
    assert [(p.jst_type, p.application_id, p.position, p.status) for p in placements] == [
        (GMINA, 3, 1, Status.SELECTED),
        (GMINA, 4, 2, Status.RESERVE),
        (GMINA, 5, 3, Status.NOT_SELECTED),
        (POWIAT, 1, 1, Status.SELECTED),
        (POWIAT, 2, 2, Status.SELECTED),
    ]
    assert placements[0] == Placement(
        application_id=3,
        jst_type=GMINA,
        position=1,
        status=Status.SELECTED,
        reserve_position=None,
        final_score=Decimal("40.00"),
    )


def test_a_jst_type_without_a_quota_puts_its_passing_applications_on_the_reserve_list():
    candidates = [
        _candidate(1, "40.00", jst_type=MIASTO),
        _candidate(2, "35.00", jst_type=MIASTO),
        _candidate(3, "10.00", jst_type=MIASTO, passes=False),
    ]
    assert _rows(rank(candidates, {GMINA: 5})) == [
        (1, 1, "reserve", 1),
        (2, 2, "reserve", 2),
        (3, 3, "not_selected", None),
    ]


def test_an_empty_call_ranks_nobody():
    assert rank([], {GMINA: 3}) == []


@pytest.mark.parametrize("quotas", [{GMINA: -1}, {GMINA: 1.5}, {GMINA: True}])
def test_rank_refuses_invalid_quotas(quotas):
    with pytest.raises(ValueError):
        rank([_candidate(1, "40.00")], quotas)


def test_rank_refuses_an_application_twice():
    with pytest.raises(ValueError):
        rank([_candidate(1, "40.00"), _candidate(1, "35.00")], {GMINA: 1})


def test_rank_refuses_uneven_tie_scores_within_a_type():
    with pytest.raises(ValueError):
        rank([_candidate(1, "40.00", tie=("1",)), _candidate(2, "35.00")], {GMINA: 1})


def test_tie_breaker_indices_follow_the_order_and_skip_the_rest():
    assert tie_breaker_indices([None, 2, 1, None, 3]) == [2, 1, 4]
    assert tie_breaker_indices([None, None]) == []
    assert tie_breaker_indices([]) == []
    # Two criteria with the same order keep the order of the card.
    assert tie_breaker_indices([1, None, 1]) == [0, 2]


def test_candidate_from_a_score_takes_the_tie_breaker_criteria_in_order():
    # Criteria of 10 points; criterion 3 breaks ties first, then criterion 1.
    score = score_application(
        [[8, 7, 6, 9, 5], [7, 7, 5, 10, 4]], [10] * 5, [None] * 5, threshold_percent=60
    )
    indices = tie_breaker_indices([2, None, 1, None, None])
    c = candidate(42, GMINA, score, START, indices)
    assert c == Candidate(
        application_id=42,
        jst_type=GMINA,
        final_score=Decimal("34.00"),
        tie_scores=(Decimal("5.50"), Decimal("7.50")),
        submitted_at=START,
        passes=True,
    )


def test_candidate_refuses_an_incomplete_score():
    score = score_application([[9, 8, 8, 8, 7], [4, 4, 4, 4, 4]], [10] * 5, [None] * 5)
    with pytest.raises(ValueError):
        candidate(1, GMINA, score, START, [])


# --- properties -----------------------------------------------------------------------------

TYPES = [GMINA, POWIAT, MIASTO]


@st.composite
def calls(draw):
    """Candidates of a call, with many ties (scores in halves over a small range, few submission
    moments), and quotas for some of the JST types."""
    tie_length = draw(st.integers(min_value=0, max_value=3))
    half = st.integers(min_value=0, max_value=6).map(lambda n: Decimal(n) / 2)
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(1, 10_000),
                st.sampled_from(TYPES),
                st.integers(min_value=40, max_value=60).map(lambda n: Decimal(n) / 2),
                st.tuples(*[half] * tie_length),
                st.integers(0, 5).map(lambda s: START + timedelta(seconds=s)),
                st.booleans(),
            ),
            max_size=40,
            unique_by=lambda row: row[0],
        )
    )
    candidates = [Candidate(*row) for row in rows]
    quotas = draw(
        st.dictionaries(st.sampled_from(TYPES), st.integers(min_value=0, max_value=8), max_size=3)
    )
    return candidates, quotas


def _ranks_before(a, b):
    """DOMAIN.md's order written out: does `a` come before `b` on the list of their type?"""
    if a.passes != b.passes:
        return a.passes
    if a.final_score != b.final_score:
        return a.final_score > b.final_score
    for x, y in zip(a.tie_scores, b.tie_scores, strict=True):
        if x != y:
            return x > y
    if a.submitted_at != b.submitted_at:
        return a.submitted_at < b.submitted_at
    return a.application_id < b.application_id


@PROPERTY
@given(calls())
def test_ranking_is_a_permutation_numbered_per_jst_type(call):
    candidates, quotas = call
    placements = rank(candidates, quotas)
    assert sorted(p.application_id for p in placements) == sorted(
        c.application_id for c in candidates
    )
    by_id = {c.application_id: c for c in candidates}
    for p in placements:
        assert p.jst_type == by_id[p.application_id].jst_type
        assert p.final_score == by_id[p.application_id].final_score
    sizes = Counter(c.jst_type for c in candidates)
    for jst_type, size in sizes.items():
        positions = [p.position for p in placements if p.jst_type == jst_type]
        assert positions == list(range(1, size + 1))
    assert [(p.jst_type, p.position) for p in placements] == sorted(
        (p.jst_type, p.position) for p in placements
    )


@PROPERTY
@given(calls())
def test_selected_fill_the_quota_then_the_reserve_list_in_order(call):
    candidates, quotas = call
    placements = rank(candidates, quotas)
    by_id = {c.application_id: c for c in candidates}
    for jst_type in TYPES:
        rows = [p for p in placements if p.jst_type == jst_type]
        passing = sum(by_id[p.application_id].passes for p in rows)
        statuses = [p.status for p in rows]
        selected = statuses.count(Status.SELECTED)
        assert selected == min(quotas.get(jst_type, 0), passing)
        assert statuses.count(Status.RESERVE) == passing - selected
        # Selected, then reserve, then not selected, along the positions.
        order = {Status.SELECTED: 0, Status.RESERVE: 1, Status.NOT_SELECTED: 2}
        assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)
        reserve = [p.reserve_position for p in rows if p.status == Status.RESERVE]
        assert reserve == list(range(1, len(reserve) + 1))
        for p in rows:
            assert (p.status != Status.NOT_SELECTED) is by_id[p.application_id].passes
            assert (p.reserve_position is not None) is (p.status == Status.RESERVE)


@PROPERTY
@given(calls())
def test_the_order_follows_score_tie_breakers_then_submission(call):
    candidates, quotas = call
    placements = rank(candidates, quotas)
    by_id = {c.application_id: c for c in candidates}
    for before, after in zip(placements, placements[1:], strict=False):
        if before.jst_type == after.jst_type:
            assert _ranks_before(by_id[before.application_id], by_id[after.application_id])


@PROPERTY
@given(calls(), st.randoms(use_true_random=False))
def test_the_list_does_not_depend_on_the_input_order(call, rnd):
    candidates, quotas = call
    shuffled = list(candidates)
    rnd.shuffle(shuffled)
    assert rank(shuffled, quotas) == rank(candidates, quotas)
    assert rank(iter(shuffled), quotas) == rank(candidates, quotas)


@PROPERTY
@given(calls(), st.sampled_from(TYPES))
def test_a_larger_quota_never_unselects_anyone(call, jst_type):
    candidates, quotas = call
    before = {p.application_id for p in rank(candidates, quotas) if p.status == Status.SELECTED}
    larger = {**quotas, jst_type: quotas.get(jst_type, 0) + 1}
    after = {p.application_id for p in rank(candidates, larger) if p.status == Status.SELECTED}
    assert before <= after
    assert len(after - before) <= 1


@PROPERTY
@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=10))
def test_tie_breaker_indices_property(orders):
    indices = tie_breaker_indices(orders)
    assert sorted(indices) == [i for i, o in enumerate(orders) if o is not None]
    assert [orders[i] for i in indices] == sorted(o for o in orders if o is not None)
    for a, b in zip(indices, indices[1:], strict=False):
        if orders[a] == orders[b]:
            assert a < b


def test_rank_of_a_shuffled_worked_call_is_stable():
    candidates = [_candidate(n, f"{30 + n % 7}.50", minutes=n % 3) for n in range(1, 60)]
    expected = rank(candidates, {GMINA: 10})
    for seed in range(5):
        shuffled = list(candidates)
        random.Random(seed).shuffle(shuffled)
        assert rank(shuffled, {GMINA: 10}) == expected
