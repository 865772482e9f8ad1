"""The kinds of search records (a result's „Strona”, „Dokument”…), shared by the records, the
backends and the pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PAGE = "strona", _("Strona")
    NEWS = "aktualnosc", _("Aktualność")
    MODEL = "model", _("Model Kooperacje 3D")
    PRACTICE = "dobra-praktyka", _("Dobra praktyka")
    PARTNER = "partner", _("Partner")
    CALL = "nabor", _("Nabór")
    EVENT = "wydarzenie", _("Wydarzenie")
    DOCUMENT = "dokument", _("Dokument")
    TERM = "haslo", _("Pojęcie słownika")
