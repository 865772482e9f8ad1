"""Site-wide settings edited in the admin: contacts and links shown in the footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    contact_email = models.EmailField(
        _("e-mail kontaktowy projektu"), blank=True, help_text=_("Adres pokazywany w stopce.")
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("deklaracja dostępności"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Strona z deklaracją dostępności, linkowana w stopce."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("informacja RODO"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Strona z klauzulą informacyjną RODO, linkowana w stopce."),
    )
    funding_note = models.TextField(
        _("informacja o współfinansowaniu"),
        blank=True,
        help_text=_("Tekst przy pasku znaków UE w stopce."),
    )

    select_related = ["accessibility_page", "privacy_page"]

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("accessibility_page"),
        FieldPanel("privacy_page"),
        FieldPanel("funding_note"),
    ]

    class Meta:
        verbose_name = _("ustawienia portalu")
