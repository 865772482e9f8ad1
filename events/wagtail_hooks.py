"""The registrations of events in the Wagtail admin: URLs under /admin/wydarzenia/ and the menu
item "Zapisy na wydarzenia" for the events' organisers."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_events_admin():
    from .admin_views import EventsAdminViewSet

    return EventsAdminViewSet()


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
