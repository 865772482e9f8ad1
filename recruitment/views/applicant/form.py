"""The application form in sections: showing it (with a supplement's reason), saving it with
its files, and the autosave of the browser's script."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import client_ip
from portal import privacy
from recruitment import (
    application_clause,
    audit,
    eligibility,
    formal_check,
    permissions,
    submission,
    submission_check,
)
from recruitment import application_forms as af
from recruitment.models import (
    ApplicationState,
    AttachmentKind,
    AuditLogEntry,
    CentreKind,
)

from .base import application_for, edit_refusal, local_time, refuse_edit

logger = logging.getLogger(__name__)
S = ApplicationState


# --- the form ---------------------------------------------------------------------------------


def form_context(request, application, *, form=None, formset=None, check=None, errors=None,
                  attachment_form=None, posted=None):  # fmt: skip
    editable = permissions.can_edit_application(request.user, application)
    data = application.data or {}
    version = submission.latest_version(application)
    if not editable and version is not None:
        # Read-only: what was submitted last.
        shown = version.content
        attachments = list(version.attachments.all())
    else:
        shown = posted if posted is not None else data
        attachments = submission_check.draft_attachments(application)
    # The clause is looked up once: shown by the template, its version checked here.
    clause = application_clause.rodo_clause(application.call)
    clause_html = privacy.render(clause, heading_level=3) if clause else ""
    rodo_version = (
        application_clause.rodo_version(application.call, clause, clause_html) if editable else ""
    )
    rodo_changed = False
    if form is None:
        initial = af.flatten(shown)
        seen = (
            request.POST.get("rodo_version") if posted is not None else shown.get("_rodo_version")
        )
        if editable and initial.get("rodo_acknowledged") and seen and seen != rodo_version:
            # Ticked under other words: asked again (a draft saved before versions were kept
            # is taken as it is, as `application_clause.clause_changed` takes it).
            initial["rodo_acknowledged"] = False
            rodo_changed = True
        form = af.ApplicationForm(initial=initial)
    if formset is None:
        rows = list(shown.get("partners") or [])
        if not rows or request.GET.get("wiersz"):
            rows.append({})
        formset = af.PartnerFormSet(initial=rows, prefix=af.PARTNERS_PREFIX)
    summary = list(check.summary) if check is not None else []
    if errors:
        summary.extend((anchor, message) for anchor, message in errors.items())
    field_errors = dict(errors or {})
    if check is not None:
        field_errors.update({f"id_{k}": v for k, v in check.attachment_errors.items()})
    attachment_form = attachment_form or af.AttachmentForm()
    _describe(form, formset, field_errors)
    _describe(attachment_form, None, field_errors)
    groups = []
    for key, heading, anchor in af.SECTIONS:
        fields = [form[name] for name, section in af.FIELD_SECTIONS.items() if section == key]
        groups.append({"key": key, "heading": heading, "anchor": anchor, "fields": fields})
    registry = (shown.get("jst") or {}).get("registry") if not editable else None
    return {
        "application": application,
        "call": application.call,
        "institution": application.institution,
        "registry": registry or submission.registry_snapshot(application.institution),
        "population_text": eligibility.format_population(
            (registry or {}).get("population") or application.institution.population
        ),
        "editable": editable,
        "rodo_version": rodo_version,
        "rodo_clause_html": clause_html,
        "rodo_changed": rodo_changed,
        "form": form,
        "formset": formset,
        "empty_partner": formset.empty_form,
        "shown_partners": shown.get("partners") or [],
        "attachment_form": attachment_form,
        "attachments": attachments,
        "field_errors": field_errors,
        "sections": af.SECTIONS,
        "groups": groups,
        "error_summary": summary,
        "eligibility_problems": eligibility.problems(application.call, application.institution),
        "version": version,
        "sector_labels": dict(af.Sector.CHOICES),
        "centre_kind_labels": dict(CentreKind.choices),
        "draft_saved_at": application.draft_saved_at,
        "draft_saved_ms": int(application.draft_saved_at.timestamp() * 1000)
        if application.draft_saved_at
        else 0,
        "call_open": application.call.is_open_at(timezone.now()),
        "is_supplement": application.state == S.TO_SUPPLEMENT,
        "supplement_overdue": application.supplement_overdue(),
        "supplement_reason": _supplement_reason(application),
        "login_url": _login_url(application.pk),
    }


def _login_url(pk):
    next_url = reverse("recruitment:application", args=[pk])
    return f"{settings.LOGIN_URL}?{urlencode({'next': next_url})}"


def _supplement_reason(application):
    if application.state != S.TO_SUPPLEMENT:
        return ""
    deficiencies = formal_check.applicant_summary(application).get("deficiencies")
    if deficiencies:
        return "\n".join(f"– {line}" for line in deficiencies)
    entry = (
        AuditLogEntry.objects.filter(application=application, action="request_supplement")
        .order_by("-created_at", "-pk")
        .first()
    )
    return (entry.details.get("reason") or "") if entry else ""


def _describe(form, formset, field_errors):
    """aria-describedby and aria-invalid on every widget, so a screen reader reads the hint
    and the error with the field."""
    forms = [form] + (list(formset.forms) + [formset.empty_form] if formset is not None else [])
    for each in forms:
        for name, field in each.fields.items():
            bound = each[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-pomoc")
            has_error = bool(each.is_bound and each.errors.get(name)) or (
                bound.auto_id in field_errors
            )
            if has_error:
                ids.append(f"{bound.auto_id}-blad")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


@login_required
@require_http_methods(["GET", "POST"])
def application_form(request, pk):
    application = application_for(request, pk)
    if request.method == "GET":
        if permissions.can_edit_application(request.user, application):
            submission.prepare_supplement_draft(application)
        return render(
            request, "recruitment/applicant/application.html", form_context(request, application)
        )
    # POST: save the draft (the button without JavaScript), add a row, upload or remove a file.
    if not permissions.can_edit_application(request.user, application):
        return refuse_edit(request, application, edit_refusal(request, application))
    action = request.POST.get("action", "save")
    data, errors, attachment_form = read_post(request)
    if errors:
        context = form_context(
            request, application, errors=errors, posted=af.posted_values(request.POST)
        )
        context["not_saved"] = True
        return render(request, "recruitment/applicant/application.html", context, status=422)
    try:
        saved_at = submission.save_draft(application, request.user, data)
        store_files(request, application, attachment_form, data)
        attachment_id = action.removeprefix("remove:")
        if action.startswith("remove:") and attachment_id.isdigit():
            submission.remove_attachment(
                application, request.user, int(attachment_id), ip_address=client_ip(request)
            )
    except submission.ApplicationError as error:
        return refuse_edit(request, application, error.message)
    messages.success(
        request, _("Zapisano wersję roboczą o %(time)s.") % {"time": local_time(saved_at)}
    )
    url = reverse("recruitment:application", args=[application.pk])
    if action == "add_partner":
        return redirect(f"{url}?wiersz=1#sekcja-instytucje")
    if action == "upload" or action.startswith("remove:"):
        return redirect(f"{url}#sekcja-zalaczniki")
    return redirect(url)


def read_post(request):
    """(draft, errors by field id, the checked files) of a POST of the form."""
    data, errors = af.read_draft(request.POST)
    attachment_form = af.AttachmentForm(request.POST, request.FILES)
    if not attachment_form.is_valid():
        for name in ("signed_form", "power_of_attorney"):
            for message in attachment_form.errors.get(name, []):
                errors[f"id_{name}"] = message
    return data, errors, attachment_form


def store_files(request, application, attachment_form, data):
    for name, kind in (
        ("signed_form", AttachmentKind.SIGNED_FORM),
        ("power_of_attorney", AttachmentKind.POWER_OF_ATTORNEY),
    ):
        if name in getattr(attachment_form, "checked", {}):
            content_type, payload = attachment_form.checked[name]
            submission.add_attachment(
                application,
                request.user,
                kind,
                attachment_form.cleaned_data[name],
                content_type,
                payload,
                ip_address=client_ip(request),
            )


@require_POST
def autosave(request, pk):
    """The JavaScript's draft save: JSON in, JSON out; never a redirect to the login page."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "error": _(
                    "Sesja wygasła. Twoje zmiany są zapamiętane w tej przeglądarce; zaloguj się "
                    "ponownie, a zostaną zapisane."
                ),
                "login_url": _login_url(pk),
            },
            status=401,
        )
    application = application_for(request, pk)
    if not permissions.can_edit_application(request.user, application):
        if not permissions.is_applicant_of(request.user, application.institution):
            audit.deny(request, application, "not_applicant", application=application)
        return JsonResponse({"error": edit_refusal(request, application)}, status=403)
    data, errors = af.read_draft(request.POST)
    if errors:
        return JsonResponse(
            {
                "error": _("Nie zapisano wersji roboczej: %(errors)s")
                % {"errors": " ".join(errors.values())},
                "errors": errors,
            },
            status=400,
        )
    try:
        saved_at = submission.save_draft(application, request.user, data)
    except submission.ApplicationError as error:
        return JsonResponse({"error": error.message}, status=403)
    return JsonResponse(
        {
            "saved_at": saved_at.isoformat(),
            "saved_at_ms": int(saved_at.timestamp() * 1000),
            "message": _("Zapisano wersję roboczą o %(time)s.") % {"time": local_time(saved_at)},
        }
    )
