"""Operator views of the applications in the Wagtail admin, under /admin/nabory/: a call's
applications with filters and exports (CSV, XLSX), one application with its history, versions,
files and workflow transitions, the comparison of two of its versions, and its formal check card
(to fill, decide and print as a PDF).

Operators (and superusers) may use them; chairs may look and fire only what the workflow lets
them. Each view checks permission, calls one service (`workflow`, `version_content`,
`application_export`) and renders. An application is always looked up within the call of the
URL, so another call's application id in a URL is a 404 (logged).
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

import django_filters

from core.choices import JSTType
from core.http import client_ip
from recruitment import (
    application_export,
    audit,
    formal_check,
    permissions,
    sealing,
    version_content,
    workflow,
)
from recruitment.formal_forms import FormalCardForm
from recruitment.models import (
    Application,
    ApplicationState,
    AuditLogEntry,
    CallPage,
    FormalResult,
)

logger = logging.getLogger(__name__)
S = ApplicationState

NAMESPACE = "recruitment_operator"
PER_PAGE = 50
REASON_MAX_LENGTH = 2000

# A call to supplement must say what is missing: the JST reads the reason on its status page.
# Rejections need a written reason by the workflow's own rule (DOMAIN.md, "Formal check").
REASON_REQUIRED = {"request_supplement", "reject_formally"}

HISTORY_LABELS = {
    "start_draft": gettext_lazy("rozpoczęcie zgłoszenia"),
    "attachment_added": gettext_lazy("dodanie załącznika"),
    "attachment_removed": gettext_lazy("usunięcie załącznika"),
    "access_denied": gettext_lazy("odmowa dostępu"),
    **formal_check.AUDIT_LABELS,
}


# --- permissions ------------------------------------------------------------------------------


def can_review_applications(user):
    """Operators run the formal check; chairs may read the applications too."""
    return permissions.is_operator(user) or permissions.is_chair(user)


def reason_required(name, application):
    return name in REASON_REQUIRED or (name == "finalise" and application.state == S.APPEAL)


def decided_on_card(name, application):
    """The formal check's results are decided on its card, never by a bare transition."""
    return application.state == S.FORMAL_CHECK and name in formal_check.CARD_TRANSITIONS.values()


def refuse_bulk_action(request, model_name, action):
    """Wagtail's bulk actions on the recruitment's records: none, for anyone (a logged 404)."""
    if request.user.is_authenticated:
        audit.deny(request, None, "bulk_action")
    raise Http404(_("Tej czynności nie ma."))


class ReviewerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_review_applications(request.user):
            if request.user.is_authenticated:
                audit.deny(request, None, "role")
            # Inside the admin Wagtail turns this into its "no permission" redirect.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def _call_label(call):
    return f"{call.number} – {call.title}" if call.number else call.title


class BaseOperatorView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, View):
    header_icon = "form"

    def get_base_breadcrumbs(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("calls"), "label": _("Zgłoszenia w naborze")},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))


# --- calls ------------------------------------------------------------------------------------


class CallChooseView(BaseOperatorView):
    """The first step: which call's applications to see."""

    template_name = "recruitment/admin/call_choose.html"
    page_title = gettext_lazy("Zgłoszenia w naborze")

    def get_breadcrumbs_items(self):
        return self.get_base_breadcrumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = (
            permissions.reviewable_calls(self.request.user, CallPage.objects.all())
            .annotate(
                application_count=Count("applications"),
                submitted_count=Count("applications", filter=~Q(applications__state=S.DRAFT)),
            )
            .order_by("-opens_at", "pk")
            .only("pk", "title", "number", "voivodeship", "opens_at", "closes_at", "live")
        )
        return context


class CallMixin:
    """A call the user may review (recruitment.permissions.can_review_call): another partner's
    call, or a call whose declaration its chair has not signed, is a logged 404."""

    @cached_property
    def call(self):
        call = get_object_or_404(CallPage, pk=self.kwargs["call_pk"])
        if not permissions.can_review_call(self.request.user, call):
            audit.deny(self.request, call, "call_scope")
            raise Http404(_("Nie ma takiego naboru albo nie masz do niego dostępu."))
        return call

    def dispatch(self, request, *args, **kwargs):
        if can_review_applications(request.user):
            self.call  # noqa: B018 - checked before any view code runs
        return super().dispatch(request, *args, **kwargs)


# --- the list of a call's applications ----------------------------------------------------------


SORTS = {
    "number": ("number", "pk"),
    "jst": ("institution__name", "pk"),
    "type": ("institution__jst_type", "institution__name", "pk"),
    "voivodeship": ("institution__teryt", "pk"),
    "state": ("state", "pk"),
    "submitted": ("submitted_at", "pk"),
    "versions": ("version_count", "pk"),
}
DEFAULT_SORT = "submitted"


class ApplicationFilterSet(django_filters.FilterSet):
    """The facets of a call's applications: text, state, JST type and the submission dates."""

    q = django_filters.CharFilter(
        label=gettext_lazy("Nazwa JST lub numer zgłoszenia"), method="filter_text"
    )
    state = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Stan"), choices=S.choices, widget=forms.CheckboxSelectMultiple
    )
    jst_type = django_filters.MultipleChoiceFilter(
        field_name="institution__jst_type",
        label=gettext_lazy("Rodzaj JST"),
        choices=JSTType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__gte",
        label=gettext_lazy("Złożone od dnia"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__lte",
        label=gettext_lazy("Złożone do dnia"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].max_length = 200
        self.form.fields["q"].widget.attrs.update({"maxlength": 200, "type": "search"})
        for name in ("submitted_from", "submitted_to"):
            self.form.fields[name].error_messages["invalid"] = _(
                "Podaj datę w formacie RRRR-MM-DD."
            )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(institution__name__icontains=value) | Q(number__icontains=value))


def call_applications(call):
    return Application.objects.filter(call=call)


class ApplicationIndexView(CallMixin, BaseOperatorView):
    template_name = "recruitment/admin/application_index.html"

    def get_page_title(self):
        return _("Zgłoszenia w naborze %(number)s") % {
            "number": self.call.number or self.call.title
        }

    def get_breadcrumbs_items(self):
        return [
            *self.get_base_breadcrumbs(),
            {"url": "", "label": self.call.number or self.call.title},
        ]

    @cached_property
    def filterset(self):
        base = (
            call_applications(self.call)
            .select_related("institution")
            .annotate(version_count=Count("versions"))
        )
        return ApplicationFilterSet(self.request.GET or None, queryset=base)

    def get_sort(self):
        value = self.request.GET.get("sort", DEFAULT_SORT)
        key = value.lstrip("-")
        if key not in SORTS:
            return DEFAULT_SORT, False
        return key, value.startswith("-")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort, descending = self.get_sort()
        order = [f"-{f}" if descending else f for f in SORTS[sort]]
        queryset = self.filterset.qs.order_by(*order)
        page = Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        export_query = query.copy()
        export_query.pop("sort", None)
        context.update(
            {
                "call": self.call,
                "filter_form": self.filterset.form,
                "page_obj": page,
                "applications": page.object_list,
                "columns": self.columns(sort, descending),
                "is_filtered": any(
                    self.request.GET.get(name) for name in self.filterset.form.fields
                ),
                "export_csv_url": self._with_query(url("export_csv", self.call.pk), export_query),
                "export_xlsx_url": self._with_query(url("export_xlsx", self.call.pk), export_query),
                "query_without_page": query.urlencode(),
            }
        )
        return context

    @staticmethod
    def _with_query(base, query):
        encoded = query.urlencode()
        return f"{base}?{encoded}" if encoded else base

    def columns(self, sort, descending):
        """Sortable column headers: the link, its state for aria-sort and a spoken hint."""
        labels = [
            ("number", _("Numer")),
            ("jst", _("JST")),
            ("type", _("Rodzaj JST")),
            ("voivodeship", _("Województwo")),
            ("state", _("Stan")),
            ("submitted", _("Złożono")),
            ("versions", _("Wersje")),
        ]
        query = self.request.GET.copy()
        query.pop("p", None)
        columns = []
        for key, label in labels:
            active = key == sort
            query["sort"] = f"-{key}" if active and not descending else key
            if active:
                aria_sort = "descending" if descending else "ascending"
                hint = _("posortowane malejąco") if descending else _("posortowane rosnąco")
            else:
                aria_sort, hint = None, _("sortuj")
            columns.append(
                {
                    "label": label,
                    "url": "?" + query.urlencode(),
                    "aria_sort": aria_sort,
                    "hint": hint,
                    "active": active,
                    "descending": descending,
                }
            )
        return columns


# --- exports ----------------------------------------------------------------------------------


class ExportMixin(CallMixin, ReviewerRequiredMixin):
    def applications(self):
        filterset = ApplicationFilterSet(
            self.request.GET or None, queryset=call_applications(self.call)
        )
        queryset = filterset.qs.order_by("submitted_at", "pk")
        return application_export.with_export_data(queryset)

    def record(self, request, kind):
        audit.record(
            "export",
            user=request.user,
            obj=self.call,
            details={
                "format": kind,
                "call": self.call.number,
                "query": request.GET.urlencode()[:500],
            },
            ip_address=client_ip(request),
        )


class ExportCSVView(ExportMixin, View):
    def get(self, request, call_pk):
        self.record(request, "csv")
        response = StreamingHttpResponse(
            application_export.csv_lines(self.applications()),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{application_export.filename(self.call, "csv")}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ExportXLSXView(ExportMixin, View):
    def get(self, request, call_pk):
        self.record(request, "xlsx")
        payload = application_export.xlsx_bytes(
            self.applications(), self.call.number or self.call.title
        )
        response = HttpResponse(
            payload,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{application_export.filename(self.call, "xlsx")}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


# --- one application --------------------------------------------------------------------------


class ApplicationMixin(CallMixin):
    @cached_property
    def application(self):
        pk = self.kwargs["pk"]
        application = (
            Application.objects.select_related("call", "institution")
            .filter(pk=pk, call_id=self.kwargs["call_pk"])
            .first()
        )
        if application is None:
            self._denied(pk)
        return application

    def _denied(self, pk):
        """Another call's (or no) application: logged, then a 404 that tells nothing."""
        request = self.request
        logger.warning(
            "Operator view: application %s is not in call %s (%s)",
            pk,
            self.kwargs["call_pk"],
            request.user,
        )
        user = request.user if request.user.is_authenticated else None
        AuditLogEntry.objects.create(
            user=user,
            username=user.get_username() if user else "",
            action="access_denied",
            object_type="recruitment.application",
            object_id=str(pk)[:64],
            details={"path": request.path[:500], "method": request.method, "reason": "other_call"},
            ip_address=client_ip(request),
        )
        raise Http404(_("Nie ma takiego zgłoszenia w tym naborze."))

    @cached_property
    def versions(self):
        return list(
            self.application.versions.select_related("submitted_by").prefetch_related("attachments")
        )

    def application_breadcrumbs(self):
        return [
            *self.get_base_breadcrumbs(),
            {"url": url("index", self.call.pk), "label": self.call.number or self.call.title},
        ]

    def application_label(self):
        return self.application.number or _("zgłoszenie robocze: %(jst)s") % {
            "jst": self.application.institution
        }


def _history(application):
    entries = list(
        AuditLogEntry.objects.filter(application=application).order_by("created_at", "pk")
    )
    for entry in entries:
        transition = workflow.TRANSITIONS.get(entry.action)
        entry.label = (
            transition.label if transition else HISTORY_LABELS.get(entry.action, entry.action)
        )
        details = entry.details if isinstance(entry.details, dict) else {}
        entry.from_label = S(details["from"]).label if details.get("from") in S.values else ""
        entry.to_label = S(details["to"]).label if details.get("to") in S.values else ""
        entry.reason = details.get("reason", "")
        entry.file_name = details.get("name", "")
    return entries


class ApplicationDetailView(ApplicationMixin, BaseOperatorView):
    template_name = "recruitment/admin/application_detail.html"

    def get_page_title(self):
        return _("Zgłoszenie %(label)s") % {"label": self.application_label()}

    def get_breadcrumbs_items(self):
        return [*self.application_breadcrumbs(), {"url": "", "label": self.application_label()}]

    def selected_version(self):
        if not self.versions:
            return None
        wanted = self.request.GET.get("wersja")
        if wanted:
            for version in self.versions:
                if str(version.number) == wanted:
                    return version
            messages.warning(
                self.request,
                _("Nie ma wersji „%(number)s”; pokazano najnowszą.") % {"number": wanted[:20]},
            )
        return self.versions[-1]

    def transitions(self):
        application = self.application
        names = [
            name
            for name in workflow.available(application, self.request.user)
            if not decided_on_card(name, application)
        ]
        return [
            {
                "name": name,
                "label": workflow.TRANSITIONS[name].label,
                "target": S(workflow.TRANSITIONS[name].target).label,
                "reason_required": reason_required(name, application),
            }
            for name in names
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        version = self.selected_version()
        can_download = permissions.can_view_application(self.request.user, application)
        attachments = []
        if version is not None:
            for row in version.attachments.all():
                row.download_url = (
                    reverse("recruitment:attachment", args=[application.pk, row.pk])
                    if can_download
                    else ""
                )
                row.signatures = _signatures(row) if can_download else None
                attachments.append(row)
        previous = {
            v.number: p for p, v in zip([None, *self.versions], self.versions, strict=False)
        }
        context.update(
            {
                "call": self.call,
                "application": application,
                "institution": application.institution,
                "state_label": S(application.state).label,
                "history": _history(application),
                "versions": [{"version": v, "previous": previous[v.number]} for v in self.versions],
                "version": version,
                "sections": version_content.read_sections(version.content) if version else [],
                "attachments": attachments,
                "transitions": self.transitions(),
                "transition_url": url("transition", self.call.pk, application.pk),
                "diff_url": url("diff", self.call.pk, application.pk),
                "reason_max_length": REASON_MAX_LENGTH,
                "formal_cards": formal_check.cards_of(application),
                "formal_card_url": url("formal_card", self.call.pk, application.pk),
            }
        )
        return context


class TransitionView(ApplicationMixin, ReviewerRequiredMixin, View):
    """Fires one workflow transition; a refusal is told in Polish and changes nothing."""

    http_method_names = ["post"]

    def post(self, request, call_pk, pk):
        application = self.application
        detail = url("detail", call_pk, pk)
        name = request.POST.get("transition", "")
        reason = (request.POST.get("reason") or "").replace("\r\n", "\n").strip()
        expected_state = request.POST.get("state", "")
        if expected_state and expected_state != application.state:
            messages.error(
                request,
                _(
                    "Stan zgłoszenia zmienił się w międzyczasie (teraz: „%(state)s”). "
                    "Nic nie zostało zmienione; sprawdź historię i spróbuj ponownie."
                )
                % {"state": S(application.state).label},
            )
            return redirect(detail)
        if len(reason) > REASON_MAX_LENGTH:
            messages.error(
                request,
                _("Uzasadnienie może mieć najwyżej %(limit)s znaków (wpisano %(length)s).")
                % {"limit": REASON_MAX_LENGTH, "length": len(reason)},
            )
            return redirect(detail)
        transition = workflow.TRANSITIONS.get(name)
        if transition is not None and decided_on_card(name, application):
            messages.error(
                request,
                _(
                    "Wynik oceny formalnej rozstrzyga się na karcie oceny formalnej. "
                    "Nic nie zostało zmienione."
                ),
            )
            return redirect(url("formal_card", call_pk, pk))
        if transition is not None and reason_required(name, application) and not reason:
            messages.error(
                request,
                _("Czynność „%(label)s” wymaga pisemnego uzasadnienia. Nic nie zostało zmienione.")
                % {"label": transition.label},
            )
            return redirect(detail)
        try:
            if name == "start_formal_check":
                # Starting the check opens its card, with the system's proposals.
                formal_check.start(application, request.user, ip_address=client_ip(request))
            else:
                workflow.fire(
                    application,
                    name,
                    request.user,
                    reason=reason,
                    ip_address=client_ip(request),
                )
        except (workflow.TransitionError, formal_check.FormalCheckError) as error:
            messages.error(request, error.message)
            return redirect(detail)
        if name == "reject_formally":
            formal_check.enqueue_notice(application, formal_check.NOTICE_REJECTION)
        messages.success(
            request,
            _("Wykonano: %(label)s. Stan zgłoszenia: „%(state)s”.")
            % {"label": transition.label, "state": S(application.state).label},
        )
        if name == "start_formal_check":
            return redirect(url("formal_card", call_pk, pk))
        return redirect(detail)


# --- the formal check card ----------------------------------------------------------------------


class FormalCardView(ApplicationMixin, BaseOperatorView):
    """The formal check card of an application: the current round to fill and decide, or an
    earlier round (?runda=N) to read. Operators fill and decide; chairs may read it.

    A refusal (a missing answer, no deficiencies, no reason, a result the answers do not allow)
    shows the form again as posted, with the message, and stores nothing; a decided card or a
    stale form (the card or the state changed meanwhile) sends back to the stored card."""

    template_name = "recruitment/admin/formal_check_card.html"

    def get_page_title(self):
        return _("Karta oceny formalnej: %(label)s") % {"label": self.application_label()}

    def get_breadcrumbs_items(self):
        return [
            *self.application_breadcrumbs(),
            {
                "url": url("detail", self.call.pk, self.application.pk),
                "label": self.application_label(),
            },
            {"url": "", "label": _("Karta oceny formalnej")},
        ]

    @cached_property
    def current(self):
        """The card of the check under way (made now if the check was started elsewhere)."""
        return formal_check.current_card(self.application)

    @cached_property
    def cards(self):
        self.current  # noqa: B018 - made first, so that it is on the list
        return formal_check.cards_of(self.application)

    @cached_property
    def card(self):
        """The card shown: the round asked for, else the current one, else the last one."""
        wanted = self.request.GET.get("runda", "")
        if wanted:
            for card in self.cards:
                if str(card.round) == wanted:
                    return card
            messages.warning(
                self.request,
                _("Nie ma rundy „%(round)s”; pokazano bieżącą kartę.") % {"round": wanted[:20]},
            )
        if self.current is not None:
            return next(c for c in self.cards if c.pk == self.current.pk)
        return self.cards[-1] if self.cards else None

    def can_edit(self, card):
        return (
            card is not None
            and not card.is_decided
            and self.application.state == S.FORMAL_CHECK
            and self.current is not None
            and card.pk == self.current.pk
            and permissions.operates_call(self.request.user, self.call)
        )

    def rows(self, card):
        return list(card.answers.select_related("answered_by")) if card else []

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        card = self.card
        rows = form.rows if form is not None else self.rows(card)
        editable = self.can_edit(card)
        if editable and form is None:
            form = FormalCardForm(
                card,
                rows,
                initial={
                    "deficiencies": formal_check.default_deficiencies(rows),
                    "reason": formal_check.default_reason(rows, application),
                },
            )
        assessment = formal_check.assess([(r, r.answer) for r in rows], application)
        context.update(
            {
                "call": self.call,
                "application": application,
                "institution": application.institution,
                "state_label": S(application.state).label,
                "cards": self.cards,
                "card": card,
                "rows": rows,
                "form": form,
                "items": form.items() if form is not None else [],
                "editable": editable,
                "expected": assessment.expected,
                "expected_label": FormalResult(assessment.expected).label
                if assessment.expected
                else "",
                "supplement_used": application.supplement_due is not None,
                "supplement_preview": workflow.supplement_deadline(
                    timezone.now(), self.call.supplement_days
                ),
                "can_start": permissions.operates_call(self.request.user, self.call)
                and "start_formal_check" in workflow.available(application, self.request.user),
                "detail_url": url("detail", self.call.pk, application.pk),
                "action_url": url("formal_card", self.call.pk, application.pk),
                "transition_url": url("transition", self.call.pk, application.pk),
                "pdf_url": url("formal_card_pdf", self.call.pk, application.pk, card.round)
                if card
                else "",
                "result_labels": dict(FormalResult.choices),
            }
        )
        return context

    def post(self, request, call_pk, pk):
        if not permissions.operates_call(request.user, self.call):
            raise PermissionDenied
        application = self.application
        here = url("formal_card", call_pk, pk)
        current = self.current
        posted_card = request.POST.get("card", "")
        if current is None or posted_card != str(current.pk):
            decided = next((c for c in self.cards if str(c.pk) == posted_card), None)
            if decided is not None and decided.is_decided:
                message = _(
                    "Ta karta została już rozstrzygnięta (%(result)s). Nic nie zostało zmienione."
                ) % {"result": FormalResult(decided.result).label}
            else:
                message = _(
                    "Karta lub stan zgłoszenia zmieniły się w międzyczasie (stan: „%(state)s”). "
                    "Nic nie zostało zapisane; sprawdź kartę i spróbuj ponownie."
                ) % {"state": S(application.state).label}
            messages.error(request, message)
            return redirect(here)
        rows = self.rows(current)
        form = FormalCardForm(current, rows, request.POST)
        if not form.is_valid() and {"card", "revision", "state"} & set(form.errors):
            messages.error(
                request,
                _(
                    "Formularz karty jest niekompletny lub nieaktualny. Nic nie zostało "
                    "zapisane; sprawdź kartę i spróbuj ponownie."
                ),
            )
            return redirect(here)
        if not form.is_valid():
            return self.refuse(form, _("Popraw zaznaczone pola. Nic nie zostało zapisane."))
        options = {
            "revision": form.cleaned_data["revision"],
            "expected_state": form.cleaned_data["state"],
            "ip_address": client_ip(request),
        }
        result = form.result
        try:
            if result is None:
                changed = formal_check.save_draft(current, request.user, form.answers(), **options)
            else:
                formal_check.decide(
                    current,
                    request.user,
                    result,
                    form.answers(),
                    deficiencies=form.cleaned_data["deficiencies"],
                    reason=form.cleaned_data["reason"],
                    **options,
                )
        except (formal_check.StaleCard, formal_check.CardNotOpen) as error:
            messages.error(request, error.message)
            return redirect(here)
        except formal_check.FormalCheckError as error:
            for name, message in error.errors.items():
                if name in form.fields or name == "decision":
                    form.add_error(name if name in form.fields else None, message)
            return self.refuse(form, error.message)
        if result is None:
            messages.success(
                request,
                _("Zapisano kartę (wersja robocza). Zapisane kryteria: %(n)s.") % {"n": changed}
                if changed
                else _("Nie było zmian do zapisania."),
            )
            return redirect(here)
        application.refresh_from_db()
        messages.success(
            request,
            _("Rozstrzygnięto kartę: %(result)s. Stan zgłoszenia: „%(state)s”.")
            % {"result": FormalResult(result).label, "state": S(application.state).label},
        )
        return redirect(f"{here}?runda={current.round}")

    def refuse(self, form, message):
        messages.error(self.request, message)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 422
        return response


def _signatures(attachment):
    """The electronic signatures a PDF attachment carries (recruitment.sealing), else None."""
    if attachment.content_type != "application/pdf":
        return None
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return sealing.SignatureCheck(error=_("Nie znaleziono pliku w magazynie."))
    return sealing.check_signatures(data)


class FormalCardPDFView(ApplicationMixin, ReviewerRequiredMixin, View):
    """One round's card as a PDF for signing; a card still being filled is marked as a draft."""

    def get(self, request, call_pk, pk, round):
        card = (
            self.application.formal_cards.select_related(
                "version", "decided_by", "updated_by", "application__call"
            )
            .filter(round=round)
            .first()
        )
        if card is None:
            raise Http404(_("Nie ma takiej karty oceny formalnej."))
        card.application = self.application
        audit.record(
            "formal_card_pdf",
            user=request.user,
            obj=card,
            application=self.application,
            details={"round": card.round},
            ip_address=client_ip(request),
        )
        response = HttpResponse(formal_check.card_pdf(card), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{formal_check.card_filename(card)}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class VersionDiffView(ApplicationMixin, BaseOperatorView):
    template_name = "recruitment/admin/application_diff.html"

    def get_page_title(self):
        return _("Porównanie wersji zgłoszenia %(label)s") % {"label": self.application_label()}

    def get_breadcrumbs_items(self):
        return [
            *self.application_breadcrumbs(),
            {
                "url": url("detail", self.call.pk, self.application.pk),
                "label": self.application_label(),
            },
            {"url": "", "label": _("Porównanie wersji")},
        ]

    def _number(self, name, default):
        raw = self.request.GET.get(name)
        if raw in (None, ""):
            return default
        try:
            return int(raw)
        except ValueError:
            return None

    def get(self, request, *args, **kwargs):
        detail = url("detail", self.call.pk, self.application.pk)
        by_number = {v.number: v for v in self.versions}
        if not by_number:
            messages.warning(request, _("Zgłoszenie nie ma jeszcze złożonej wersji."))
            return redirect(detail)
        numbers = sorted(by_number)
        new_number = self._number("to", numbers[-1])
        old_default = max((n for n in numbers if new_number and n < new_number), default=numbers[0])
        old_number = self._number("from", old_default)
        missing = [str(n) for n in (old_number, new_number) if n not in by_number]
        if missing or None in (old_number, new_number):
            messages.error(
                request,
                _("Nie ma takiej wersji tego zgłoszenia. Wersje: %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in numbers)},
            )
            return redirect(detail)
        self.old, self.new = by_number[old_number], by_number[new_number]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = version_content.compare(self.old.content, self.new.content)
        context.update(
            {
                "call": self.call,
                "application": self.application,
                "old": self.old,
                "new": self.new,
                "versions": self.versions,
                "sections": sections,
                "changed_count": sum(len(s.changed) for s in sections),
                "unchanged_count": sum(len(s.unchanged) for s in sections),
                "detail_url": url("detail", self.call.pk, self.application.pk),
                "same_hash": self.old.content_sha256 == self.new.content_sha256,
                "show_unchanged": self.request.GET.get("bez_zmian") == "1",
            }
        )
        return context


# --- registration -----------------------------------------------------------------------------


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_applications(request.user)


class OperatorApplicationsViewSet(ViewSet):
    """The views above under /admin/nabory/, with a menu item for operators and chairs."""

    name = NAMESPACE
    url_prefix = "nabory"
    icon = "form"
    menu_label = gettext_lazy("Zgłoszenia w naborze")
    menu_name = "zgloszenia-w-naborze"

    @cached_property
    def menu_item_class(self):
        return ReviewerMenuItem

    @cached_property
    def menu_url(self):
        return reverse(f"{NAMESPACE}:calls")

    def get_urlpatterns(self):
        return [
            path("", CallChooseView.as_view(), name="calls"),
            path("<int:call_pk>/zgloszenia/", ApplicationIndexView.as_view(), name="index"),
            path("<int:call_pk>/eksport.csv", ExportCSVView.as_view(), name="export_csv"),
            path("<int:call_pk>/eksport.xlsx", ExportXLSXView.as_view(), name="export_xlsx"),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/",
                ApplicationDetailView.as_view(),
                name="detail",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/czynnosc/",
                TransitionView.as_view(),
                name="transition",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/porownanie/",
                VersionDiffView.as_view(),
                name="diff",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/ocena-formalna/",
                FormalCardView.as_view(),
                name="formal_card",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/ocena-formalna/<int:round>/karta.pdf",
                FormalCardPDFView.as_view(),
                name="formal_card_pdf",
            ),
        ]
