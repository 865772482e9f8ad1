"""The applicant area under /konto/: the dashboard, the form with autosave, submission, the
receipt, withdrawal, the status page and the files. Each view checks permission, calls one
service of `recruitment.submission` and renders; another JST's application is a 404, logged."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import client_ip
from portal import privacy
from recruitment import application_forms as af
from recruitment import (
    audit,
    eligibility,
    formal_check,
    permissions,
    receipts,
    submission,
    workflow,
)
from recruitment.models import (
    Application,
    ApplicationAttachment,
    ApplicationState,
    AttachmentKind,
    AuditLogEntry,
    CallPage,
    CentreKind,
    InstitutionMembership,
)

logger = logging.getLogger(__name__)
S = ApplicationState


# --- access -----------------------------------------------------------------------------------


def _denied(request, pk, reason):
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


def _application_for(request, pk):
    application = Application.objects.select_related("call", "institution").filter(pk=pk).first()
    if application is None:
        _denied(request, pk, "not_found")
    if not permissions.can_view_application(request.user, application):
        _denied(request, pk, "other_institution")
    return application


def _refuse_edit(request, application, message, status=403):
    return render(
        request,
        "recruitment/applicant/refused.html",
        {"application": application, "message": message},
        status=status,
    )


def _local_time(moment):
    return formats.time_format(timezone.localtime(moment), "H:i")


def _team_url():
    try:
        return reverse("accounts:team")
    except NoReverseMatch:
        return None


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
            "team_url": _team_url(),
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


# --- the form ---------------------------------------------------------------------------------


def _form_context(request, application, *, form=None, formset=None, check=None, errors=None,
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
        attachments = submission.draft_attachments(application)
    # The clause is looked up once: shown by the template, its version checked here.
    clause = submission.rodo_clause(application.call)
    clause_html = privacy.render(clause, heading_level=3) if clause else ""
    rodo_version = (
        submission.rodo_version(application.call, clause, clause_html) if editable else ""
    )
    rodo_changed = False
    if form is None:
        initial = af.flatten(shown)
        seen = (
            request.POST.get("rodo_version") if posted is not None else shown.get("_rodo_version")
        )
        if editable and initial.get("rodo_acknowledged") and seen and seen != rodo_version:
            # Ticked under other words: asked again (a draft saved before versions were kept
            # is taken as it is, as `submission.clause_changed` takes it).
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
    application = _application_for(request, pk)
    if request.method == "GET":
        if permissions.can_edit_application(request.user, application):
            submission.prepare_supplement_draft(application)
        return render(
            request, "recruitment/applicant/application.html", _form_context(request, application)
        )
    # POST: save the draft (the button without JavaScript), add a row, upload or remove a file.
    if not permissions.can_edit_application(request.user, application):
        return _refuse_edit(request, application, _edit_refusal(request, application))
    action = request.POST.get("action", "save")
    data, errors, attachment_form = _read_post(request)
    if errors:
        context = _form_context(
            request, application, errors=errors, posted=af.posted_values(request.POST)
        )
        context["not_saved"] = True
        return render(request, "recruitment/applicant/application.html", context, status=422)
    try:
        saved_at = submission.save_draft(application, request.user, data)
        _store_files(request, application, attachment_form, data)
        attachment_id = action.removeprefix("remove:")
        if action.startswith("remove:") and attachment_id.isdigit():
            submission.remove_attachment(
                application, request.user, int(attachment_id), ip_address=client_ip(request)
            )
    except submission.ApplicationError as error:
        return _refuse_edit(request, application, error.message)
    messages.success(
        request, _("Zapisano wersję roboczą o %(time)s.") % {"time": _local_time(saved_at)}
    )
    url = reverse("recruitment:application", args=[application.pk])
    if action == "add_partner":
        return redirect(f"{url}?wiersz=1#sekcja-instytucje")
    if action == "upload" or action.startswith("remove:"):
        return redirect(f"{url}#sekcja-zalaczniki")
    return redirect(url)


def _read_post(request):
    """(draft, errors by field id, the checked files) of a POST of the form."""
    data, errors = af.read_draft(request.POST)
    attachment_form = af.AttachmentForm(request.POST, request.FILES)
    if not attachment_form.is_valid():
        for name in ("signed_form", "power_of_attorney"):
            for message in attachment_form.errors.get(name, []):
                errors[f"id_{name}"] = message
    return data, errors, attachment_form


def _store_files(request, application, attachment_form, data):
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


def _edit_refusal(request, application):
    if not permissions.is_applicant_of(request.user, application.institution):
        return _("Możesz przeglądać to zgłoszenie, ale nie możesz go zmieniać. Nic nie zapisano.")
    return submission.read_only_message(application)


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
    application = _application_for(request, pk)
    if not permissions.can_edit_application(request.user, application):
        if not permissions.is_applicant_of(request.user, application.institution):
            audit.deny(request, application, "not_applicant", application=application)
        return JsonResponse({"error": _edit_refusal(request, application)}, status=403)
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
            "message": _("Zapisano wersję roboczą o %(time)s.") % {"time": _local_time(saved_at)},
        }
    )


# --- submission -------------------------------------------------------------------------------


@login_required
@require_POST
def submit(request, pk):
    application = _application_for(request, pk)
    if not permissions.is_applicant_of(request.user, application.institution):
        audit.deny(request, application, "not_applicant", application=application)
        return _refuse_edit(request, application, _edit_refusal(request, application))
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
        context = _form_context(request, application, errors={"zloz": error.message}, posted=posted)
        context["refused"] = error.message
        return render(request, "recruitment/applicant/application.html", context, status=422)
    # The form posts its current content with the submit button: store it first.
    data, errors, attachment_form = _read_post(request)
    if errors:
        context = _form_context(request, application, errors=errors, posted=posted)
        context["not_saved"] = True
        return render(request, "recruitment/applicant/application.html", context, status=422)
    draft = data
    if getattr(attachment_form, "checked", None):
        # Files came with the button: the draft and the files are stored first, as by "Zapisz".
        try:
            submission.save_draft(application, request.user, data)
            _store_files(request, application, attachment_form, data)
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
        context = _form_context(
            request,
            application,
            form=error.check.form,
            formset=error.check.formset,
            check=error.check,
        )
        return render(request, "recruitment/applicant/application.html", context, status=422)
    except submission.ApplicationError as error:
        context = _form_context(request, application, errors={"zloz": error.message})
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
    application = _application_for(request, pk)
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
    application = _application_for(request, pk)
    version = _version_or_404(application, request)
    issued = receipts.issue_receipt(version)
    return _download(bytes(issued.pdf), issued.filename, "application/pdf")


@login_required
@require_GET
def receipt_json(request, pk):
    """The canonical JSON the receipt's checksum covers: `sha256sum` of this file gives it."""
    application = _application_for(request, pk)
    version = _version_or_404(application, request)
    issued = receipts.issue_receipt(version)
    return _download(
        issued.payload.encode("utf-8"),
        receipts.receipt_filename(application, version, "json"),
        "application/json; charset=utf-8",
    )


# --- withdrawal and status ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = _application_for(request, pk)
    if not permissions.is_applicant_of(request.user, application.institution):
        audit.deny(request, application, "not_applicant", application=application)
        return _refuse_edit(request, application, _edit_refusal(request, application))
    try:
        workflow.check(application, "withdraw", request.user)
    except workflow.TransitionError as error:
        return _refuse_edit(request, application, error.message, status=409)
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
            return _refuse_edit(request, application, error.message, status=409)
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
    application = _application_for(request, pk)
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
        },
    )


# --- files ------------------------------------------------------------------------------------


@login_required
@require_GET
def attachment(request, pk, attachment_pk):
    application = _application_for(request, pk)
    row = ApplicationAttachment.objects.filter(pk=attachment_pk, application=application).first()
    if row is None:
        _denied(request, pk, f"attachment {attachment_pk}")
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
