"""Vocabularies of events: the forms of support and the other activities of the project
(DOMAIN.md, seed 004), and the states of a registration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    # Forms of support (formy wsparcia): registration with Załącznik nr 2.
    TRAINING = "szkolenie", _("szkolenie międzysektorowe")
    COACHING = "coaching", _("coaching")
    WORKSHOP = "warsztaty", _("warsztaty kooperacyjne")
    PZK_MEETING = "spotkanie-pzk", _("spotkanie Partnerskiego Zespołu Kooperacyjnego")
    SUPERVISION = "superwizja", _("superwizja")
    # Other activities (działania niebędące formami wsparcia): Załącznik nr 3.
    REGIONAL_CONFERENCE = "konferencja-regionalna", _("regionalna konferencja edukacyjna")
    MACROREGIONAL_CONFERENCE = (
        "konferencja-makroregionalna",
        _("makroregionalna konferencja edukacyjna"),
    )
    EDUCATIONAL_MEETING = "spotkanie-edukacyjne", _("spotkanie edukacyjne")
    CONSULTATION_MEETING = "spotkanie-konsultacyjne", _("spotkanie konsultacyjne")
    OTHER = "inne", _("inne wydarzenie projektu")


FORMS_OF_SUPPORT = frozenset(
    {
        EventKind.TRAINING,
        EventKind.COACHING,
        EventKind.WORKSHOP,
        EventKind.PZK_MEETING,
        EventKind.SUPERVISION,
    }
)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("zapisany")
    WAITING = "waiting", _("lista rezerwowa")
    CANCELLED = "cancelled", _("zrezygnował")


ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
