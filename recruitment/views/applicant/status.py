"""Withdrawing an application, and its status page: the state, the formal check as the JST is
told it and the history without the staff's names."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.http import client_ip
from recruitment import (
    audit,
    formal_check,
    permissions,
    workflow,
)
from recruitment.models import (
    ApplicationState,
    AuditLogEntry,
    InstitutionMembership,
)

from .base import application_for, edit_refusal, refuse_edit

logger = logging.getLogger(__name__)
S = ApplicationState


# --- withdrawal and status ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = application_for(request, pk)
    if not permissions.is_applicant_of(request.user, application.institution):
        audit.deny(request, application, "not_applicant", application=application)
        return refuse_edit(request, application, edit_refusal(request, application))
    try:
        workflow.check(application, "withdraw", request.user)
    except workflow.TransitionError as error:
        return refuse_edit(request, application, error.message, status=409)
    if request.method == "POST" and request.POST.get("confirm") == "tak":
        try:
            workflow.fire(
                application,
                "withdraw",
                request.user,
                reason=(request.POST.get("reason") or "")[:1000],
                ip_address=client_ip(request),
            )
        except workflow.TransitionError as error:
            return refuse_edit(request, application, error.message, status=409)
        messages.success(request, _("Zgłoszenie zostało wycofane."))
        return redirect("recruitment:status", pk=application.pk)
    return render(request, "recruitment/applicant/withdraw.html", {"application": application})


HISTORY_LABELS = {
    "start_draft": _("rozpoczęcie zgłoszenia"),
    "attachment_added": _("dodanie załącznika"),
    "attachment_removed": _("usunięcie załącznika"),
    **formal_check.AUDIT_LABELS,
}


# The applicant's history: the workflow's transitions and the steps of the JST itself and of the
# notices; the commission's working steps (assignments, cards, exports) stay in the admin's log.
_HISTORY_ACTIONS = frozenset(workflow.TRANSITIONS) | frozenset(HISTORY_LABELS)


def _staff_role(transition):
    if transition is not None:
        for role in (workflow.Role.CHAIR, workflow.Role.OPERATOR, workflow.Role.SYSTEM):
            if role in transition.roles:
                return workflow.ROLE_LABELS[role]
    return _("instytucja prowadząca nabór")


@login_required
@require_GET
def status(request, pk):
    application = application_for(request, pk)
    entries = list(
        AuditLogEntry.objects.filter(application=application, action__in=_HISTORY_ACTIONS)
        .exclude(action__in=formal_check.INTERNAL_ACTIONS)
        .order_by("created_at", "pk")
    )
    own_accounts = set(
        InstitutionMembership.objects.filter(institution_id=application.institution_id).values_list(
            "user_id", flat=True
        )
    )
    for entry in entries:
        transition = workflow.TRANSITIONS.get(entry.action)
        entry.label = (
            transition.label if transition else HISTORY_LABELS.get(entry.action, entry.action)
        )
        target = entry.details.get("to")
        entry.target_label = S(target).label if target in S.values else ""
        if entry.user_id not in own_accounts:
            # The JST sees its own people by name, the institution's staff by their role only
            # (the evaluators' names are never shown to applicants; DOMAIN.md).
            entry.username = _staff_role(transition)
    return render(
        request,
        "recruitment/applicant/status.html",
        {
            "application": application,
            "entries": entries,
            "versions": list(application.versions.all()),
            "can_withdraw": "withdraw" in workflow.available(application, request.user),
            "editable": permissions.can_edit_application(request.user, application),
            "formal": formal_check.applicant_summary(application),
            # A result open to appeal: its window from the latest notice (a later list version
            # that worsened it gives a new one; the history names why).
            "appeal_deadline": workflow.appeal_deadline(application)
            if application.state in (S.RESERVE, S.NOT_SELECTED)
            else None,
            "now": timezone.now(),
        },
    )
