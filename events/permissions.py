"""Who may manage the registrations of an event (see the list, export it, mark attendance, close
and reopen the registration).

Superusers, and members of the group "Organizatorzy wydarzeń" (`core.roles.ORGANISERS`).
As with the operators of a call (`evaluation.permissions.operates_call`), an organiser who also
belongs to "Organizatorzy wydarzeń (<partner>)", e.g. "Organizatorzy wydarzeń (rops-opole)",
manages only the events of those partners; an organiser in no such group manages every event.
The user's groups are read once per user object (`core.roles.group_names`).
"""

from core.roles import ORGANISERS, partners_in_role

# A superuser or a member of the organisers' group: may open the events admin.
from core.roles import is_organiser as is_organiser


def organiser_partners(user):
    """The partners an organiser works for, from their groups; empty: every partner."""
    return partners_in_role(user, ORGANISERS)


def manages_event(user, event):
    """May this user manage the registrations of `event`?"""
    if not is_organiser(user):
        return False
    if user.is_superuser:
        return True
    partners = organiser_partners(user)
    return not partners or event.partner in partners


def manageable_events(user, queryset=None):
    """The events (a queryset of EventPage) whose registrations this user manages."""
    from .models import EventPage

    queryset = EventPage.objects.all() if queryset is None else queryset
    if not is_organiser(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    partners = organiser_partners(user)
    return queryset.filter(partner__in=partners) if partners else queryset
