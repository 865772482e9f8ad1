"""Applicant's views (/konto/...): the appeal against an application's result (issue #7). An
account of the JST sees where its application stands (the current list, the deadline), files
the appeal once per notice of the result (a later version that worsened the result is a new
notice, with its reason shown), and later reads the decision and its earlier appeals. Another JST's application is a 404, logged.
Mounted by evaluation.account_urls."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import client_ip
from recruitment import audit, workflow
from recruitment import permissions as recruitment_permissions
from recruitment.models import Application

from .. import appeals
from ..errors import EvaluationError
from ..models import AppealDecision

logger = logging.getLogger(__name__)


def _denied(request, pk, reason):
    """Log an attempt to reach another JST's application, then answer 404."""
    logger.warning("Appeal of %s refused to %s (%s)", pk, request.user, reason)
    audit.record(
        "access_denied",
        user=request.user,
        details={
            "path": request.path[:500],
            "method": request.method,
            "reason": reason,
            "object_id": str(pk)[:64],
        },
        ip_address=client_ip(request),
    )
    raise Http404(_("Nie ma takiego zgłoszenia."))


def _application_for(request, pk):
    application = Application.objects.select_related("call", "institution").filter(pk=pk).first()
    if application is None:
        _denied(request, pk, "not_found")
    if not recruitment_permissions.is_applicant_of(request.user, application.institution):
        _denied(request, pk, "other_institution")
    return application


def _result_url(application):
    try:
        return reverse("evaluation_account:result", args=[application.pk])
    except NoReverseMatch:
        return None


def _render(request, application, *, text="", error=None, status=200):
    state = appeals.standing(application, request.user)
    appeal = state.appeal
    new_entry = None
    if appeal is not None and appeal.republished_list_id:
        new_entry = appeals.entry_of(appeal.republished_list, application)
    return render(
        request,
        "evaluation/applicant/appeal.html",
        {
            "application": application,
            "state": state,
            "appeal": appeal,
            "earlier_appeals": state.earlier_appeals,
            "worsening": state.worsening,
            "new_entry": new_entry,
            "deadline_text": workflow.warsaw_when(state.deadline) if state.deadline else "",
            "decided": bool(appeal and appeal.decision),
            "upheld": bool(appeal and appeal.decision == AppealDecision.UPHELD),
            "text": text,
            "error": error,
            "text_max": appeals.TEXT_MAX_LENGTH,
            "result_url": _result_url(application),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request, pk):
    application = _application_for(request, pk)
    if request.method == "GET":
        return _render(request, application)
    text = request.POST.get("text") or ""
    try:
        appeals.file(application, request.user, text, ip_address=client_ip(request))
    except EvaluationError as error:
        # Nothing was stored: show the refusal with what was typed.
        return _render(
            request,
            application,
            text=text[: appeals.TEXT_MAX_LENGTH],
            error=error.message,
            status=400,
        )
    messages.success(
        request,
        _(
            "Odwołanie zostało wniesione. Przewodniczący komisji oceny je rozpatrzy; "
            "o rozstrzygnięciu powiadomimy e-mailem."
        ),
    )
    return redirect("evaluation_account:appeal", pk=application.pk)


urlpatterns = [
    path("zgloszenia/<int:pk>/odwolanie/", appeal, name="appeal"),
]
