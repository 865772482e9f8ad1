"""What the evaluator's and the chair's dashboards show, each read in a fixed number of queries
whatever the number of applications and assignments (the rows are grouped in Python)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment.models import Application, ApplicationState, CallPage, SubstantiveCriterion
from recruitment.models.choices import FORMALLY_ACCEPTED_STATES

from . import cards
from .assignment import Commission, call_members, sort_key
from .models import Assignment, AssignmentKind, CardStatus, ConflictDeclaration

S = ApplicationState
K = AssignmentKind

# The chair sees the applications from formal acceptance on.
SHOWN_STATES = list(FORMALLY_ACCEPTED_STATES)


class Progress:
    """The evaluation status of one application, as the chair's filters name it."""

    UNASSIGNED = "bez-oceniajacych"
    PARTIAL = "niepelny-przydzial"
    IN_PROGRESS = "w-ocenie"
    AWAITING_THIRD = "czeka-na-trzeciego"
    THIRD_IN_PROGRESS = "ocena-trzeciego"
    COMPLETE = "ocena-kompletna"
    CLOSED = "zakonczone"

    LABELS = {
        UNASSIGNED: _("bez oceniających"),
        PARTIAL: _("jeden oceniający – brakuje drugiego"),
        IN_PROGRESS: _("w ocenie"),
        AWAITING_THIRD: _("rozbieżność – czeka na trzeciego oceniającego"),
        THIRD_IN_PROGRESS: _("w ocenie trzeciego oceniającego"),
        COMPLETE: _("oceny kompletne – do zatwierdzenia"),
        CLOSED: _("ocena zakończona"),
    }


def card_status_label(card, filled, criteria_count):
    if card is None:
        return _("brak karty")
    if card.status == CardStatus.SUBMITTED:
        return _("złożona: %(total)s pkt") % {"total": card.total}
    if card.status == CardStatus.RETURNED:
        return _("zwrócona do poprawy")
    if not filled:
        return _("nierozpoczęta")
    return _("w toku: %(filled)s z %(count)s kryteriów") % {
        "filled": filled,
        "count": criteria_count,
    }


def _with_progress(queryset):
    return queryset.annotate(
        filled=Count("card__scores", filter=Q(card__scores__points__isnull=False))
    )


# --- the evaluator ------------------------------------------------------------------------------


@dataclass
class EvaluatorRow:
    assignment: Assignment
    application: Application
    status_label: str
    filled: int
    criteria_count: int
    overdue: bool
    submitted: bool
    returned: bool


def evaluator_rows(user, call):
    """The user's current assignments in the call, the nearest due date first."""
    today = timezone.localdate()
    criteria = (
        SubstantiveCriterion.objects.filter(call_id=OuterRef("application__call_id"))
        .values("call_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    assignments = _with_progress(
        Assignment.objects.current()
        .filter(evaluator=user, application__call=call)
        .select_related("application__institution", "card")
        .annotate(criteria_count=Subquery(criteria))
        .order_by("due_date", "application__submitted_at", "pk")
    )
    rows = []
    for assignment in assignments:
        criteria_count = assignment.criteria_count or 0
        card = getattr(assignment, "card", None)
        submitted = bool(card and card.is_submitted)
        rows.append(
            EvaluatorRow(
                assignment=assignment,
                application=assignment.application,
                status_label=card_status_label(card, assignment.filled, criteria_count),
                filled=assignment.filled,
                criteria_count=criteria_count,
                overdue=not submitted and assignment.due_date < today,
                submitted=submitted,
                returned=bool(card and card.status == CardStatus.RETURNED),
            )
        )
    return rows


# --- the chair ----------------------------------------------------------------------------------


@dataclass
class Result:
    """An application's result from its card totals alone, as far as the cards go. Minimums per
    criterion and tie-breakers are the ranking's business (`evaluation.ranking`)."""

    totals: tuple
    final: object = None  # Decimal once the cards the rule needs are in
    reaches_threshold: bool | None = None


@dataclass
class ChairRow:
    application: Application
    assignments: list
    progress: str
    result: Result | None = None
    candidates: list = field(default_factory=list)
    open_kind: str | None = None
    excluded: int = 0  # evaluators barred from it (employer, conflict, unsigned)

    @property
    def progress_label(self):
        return Progress.LABELS[self.progress]

    @property
    def can_finish(self):
        return self.progress == Progress.COMPLETE

    @property
    def open_kind_label(self):
        return K(self.open_kind).label if self.open_kind else ""


@dataclass
class ChairOverview:
    rows: list
    commission: Commission
    members: list
    conflicts: list
    counts: dict
    max_total: int
    threshold: object
    criteria_count: int

    @property
    def appeals_undecided(self):
        """Applications whose appeal waits for the chair's decision (from the rows: no query)."""
        return sum(1 for row in self.rows if row.application.state == S.APPEAL)

    @property
    def appeals_re_evaluated(self):
        """Applications re-evaluated after an upheld appeal (from the rows: no query)."""
        return sum(1 for row in self.rows if row.application.state == S.RE_EVALUATION)


def call_for_overview(pk):
    """The call with its maximum total and number of criteria, in the page's own query."""
    criteria = SubstantiveCriterion.objects.filter(call_id=OuterRef("pk")).values("call_id")
    return (
        CallPage.objects.annotate(
            max_total_annotated=Coalesce(
                Subquery(criteria.annotate(total=Sum("max_points")).values("total")), 0
            ),
            criteria_count_annotated=Coalesce(
                Subquery(criteria.annotate(count=Count("pk")).values("count")), 0
            ),
        )
        .filter(pk=pk)
        .first()
    )


class TotalsRule(cards.ThirdRule):
    """The third-evaluator rule, and the result an application's card totals give."""

    def result(self, current):
        from evaluation import scoring

        totals = tuple(
            a.card.total
            for a in current
            if a.kind in cards.SCORING_KINDS and getattr(a, "card", None) and a.card.is_submitted
        )
        if len(totals) < 2 or not self.max_total:
            return Result(totals) if totals else None
        needs_third = scoring.needs_third_evaluator(
            totals[0], totals[1], self.max_total, self.threshold, self.divergence_percent
        )
        if needs_third and len(totals) < 3:
            return Result(totals)
        final = scoring.final_score(
            totals[:3], self.max_total, self.threshold, self.divergence_percent
        )
        return Result(totals, final, final >= self.threshold)


def _progress(application, current, rule, closed):
    scoring_assignments = [a for a in current if a.kind in cards.SCORING_KINDS]
    if closed:
        return Progress.CLOSED
    if not scoring_assignments:
        return Progress.UNASSIGNED
    kinds = {a.kind for a in scoring_assignments}
    if not {K.FIRST, K.SECOND} <= kinds:
        return Progress.PARTIAL
    if rule(current):
        return Progress.AWAITING_THIRD
    all_in = all(getattr(a, "card", None) and a.card.is_submitted for a in scoring_assignments)
    if not all_in:
        return Progress.THIRD_IN_PROGRESS if K.THIRD in kinds else Progress.IN_PROGRESS
    return Progress.COMPLETE


def chair_overview(call, members=None):
    """Every application of the call from formal acceptance on, with its current assignments,
    cards, progress and result, the evaluators it may still get, and the commission's conflicts.

    Four queries (members, applications, assignments, conflicts) on a call read with
    `call_for_overview`, whatever the number of rows."""
    from evaluation import scoring

    max_total = getattr(call, "max_total_annotated", None)
    if max_total is None:
        max_total = call.max_total_points
    criteria_count = getattr(call, "criteria_count_annotated", None)
    if criteria_count is None:
        criteria_count = call.substantive_criteria.count()
    threshold = scoring.threshold_points(max_total, call.threshold_percent)
    rule = TotalsRule(max_total, threshold, call.divergence_percent)
    members = call_members(call) if members is None else members
    applications = list(
        Application.objects.filter(call=call, state__in=SHOWN_STATES)
        .select_related("institution")
        .order_by("submitted_at", "pk")
    )
    assignments = list(
        _with_progress(
            Assignment.objects.current()
            .filter(application__call=call)
            .select_related("evaluator", "card")
        )
    )
    conflicts = list(
        ConflictDeclaration.objects.filter(call=call)
        .select_related("user", "institution")
        .order_by("declared_at", "pk")
    )
    commission = Commission.from_rows(
        members,
        [(c.user_id, c.institution_id) for c in conflicts],
        [a.evaluator_id for a in assignments],
    )
    for member in members:
        member.load = commission.load[member.user_id]
    grouped = defaultdict(list)
    for assignment in assignments:
        grouped[assignment.application_id].append(assignment)
    rows = []
    counts = defaultdict(int)
    for application in applications:
        application.call = call
        current = sorted(grouped.get(application.pk, []), key=sort_key)
        closed = application.state not in (S.FORMALLY_ACCEPTED, S.SUBSTANTIVE_EVALUATION)
        progress = _progress(application, current, rule, closed)
        counts[progress] += 1
        row = ChairRow(
            application=application,
            assignments=current,
            progress=progress,
            result=rule.result(current),
        )
        if not closed:
            kinds = {a.kind for a in current}
            row.open_kind = next((k for k in (K.FIRST, K.SECOND) if k not in kinds), None)
            if row.open_kind is None and progress == Progress.AWAITING_THIRD:
                row.open_kind = K.THIRD
            if row.open_kind:
                taken = {a.evaluator_id for a in current}
                row.candidates = commission.eligible(application, taken)
                row.excluded = max(0, len(commission.evaluators) - len(taken) - len(row.candidates))
        rows.append(row)
    return ChairOverview(
        rows=rows,
        commission=commission,
        members=members,
        conflicts=conflicts,
        counts=dict(counts),
        max_total=max_total,
        threshold=threshold,
        criteria_count=criteria_count,
    )
