"""The chair's list of a call's appeals: each with its place on the list it was filed against,
its new place after re-evaluation, the appeal's assignment and the evaluators who may take it."""

import logging
from dataclasses import dataclass

from recruitment.models import ApplicationState

from . import assignment as assignment_service
from .models import (
    Appeal,
    Assignment,
    AssignmentKind,
    CardStatus,
    ResultEntry,
)

logger = logging.getLogger(__name__)
S = ApplicationState
K = AssignmentKind


# --- the chair's list -------------------------------------------------------------------------


@dataclass
class AppealRow:
    appeal: Appeal
    entry: ResultEntry | None
    new_entry: ResultEntry | None
    appeal_assignment: Assignment | None
    candidates: list

    @property
    def state(self):
        return self.appeal.application.state

    @property
    def awaiting_decision(self):
        return not self.appeal.decision and self.state == S.APPEAL

    @property
    def needs_evaluator(self):
        return self.state == S.RE_EVALUATION and self.appeal_assignment is None

    @property
    def card_submitted(self):
        card = getattr(self.appeal_assignment, "card", None)
        return card is not None and card.status == CardStatus.SUBMITTED


def call_appeals(call):
    """Every appeal of the call with its entries, its appeal assignment and the evaluators it may
    get. Seven queries whatever the number of appeals."""
    appeals = list(
        Appeal.objects.filter(application__call=call)
        .select_related(
            "application__institution",
            "filed_by",
            "decided_by",
            "result_list",
            "republished_list",
        )
        .order_by("filed_at", "pk")
    )
    ids = [a.application_id for a in appeals]
    list_ids = {a.result_list_id for a in appeals} | {
        a.republished_list_id for a in appeals if a.republished_list_id
    }
    entries = {
        (e.result_list_id, e.application_id): e
        for e in ResultEntry.objects.filter(result_list_id__in=list_ids, application_id__in=ids)
    }
    by_application = {}
    for held in (
        Assignment.objects.filter(application_id__in=ids)
        .select_related("evaluator", "card")
        .order_by("pk")
    ):
        by_application.setdefault(held.application_id, []).append(held)
    commission = assignment_service.Commission.of(call)
    # An application may appeal again after a later version worsened its result: each appeal's
    # re-scoring is the appeal assignment made between its filing and the next appeal's.
    later_filed, until = {}, {}
    for appeal in reversed(appeals):
        until[appeal.pk] = later_filed.get(appeal.application_id)
        later_filed[appeal.application_id] = appeal.filed_at
    rows = []
    for appeal in appeals:
        application = appeal.application
        application.call = call
        held = by_application.get(application.pk, [])
        current = [a for a in held if a.cancelled_at is None]
        appeal_assignment = next(
            (
                a
                for a in reversed(current)
                if a.kind == K.APPEAL
                and a.created_at >= appeal.filed_at
                and (until[appeal.pk] is None or a.created_at < until[appeal.pk])
            ),
            None,
        )
        row = AppealRow(
            appeal=appeal,
            entry=entries.get((appeal.result_list_id, application.pk)),
            new_entry=entries.get((appeal.republished_list_id, application.pk)),
            appeal_assignment=appeal_assignment,
            candidates=[],
        )
        if row.awaiting_decision or row.needs_evaluator:
            row.candidates = commission.eligible(
                application, {a.evaluator_id for a in current}, {a.evaluator_id for a in held}
            )
        rows.append(row)
    return rows
