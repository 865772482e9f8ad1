"""A call's applications with filters, sorting and pages, and one application with its history,
versions, files and the transitions the workflow offers."""

import logging

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import django_filters

from core.choices import JSTType
from recruitment import (
    formal_check,
    permissions,
    version_content,
    workflow,
)
from recruitment.models import (
    Application,
    AuditLogEntry,
)

from .base import (
    HISTORY_LABELS,
    PER_PAGE,
    REASON_MAX_LENGTH,
    ApplicationMixin,
    BaseOperatorView,
    CallMixin,
    S,
    decided_on_card,
    reason_required,
    url,
)
from .formal_card import attachment_signatures

logger = logging.getLogger(__name__)


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
                row.signatures = attachment_signatures(row) if can_download else None
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
