"""The applicant's dashboard: the JST's applications and the open calls, and starting an
application."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import client_ip
from recruitment import (
    eligibility,
    permissions,
    submission,
)
from recruitment.models import (
    Application,
    ApplicationState,
    CallPage,
)

from .base import team_url

logger = logging.getLogger(__name__)
S = ApplicationState


# --- dashboard --------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    institution = permissions.institution_of(request.user)
    if institution is None or not permissions.is_applicant_of(request.user, institution):
        return render(request, "recruitment/applicant/not_applicant.html")
    applications = list(
        Application.objects.filter(institution=institution)
        .select_related("call")
        .order_by("-created_at")
    )
    active_by_call = {a.call_id: a for a in applications if a.state != S.WITHDRAWN}
    calls = []
    for call in submission.open_calls():
        calls.append(
            {
                "call": call,
                "problems": eligibility.problems(call, institution),
                "application": active_by_call.get(call.pk),
            }
        )
    return render(
        request,
        "recruitment/applicant/dashboard.html",
        {
            "institution": institution,
            "applications": applications,
            "calls": calls,
            "team_url": team_url(),
        },
    )


@login_required
@require_POST
def start(request, call_pk):
    call = get_object_or_404(CallPage.objects.live(), pk=call_pk)
    try:
        application, created = submission.start(call, request.user, ip_address=client_ip(request))
    except submission.ApplicationError as error:
        messages.error(request, error.message)
        return redirect("recruitment:dashboard")
    if not created:
        messages.info(request, _("Ta JST ma już zgłoszenie w tym naborze; otwieramy je."))
    return redirect("recruitment:application", pk=application.pk)
