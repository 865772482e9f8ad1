"""The ranking list of a call read from the database: its applications, their counting cards,
their scores (`evaluation.scoring`) and their places (`evaluation.ranking`), DOMAIN.md,
"Substantive evaluation".

`rank_call` reads the applications that have passed the formal check and have no result yet
(`RANKED_STATES`): formally accepted (no evaluator yet), under substantive evaluation, or scored.
Once the call has a published list (`evaluation.models.ResultList`), it also reads every
application of the latest published version, whatever its state now (selected, reserve, not
selected, appealing, re-evaluated, final): an upheld appeal recomputes the whole list.
The applications whose cards are all in are ranked; the others are listed apart in
`RankedCall.pending`, with the reason, so that publishing can refuse a list that is not complete.
Applications in the formal check, rejected or withdrawn are not read.

After an upheld appeal (`evaluation.appeals`) a new evaluator, none of the earlier ones, scores
the application anew on an "appeal" card. The rule here (DOMAIN.md says only that the new
evaluator re-scores and the ranking is recomputed): the submitted appeal card replaces the earlier
cards, so the final score is its total and the criterion scores are its points, with the same
threshold and per-criterion minimums (`appeal_score`). Until it is submitted the application is
pending (`Pending.RE_EVALUATION_IN_PROGRESS`) and no new version of the list can be approved.

The number of SQL queries is fixed whatever the number of applications (five: quotas, criteria,
applications with their JST, the counting cards, their scores; the latest published list is a
subquery of the applications' query). The cards are the ones
`evaluation.cards.counting_cards` gives and are scored as `evaluation.cards.score_of` scores them,
but read as plain values: with 1,000 applications and 3,000 cards the model instances and the
per-card prefetch querysets of `counting_cards` cost about 1.3 s of the 1 s the ranking may take
(issue #7, "Speed"; `make bench-ranking`), the values about 0.1 s.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluation import ranking, scoring
from evaluation.scoring import ApplicationScore
from recruitment.models import Application, ApplicationState

from .cards import SCORING_KINDS
from .models import (
    KIND_ORDER,
    Appeal,
    AssignmentKind,
    CardScore,
    CardStatus,
    ResultEntry,
    ResultList,
    SubstantiveCard,
)

S = ApplicationState
RANKED_STATES = (S.FORMALLY_ACCEPTED, S.SUBSTANTIVE_EVALUATION, S.SCORED)


class Pending(models.TextChoices):
    """Why an application cannot be ranked yet."""

    EVALUATORS_MISSING = "evaluators_missing", _("brak dwóch oceniających")
    CARDS_IN_PROGRESS = "cards_in_progress", _("karty oceny nie zostały złożone")
    THIRD_TO_ASSIGN = "third_to_assign", _("rozbieżność – czeka na trzeciego oceniającego")
    THIRD_IN_PROGRESS = "third_in_progress", _("karta trzeciego oceniającego nie została złożona")
    RE_EVALUATION_IN_PROGRESS = (
        "re_evaluation_in_progress",
        _("ponowna ocena po odwołaniu nie została zakończona"),
    )


@dataclass(frozen=True)
class RankedApplication:
    """One row of the list: the application (its JST selected), its score and its place."""

    application: Application
    score: ApplicationScore
    placement: ranking.Placement
    # Why it stands below its neighbour of equal final score (`tie_break_text`), or "".
    tie_text: str = ""

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
    """A counting card as the ranking needs it: its kind, whether it is submitted, its points,
    when its assignment was made."""

    pk: int
    kind: str
    is_submitted: bool
    points: dict  # {criterion id: points or None}
    assigned_at: datetime | None = None


def ranked_applications(call):
    """The call's applications `rank_call` reads (a queryset, see the module): those in
    `RANKED_STATES` and those of the latest published list. One query when evaluated."""
    latest = (
        ResultList.objects.filter(call=call, published_at__isnull=False)
        .order_by("-version")
        .values("pk")[:1]
    )
    on_latest = ResultEntry.objects.filter(application=OuterRef("pk"), result_list=Subquery(latest))
    return Application.objects.filter(call=call).filter(
        Q(state__in=RANKED_STATES) | Exists(on_latest)
    )


def _counting_cards(call):
    """{application id: [_Card]} of the current first, second, third and appeal cards of the
    call's applications, in that order (as `cards.counting_cards`, with the appeal cards last).
    Two queries. The cards of applications `rank_call` does not read (a withdrawal during the
    scoring) are read too and never looked up: cheaper than repeating its filter here."""
    current = {
        "cancelled_at__isnull": True,
        "kind__in": (*SCORING_KINDS, AssignmentKind.APPEAL),
        "application__call": call,
    }
    on_card = {f"assignment__{key}": value for key, value in current.items()}
    on_score = {f"card__assignment__{key}": value for key, value in current.items()}
    points = {}
    for card_id, criterion_id, value in CardScore.objects.filter(**on_score).values_list(
        "card_id", "criterion_id", "points"
    ):
        points.setdefault(card_id, {})[criterion_id] = value
    rows = SubstantiveCard.objects.filter(**on_card).values_list(
        "pk", "assignment__application_id", "assignment__kind", "status", "assignment__created_at"
    )
    result = {}
    for pk, application_id, kind, status, assigned_at in sorted(
        rows, key=lambda row: (KIND_ORDER[row[2]], row[0])
    ):
        card = _Card(pk, kind, status == CardStatus.SUBMITTED, points.get(pk, {}), assigned_at)
        result.setdefault(application_id, []).append(card)
    return result


def _score(application_cards, criteria, threshold_percent, divergence_percent):
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
        divergence_percent,
    )


def appeal_score(points, criteria, threshold_percent) -> ApplicationScore:
    """The score of an application re-scored after an upheld appeal: the appeal card alone
    (see the module). `points` are the card's points in criteria order."""
    max_points = [c.max_points for c in criteria]
    minimums = [c.min_points for c in criteria]
    max_total = sum(max_points)
    threshold = scoring.threshold_points(max_total, threshold_percent)
    total = scoring.card_total(points)
    final = scoring.quantize(total)
    criterion_scores = tuple(scoring.quantize(p) for p in points)
    return ApplicationScore(
        totals=(total,),
        final=final,
        needs_third=False,
        criterion_scores=criterion_scores,
        passes=scoring.passes_threshold(final, threshold, criterion_scores, minimums),
        threshold=threshold,
        max_total=max_total,
        cards_needed=1,
        counted=(0,),
    )


def _appeal_card(application, appeal_cards):
    """(the submitted appeal card that scores the application, or None; whether its
    re-evaluation is still in progress). An application in re-evaluation waits for every
    current appeal card of its latest appeal (`latest_appeal_at`: an earlier appeal's card, e.g.
    when the new evaluator's assignment was cancelled, does not stand in for it); the latest
    card counts."""
    latest_appeal_at = getattr(application, "latest_appeal_at", None)
    if application.state == S.RE_EVALUATION and latest_appeal_at is not None:
        appeal_cards = [c for c in appeal_cards if c.assigned_at >= latest_appeal_at]
    in_progress = (application.state == S.RE_EVALUATION and not appeal_cards) or not all(
        card.is_submitted for card in appeal_cards
    )
    if in_progress or not appeal_cards:
        return None, in_progress
    return max(appeal_cards, key=lambda card: card.pk), False


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
    """Score and rank the call's applications in `RANKED_STATES` and on its latest published
    list (see the module)."""
    quotas: dict[str, int] = {}
    for quota in call.quotas.all():
        quotas[quota.jst_type] = quotas.get(quota.jst_type, 0) + quota.places
    criteria = list(call.substantive_criteria.order_by("sort_order", "pk"))
    tie_indices = ranking.tie_breaker_indices([c.tie_breaker_order for c in criteria])
    latest_appeal = Appeal.objects.filter(application=OuterRef("pk")).order_by("-filed_at", "-pk")
    applications = list(
        ranked_applications(call)
        .select_related("institution")
        .annotate(latest_appeal_at=Subquery(latest_appeal.values("filed_at")[:1]))
        .order_by("submitted_at", "pk")
    )
    cards_by_application = _counting_cards(call)

    candidates, scores, pending = [], {}, []
    for application in applications:
        every_card = cards_by_application.get(application.pk, [])
        application_cards = [c for c in every_card if c.kind != AssignmentKind.APPEAL]
        appeal_cards = [c for c in every_card if c.kind == AssignmentKind.APPEAL]
        score = _score(application_cards, criteria, call.threshold_percent, call.divergence_percent)
        reason = _pending_reason(application_cards, score)
        appeal_card, re_evaluating = _appeal_card(application, appeal_cards)
        if re_evaluating:
            reason = Pending.RE_EVALUATION_IN_PROGRESS
        elif appeal_card is not None:
            points = [appeal_card.points.get(c.pk) or 0 for c in criteria]
            score = appeal_score(points, criteria, call.threshold_percent)
            reason = None
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
    placements = ranking.rank(candidates, quotas)
    ties = ranking.explain_ties(candidates, placements)
    ranked = tuple(
        RankedApplication(
            *scores[placement.application_id],
            placement,
            tie_break_text(ties.get(placement.application_id), placement.position - 1, criteria),
        )
        for placement in placements
    )
    return RankedCall(call=call, quotas=quotas, ranked=ranked, pending=tuple(pending))


# --- ties explained ---------------------------------------------------------------------------


def _points(value):
    return formats.number_format(value, decimal_pos=2, use_l10n=True)


def _moment(value):
    return formats.date_format(timezone.localtime(value), "j E Y, H:i:s")


def tie_break_text(tie, above_position, criteria):
    """The Polish sentence that says why an application stands right below the one at
    `above_position` with the same final score (`ranking.TieBreak`), or "" without a tie.
    `criteria` are the call's substantive criteria in their order (numbered from 1 as on the
    card)."""
    if tie is None:
        return ""
    R = ranking.TieReason
    values = {"position": above_position}
    if tie.reason == R.CRITERION:
        tie_indices = ranking.tie_breaker_indices([c.tie_breaker_order for c in criteria])
        index = tie_indices[tie.tie_index]
        return gettext(
            "Przy równej ocenie końcowej z miejscem %(position)s o kolejności zdecydowało "
            "kryterium %(number)s „%(text)s” (%(above)s wobec %(own)s)."
        ) % {
            **values,
            "number": index + 1,
            "text": criteria[index].text,
            "above": _points(tie.above_value),
            "own": _points(tie.own_value),
        }
    if tie.reason == R.SUBMISSION:
        return gettext(
            "Przy równej ocenie końcowej z miejscem %(position)s o kolejności zdecydowało "
            "wcześniejsze złożenie zgłoszenia (%(above)s wobec %(own)s)."
        ) % {**values, "above": _moment(tie.above_value), "own": _moment(tie.own_value)}
    if tie.reason == R.MINIMUM:
        return (
            gettext(
                "Przy równej ocenie końcowej z miejscem %(position)s o kolejności zdecydowało "
                "minimum punktów w kryterium: to zgłoszenie go nie osiągnęło."
            )
            % values
        )
    return gettext(
        "Przy równej ocenie końcowej z miejscem %(position)s o kolejności zdecydował numer "
        "zgłoszenia w systemie (%(above)s przed %(own)s) – ostatnie kryterium, stosowane tylko "
        "wtedy, gdy wszystkie inne są równe."
    ) % {**values, "above": tie.above_value, "own": tie.own_value}


def frozen_tie_texts(call, result_list, entries):
    """{application id: text} for the entries of a frozen list version that stand right below
    one of their JST type with the same final score: why (`tie_break_text`), computed from the
    counting cards as they were when the version was approved, checked against what the entry
    froze. Where the cards no longer give the frozen score or order, the text only says that the
    final scores are equal. No query without a tie, one with."""
    ordered = sorted(entries, key=lambda e: (e.jst_type, e.position))
    tied = {}
    for above, below in zip(ordered, ordered[1:], strict=False):
        if above.jst_type == below.jst_type and above.final_score == below.final_score:
            tied[below.application_id] = above.position
            tied.setdefault(above.application_id, None)
    if not tied:
        return {}
    criteria, cards, submitted = _cards_at(result_list, tied)
    frozen = {e.application_id: e for e in entries}
    candidates = []
    tie_indices = ranking.tie_breaker_indices([c.tie_breaker_order for c in criteria])
    for application_id in tied:
        entry = frozen[application_id]
        every_card = cards.get(application_id, [])
        appeal_cards = [c for c in every_card if c.kind == AssignmentKind.APPEAL]
        if appeal_cards:
            card = max(appeal_cards, key=lambda c: c.pk)
            points = [card.points.get(c.pk) or 0 for c in criteria]
            score = appeal_score(points, criteria, call.threshold_percent)
        else:
            scoring_cards = [c for c in every_card if c.kind != AssignmentKind.APPEAL]
            try:
                score = _score(
                    scoring_cards, criteria, call.threshold_percent, call.divergence_percent
                )
            except ValueError:  # the criteria changed under the cards: nothing to explain
                continue
        if score.final != entry.final_score or application_id not in submitted:
            continue
        candidates.append(
            ranking.candidate(
                application_id, entry.jst_type, score, submitted[application_id], tie_indices
            )
        )
    placements = [
        ranking.Placement(
            application_id=e.application_id,
            jst_type=e.jst_type,
            position=e.position,
            status=ranking.Status(e.status),
            reserve_position=e.reserve_position,
            final_score=e.final_score,
        )
        for e in ordered
    ]
    ties = ranking.explain_ties(candidates, placements)
    texts = {}
    for application_id, above_position in tied.items():
        if above_position is None:
            continue
        text = tie_break_text(ties.get(application_id), above_position, criteria)
        texts[application_id] = text or gettext("Równa ocena końcowa z miejscem %(position)s.") % {
            "position": above_position
        }
    return texts


@dataclass(frozen=True)
class _Criterion:
    pk: int
    text: str
    max_points: int
    min_points: int | None
    tie_breaker_order: int | None


def _cards_at(result_list, application_ids):
    """(criteria, {application id: [_Card]}, {application id: submitted at}) of the
    applications' first, second, third and appeal cards that counted when `result_list` was
    approved: submitted by then, their assignment not cancelled by then. One query."""
    approved_at = result_list.approved_at
    rows = CardScore.objects.filter(
        card__assignment__application_id__in=list(application_ids),
        card__assignment__kind__in=(*SCORING_KINDS, AssignmentKind.APPEAL),
        card__status=CardStatus.SUBMITTED,
        card__submitted_at__lte=approved_at,
    ).filter(
        Q(card__assignment__cancelled_at__isnull=True)
        | Q(card__assignment__cancelled_at__gt=approved_at)
    )
    criteria, points, meta, submitted = {}, {}, {}, {}
    for row in rows.values_list(
        "card_id",
        "card__assignment__application_id",
        "card__assignment__application__submitted_at",
        "card__assignment__kind",
        "criterion_id",
        "criterion__sort_order",
        "criterion__text",
        "criterion__max_points",
        "criterion__min_points",
        "criterion__tie_breaker_order",
        "points",
    ):
        card_id, application_id, submitted_at, kind, criterion_id, order = row[:6]
        text, max_points, min_points, tie_order, value = row[6:]
        criteria[criterion_id] = (
            (order is None, order or 0, criterion_id),
            _Criterion(criterion_id, text, max_points, min_points, tie_order),
        )
        points.setdefault(card_id, {})[criterion_id] = value
        meta[card_id] = (application_id, kind)
        submitted[application_id] = submitted_at
    cards = {}
    for card_id in sorted(meta, key=lambda pk: (KIND_ORDER[meta[pk][1]], pk)):
        application_id, kind = meta[card_id]
        cards.setdefault(application_id, []).append(_Card(card_id, kind, True, points[card_id]))
    ordered_criteria = [criterion for _key, criterion in sorted(criteria.values())]
    return ordered_criteria, cards, submitted
