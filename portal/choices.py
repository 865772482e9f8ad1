"""Shared vocabularies: voivodeships of Macroregion III and the three levels of cooperation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Voivodeship(models.TextChoices):
    """The four voivodeships of Macroregion III; values are their TERYT codes (DOMAIN.md)."""

    SLASKIE = "24", _("śląskie")
    LODZKIE = "10", _("łódzkie")
    MALOPOLSKIE = "12", _("małopolskie")
    OPOLSKIE = "16", _("opolskie")


# "z województwa …": the name in the genitive.
VOIVODESHIP_GENITIVE = {
    Voivodeship.SLASKIE: _("śląskiego"),
    Voivodeship.LODZKIE: _("łódzkiego"),
    Voivodeship.MALOPOLSKIE: _("małopolskiego"),
    Voivodeship.OPOLSKIE: _("opolskiego"),
}


class CooperationLevel(models.TextChoices):
    """The "3D" of the project: institution, employee and client (DOMAIN.md)."""

    INSTITUTION = "institution", _("poziom instytucji")
    EMPLOYEE = "employee", _("poziom pracownika")
    CLIENT = "client", _("poziom klienta")
