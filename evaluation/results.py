"""The ranking list of a call read from the database: its applications, their counting cards,
their scores (`recruitment.scoring`) and their places (`recruitment.ranking`), DOMAIN.md,
"Substantive evaluation".

`rank_call` reads the applications that have passed the formal check and have no result yet
(`RANKED_STATES`): formally accepted (no evaluator yet), under substantive evaluation, or scored.
The applications whose cards are all in are ranked; the others are listed apart in
`RankedCall.pending`, with the reason, so that publishing can refuse a list that is not complete.
Applications in the formal check, rejected, withdrawn or already given a result are not read:
the appeals procedure ranks its own way.

The number of SQL queries is fixed whatever the number of applications (five: quotas, criteria,
applications with their JST, the counting cards, their scores). The cards are the ones
`evaluation.cards.counting_cards` gives and are scored as `evaluation.cards.score_of` scores them,
but read as plain values: with 1,000 applications and 3,000 cards the model instances and the
per-card prefetch querysets of `counting_cards` cost about 1.3 s of the 1 s the ranking may take
(issue #7, "Speed"; `make bench-ranking`), the values about 0.1 s.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment import ranking, scoring
from recruitment.models import Application, ApplicationState
from recruitment.scoring import ApplicationScore

from .cards import SCORING_KINDS
from .models import KIND_ORDER, AssignmentKind, CardScore, CardStatus, SubstantiveCard

S = ApplicationState
RANKED_STATES = (S.FORMALLY_ACCEPTED, S.SUBSTANTIVE_EVALUATION, S.SCORED)


class Pending(models.TextChoices):
    """Why an application cannot be ranked yet."""

    EVALUATORS_MISSING = "evaluators_missing", _("brak dwóch oceniających")
    CARDS_IN_PROGRESS = "cards_in_progress", _("karty oceny nie zostały złożone")
    THIRD_TO_ASSIGN = "third_to_assign", _("rozbieżność – czeka na trzeciego oceniającego")
    THIRD_IN_PROGRESS = "third_in_progress", _("karta trzeciego oceniającego nie została złożona")


@dataclass(frozen=True)
class RankedApplication:
    """One row of the list: the application (its JST selected), its score and its place."""

    application: Application
    score: ApplicationScore
    placement: ranking.Placement

    @property
    def status(self) -> ranking.Status:
        return self.placement.status

    @property
    def position(self) -> int:
        return self.placement.position

    @property
    def reserve_position(self) -> int | None:
        return self.placement.reserve_position

    @property
    def jst_type(self) -> str:
        return self.placement.jst_type


@dataclass(frozen=True)
class PendingApplication:
    """An application that cannot be ranked yet: its score so far and why."""

    application: Application
    score: ApplicationScore
    reason: Pending


@dataclass(frozen=True)
class RankedCall:
    """The list of a call: `ranked` sorted by JST type and position, `pending` by submission."""

    call: object
    quotas: dict[str, int]
    ranked: tuple[RankedApplication, ...]
    pending: tuple[PendingApplication, ...]

    @property
    def is_complete(self) -> bool:
        """Every application is ranked: the list may be approved and published."""
        return not self.pending

    def by_type(self) -> dict[str, list[RankedApplication]]:
        grouped: dict[str, list[RankedApplication]] = {}
        for row in self.ranked:
            grouped.setdefault(row.jst_type, []).append(row)
        return grouped

    def __iter__(self) -> Iterator[RankedApplication]:
        return iter(self.ranked)


@dataclass(frozen=True)
class _Card:
    """A counting card as the ranking needs it: its kind, whether it is submitted, its points."""

    pk: int
    kind: str
    is_submitted: bool
    points: dict  # {criterion id: points or None}


def _counting_cards(call):
    """{application id: [_Card]} of the current first, second and third cards of the call's
    applications in `RANKED_STATES`, in that order (as `cards.counting_cards`). Two queries."""
    current = {
        "cancelled_at__isnull": True,
        "kind__in": SCORING_KINDS,
        "application__call": call,
        "application__state__in": RANKED_STATES,
    }
    on_card = {f"assignment__{key}": value for key, value in current.items()}
    on_score = {f"card__assignment__{key}": value for key, value in current.items()}
    points = {}
    for card_id, criterion_id, value in CardScore.objects.filter(**on_score).values_list(
        "card_id", "criterion_id", "points"
    ):
        points.setdefault(card_id, {})[criterion_id] = value
    rows = SubstantiveCard.objects.filter(**on_card).values_list(
        "pk", "assignment__application_id", "assignment__kind", "status"
    )
    result = {}
    for pk, application_id, kind, status in sorted(
        rows, key=lambda row: (KIND_ORDER[row[2]], row[0])
    ):
        card = _Card(pk, kind, status == CardStatus.SUBMITTED, points.get(pk, {}))
        result.setdefault(application_id, []).append(card)
    return result


def _score(application_cards, criteria, threshold_percent):
    """`cards.score_of` on plain cards: the submitted ones, points in criteria order."""
    return scoring.score_application(
        [
            [card.points.get(c.pk) or 0 for c in criteria]
            for card in application_cards
            if card.is_submitted
        ],
        [c.max_points for c in criteria],
        [c.min_points for c in criteria],
        threshold_percent,
    )


def _pending_reason(application_cards, score):
    """None when the application can be ranked, else why not. Every current first, second and
    third card must be submitted (a returned or draft card stops it, even beside two submitted
    ones: a card in correction may change the score) and the rule's cards must all be there."""
    first_two = [c for c in application_cards if c.kind != AssignmentKind.THIRD]
    if len(first_two) < 2:
        return Pending.EVALUATORS_MISSING
    if not all(card.is_submitted for card in first_two):
        return Pending.CARDS_IN_PROGRESS
    if not all(card.is_submitted for card in application_cards):
        return Pending.THIRD_IN_PROGRESS
    if not score.complete:
        return Pending.THIRD_TO_ASSIGN
    return None


def rank_call(call) -> RankedCall:
    """Score and rank the call's applications in `RANKED_STATES` (see the module)."""
    quotas: dict[str, int] = {}
    for quota in call.quotas.all():
        quotas[quota.jst_type] = quotas.get(quota.jst_type, 0) + quota.places
    criteria = list(call.substantive_criteria.order_by("sort_order", "pk"))
    tie_indices = ranking.tie_breaker_indices([c.tie_breaker_order for c in criteria])
    applications = list(
        Application.objects.filter(call=call, state__in=RANKED_STATES)
        .select_related("institution")
        .order_by("submitted_at", "pk")
    )
    cards_by_application = _counting_cards(call)

    candidates, scores, pending = [], {}, []
    for application in applications:
        application_cards = cards_by_application.get(application.pk, [])
        score = _score(application_cards, criteria, call.threshold_percent)
        reason = _pending_reason(application_cards, score)
        if reason is not None:
            pending.append(PendingApplication(application, score, reason))
            continue
        scores[application.pk] = (application, score)
        candidates.append(
            ranking.candidate(
                application.pk,
                application.institution.jst_type,
                score,
                application.submitted_at,
                tie_indices,
            )
        )
    ranked = tuple(
        RankedApplication(*scores[placement.application_id], placement)
        for placement in ranking.rank(candidates, quotas)
    )
    return RankedCall(call=call, quotas=quotas, ranked=ranked, pending=tuple(pending))
