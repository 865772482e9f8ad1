"""The registrations of events in the Wagtail admin: URLs under /admin/wydarzenia/ and the menu
item "Zapisy na wydarzenia" for the events' organisers."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions


@hooks.register("register_admin_urls")
def register_events_urls():
    from .admin_views import NAMESPACE, urlpatterns

    return [path("wydarzenia/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class EventsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_organiser(request.user)


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    from .admin_views import MENU_LABEL

    return EventsMenuItem(
        MENU_LABEL,
        reverse("events_admin:index"),
        name="zapisy-na-wydarzenia",
        icon_name="date",
        order=270,
    )


@hooks.register("register_home_section")
def home_events(request, home):
    """On the home page: the next three events, with their date and place."""
    from django.utils import timezone

    from core.visibility import public_pages

    from .models import EventPage

    events = public_pages(EventPage.objects.live().descendant_of(home), request)
    upcoming = list(events.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:3])
    if not upcoming:
        return None
    return {"order": 30, "template": "events/home_events.html", "context": {"events": upcoming}}
