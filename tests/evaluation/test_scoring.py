"""Substantive scoring against DOMAIN.md: worked examples and hypothesis properties (no database)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from evaluation.scoring import (
    ApplicationScore,
    card_total,
    counted_cards,
    criterion_scores,
    final_score,
    needs_third_evaluator,
    passes_threshold,
    quantize,
    score_application,
    threshold_points,
)

PROPERTY = settings(deadline=None, max_examples=300)

# A call of DOMAIN.md's shape used by the worked examples: five criteria of 10 points, maximum 50,
# threshold 60% = 30 points.
FIVE_BY_TEN = [10, 10, 10, 10, 10]
NO_MINIMUMS = [None] * 5
T30 = Decimal("30.00")


def _brute_needs_third(t1, t2, max_total, threshold):
    """DOMAIN.md's rule written independently, with exact fractions."""
    return Fraction(abs(t1 - t2)) > Fraction(30, 100) * max_total or (
        (t1 >= threshold) != (t2 >= threshold)
    )


def _mean(a, b):
    return (Decimal(a) + Decimal(b)) / 2


# --- quantize -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("12.345"), "12.35"),
        (Decimal("12.344"), "12.34"),
        (Decimal("2.675"), "2.68"),
        (2.675, "2.68"),  # a float is read as written, not as its binary value 2.67499…
        (Decimal("0.005"), "0.01"),
        (Decimal("0.125"), "0.13"),  # half-even would give 0.12
        (Decimal("37.5"), "37.50"),
        (30, "30.00"),
        ("24.6", "24.60"),
    ],
)
def test_quantize_rounds_half_up_to_two_places(value, expected):
    result = quantize(value)
    assert result == Decimal(expected)
    assert str(result) == expected


@PROPERTY
@given(st.integers(min_value=0, max_value=10**9))
def test_quantize_thousandths_round_half_up(thousandths):
    # Integer half-up: n/1000 rounds to floor((n + 5) / 10) hundredths.
    result = quantize(Decimal(thousandths) / 1000)
    assert result == Decimal((thousandths + 5) // 10) / 100
    assert result.as_tuple().exponent == -2


@PROPERTY
@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=6))
def test_quantize_moves_a_value_by_at_most_half_a_cent(value):
    assert abs(quantize(value) - value) <= Decimal("0.005")


# --- threshold ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "max_total, percent, expected",
    [
        (50, 60, "30.00"),  # DOMAIN.md's default: 60% of the maximum
        (47, 60, "28.20"),
        (41, 60, "24.60"),
        (45, 55, "24.75"),
        (1, Decimal("12.5"), "0.13"),  # 0.125 half-up
        (1, Decimal("12.25"), "0.12"),  # 0.1225
        (100, 100, "100.00"),
    ],
)
def test_threshold_is_the_percent_of_the_maximum_quantized(max_total, percent, expected):
    assert threshold_points(max_total, percent) == Decimal(expected)


def test_threshold_defaults_to_sixty_percent():
    assert threshold_points(50) == T30


@PROPERTY
@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=100))
def test_threshold_with_a_whole_percent_is_exact(max_total, percent):
    # max * percent / 100 points is max * percent hundredths: nothing to round.
    assert threshold_points(max_total, percent) * 100 == max_total * percent


# --- totals and the third evaluator ---------------------------------------------------------


def test_card_total_sums_the_scores():
    assert card_total([8, 10, 7, 0, 9]) == 34
    assert card_total([]) == 0


@pytest.mark.parametrize("bad", [[1, 2.0], [1, Decimal(2)], [True, 1], ["3"]])
def test_card_total_refuses_non_integers(bad):
    with pytest.raises(ValueError):
        card_total(bad)


@pytest.mark.parametrize(
    "t1, t2, expected, why",
    [
        (40, 20, True, "differ by 20 > 15 (30% of 50), and only 40 reaches 30"),
        (35, 32, False, "close, both above the threshold"),
        (45, 30, False, "differ by exactly 15: not more than 30%; both reach 30"),
        (46, 30, True, "differ by 16 > 15"),
        (20, 5, False, "differ by exactly 15, both below the threshold"),
        (21, 5, True, "differ by 16 > 15, both below the threshold"),
        (30, 29, True, "30 reaches the threshold (>=), 29 does not"),
        (29, 30, True, "the same, the other way round"),
        (30, 30, False, "equal totals at the threshold"),
        (0, 0, False, "nothing scored by either"),
        (50, 35, False, "differ by exactly 15, both above"),
    ],
)
def test_third_evaluator_worked_examples(t1, t2, expected, why):
    assert needs_third_evaluator(t1, t2, 50, T30) is expected, why


def test_third_evaluator_on_an_odd_maximum():
    # Maximum 47: 30% is 14.1, threshold 28.20. 14 is not more than 14.1, 15 is.
    threshold = threshold_points(47)
    assert needs_third_evaluator(44, 30, 47, threshold) is False
    assert needs_third_evaluator(45, 30, 47, threshold) is True
    # 28 is below 28.20, 29 reaches it.
    assert needs_third_evaluator(29, 28, 47, threshold) is True


@st.composite
def call_and_totals(draw, count=2):
    max_total = draw(st.integers(min_value=1, max_value=200))
    percent = draw(st.integers(min_value=1, max_value=100))
    totals = draw(
        st.lists(st.integers(min_value=0, max_value=max_total), min_size=count, max_size=count)
    )
    return max_total, threshold_points(max_total, percent), totals


@PROPERTY
@given(call_and_totals())
def test_third_evaluator_rule_matches_domain_and_is_symmetric(data):
    max_total, threshold, (t1, t2) = data
    expected = _brute_needs_third(t1, t2, max_total, threshold)
    assert needs_third_evaluator(t1, t2, max_total, threshold) is expected
    assert needs_third_evaluator(t2, t1, max_total, threshold) is expected


def _brute_needs_third_at(t1, t2, max_total, threshold, percent):
    """The rule with the call's own divergence percentage, written independently."""
    return Fraction(abs(t1 - t2)) > Fraction(percent, 100) * max_total or (
        (t1 >= threshold) != (t2 >= threshold)
    )


def test_a_call_at_20_percent_calls_a_third_evaluator_where_30_percent_would_not():
    # Maximum 25, threshold 15: 22 and 16 both reach it and differ by 6, more than 5 (20% of
    # 25) but not more than 7.5 (30%).
    threshold = threshold_points(25)
    assert needs_third_evaluator(22, 16, 25, threshold, 20) is True
    assert needs_third_evaluator(22, 16, 25, threshold, 30) is False
    assert needs_third_evaluator(22, 16, 25, threshold) is False  # DOMAIN.md's default, 30%
    # Exactly 20% (5 points) is not more than 20%.
    assert needs_third_evaluator(21, 16, 25, threshold, 20) is False
    # The same two cards: complete at 30%, waiting for a third card at 20%.
    cards = [[9, 9, 4], [7, 6, 3]]
    at_30 = score_application(cards, [10, 10, 5], [None] * 3, 60, 30)
    at_20 = score_application(cards, [10, 10, 5], [None] * 3, 60, 20)
    assert at_30.final == Decimal("19.00") and not at_30.needs_third
    assert at_20.needs_third and at_20.final is None and at_20.cards_needed == 3
    # With the third card (20) the closer first card (22) counts: 21.00.
    at_20 = score_application([*cards, [8, 8, 4]], [10, 10, 5], [None] * 3, 60, 20)
    assert at_20.final == Decimal("21.00") and at_20.counted == (0, 2)
    with pytest.raises(ValueError):
        final_score([22, 16], 25, threshold, 20)
    assert final_score([22, 16], 25, threshold, 30) == Decimal("19.00")


@pytest.mark.parametrize("percent", [0, 101, 2.5, True, None])
def test_the_divergence_percentage_must_be_an_int_from_1_to_100(percent):
    with pytest.raises(ValueError):
        needs_third_evaluator(22, 16, 25, Decimal("15.00"), percent)


@PROPERTY
@given(call_and_totals(), st.integers(min_value=1, max_value=100))
def test_third_evaluator_rule_with_the_calls_percentage_matches_domain(data, percent):
    max_total, threshold, (t1, t2) = data
    expected = _brute_needs_third_at(t1, t2, max_total, threshold, percent)
    assert needs_third_evaluator(t1, t2, max_total, threshold, percent) is expected
    assert needs_third_evaluator(t2, t1, max_total, threshold, percent) is expected


@pytest.mark.parametrize("t1, t2", [(51, 10), (-1, 10), (10, 1.5)])
def test_third_evaluator_refuses_totals_outside_the_range(t1, t2):
    with pytest.raises(ValueError):
        needs_third_evaluator(t1, t2, 50, T30)


# --- final score ----------------------------------------------------------------------------


def test_final_of_two_close_cards_is_their_mean():
    assert final_score([35, 32], 50, T30) == Decimal("33.50")
    assert final_score([33, 33], 50, T30) == Decimal("33.00")
    assert final_score([20, 5], 50, T30) == Decimal("12.50")


def test_two_diverging_cards_have_no_final_without_a_third():
    # DOMAIN.md: 40 and 20 differ by more than 30% of 50 and straddle the threshold of 30.
    with pytest.raises(ValueError, match="third"):
        final_score([40, 20], 50, T30)


def test_final_of_three_uses_the_third_and_the_closer_card():
    # 35 is 5 from 40 and 15 from 20: (35 + 40) / 2.
    assert final_score([40, 20, 35], 50, T30) == Decimal("37.50")
    # 22 is 2 from 20: (22 + 20) / 2 — below the threshold of 30.
    assert final_score([40, 20, 22], 50, T30) == Decimal("21.00")
    # The closer card may be the second one: 28 and 31 straddle the threshold; 30 is nearer 31.
    assert final_score([28, 31, 30], 50, T30) == Decimal("30.50")


def test_third_exactly_halfway_counts_the_higher_card():
    # 30 is 10 from 40 and 10 from 20: the higher, 40, counts (the applicant's favour).
    assert counted_cards([40, 20, 30]) == (0, 2)
    assert counted_cards([20, 40, 30]) == (1, 2)
    assert final_score([40, 20, 30], 50, T30) == Decimal("35.00")
    assert final_score([20, 40, 30], 50, T30) == Decimal("35.00")


def test_third_card_counts_even_where_the_rule_did_not_ask_for_it():
    assert final_score([35, 32, 20], 50, T30) == Decimal("26.00")  # (20 + 32) / 2
    # Equal first totals: the first card counts; the final is the same either way.
    assert counted_cards([33, 33, 40]) == (0, 2)
    assert final_score([33, 33, 40], 50, T30) == Decimal("36.50")


def test_equal_first_totals_with_a_third_card_do_not_depend_on_the_assignment_order():
    # Both first cards total 9 and are as close to the third (0); the final is 4.50 either way,
    # but only the second card, with the third, reaches the minimum of 2 in the last criterion.
    # Whichever evaluator was assigned first, that pair counts and the application passes.
    max_points, minimums = [1, 2, 1, 2, 1, 9], [None] * 5 + [2]
    a, b, third = [0, 2, 1, 2, 1, 3], [0, 0, 0, 0, 0, 9], [0] * 6
    for cards in ([a, b, third], [b, a, third]):
        score = score_application(cards, max_points, minimums, 1)
        assert score.final == Decimal("4.50")
        assert score.criterion_scores[-1] == Decimal("4.50")
        assert score.passes is True
        assert [cards[i] for i in score.counted] == [b, third]
    # Neither pair reaches a minimum: the higher criterion scores, in the call's order, count.
    one, other = [1, 0, 0, 0, 0, 8], [0, 2, 0, 0, 0, 7]
    for cards in ([one, other, third], [other, one, third]):
        score = score_application(cards, max_points, [None] * 6, 1)
        assert [cards[i] for i in score.counted] == [one, third]


@pytest.mark.parametrize("totals", [[], [30], [30, 31, 32, 33]])
def test_final_refuses_a_wrong_number_of_totals(totals):
    with pytest.raises(ValueError):
        final_score(totals, 50, T30)


def test_final_refuses_totals_above_the_maximum():
    with pytest.raises(ValueError):
        final_score([51, 40], 50, T30)


@st.composite
def complete_totals(draw):
    """Totals of an application whose evaluation is complete: two if they agree, else three."""
    max_total, threshold, (t1, t2) = draw(call_and_totals())
    totals = [t1, t2]
    if needs_third_evaluator(t1, t2, max_total, threshold):
        totals.append(draw(st.integers(min_value=0, max_value=max_total)))
    return max_total, threshold, totals


@PROPERTY
@given(complete_totals())
def test_final_lies_between_the_lowest_and_highest_total(data):
    max_total, threshold, totals = data
    final = final_score(totals, max_total, threshold)
    assert min(totals) <= final <= max(totals)
    assert final.as_tuple().exponent == -2
    assert final * 2 == int(final * 2)  # a mean of two integers: whole or .5


@PROPERTY
@given(call_and_totals())
def test_final_of_two_ignores_which_evaluator_was_first(data):
    max_total, threshold, (t1, t2) = data
    assume(not needs_third_evaluator(t1, t2, max_total, threshold))
    final = final_score([t1, t2], max_total, threshold)
    assert final == final_score([t2, t1], max_total, threshold)
    assert final == _mean(t1, t2)


@PROPERTY
@given(call_and_totals(count=3))
def test_final_of_three_is_the_mean_of_the_third_and_the_closer_card(data):
    max_total, threshold, (t1, t2, t3) = data
    final = final_score([t1, t2, t3], max_total, threshold)
    assert final in {_mean(t3, t1), _mean(t3, t2)}
    chosen = 2 * final - t3
    other = t1 + t2 - chosen
    assert abs(chosen - t3) <= abs(other - t3)
    if abs(t1 - t3) == abs(t2 - t3):
        assert chosen == max(t1, t2)
    # Swapping the first two evaluators changes nothing, halfway included.
    assert final_score([t2, t1, t3], max_total, threshold) == final


@PROPERTY
@given(call_and_totals(count=3))
def test_final_never_falls_when_the_third_total_rises(data):
    max_total, threshold, (t1, t2, t3) = data
    assume(t3 < max_total)
    lower = final_score([t1, t2, t3], max_total, threshold)
    assert final_score([t1, t2, t3 + 1], max_total, threshold) >= lower


# --- criterion scores and the threshold -----------------------------------------------------


def test_criterion_scores_of_two_cards_are_the_means():
    cards = [[8, 7, 6, 9, 5], [7, 7, 5, 10, 4]]  # 35 and 33: no third
    assert criterion_scores(cards, 50, T30) == tuple(
        Decimal(x) for x in ("7.50", "7.00", "5.50", "9.50", "4.50")
    )


def test_criterion_scores_of_three_cards_use_the_third_and_the_closer():
    cards = [
        [9, 8, 8, 8, 7],  # 40
        [4, 4, 4, 4, 4],  # 20
        [7, 8, 6, 7, 7],  # 35: closer to 40
    ]
    scores = criterion_scores(cards, 50, T30)
    assert scores == tuple(Decimal(x) for x in ("8.00", "8.00", "7.00", "7.50", "7.00"))
    assert sum(scores) == final_score([40, 20, 35], 50, T30) == Decimal("37.50")


def test_criterion_scores_refuse_cards_of_different_lengths():
    with pytest.raises(ValueError):
        criterion_scores([[5, 5], [5, 5, 5]], 50, T30)


def test_passing_needs_the_threshold_and_every_set_minimum():
    scores = (Decimal("8.00"), Decimal("2.50"), Decimal("9.00"))
    assert passes_threshold(Decimal("30.00"), T30) is True  # equal to the threshold passes
    assert passes_threshold(Decimal("29.50"), T30) is False
    assert passes_threshold(Decimal("35.00"), T30, scores, (None, 3, None)) is False
    assert passes_threshold(Decimal("35.00"), T30, scores, (8, None, 9)) is True
    assert passes_threshold(Decimal("35.00"), T30, scores, (None, None, None)) is True
    with pytest.raises(ValueError):
        passes_threshold(Decimal("35.00"), T30, scores[:2], (None, 3, None))


@PROPERTY
@given(
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=100),
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=20),
            st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
        ),
        max_size=6,
    ),
)
def test_passing_is_the_conjunction_of_the_rules(half_points, threshold_points_, rows):
    final = Decimal(half_points) / 2
    threshold = Decimal(threshold_points_) / 2
    scores = tuple(Decimal(s) / 2 for s, _ in rows)
    minimums = tuple(m for _, m in rows)
    expected = final >= threshold and all(
        m is None or s >= m for s, m in zip(scores, minimums, strict=True)
    )
    assert passes_threshold(final, threshold, scores, minimums) is expected


# --- score_application ----------------------------------------------------------------------


def test_score_of_two_agreeing_cards():
    score = score_application([[8, 7, 6, 9, 5], [7, 7, 5, 10, 4]], FIVE_BY_TEN, NO_MINIMUMS)
    assert score == ApplicationScore(
        totals=(35, 33),
        final=Decimal("34.00"),
        needs_third=False,
        criterion_scores=tuple(Decimal(x) for x in ("7.50", "7.00", "5.50", "9.50", "4.50")),
        passes=True,
        threshold=T30,
        max_total=50,
        cards_needed=2,
        counted=(0, 1),
    )
    assert score.complete


def test_score_waits_for_the_third_card_when_the_rule_fires():
    cards = [[9, 8, 8, 8, 7], [4, 4, 4, 4, 4]]  # 40 and 20
    score = score_application(cards, FIVE_BY_TEN, NO_MINIMUMS)
    assert (score.totals, score.final, score.passes) == ((40, 20), None, None)
    assert score.needs_third and score.cards_needed == 3 and not score.complete
    assert score.criterion_scores == ()

    score = score_application([*cards, [7, 8, 6, 7, 7]], FIVE_BY_TEN, NO_MINIMUMS)
    assert score.final == Decimal("37.50")
    assert score.needs_third and score.passes is True
    assert score.counted == (0, 2)


@pytest.mark.parametrize("cards", [[], [[5, 5, 5, 5, 5]]])
def test_score_of_fewer_than_two_cards_is_incomplete(cards):
    score = score_application(cards, FIVE_BY_TEN, NO_MINIMUMS)
    assert score.final is None and score.passes is None and score.cards_needed == 2


def test_score_above_the_threshold_fails_a_criterion_minimum():
    # Total 36.50 passes 30, but criterion 2 scores (2 + 3) / 2 = 2.50 against a minimum of 3.
    cards = [[10, 2, 8, 8, 9], [9, 3, 8, 9, 7]]
    score = score_application(cards, FIVE_BY_TEN, [None, 3, None, None, None])
    assert score.final == Decimal("36.50")
    assert score.criterion_scores[1] == Decimal("2.50")
    assert score.passes is False
    # A minimum of 2 is met.
    assert score_application(cards, FIVE_BY_TEN, [None, 2, None, None, None]).passes is True


def test_score_with_another_threshold_percent():
    # Maximum 30 (criteria 10 + 20), 70% = 21.00; totals 21 and 20 straddle it.
    score = score_application([[7, 14], [6, 14]], [10, 20], [None, None], threshold_percent=70)
    assert score.threshold == Decimal("21.00")
    assert score.needs_third and score.final is None


@pytest.mark.parametrize(
    "cards, why",
    [
        ([[11, 5, 5, 5, 5], [5, 5, 5, 5, 5]], "above the criterion's maximum"),
        ([[-1, 5, 5, 5, 5], [5, 5, 5, 5, 5]], "negative"),
        ([[5.5, 5, 5, 5, 5], [5, 5, 5, 5, 5]], "not an integer"),
        ([["5", 5, 5, 5, 5], [5, 5, 5, 5, 5]], "a string"),
        ([[True, 5, 5, 5, 5], [5, 5, 5, 5, 5]], "a bool"),
        ([[5, 5, 5, 5], [5, 5, 5, 5, 5]], "a score missing"),
        ([[5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5]], "one score too many"),
        ([[5] * 5] * 4, "four cards"),
    ],
)
def test_score_refuses_invalid_cards(cards, why):
    with pytest.raises(ValueError):
        score_application(cards, FIVE_BY_TEN, NO_MINIMUMS)


@pytest.mark.parametrize(
    "max_points, minimums",
    [([], []), ([10, 0], [None, None]), ([10, 10], [None]), ([10, 10], [None, 11])],
)
def test_score_refuses_invalid_criteria(max_points, minimums):
    with pytest.raises(ValueError):
        score_application([[1, 1], [1, 1]], max_points, minimums)


@st.composite
def applications(draw, complete=True):
    """A call's criteria (maximum and optional minimum each) and the cards of one application."""
    max_points = draw(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=6))
    minimums = [draw(st.one_of(st.none(), st.integers(0, m))) for m in max_points]
    percent = draw(st.integers(min_value=1, max_value=100))

    def card():
        return [draw(st.integers(0, m)) for m in max_points]

    cards = [card(), card()]
    if complete:
        max_total = sum(max_points)
        threshold = threshold_points(max_total, percent)
        if needs_third_evaluator(card_total(cards[0]), card_total(cards[1]), max_total, threshold):
            cards.append(card())
    elif draw(st.booleans()):
        cards.append(card())
    return cards, max_points, minimums, percent


@PROPERTY
@given(applications())
def test_complete_score_is_consistent(data):
    cards, max_points, minimums, percent = data
    score = score_application(cards, max_points, minimums, percent)
    assert score.complete and score.cards_needed == len(cards)
    assert score.final == final_score(list(score.totals), score.max_total, score.threshold)
    # The criterion scores come from the counted cards and add up to the final score.
    assert sum(score.criterion_scores) == score.final
    a, b = (cards[i] for i in score.counted)
    for index, value in enumerate(score.criterion_scores):
        assert min(a[index], b[index]) <= value <= max(a[index], b[index])
        assert 0 <= value <= max_points[index]
    assert score.passes is passes_threshold(
        score.final, score.threshold, score.criterion_scores, minimums
    )
    if all(m is None for m in minimums):
        assert score.passes is (score.final >= score.threshold)


@PROPERTY
@given(applications(complete=False))
def test_score_ignores_which_of_the_first_two_evaluators_came_first(data):
    cards, max_points, minimums, percent = data
    swapped = [cards[1], cards[0], *cards[2:]]
    score = score_application(cards, max_points, minimums, percent)
    other = score_application(swapped, max_points, minimums, percent)
    assert (other.final, other.needs_third, other.passes) == (
        score.final,
        score.needs_third,
        score.passes,
    )
    if score.totals[0] != score.totals[1] or len(cards) == 2:
        assert other.criterion_scores == score.criterion_scores


@PROPERTY
@given(applications(complete=False), st.data())
def test_score_refuses_any_score_out_of_range(data, draw):
    cards, max_points, minimums, percent = data
    card = draw.draw(st.integers(0, len(cards) - 1))
    index = draw.draw(st.integers(0, len(max_points) - 1))
    bad = draw.draw(
        st.one_of(
            st.integers(max_value=-1),
            st.integers(min_value=max_points[index] + 1),
            st.floats(allow_nan=False),
        )
    )
    cards = [list(c) for c in cards]
    cards[card][index] = bad
    with pytest.raises(ValueError):
        score_application(cards, max_points, minimums, percent)
