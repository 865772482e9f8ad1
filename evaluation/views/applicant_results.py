"""Applicant's views (/konto/...): the result of their application once a published list holds it
(issue #7). Mounted by evaluation.account_urls.

The JST's own accounts see the status, the final score and the place from the latest published
version that holds the application, and every submitted card's scores and justifications per
criterion, the evaluators named only "Oceniający 1, 2, 3" (DOMAIN.md: the evaluators stay
anonymous to the applicant). When a later version worsened the result after another JST's
appeal, the page says what changed and the appeal window that notice opened. Anyone else gets a 404, logged, as for the other pages of an
application (`recruitment.views.applicant`)."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.http import client_ip
from recruitment import audit
from recruitment.models import Application, ApplicationState

from .. import appeals, publication, result_notices
from ..cards import SCORING_KINDS
from ..models import AssignmentKind, CardStatus, SubstantiveCard

logger = logging.getLogger(__name__)
S = ApplicationState


def _application_or_404(request, pk):
    application = Application.objects.select_related("call", "institution").filter(pk=pk).first()
    if application is None or not publication.can_view_own_result(request.user, application):
        logger.warning("Result of application %s refused to %s", pk, request.user)
        audit.record(
            "result_access_denied",
            user=request.user,
            details={
                "path": request.path[:500],
                "object_id": str(pk)[:64],
                "reason": "not_found" if application is None else "other_institution",
            },
            ip_address=client_ip(request),
        )
        raise Http404(_("Nie ma takiego zgłoszenia."))
    return application


def anonymous_cards(application, criteria):
    """[{label, rows: [(criterion, points, justification)], total, counted, appeal}] of the
    application's submitted current cards in the order first, second, third, appeal; an
    evaluator is only a number."""
    from ..models import KIND_ORDER

    rows = (
        SubstantiveCard.objects.filter(
            assignment__application=application,
            assignment__cancelled_at__isnull=True,
            assignment__kind__in=(*SCORING_KINDS, AssignmentKind.APPEAL),
            status=CardStatus.SUBMITTED,
        )
        .select_related("assignment")
        .prefetch_related("scores")
    )
    ordered = sorted(rows, key=lambda c: (KIND_ORDER[c.assignment.kind], c.pk))
    scoring_cards = [c for c in ordered if c.assignment.kind != AssignmentKind.APPEAL]
    appeal_cards = [c for c in ordered if c.assignment.kind == AssignmentKind.APPEAL]
    if appeal_cards:
        # After an upheld appeal the re-scoring card alone makes the score (evaluation.results).
        counted = {appeal_cards[-1].pk}
    else:
        from ..cards import score_of

        call = application.call
        score = score_of(scoring_cards, criteria, call.threshold_percent, call.divergence_percent)
        counted = {scoring_cards[i].pk for i in score.counted if i < len(scoring_cards)}
    shown = []
    for number, card in enumerate(ordered, start=1):
        by_criterion = {s.criterion_id: s for s in card.scores.all()}
        shown.append(
            {
                "label": _("Oceniający %(number)s") % {"number": number},
                "appeal": card.assignment.kind == AssignmentKind.APPEAL,
                "counted": card.pk in counted,
                "total": card.total,
                "rows": [
                    (
                        criterion,
                        getattr(by_criterion.get(criterion.pk), "points", None),
                        getattr(by_criterion.get(criterion.pk), "justification", ""),
                    )
                    for criterion in criteria
                ],
            }
        )
    return shown


@login_required
@require_GET
def result(request, pk):
    application = _application_or_404(request, pk)
    entry = publication.entry_of(application)
    context = {"application": application, "call": application.call, "entry": entry}
    if entry is not None:
        criteria = list(application.call.substantive_criteria.order_by("sort_order", "pk"))
        deadline = None
        if (
            application.state in (S.RESERVE, S.NOT_SELECTED)
            and appeals.latest_appeals(application)[1] is None
        ):
            deadline = result_notices.appeal_deadline(application)
        context.update(
            {
                # A later version that worsened the result: what changed and why; its notice
                # opened the window shown with it.
                "worsening": result_notices.worsening_of(application, entry),
                "cards": anonymous_cards(application, criteria),
                "max_total": sum(c.max_points for c in criteria),
                "deadline": deadline,
                "deadline_passed": deadline is not None and timezone.now() > deadline,
                "results_url": result_notices.results_page_url(application.call),
            }
        )
    return render(request, "evaluation/applicant/result.html", context)


urlpatterns = [path("zgloszenia/<int:pk>/wynik/", result, name="result")]
