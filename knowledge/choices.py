"""Vocabularies of the knowledge area: target groups and level slugs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import CooperationLevel


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


# Polish URL segments of the per-level view of the Model: /model/poziom/<slug>/.
LEVEL_SLUGS = {
    "instytucji": CooperationLevel.INSTITUTION,
    "pracownika": CooperationLevel.EMPLOYEE,
    "klienta": CooperationLevel.CLIENT,
}
SLUG_FOR_LEVEL = {level: slug for slug, level in LEVEL_SLUGS.items()}
