"""Shared vocabularies: voivodeships of Macroregion III, the three levels of cooperation, the
sectors that cooperate and the types of JST."""

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


class Sector(models.TextChoices):
    """Sectors that cooperate with social assistance (DOMAIN.md: education, health, courts...)."""

    SOCIAL_ASSISTANCE = "social", _("pomoc społeczna")
    EDUCATION = "education", _("edukacja")
    HEALTH = "health", _("ochrona zdrowia")
    JUSTICE = "justice", _("wymiar sprawiedliwości")
    POLICE = "police", _("policja")
    NGO = "ngo", _("organizacje pozarządowe")
    LABOUR_MARKET = "labour", _("rynek pracy")
    OTHER = "other", _("inne")


class JSTType(models.TextChoices):
    """Types of participating local government units (DOMAIN.md: urban gmina or powiat)."""

    URBAN_MUNICIPALITY = "gmina_miejska", _("gmina miejska")
    CITY_COUNTY = "miasto_na_prawach_powiatu", _("miasto na prawach powiatu")
    COUNTY = "powiat", _("powiat")
