"""Admin of the recruitment, grouped under "Nabory": the operator views of a call's applications
(recruitment/views/operator/), the JST registry (editable), and the raw lists of applications and
of the audit log (read-only for everyone, superusers included)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    HistoryView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

import django_filters

from core.choices import JSTType, Voivodeship
from recruitment import audit, extensions, permissions
from recruitment.models import (
    Application,
    ApplicationState,
    AuditLogEntry,
    CallPage,
    CentreKind,
    Institution,
)
from recruitment.views.operator import OperatorApplicationsViewSet


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Operators and chairs may look; nobody may add, change or delete through the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can_view_audit_log(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(["view"])


class InstitutionPermissionPolicy(ModelPermissionPolicy):
    """The JST registry is shared by the four partners: an operator limited to a partner reads it
    and may not add, change or delete an entry (other partners' applicants depend on it)."""

    def user_has_permission(self, user, action):
        if action != "view" and permissions.operator_partners(user) and not user.is_superuser:
            return False
        return super().user_has_permission(user, action)


def scoped(view_class, can_see):
    """`view_class` of one object, answering a logged 404 for an object the user may not see
    (another partner's call, a call whose declaration they have not signed)."""

    class Scoped(view_class):
        def get_object(self, *args, **kwargs):
            obj = super().get_object(*args, **kwargs)
            if not can_see(self.request.user, obj):
                application = obj if isinstance(obj, Application) else None
                audit.deny(self.request, obj, "call_scope", application=application)
                raise Http404(_("Nie ma takiego obiektu albo nie masz do niego dostępu."))
            return obj

    Scoped.__name__ = f"Scoped{view_class.__name__}"
    return Scoped


def _can_see_application(user, application):
    return permissions.can_review_call(user, application.call)


register_permission_policy(Application, ReadOnlyPermissionPolicy(Application))
register_permission_policy(AuditLogEntry, ReadOnlyPermissionPolicy(AuditLogEntry))
register_permission_policy(Institution, InstitutionPermissionPolicy(Institution))


class NoChooserMixin:
    """No chooser modal: nothing in the admin picks these records, and a chooser would list
    them to every admin user, past the scoped listings."""

    def register_chooser_viewset(self):
        pass


class InstitutionFilterSet(WagtailFilterSet):
    jst_type = django_filters.MultipleChoiceFilter(
        label=_("Rodzaj JST"), choices=JSTType.choices, widget=forms.CheckboxSelectMultiple
    )
    voivodeship = django_filters.MultipleChoiceFilter(
        label=_("Województwo"),
        choices=Voivodeship.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_voivodeship",
    )
    centre_kind = django_filters.ChoiceFilter(label=_("Rodzaj ośrodka"), choices=CentreKind.choices)

    class Meta:
        model = Institution
        fields = []

    def filter_voivodeship(self, queryset, name, value):
        # The voivodeship is the first two digits of TERYT; no column of its own.
        from django.db.models import Q

        query = Q(pk__in=[])
        for code in value:
            query |= Q(teryt__startswith=code)
        return queryset.filter(query)


class InstitutionViewSet(NoChooserMixin, SnippetViewSet):
    model = Institution
    icon = "home"
    menu_label = _("Rejestr JST")
    url_prefix = "jst"
    filterset_class = InstitutionFilterSet
    # The registry is small and admin-only: plain database lookups, no search index.
    search_backend_name = None
    search_fields = ["name", "teryt", "city", "centre_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = ["name"]
    list_per_page = 50

    @property
    def list_display(self):
        return [
            "name",
            Column("jst_type", label=_("Rodzaj"), accessor="get_jst_type_display"),
            Column("teryt", label=_("TERYT"), sort_key="teryt"),
            Column("voivodeship", label=_("Województwo"), accessor="get_voivodeship_display"),
            Column("population", label=_("Mieszkańcy"), sort_key="population"),
            Column("centre_name", label=_("Ośrodek")),
        ]


class ApplicationFilterSet(WagtailFilterSet):
    state = django_filters.MultipleChoiceFilter(
        label=_("Stan"), choices=ApplicationState.choices, widget=forms.CheckboxSelectMultiple
    )
    number = django_filters.CharFilter(label=_("Numer zgłoszenia"), lookup_expr="icontains")

    class Meta:
        model = Application
        fields = ["call"]


class ApplicationViewSet(NoChooserMixin, SnippetViewSet):
    """All applications of all calls, read-only; the work on them is done in the operator views
    ("Zgłoszenia w naborze"). States change only in workflow.py."""

    model = Application
    icon = "form"
    menu_label = _("Wszystkie zgłoszenia")
    url_prefix = "zgloszenia"
    filterset_class = ApplicationFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    list_display = [
        Column("number", label=_("Numer"), accessor="number"),
        Column("institution", label=_("JST")),
        Column("call", label=_("Nabór")),
        Column("state", label=_("Stan"), accessor="get_state_display"),
        DateColumn("submitted_at", label=_("Złożono")),
        Column("version", label=_("Wersja")),
    ]

    inspect_view_class = scoped(InspectView, _can_see_application)
    history_view_class = scoped(HistoryView, _can_see_application)
    usage_view_class = scoped(UsageView, _can_see_application)

    def get_queryset(self, request):
        calls = permissions.reviewable_call_ids(request.user)
        queryset = Application.objects.select_related("call", "institution")
        return queryset if calls is None else queryset.filter(call_id__in=calls)


class AuditLogFilterSet(WagtailFilterSet):
    action = django_filters.CharFilter(label=_("Czynność"), lookup_expr="iexact")
    username = django_filters.CharFilter(label=_("Kto"), lookup_expr="icontains")
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Kiedy"), widget=DateRangePickerWidget
    )
    application__number = django_filters.CharFilter(
        label=_("Numer zgłoszenia"), lookup_expr="icontains"
    )

    class Meta:
        model = AuditLogEntry
        fields = []


class AuditLogViewSet(NoChooserMixin, SnippetViewSet):
    model = AuditLogEntry
    icon = "history"
    menu_label = _("Dziennik zdarzeń")
    url_prefix = "dziennik-zdarzen"
    filterset_class = AuditLogFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    # The actor by the name kept in the entry: its account may have been deleted since (the
    # entry keeps the id without a constraint, and following it would fail).
    inspect_view_fields = [
        "created_at",
        "username",
        "action",
        "object_type",
        "object_id",
        "application",
        "details",
        "ip_address",
    ]
    list_per_page = 100
    list_display = [
        DateColumn("created_at", label=_("Kiedy")),
        Column("username", label=_("Kto")),
        Column("action", label=_("Czynność")),
        Column("object", label=_("Obiekt"), accessor="object_label"),
        Column("ip_address", label=_("Adres IP")),
    ]

    inspect_view_class = scoped(InspectView, permissions.can_view_audit_entry)
    history_view_class = scoped(HistoryView, permissions.can_view_audit_entry)
    usage_view_class = scoped(UsageView, permissions.can_view_audit_entry)

    def get_queryset(self, request):
        return permissions.audit_entries_for(
            request.user, AuditLogEntry.objects.select_related("application")
        )


class RecruitmentGroup(SnippetViewSetGroup):
    menu_label = _("Nabory")
    menu_icon = "form"
    menu_order = 250
    items = (OperatorApplicationsViewSet, InstitutionViewSet, ApplicationViewSet, AuditLogViewSet)


register_snippet(RecruitmentGroup)


def refuse_other_partners_call(request, page, *args):
    """An operator limited to partners touches no other partner's call page: the page tree
    grants operators „Nabory” as a whole, so this is checked per call (also for the views that
    do not ask the page's own permissions: move, copy)."""
    limited = permissions.limited_partners(request.user)
    if not limited or page.specific_class is not CallPage:
        return None
    call = CallPage.objects.only("partner").get(pk=page.pk)
    if call.partner not in limited:
        audit.deny(request, call, "call_scope")
        raise PermissionDenied
    return None


for _hook in (
    "before_edit_page",
    "before_delete_page",
    "before_unpublish_page",
    "before_move_page",
    "before_copy_page",
):
    hooks.register(_hook, refuse_other_partners_call)


@hooks.register("register_home_section")
def home_calls(request, home):
    """On the home page: the open calls with their deadline and the way to apply; with none
    open, the latest closed call and its results."""
    from django.utils import timezone

    from core.visibility import public_pages

    now = timezone.now()
    # One query: a site has a handful of calls.
    calls = list(public_pages(CallPage.objects.live().descendant_of(home), request))
    open_calls = sorted(
        (call for call in calls if call.opens_at <= now <= call.closes_at),
        key=lambda call: call.closes_at,
    )
    upcoming = sorted((c for c in calls if c.opens_at > now), key=lambda c: c.opens_at)[:1]
    closed = sorted((c for c in calls if c.closes_at < now), key=lambda c: c.closes_at)
    last = closed[-1] if closed and not open_calls else None
    if not (open_calls or upcoming or last):
        return None
    return {
        "order": 10,
        "template": "recruitment/home_calls.html",
        "context": {
            "open_calls": open_calls,
            "upcoming": upcoming,
            "last": last,
            "last_results": extensions.results_link(last) if last else "",
        },
    }
