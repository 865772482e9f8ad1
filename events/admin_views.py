"""The registrations of events in the Wagtail admin (/admin/wydarzenia/), for their organisers:
the list of events, one event's registrations with attendance marking, closing and reopening the
registration, and the exports (CSV, XLSX, the attendance list as a PDF).

Who may manage which event: `events.permissions`. Every export, closing, reopening and change of
attendance is logged (logger "events") with the user's id and no personal data of participants.
"""

import logging

from django.contrib import messages
from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

import django_filters

from core.choices import Sector
from core.partners import Partner
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

from . import exports, permissions
from . import registration as service
from .choices import EventKind
from .choices import RegistrationStatus as RS
from .models import EventPage, Registration, RegistrationClosure

logger = logging.getLogger("events")

NAMESPACE = "events_admin"
MENU_LABEL = gettext_lazy("Zapisy na wydarzenia")

STATE_LABELS = {
    "disabled": gettext_lazy("bez zapisów przez portal"),
    "closed": gettext_lazy("zamknięte przez organizatora"),
    "not_yet": gettext_lazy("jeszcze nie otwarte"),
    "over": gettext_lazy("zakończone"),
    "open": gettext_lazy("otwarte"),
}


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def deny(request, reason, message):
    """Refuse with 403 and log who tried what (the user's id and the path only)."""
    logger.warning(
        "Events admin: %s refused to user %s (%s)", request.path, request.user.pk, reason
    )
    title = _("Brak dostępu")
    return TemplateResponse(
        request,
        "events/admin/forbidden.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "lock",
            "breadcrumbs_items": [],
            "message": message,
        },
        status=403,
    )


class OrganiserView(WagtailAdminTemplateMixin, View):
    """An admin page of the events' registrations; only for those who may manage them."""

    header_icon = "date"
    http_method_names = ["get"]

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_organiser(request.user):
            return deny(
                request,
                "not_organiser",
                _("Zapisami na wydarzenia zarządzają organizatorzy wydarzeń."),
            )
        return super().dispatch(request, *args, **kwargs)

    def base_breadcrumbs(self):
        return [*self.breadcrumbs_items, {"url": url("index"), "label": MENU_LABEL}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))


class EventMixin:
    """The event of the URL, refused unless the user manages it."""

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_organiser(request.user):
            return deny(
                request,
                "not_organiser",
                _("Zapisami na wydarzenia zarządzają organizatorzy wydarzeń."),
            )
        if not permissions.manages_event(request.user, self.event):
            return deny(
                request,
                "other_partner",
                _("Zapisami na to wydarzenie zarządzają organizatorzy innego partnera."),
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def event(self):
        return get_object_or_404(EventPage, pk=self.kwargs["event_pk"])

    def log(self, action, **details):
        extra = "".join(f", {key}={value}" for key, value in details.items())
        logger.info(
            "Events admin: %s of event %s by user %s%s",
            action,
            self.event.pk,
            self.request.user.pk,
            extra,
        )


class EventFilterSet(WagtailFilterSet):
    """The filters of the listing, in the admin's filter drawer."""

    okres = django_filters.ChoiceFilter(
        label=gettext_lazy("Okres"),
        choices=[
            ("nadchodzace", gettext_lazy("nadchodzące i trwające")),
            ("zakonczone", gettext_lazy("zakończone")),
        ],
        method="filter_period",
        empty_label=gettext_lazy("wszystkie"),
    )
    organizator = django_filters.ChoiceFilter(
        label=gettext_lazy("Organizator"),
        field_name="partner",
        choices=Partner.choices,
        empty_label=gettext_lazy("wszyscy"),
    )
    rodzaj = django_filters.ChoiceFilter(
        label=gettext_lazy("Rodzaj"),
        field_name="kind",
        choices=EventKind.choices,
        empty_label=gettext_lazy("wszystkie"),
    )

    class Meta:
        model = EventPage
        fields = []

    def filter_period(self, queryset, name, value):
        now = timezone.now()
        if value == "zakonczone":
            return queryset.filter(ends_at__lt=now)
        if value == "nadchodzace":
            return queryset.filter(ends_at__gte=now)
        return queryset


def _seats(event):
    return f"{event.registered_count} / {event.capacity}"


def _waiting(event):
    return event.waiting_count if event.waiting_list else _("nie prowadzi")


def _state(event):
    return STATE_LABELS[event.registration_state(closed=event.is_closed)]


def _when(event):
    when = formats.date_format(timezone.localtime(event.starts_at), "j E Y, H:i")
    if event.ends_at < timezone.now():
        return _("%(when)s (zakończone)") % {"when": when}
    return when


class IndexView(BaseListingView):
    """The events whose registrations the user manages: Wagtail's listing with sorting, filters
    and pages; by default the upcoming ones first (the soonest first), then the past ones (the
    latest first)."""

    page_title = MENU_LABEL
    header_icon = "date"
    paginate_by = 50
    filterset_class = EventFilterSet
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:index_results"
    verbose_name_plural = gettext_lazy("wydarzeń")
    table_classname = "k3d-table k3d-listing"
    template_name = "events/admin/index.html"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Wydarzenie"),
            url_name=f"{NAMESPACE}:event",
            sort_key="title",
        ),
        Column("starts_at", label=gettext_lazy("Termin"), accessor=_when, sort_key="starts_at"),
        Column("partner", label=gettext_lazy("Organizator"), accessor="get_partner_display"),
        Column("seats", label=gettext_lazy("Zapisani / miejsca"), accessor=_seats),
        Column("waiting", label=gettext_lazy("Lista rezerwowa"), accessor=_waiting),
        Column("state", label=gettext_lazy("Zapisy"), accessor=_state),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_organiser(request.user):
            return deny(
                request,
                "not_organiser",
                _("Zapisami na wydarzenia zarządzają organizatorzy wydarzeń."),
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def no_results_message(self):
        if self.is_filtering:
            return _("Żadne wydarzenie nie pasuje do wybranych filtrów.")
        return _("Nie ma wydarzeń, których zapisami możesz zarządzać.")

    def get_base_queryset(self):
        return permissions.manageable_events(self.request.user).annotate(
            registered_count=Count("registrations", filter=Q(registrations__status=RS.REGISTERED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=RS.WAITING)),
            is_closed=Exists(RegistrationClosure.objects.filter(event_id=OuterRef("pk"))),
        )

    def order_queryset(self, queryset):
        if self.ordering:
            ordered = super().order_queryset(queryset)
            return ordered.order_by(*ordered.query.order_by, "pk")
        now = timezone.now()
        past = Q(ends_at__lt=now)
        return queryset.annotate(
            is_past=Case(When(past, then=1), default=0),
            upcoming_start=Case(When(~past, then=F("starts_at"))),
            past_start=Case(When(past, then=F("starts_at"))),
            upcoming_pk=Case(When(~past, then=F("pk"))),
            past_pk=Case(When(past, then=F("pk"))),
        ).order_by("is_past", "upcoming_start", "upcoming_pk", "-past_start", "-past_pk")


class EventView(EventMixin, OrganiserView):
    template_name = "events/admin/event.html"

    @property
    def page_title(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [*self.base_breadcrumbs(), {"url": "", "label": self.event.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        sectors = dict(Sector.choices)
        registrations = list(Registration.objects.filter(event=event).order_by("created_at", "pk"))
        for registration in registrations:
            registration.sector_label = sectors.get(registration.sector, registration.sector)
        closure = RegistrationClosure.objects.filter(event_id=event.pk).first()
        registered = [r for r in registrations if r.status == RS.REGISTERED]
        state = event.registration_state(closed=closure is not None)
        context.update(
            {
                "event": event,
                "partner_label": dict(Partner.choices).get(event.partner, event.partner),
                "registered": registered,
                "waiting": [r for r in registrations if r.status == RS.WAITING],
                "cancelled": [r for r in registrations if r.status == RS.CANCELLED],
                "free_seats": max(event.capacity - len(registered), 0),
                "closure": closure,
                "state": state,
                "state_label": STATE_LABELS[state],
                "can_close": state not in ("closed", "disabled"),
                "can_reopen": closure is not None,
            }
        )
        return context


class ActionView(EventMixin, View):
    """A POST that changes the event and returns to its registrations."""

    http_method_names = ["post"]

    def done(self):
        return redirect(url("event", self.event.pk))


class CloseView(ActionView):
    def post(self, request, event_pk):
        if service.close(self.event, request.user):
            self.log("registration closed")
            messages.success(request, _("Zapisy na wydarzenie zostały zamknięte."))
        else:
            messages.info(request, _("Zapisy na to wydarzenie były już zamknięte."))
        return self.done()


class ReopenView(ActionView):
    def post(self, request, event_pk):
        if service.reopen(self.event):
            self.log("registration reopened")
            messages.success(
                request,
                _(
                    "Zamknięcie zapisów zostało cofnięte. Zapisy trwają, jeśli pozwala na to "
                    "ich termin."
                ),
            )
        else:
            messages.info(request, _("Zapisy na to wydarzenie nie były zamknięte."))
        return self.done()


class AttendanceView(ActionView):
    """The attendance of the registered people: `marked` lists those the form showed, `present`
    those checked. A change stores `attended` and the time of marking."""

    def post(self, request, event_pk):
        marked = {
            int(v)
            for v in request.POST.getlist("marked")
            if v.isascii() and v.isdigit() and len(v) < 19
        }
        present = {
            int(v)
            for v in request.POST.getlist("present")
            if v.isascii() and v.isdigit() and len(v) < 19
        }
        now = timezone.now()
        changed = []
        for registration in Registration.objects.filter(
            event=self.event, status=RS.REGISTERED, pk__in=marked
        ):
            attended = registration.pk in present
            if registration.attended is not attended:
                registration.attended = attended
                registration.attendance_marked_at = now
                changed.append(registration)
        Registration.objects.bulk_update(changed, ["attended", "attendance_marked_at"])
        if changed:
            self.log(
                "attendance marked",
                changed=len(changed),
                present=sum(1 for r in changed if r.attended),
            )
            messages.success(request, _("Zapisano obecność (zmiany: %(n)d).") % {"n": len(changed)})
        else:
            messages.info(request, _("Obecność się nie zmieniła."))
        return self.done()


class ExportView(EventMixin, View):
    http_method_names = ["get"]
    kind = None

    def get(self, request, event_pk):
        event = self.event
        if self.kind == "csv":
            response = HttpResponse(exports.csv_text(event), content_type=CSV_CONTENT_TYPE)
            name = exports.filename(event, "lista", "csv")
        elif self.kind == "xlsx":
            response = HttpResponse(exports.xlsx_bytes(event), content_type=XLSX_CONTENT_TYPE)
            name = exports.filename(event, "lista", "xlsx")
        else:
            response = HttpResponse(
                exports.attendance_pdf(event), content_type=exports.PDF_CONTENT_TYPE
            )
            name = exports.filename(event, "lista-obecnosci", "pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        self.log("export", format=self.kind)
        return response


class EventsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_organiser(request.user)


class EventsAdminViewSet(ViewSet):
    """The views above under /admin/wydarzenia/, with a menu item for the events' organisers."""

    name = NAMESPACE
    url_prefix = "wydarzenia"
    icon = "date"
    add_to_admin_menu = True
    menu_label = MENU_LABEL
    menu_name = "zapisy-na-wydarzenia"
    menu_order = 270
    menu_item_class = EventsMenuItem

    @property
    def menu_url(self):
        return reverse(f"{NAMESPACE}:index")

    def get_urlpatterns(self):
        return [
            path("", IndexView.as_view(), name="index"),
            path("wyniki/", IndexView.as_view(results_only=True), name="index_results"),
            path("<int:event_pk>/", EventView.as_view(), name="event"),
            path("<int:event_pk>/zamknij/", CloseView.as_view(), name="close"),
            path("<int:event_pk>/otworz/", ReopenView.as_view(), name="reopen"),
            path("<int:event_pk>/obecnosc/", AttendanceView.as_view(), name="attendance"),
            path("<int:event_pk>/lista.csv", ExportView.as_view(kind="csv"), name="csv"),
            path("<int:event_pk>/lista.xlsx", ExportView.as_view(kind="xlsx"), name="xlsx"),
            path(
                "<int:event_pk>/lista-obecnosci.pdf",
                ExportView.as_view(kind="pdf"),
                name="pdf",
            ),
        ]
