"""Substantive cards: saving drafts, submitting (which locks the card), the chair's return for
correction, the third-evaluator flag and the cards that count for an application's score
(DOMAIN.md, "Substantive evaluation"; the arithmetic is `evaluation.scoring`).

Every score is an integer 0..max of its criterion; a score below the maximum needs a
justification. A draft may leave fields empty, but nothing invalid is ever stored: a refused save
raises `EvaluationError` with the field errors and changes nothing.
"""

import re
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import scoring
from recruitment import audit
from recruitment.models import ApplicationState

from . import notify_tasks, permissions
from .errors import EvaluationError
from .models import (
    KIND_ORDER,
    Assignment,
    AssignmentKind,
    CardScore,
    CardStatus,
    SubstantiveCard,
)

K = AssignmentKind
JUSTIFICATION_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 2000
# Only plain ASCII digits: no signs, decimals, exponents or other scripts' digits.
INTEGER = re.compile(r"[0-9]{1,5}")
# The kinds whose cards make the score; an appeal's card is handled by the appeal procedure.
SCORING_KINDS = (K.FIRST, K.SECOND, K.THIRD)


def points_field(criterion_id):
    return f"punkty-{criterion_id}"


def justification_field(criterion_id):
    return f"uzasadnienie-{criterion_id}"


# --- the third evaluator ----------------------------------------------------------------------


class ThirdRule:
    """`needs_third_evaluator` for one call, with its maximum, threshold and divergence
    percentage (`CallPage.divergence_percent`) read once."""

    def __init__(self, max_total, threshold, divergence_percent=scoring.DIVERGENCE_PERCENT):
        self.max_total = max_total
        self.threshold = threshold
        self.divergence_percent = divergence_percent

    @classmethod
    def for_call(cls, call, criteria=None):
        criteria = list(call.substantive_criteria.all()) if criteria is None else criteria
        max_total = sum(c.max_points for c in criteria)
        return cls(
            max_total,
            scoring.threshold_points(max_total, call.threshold_percent),
            call.divergence_percent,
        )

    def totals(self, current):
        """The totals of the first and second cards, or None until both are submitted."""
        by_kind = {a.kind: getattr(a, "card", None) for a in current}
        first, second = by_kind.get(K.FIRST), by_kind.get(K.SECOND)
        if first is None or second is None or not (first.is_submitted and second.is_submitted):
            return None
        return first.total, second.total

    def needs_third(self, current):
        totals = self.totals(current)
        if totals is None or not self.max_total:
            return False
        return scoring.needs_third_evaluator(
            totals[0], totals[1], self.max_total, self.threshold, self.divergence_percent
        )

    def __call__(self, current):
        """The application awaits a third evaluator: the rule fired and none is assigned."""
        return self.needs_third(current) and all(a.kind != K.THIRD for a in current)


def awaits_third(call, current):
    return ThirdRule.for_call(call)(current)


# --- reading a POST -----------------------------------------------------------------------------


def parse(scores, data, *, complete):
    """Read the card's fields from `data` (a POST). Returns ({score pk: (points, text)}, errors).

    Only the card's own criteria are read; any other key is ignored. With `complete`, every score
    is required and a score below the maximum needs a justification."""
    values, errors = {}, {}
    for score in scores:
        criterion = score.criterion
        raw = (data.get(points_field(criterion.pk)) or "").strip()
        text = (data.get(justification_field(criterion.pk)) or "").replace("\r\n", "\n").strip()
        field_errors = {}
        points = None
        if raw == "":
            if complete:
                field_errors["points"] = _("Wpisz liczbę punktów od 0 do %(max)s.") % {
                    "max": criterion.max_points
                }
        elif not INTEGER.fullmatch(raw):
            field_errors["points"] = _(
                "Liczba punktów musi być liczbą całkowitą od 0 do %(max)s (wpisano „%(value)s”)."
            ) % {"max": criterion.max_points, "value": raw[:20]}
        else:
            points = int(raw)
            if points > criterion.max_points:
                field_errors["points"] = _(
                    "Najwyżej %(max)s pkt w tym kryterium (wpisano %(value)s)."
                ) % {"max": criterion.max_points, "value": points}
                points = None
        if len(text) > JUSTIFICATION_MAX_LENGTH:
            field_errors["justification"] = _(
                "Uzasadnienie może mieć najwyżej %(limit)s znaków (wpisano %(length)s)."
            ) % {"limit": JUSTIFICATION_MAX_LENGTH, "length": len(text)}
        elif complete and points is not None and points < criterion.max_points and not text:
            field_errors["justification"] = _(
                "Uzasadnij ocenę: przyznano mniej niż maksimum (%(max)s pkt)."
            ) % {"max": criterion.max_points}
        if field_errors:
            errors[criterion.pk] = field_errors
        values[score.pk] = (points, text)
    return values, errors


# --- changing a card --------------------------------------------------------------------------


def _locked_card(card):
    return (
        SubstantiveCard.objects.select_for_update(of=("self",))
        .select_related(
            "assignment__application__call",
            "assignment__application__institution",
            "assignment__evaluator",
        )
        .get(pk=card.pk)
    )


def _scores(card):
    return list(card.scores.select_related("criterion").order_by("criterion__sort_order", "pk"))


def _check_editable(card, user):
    assignment = card.assignment
    application = assignment.application
    if assignment.evaluator_id != user.pk:
        raise EvaluationError(_("To nie jest Twoja karta oceny."))
    if assignment.cancelled_at is not None:
        raise EvaluationError(_("Ten przydział został cofnięty; karty nie można już zmieniać."))
    if card.is_submitted:
        raise EvaluationError(
            _(
                "Karta została złożona i jest zablokowana; zmienić ją można tylko po zwrocie "
                "przez przewodniczącego komisji."
            )
        )
    if application.state not in permissions.EVALUABLE_STATES:
        raise EvaluationError(
            _(
                "Zgłoszenie ma stan „%(state)s”; ocenę można zmieniać tylko w trakcie oceny "
                "merytorycznej."
            )
            % {"state": ApplicationState(application.state).label}
        )
    if not permissions.has_signed(user, application.call):
        raise EvaluationError(_("Najpierw podpisz deklarację bezstronności i poufności."))


def _store(scores, values):
    changed = []
    for score in scores:
        points, text = values[score.pk]
        if score.points != points or score.justification != text:
            score.points, score.justification = points, text
            changed.append(score)
    if changed:
        CardScore.objects.bulk_update(changed, ["points", "justification"])


def save_draft(card, data, *, user, ip_address=None):
    """Save what the evaluator typed so far; empty fields are allowed, invalid ones are not."""
    with transaction.atomic():
        card = _locked_card(card)
        _check_editable(card, user)
        scores = _scores(card)
        values, errors = parse(scores, data, complete=False)
        if errors:
            raise EvaluationError(_("Nie zapisano karty: popraw zaznaczone pola."), errors=errors)
        _store(scores, values)
        card.saved_at = timezone.now()
        card.save(update_fields=["saved_at"])
        audit.record(
            "card_saved",
            user=user,
            obj=card,
            application=card.assignment.application,
            details={"assignment": card.assignment_id},
            ip_address=ip_address,
        )
    return card


def submit(card, data, *, user, ip_address=None):
    """Submit the card: every score present and valid, justified below the maximum. The card is
    then locked. When both first cards are in and their totals diverge, the application is
    flagged as awaiting a third evaluator (the audit log says when)."""
    with transaction.atomic():
        card = _locked_card(card)
        _check_editable(card, user)
        scores = _scores(card)
        values, errors = parse(scores, data, complete=True)
        if errors:
            raise EvaluationError(
                _("Nie złożono karty: popraw zaznaczone pola. Karta nie została zmieniona."),
                errors=errors,
            )
        _store(scores, values)
        now = timezone.now()
        card.status = CardStatus.SUBMITTED
        card.total = sum(values[s.pk][0] for s in scores)
        card.saved_at = card.submitted_at = now
        card.save(update_fields=["status", "total", "saved_at", "submitted_at"])
        application = card.assignment.application
        audit.record(
            "card_submitted",
            user=user,
            obj=card,
            application=application,
            details={
                "assignment": card.assignment_id,
                "kind": card.assignment.kind,
                "total": card.total,
                "scores": {str(s.criterion_id): values[s.pk][0] for s in scores},
            },
            ip_address=ip_address,
        )
        if card.assignment.kind in (K.FIRST, K.SECOND):
            current = list(
                Assignment.objects.current().filter(application=application).select_related("card")
            )
            rule = ThirdRule.for_call(application.call)
            if rule(current):
                audit.record(
                    "third_evaluator_needed",
                    user=user,
                    obj=application,
                    application=application,
                    details={
                        "totals": list(rule.totals(current)),
                        "max": rule.max_total,
                        "divergence_percent": rule.divergence_percent,
                    },
                    ip_address=ip_address,
                )
    return card


def return_card(card, *, by, note, ip_address=None):
    """The chair returns a submitted card to its evaluator for correction, with a note."""
    note = (note or "").replace("\r\n", "\n").strip()
    if not note:
        raise EvaluationError(_("Napisz, co oceniający ma poprawić."))
    if len(note) > NOTE_MAX_LENGTH:
        raise EvaluationError(
            _("Uwagi mogą mieć najwyżej %(limit)s znaków (wpisano %(length)s).")
            % {"limit": NOTE_MAX_LENGTH, "length": len(note)}
        )
    with transaction.atomic():
        card = _locked_card(card)
        if not permissions.can_manage_evaluation(by, card.assignment.application.call):
            raise EvaluationError(_("Kartę może zwrócić tylko przewodniczący komisji naboru."))
        if not card.is_submitted:
            raise EvaluationError(_("Zwrócić można tylko złożoną kartę."))
        if card.assignment.cancelled_at is not None:
            raise EvaluationError(_("Ten przydział został cofnięty."))
        application = card.assignment.application
        if application.state not in permissions.EVALUABLE_STATES:
            raise EvaluationError(
                _("Zgłoszenie ma stan „%(state)s”; kart już się nie zwraca.")
                % {"state": ApplicationState(application.state).label}
            )
        # The log holds the return before the card changes: the database lets a submitted card
        # reopen only on that evidence (evaluation migration 0003).
        audit.record(
            "card_returned",
            user=by,
            obj=card,
            application=application,
            details={
                "assignment": card.assignment_id,
                "evaluator": card.assignment.evaluator.get_username(),
                "total": card.total,
                "reason": note,
            },
            ip_address=ip_address,
        )
        card.status = CardStatus.RETURNED
        card.return_note = note
        card.returned_at = timezone.now()
        card.save(update_fields=["status", "return_note", "returned_at"])
    notify_tasks.notify_returned(card)
    return card


# --- what counts --------------------------------------------------------------------------------


def counting_cards(applications):
    """{application id: [submitted cards]} of the current first, second and third assignments,
    in that order: the cards `scoring.score_application` takes. One query, scores prefetched.

    A hook for the results and appeals: they rank on `application_scores`."""
    ids = [a.pk for a in applications]
    result = {pk: [] for pk in ids}
    cards = (
        SubstantiveCard.objects.filter(
            assignment__application_id__in=ids,
            assignment__cancelled_at__isnull=True,
            assignment__kind__in=SCORING_KINDS,
        )
        .select_related("assignment")
        .prefetch_related("scores__criterion")
    )
    for card in sorted(cards, key=lambda c: (KIND_ORDER[c.assignment.kind], c.pk)):
        result[card.assignment.application_id].append(card)
    return result


def score_of(cards, criteria, threshold_percent, divergence_percent=scoring.DIVERGENCE_PERCENT):
    """`scoring.score_application` on the submitted cards among `cards`, criteria in order, with
    the call's threshold and divergence percentages."""
    submitted = [card for card in cards if card.is_submitted]
    points = []
    for card in submitted:
        by_criterion = {s.criterion_id: s.points for s in card.scores.all()}
        points.append([by_criterion.get(c.pk) or 0 for c in criteria])
    return scoring.score_application(
        points,
        [c.max_points for c in criteria],
        [c.min_points for c in criteria],
        threshold_percent,
        divergence_percent,
    )


def application_scores(call, applications=None):
    """{application id: ApplicationScore} for the call's applications (or the given ones)."""
    if applications is None:
        applications = list(call.applications.exclude(state=ApplicationState.WITHDRAWN))
    criteria = list(call.substantive_criteria.order_by("sort_order", "pk"))
    cards = counting_cards(applications)
    return {
        pk: score_of(application_cards, criteria, call.threshold_percent, call.divergence_percent)
        for pk, application_cards in cards.items()
    }


def is_complete(application, current):
    """Every current card is submitted and the cards the rule needs are all there."""
    scoring_cards = [getattr(a, "card", None) for a in current if a.kind in SCORING_KINDS]
    if len(scoring_cards) < 2 or not all(c is not None and c.is_submitted for c in scoring_cards):
        return False
    return not awaits_third(application.call, current)


def group_by_application(assignments):
    grouped = defaultdict(list)
    for assignment in assignments:
        grouped[assignment.application_id].append(assignment)
    return grouped
