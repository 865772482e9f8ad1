"""Evaluator calibration for the chair of a call (issue #25): how far each evaluator's scores lie
from the pairs they scored in, per criterion and in total; how often their applications needed a
third evaluator; and the spread of their totals.

The rules (the page says them too):
- A pair is the two regular cards of an application: its current (not cancelled) first and
  second evaluators' cards. The pair's mean in a criterion is the mean of the two cards' points;
  an evaluator's difference on one card is their points minus that mean, i.e. half the difference
  from the other card of the pair. Their figure is the mean of these differences over every pair
  they scored in. Two evaluators who always differ by 2 points are +1 and −1.
- Third-evaluator and appeal cards are not compared: a third evaluator is called precisely because
  the pair diverged, and an appeal card scores the application anew, alone (evaluation.results).
  They are counted beside the figures, nothing more.
- An application "triggered a third evaluator" when it has a current third-evaluator assignment:
  what actually happened, not the rule recomputed (its parameters may differ per call).
- The spread is of the totals of the evaluator's pair cards: lowest, median, highest and the
  (population) standard deviation.
- The figures are shown only once every application in the evaluation (submitted, not rejected
  formally, not withdrawn) has both cards of its pair submitted; before that, how many cards are
  missing, and no partial numbers.

Decimals are rounded to two places half-up (`scoring.quantize`) only at the end. `load` reads the
call in four queries, whatever its size; the rest are pure functions over plain values.
"""

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .scoring import quantize

if TYPE_CHECKING:
    from recruitment.models import CallPage

FIRST, SECOND, THIRD, APPEAL = "first", "second", "third", "appeal"
PAIR_KINDS = (FIRST, SECOND)
SUBMITTED = "submitted"
MINUS = "\N{MINUS SIGN}"


@dataclass(frozen=True)
class Criterion:
    pk: int
    number: int
    text: str
    max_points: int


@dataclass(frozen=True)
class Card:
    """One current card (or an assignment still without a submitted card) of the call."""

    application_id: int
    evaluator_id: int
    kind: str
    submitted: bool
    points: tuple[int, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.points)


@dataclass(frozen=True)
class EvaluatorFigures:
    """One evaluator's row. The figures are None for an evaluator without pair cards (only third
    or appeal cards)."""

    evaluator_id: int
    name: str
    pair_cards: int
    other_cards: int
    criterion_differences: tuple[Decimal, ...] | None
    total_difference: Decimal | None
    third_count: int
    third_share: Decimal | None
    total_min: int | None
    total_median: Decimal | None
    total_max: int | None
    total_stdev: Decimal | None

    @classmethod
    def without_pairs(cls, evaluator_id: int, name: str, other_cards: int) -> "EvaluatorFigures":
        return cls(
            evaluator_id=evaluator_id,
            name=name,
            pair_cards=0,
            other_cards=other_cards,
            criterion_differences=None,
            total_difference=None,
            third_count=0,
            third_share=None,
            total_min=None,
            total_median=None,
            total_max=None,
            total_stdev=None,
        )

    @property
    def total_difference_text(self) -> str:
        return signed(self.total_difference)

    @property
    def criterion_difference_texts(self) -> list[str]:
        return [signed(value) for value in self.criterion_differences or ()]

    @property
    def third_share_text(self) -> str:
        return "–" if self.third_share is None else f"{number(self.third_share)}%"

    @property
    def median_text(self) -> str:
        return "–" if self.total_median is None else number(self.total_median)

    @property
    def stdev_text(self) -> str:
        return "–" if self.total_stdev is None else number(self.total_stdev)


@dataclass(frozen=True)
class Calibration:
    """The call's calibration: `ready` once every pair card is in (`missing_cards` is 0 and there
    is at least one pair), with one row per evaluator, ordered by name."""

    criteria: tuple[Criterion, ...]
    applications: int
    missing_cards: int
    pairs: int
    evaluators: tuple[EvaluatorFigures, ...] = field(default=())

    @property
    def ready(self) -> bool:
        return self.missing_cards == 0 and self.pairs > 0


# --- formatting ---------------------------------------------------------------------------------


def number(value: Decimal | int) -> str:
    """Two decimal places with a decimal comma, e.g. „1,50”, „−0,75”."""
    text = f"{quantize(value):.2f}".replace(".", ",")
    return text.replace("-", MINUS)


def signed(value: Decimal | None) -> str:
    """A difference with its sign: „+1,50”, „−0,75”, „0,00”; „–” for none."""
    if value is None:
        return "–"
    value = quantize(value)
    if value > 0:
        return "+" + number(value)
    return number(value)


# --- the rules ----------------------------------------------------------------------------------


def missing_cards(application_ids: Iterable[int], cards: Iterable[Card]) -> int:
    """How many pair cards are not in yet: two per application in the evaluation, less its
    submitted first and second cards."""
    wanted = set(application_ids)
    submitted: dict[int, int] = {}
    for card in cards:
        if card.kind in PAIR_KINDS and card.submitted and card.application_id in wanted:
            submitted[card.application_id] = submitted.get(card.application_id, 0) + 1
    return sum(2 - min(submitted.get(pk, 0), 2) for pk in wanted)


def _mean(numerator: int, denominator: int) -> Decimal:
    return quantize(Decimal(numerator) / Decimal(denominator))


def calibrate(
    criteria: Sequence[Criterion],
    application_ids: Iterable[int],
    cards: Sequence[Card],
    names: Mapping[int, str],
) -> Calibration:
    """The calibration of a call from its criteria, its applications in the evaluation, their
    current cards (points in criteria order) and the evaluators' names."""
    application_ids = set(application_ids)
    missing = missing_cards(application_ids, cards)
    pairs: dict[int, dict[str, Card]] = {}
    thirds: set[int] = set()
    other: dict[int, int] = {}
    for card in cards:
        if card.application_id not in application_ids:
            continue
        if card.kind in PAIR_KINDS:
            if card.submitted:
                pairs.setdefault(card.application_id, {})[card.kind] = card
        else:
            if card.kind == THIRD:
                thirds.add(card.application_id)
            other[card.evaluator_id] = other.get(card.evaluator_id, 0) + 1
    complete = [pair for pair in pairs.values() if len(pair) == 2]
    result = Calibration(tuple(criteria), len(application_ids), missing, len(complete))
    if not result.ready:
        return result

    count = len(criteria)
    # Per evaluator: sums of (own − other) per criterion and in total, their totals, thirds.
    sums: dict[int, list[int]] = {}
    totals: dict[int, list[int]] = {}
    third_counts: dict[int, int] = {}
    for pair in complete:
        first, second = pair[FIRST], pair[SECOND]
        for own, mate in ((first, second), (second, first)):
            row = sums.setdefault(own.evaluator_id, [0] * (count + 1))
            for index in range(count):
                row[index] += own.points[index] - mate.points[index]
            row[count] += own.total - mate.total
            totals.setdefault(own.evaluator_id, []).append(own.total)
            if own.application_id in thirds:
                third_counts[own.evaluator_id] = third_counts.get(own.evaluator_id, 0) + 1

    rows = []
    for evaluator_id in set(sums) | set(other):
        own_totals = totals.get(evaluator_id, [])
        n = len(own_totals)
        name = names.get(evaluator_id, str(evaluator_id))
        if not n:
            rows.append(EvaluatorFigures.without_pairs(evaluator_id, name, other[evaluator_id]))
            continue
        row = sums[evaluator_id]
        # The difference from the pair's mean is half the difference from the other card.
        differences = tuple(_mean(value, 2 * n) for value in row[:count])
        thirds_here = third_counts.get(evaluator_id, 0)
        rows.append(
            EvaluatorFigures(
                evaluator_id=evaluator_id,
                name=name,
                pair_cards=n,
                other_cards=other.get(evaluator_id, 0),
                criterion_differences=differences,
                total_difference=_mean(row[count], 2 * n),
                third_count=thirds_here,
                third_share=_mean(100 * thirds_here, n),
                total_min=min(own_totals),
                total_median=quantize(Decimal(statistics.median(own_totals))),
                total_max=max(own_totals),
                total_stdev=quantize(statistics.pstdev([Decimal(t) for t in own_totals])),
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.evaluator_id))
    return Calibration(tuple(criteria), len(application_ids), missing, len(complete), tuple(rows))


# --- reading the call ---------------------------------------------------------------------------


def _name(first_name: str, last_name: str, username: str) -> str:
    return f"{first_name} {last_name}".strip() or username


def load(call: "CallPage") -> Calibration:
    """The call's calibration read in four queries: criteria, applications, current assignments
    with their cards and evaluators, the points of the submitted pair cards."""
    from recruitment.models import Application, ApplicationState

    from .models import Assignment, CardScore

    S = ApplicationState
    criteria = [
        Criterion(pk, number, text, max_points)
        for number, (pk, text, max_points) in enumerate(
            call.substantive_criteria.order_by("sort_order", "pk").values_list(
                "pk", "text", "max_points"
            ),
            start=1,
        )
    ]
    # In the evaluation: submitted, neither rejected formally nor withdrawn.
    application_ids = set(
        Application.objects.filter(call=call)
        .exclude(state__in=(S.DRAFT, S.FORMALLY_REJECTED, S.WITHDRAWN))
        .values_list("pk", flat=True)
    )
    rows = list(
        Assignment.objects.filter(application__call=call, cancelled_at__isnull=True).values_list(
            "application_id",
            "evaluator_id",
            "kind",
            "card__pk",
            "card__status",
            "evaluator__first_name",
            "evaluator__last_name",
            "evaluator__username",
        )
    )
    names = {row[1]: _name(*row[5:]) for row in rows}
    pair_card_ids = {row[3] for row in rows if row[2] in PAIR_KINDS and row[4] == SUBMITTED}
    points: dict[int, dict[int, int]] = {}
    if pair_card_ids and not missing_cards(
        application_ids,
        (Card(row[0], row[1], row[2], row[4] == SUBMITTED) for row in rows),
    ):
        scores = CardScore.objects.filter(
            card__assignment__application__call=call,
            card__assignment__cancelled_at__isnull=True,
            card__assignment__kind__in=PAIR_KINDS,
            card__status=SUBMITTED,
        ).values_list("card_id", "criterion_id", "points")
        for card_id, criterion_id, value in scores:
            points.setdefault(card_id, {})[criterion_id] = value or 0
    cards = [
        Card(
            application_id,
            evaluator_id,
            kind,
            status == SUBMITTED,
            tuple(points.get(card_id, {}).get(c.pk, 0) for c in criteria)
            if card_id in pair_card_ids
            else (),
        )
        for application_id, evaluator_id, kind, card_id, status, *_names in rows
    ]
    return calibrate(criteria, application_ids, cards, names)
