"""Vocabularies of the knowledge area: sectors, target groups, JST types and level slugs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.choices import CooperationLevel


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


class TargetGroup(models.TextChoices):
    """Who a good practice supports: people and families at risk of exclusion."""

    FAMILIES = "families", _("rodziny z dziećmi")
    YOUTH = "youth", _("dzieci i młodzież")
    SENIORS = "seniors", _("osoby starsze")
    DISABLED = "disabled", _("osoby z niepełnosprawnościami")
    UNEMPLOYED = "unemployed", _("osoby bezrobotne")
    HOMELESS = "homeless", _("osoby w kryzysie bezdomności")
    ADDICTED = "addicted", _("osoby z problemem uzależnień")
    VIOLENCE = "violence", _("osoby doznające przemocy")
    OTHER = "other", _("inne")


class JSTType(models.TextChoices):
    """Types of participating local government units (DOMAIN.md: urban gmina or powiat)."""

    URBAN_MUNICIPALITY = "gmina_miejska", _("gmina miejska")
    CITY_COUNTY = "miasto_na_prawach_powiatu", _("miasto na prawach powiatu")
    COUNTY = "powiat", _("powiat")


# Polish URL segments of the per-level view of the Model: /model/poziom/<slug>/.
LEVEL_SLUGS = {
    "instytucji": CooperationLevel.INSTITUTION,
    "pracownika": CooperationLevel.EMPLOYEE,
    "klienta": CooperationLevel.CLIENT,
}
SLUG_FOR_LEVEL = {level: slug for slug, level in LEVEL_SLUGS.items()}
