"""Submitting an application and its receipt: on screen, as the sealed PDF and as the canonical
JSON its checksum covers."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import client_ip
from recruitment import application_forms as af
from recruitment import (
    audit,
    permissions,
    receipts,
    submission,
)
from recruitment.models import (
    ApplicationState,
)

from .base import application_for, edit_refusal, refuse_edit
from .form import form_context, read_post, store_files

logger = logging.getLogger(__name__)
S = ApplicationState


# --- submission -------------------------------------------------------------------------------


@login_required
@require_POST
def submit(request, pk):
    application = application_for(request, pk)
    if not permissions.is_applicant_of(request.user, application.institution):
        audit.deny(request, application, "not_applicant", application=application)
        return refuse_edit(request, application, edit_refusal(request, application))
    if not application.is_editable() and not application.supplement_overdue():
        messages.info(
            request,
            _("To zgłoszenie zostało już złożone (numer %(number)s). Nic nie zmieniono.")
            % {"number": application.number or "–"},
        )
        return redirect("recruitment:receipt", pk=application.pk)
    posted = af.posted_values(request.POST)
    try:
        # Outside the window nothing is stored, and the form shows what was sent.
        submission.check_can_submit(application, request.user)
    except submission.ApplicationError as error:
        context = form_context(request, application, errors={"zloz": error.message}, posted=posted)
        context["refused"] = error.message
        return render(request, "recruitment/applicant/application.html", context, status=422)
    # The form posts its current content with the submit button: store it first.
    data, errors, attachment_form = read_post(request)
    if errors:
        context = form_context(request, application, errors=errors, posted=posted)
        context["not_saved"] = True
        return render(request, "recruitment/applicant/application.html", context, status=422)
    draft = data
    if getattr(attachment_form, "checked", None):
        # Files came with the button: the draft and the files are stored first, as by "Zapisz".
        try:
            submission.save_draft(application, request.user, data)
            store_files(request, application, attachment_form, data)
        except submission.AlreadySubmitted:
            messages.info(request, _("To zgłoszenie zostało już złożone. Nic nie zmieniono."))
            return redirect("recruitment:receipt", pk=application.pk)
        draft = None
    try:
        # Otherwise the posted content is stored by the submission itself, under its lock.
        submission.submit(application, request.user, ip_address=client_ip(request), draft=draft)
    except submission.AlreadySubmitted as error:
        messages.info(request, error.message)
        return redirect("recruitment:receipt", pk=application.pk)
    except submission.NotValid as error:
        context = form_context(
            request,
            application,
            form=error.check.form,
            formset=error.check.formset,
            check=error.check,
        )
        return render(request, "recruitment/applicant/application.html", context, status=422)
    except submission.ApplicationError as error:
        context = form_context(request, application, errors={"zloz": error.message})
        context["refused"] = error.message
        return render(request, "recruitment/applicant/application.html", context, status=422)
    messages.success(request, _("Zgłoszenie zostało złożone."))
    return redirect("recruitment:receipt", pk=application.pk)


def _version_or_404(application, request):
    version = submission.latest_version(application)
    wanted = request.GET.get("wersja")
    if wanted and wanted.isdigit():
        version = application.versions.filter(number=int(wanted)).first()
    if version is None:
        raise Http404(_("To zgłoszenie nie zostało jeszcze złożone."))
    return version


@login_required
@require_GET
def receipt(request, pk):
    application = application_for(request, pk)
    version = _version_or_404(application, request)
    context = receipts.receipt_facts(application, version)
    context["issued"] = receipts.issue_receipt(version)
    context["json_filename"] = receipts.receipt_filename(application, version, "json")
    return render(request, "recruitment/applicant/receipt.html", context)


def _download(data, filename, content_type):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def receipt_pdf(request, pk):
    """The receipt exactly as issued (recruitment.receipts): the same bytes at every download."""
    application = application_for(request, pk)
    version = _version_or_404(application, request)
    issued = receipts.issue_receipt(version)
    return _download(bytes(issued.pdf), issued.filename, "application/pdf")


@login_required
@require_GET
def receipt_json(request, pk):
    """The canonical JSON the receipt's checksum covers: `sha256sum` of this file gives it."""
    application = application_for(request, pk)
    version = _version_or_404(application, request)
    issued = receipts.issue_receipt(version)
    return _download(
        issued.payload.encode("utf-8"),
        receipts.receipt_filename(application, version, "json"),
        "application/json; charset=utf-8",
    )
