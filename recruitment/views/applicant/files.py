"""The application's files, served only to those who may see the application."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from recruitment.models import (
    ApplicationAttachment,
    ApplicationState,
)

from .base import application_for, denied

logger = logging.getLogger(__name__)
S = ApplicationState


# --- files ------------------------------------------------------------------------------------


@login_required
@require_GET
def attachment(request, pk, attachment_pk):
    application = application_for(request, pk)
    row = ApplicationAttachment.objects.filter(pk=attachment_pk, application=application).first()
    if row is None:
        denied(request, pk, f"attachment {attachment_pk}")
    try:
        handle = row.file.open("rb")
    except OSError:
        logger.error("Attachment %s of application %s is missing on disk", row.pk, pk)
        raise Http404(_("Pliku nie ma w magazynie.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=row.original_name, content_type=row.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
