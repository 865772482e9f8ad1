"""What the applicant's views share: the application of the URL, looked up for its own JST
only (another JST's id is a logged 404), the refusal of a change, times and links."""

import logging

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.http import client_ip
from recruitment import (
    permissions,
    submission,
)
from recruitment.models import (
    Application,
    ApplicationState,
    AuditLogEntry,
)

logger = logging.getLogger(__name__)
S = ApplicationState


# --- access -----------------------------------------------------------------------------------


def denied(request, pk, reason):
    """Log an attempt to reach an application that is not the user's, then answer 404."""
    logger.warning("Application %s refused to %s (%s): %s", pk, request.user, reason, request.path)
    user = request.user if request.user.is_authenticated else None
    AuditLogEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action="access_denied",
        object_type="recruitment.application",
        object_id=str(pk)[:64],
        details={"path": request.path[:500], "method": request.method, "reason": reason},
        ip_address=client_ip(request),
    )
    raise Http404(_("Nie ma takiego zgłoszenia."))


def application_for(request, pk):
    application = Application.objects.select_related("call", "institution").filter(pk=pk).first()
    if application is None:
        denied(request, pk, "not_found")
    if not permissions.can_view_application(request.user, application):
        denied(request, pk, "other_institution")
    return application


def refuse_edit(request, application, message, status=403):
    return render(
        request,
        "recruitment/applicant/refused.html",
        {"application": application, "message": message},
        status=status,
    )


def local_time(moment):
    return formats.time_format(timezone.localtime(moment), "H:i")


def team_url():
    try:
        return reverse("accounts:team")
    except NoReverseMatch:
        return None


def edit_refusal(request, application):
    if not permissions.is_applicant_of(request.user, application.institution):
        return _("Możesz przeglądać to zgłoszenie, ale nie możesz go zmieniać. Nic nie zapisano.")
    return submission.read_only_message(application)
