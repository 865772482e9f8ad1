"""Substantive scoring of an application: card totals, the third-evaluator rule, final score, threshold.

Pure functions over integers and Decimals (no ORM), implementing DOMAIN.md, "Recruitment of JST",
"Substantive evaluation". The models and views call them; the ranking is in `evaluation.ranking`.

Invalid arguments raise ValueError with an English message: they are programming errors here, the
card forms refuse bad input earlier with a Polish message.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeGuard

CENT = Decimal("0.01")
DEFAULT_THRESHOLD_PERCENT = 60
# DOMAIN.md: a third evaluator when the two totals differ by more than 30% of the maximum; a
# default, editable per call (`CallPage.divergence_percent`), which every caller passes.
DIVERGENCE_PERCENT = 30


def quantize(value: Decimal | int | float | str) -> Decimal:
    """Two decimal places, half-up (DOMAIN.md). A float is read through its shortest repr, so
    2.675 gives 2.68 as a person would expect, not 2.67 from its binary value."""
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_total(total: int, max_total: int) -> None:
    if not _is_int(total):
        raise ValueError(f"a total must be an int, not {total!r}")
    if not 0 <= total <= max_total:
        raise ValueError(f"a total must be within 0..{max_total}, not {total}")


def card_total(scores: Sequence[int]) -> int:
    """The total of one evaluator's card: the sum of its integer scores."""
    for score in scores:
        if not _is_int(score):
            raise ValueError(f"a score must be an int, not {score!r}")
    return sum(scores)


def threshold_points(max_total: int, percent: int | Decimal = DEFAULT_THRESHOLD_PERCENT) -> Decimal:
    """The threshold in points: `percent` of the maximum total (DOMAIN.md: 60% by default)."""
    value: int | float | Decimal | str = percent
    if isinstance(percent, float):
        value = repr(percent)
    return quantize(Decimal(max_total) * Decimal(value) / 100)


def _check_percent(percent: int) -> None:
    if not _is_int(percent) or not 1 <= percent <= 100:
        raise ValueError(f"a divergence percentage must be an int within 1..100, not {percent!r}")


def needs_third_evaluator(
    total_1: int,
    total_2: int,
    max_total: int,
    threshold: Decimal,
    divergence_percent: int = DIVERGENCE_PERCENT,
) -> bool:
    """DOMAIN.md: the totals differ by more than `divergence_percent` (the call's; 30 by
    default) of the maximum, or exactly one of them reaches the threshold (a total equal to the
    threshold reaches it)."""
    _check_total(total_1, max_total)
    _check_total(total_2, max_total)
    _check_percent(divergence_percent)
    # Integer arithmetic: |t1 - t2| > p% of max  <=>  100 * |t1 - t2| > p * max.
    diverge = 100 * abs(total_1 - total_2) > divergence_percent * max_total
    split = (total_1 >= threshold) != (total_2 >= threshold)
    return diverge or split


def counted_cards(totals: Sequence[int]) -> tuple[int, ...]:
    """The indexes of the cards that count for the final score, in ascending order.

    Two cards: both. Three: the third and the closer of the first two to it (DOMAIN.md).

    When the third total is exactly halfway between the first two, the higher of the two counts.
    The rule names one card ("the closer"), so one of the two must be chosen; the higher one
    resolves the evaluators' disagreement in the applicant's favour, as a doubt should be, and
    keeps every final score the mean of two real cards, so the per-criterion scores (for the
    tie-breakers and the minimums) come from the same two cards as the total. The mean of both
    would give exactly the third total and need per-criterion weights no card has.

    When the first two totals are equal (the rule never calls a third evaluator then, but a third
    card may exist), both are as close; the final score is the same either way, but the criterion
    scores (the minimums, the tie-breakers) are not, and the order in which the chair assigned the
    evaluators must not decide them: `score_application` chooses by the cards
    (`_choose_between_equal_totals`). From the totals alone the first card counts.
    """
    if len(totals) == 2:
        return (0, 1)
    if len(totals) != 3:
        raise ValueError(f"the final score needs two or three totals, not {len(totals)}")
    first, second, third = totals
    distance_1, distance_2 = abs(third - first), abs(third - second)
    if distance_1 < distance_2 or (distance_1 == distance_2 and first >= second):
        return (0, 2)
    return (1, 2)


def final_score(
    totals: Sequence[int],
    max_total: int,
    threshold: Decimal,
    divergence_percent: int = DIVERGENCE_PERCENT,
) -> Decimal:
    """The final score of an application from its card totals (DOMAIN.md): the mean of two, or,
    with a third card, the mean of the third and the closer of the first two (`counted_cards`
    says which one on a tie). Three totals always use the third card, even where the rule would
    not have called for it: the card was scored and the chair assigned it."""
    if len(totals) < 2:
        raise ValueError(f"the final score needs at least two totals, not {len(totals)}")
    for total in totals:
        _check_total(total, max_total)
    if len(totals) == 2 and needs_third_evaluator(
        totals[0], totals[1], max_total, threshold, divergence_percent
    ):
        raise ValueError(f"totals {tuple(totals)} need a third evaluator's card")
    a, b = (totals[i] for i in counted_cards(totals))
    return quantize(Decimal(a + b) / 2)


def criterion_scores(
    cards: Sequence[Sequence[int]],
    max_total: int,
    threshold: Decimal,
    divergence_percent: int = DIVERGENCE_PERCENT,
) -> tuple[Decimal, ...]:
    """The application's score in each criterion: the mean of the cards that count for the final
    score (the same selection as `final_score`), so the criterion scores add up to it. They break
    ties in the ranking and are checked against the per-criterion minimums."""
    totals = [card_total(card) for card in cards]
    # The same checks: enough cards, totals in range.
    final_score(totals, max_total, threshold, divergence_percent)
    lengths = {len(card) for card in cards}
    if len(lengths) != 1:
        raise ValueError("every card must score the same criteria")
    a, b = (cards[i] for i in counted_cards(totals))
    return tuple(quantize(Decimal(x + y) / 2) for x, y in zip(a, b, strict=True))


def passes_threshold(
    final: Decimal,
    threshold: Decimal,
    criterion_scores: Sequence[Decimal] = (),
    criterion_minimums: Sequence[int | None] = (),
) -> bool:
    """DOMAIN.md: the final score reaches the threshold and, where the call sets a minimum for a
    criterion, the application's score in it reaches that minimum (both inclusive)."""
    if final < threshold:
        return False
    if not criterion_minimums:
        return True
    if len(criterion_scores) != len(criterion_minimums):
        raise ValueError("one criterion score is needed for every criterion minimum")
    return all(
        minimum is None or score >= minimum
        for score, minimum in zip(criterion_scores, criterion_minimums, strict=True)
    )


@dataclass(frozen=True)
class ApplicationScore:
    """Everything the rules say about one application's cards, for the views, the ranking and
    the chair's dashboard. `final`, `criterion_scores` and `passes` are empty until the cards the
    rule needs are all there: `cards_needed` says how many that is."""

    totals: tuple[int, ...]
    final: Decimal | None
    needs_third: bool
    criterion_scores: tuple[Decimal, ...]
    passes: bool | None
    threshold: Decimal
    max_total: int = 0
    cards_needed: int = 2
    counted: tuple[int, ...] = ()

    @property
    def complete(self) -> bool:
        return self.final is not None


def _check_criteria(max_points: Sequence[int], minimums: Sequence[int | None]) -> None:
    if not max_points:
        raise ValueError("a call needs at least one substantive criterion")
    if len(minimums) != len(max_points):
        raise ValueError("one minimum (or None) is needed for every criterion")
    for maximum, minimum in zip(max_points, minimums, strict=True):
        if not _is_int(maximum) or maximum < 1:
            raise ValueError(f"a criterion maximum must be a positive int, not {maximum!r}")
        if minimum is not None and (not _is_int(minimum) or not 0 <= minimum <= maximum):
            raise ValueError(f"a criterion minimum must be within 0..{maximum}, not {minimum!r}")


def _check_card(card: Sequence[int], max_points: Sequence[int]) -> None:
    if len(card) != len(max_points):
        raise ValueError(f"a card needs {len(max_points)} scores, not {len(card)}")
    for score, maximum in zip(card, max_points, strict=True):
        if not _is_int(score):
            raise ValueError(f"a score must be an int, not {score!r}")
        if not 0 <= score <= maximum:
            raise ValueError(f"a score must be within 0..{maximum}, not {score}")


def score_application(
    cards: Sequence[Sequence[int]],
    max_points: Sequence[int],
    minimums: Sequence[int | None],
    threshold_percent: int | Decimal = DEFAULT_THRESHOLD_PERCENT,
    divergence_percent: int = DIVERGENCE_PERCENT,
) -> ApplicationScore:
    """Score one application from its submitted cards, in the order the evaluators were assigned
    (the two first, then the third). Zero or one card, or two that call for a missing third, give
    `final=None` and `passes=None`; more than three cards are an error."""
    _check_criteria(max_points, minimums)
    if len(cards) > 3:
        raise ValueError(f"an application has at most three cards, not {len(cards)}")
    for card in cards:
        _check_card(card, max_points)
    max_total = sum(max_points)
    threshold = threshold_points(max_total, threshold_percent)
    totals = tuple(card_total(card) for card in cards)
    needs_third = len(totals) >= 2 and needs_third_evaluator(
        totals[0], totals[1], max_total, threshold, divergence_percent
    )
    cards_needed = 3 if needs_third else 2
    if len(totals) < cards_needed:
        return ApplicationScore(
            totals=totals,
            final=None,
            needs_third=needs_third,
            criterion_scores=(),
            passes=None,
            threshold=threshold,
            max_total=max_total,
            cards_needed=cards_needed,
        )
    final = final_score(totals, max_total, threshold, divergence_percent)
    counted = counted_cards(totals)
    if len(totals) == 3 and totals[0] == totals[1]:
        counted = _choose_between_equal_totals(cards, minimums, threshold, final)
    a, b = (cards[i] for i in counted)
    scores = tuple(quantize(Decimal(x + y) / 2) for x, y in zip(a, b, strict=True))
    return ApplicationScore(
        totals=totals,
        final=final,
        needs_third=needs_third,
        criterion_scores=scores,
        passes=passes_threshold(final, threshold, scores, minimums),
        threshold=threshold,
        max_total=max_total,
        cards_needed=cards_needed,
        counted=counted,
    )


def _choose_between_equal_totals(
    cards: Sequence[Sequence[int]],
    minimums: Sequence[int | None],
    threshold: Decimal,
    final: Decimal,
) -> tuple[int, int]:
    """With three cards whose first two totals are equal, which of the two counts with the third.

    Both give the same final score, so the choice is made by what differs, whatever the order of
    the two: the pair whose criterion scores reach every minimum, if only one does (a doubt in
    the applicant's favour, as in `counted_cards`); then the pair with the higher criterion
    scores, criterion by criterion in the call's order; identical cards give the first.
    """

    def merit(index: int) -> tuple[bool, tuple[Decimal, ...]]:
        scores = tuple(
            quantize(Decimal(x + y) / 2) for x, y in zip(cards[index], cards[2], strict=True)
        )
        return passes_threshold(final, threshold, scores, minimums), scores

    return (0, 2) if merit(0) >= merit(1) else (1, 2)
