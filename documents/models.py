"""The custom Wagtail document model (the registry fields come with the documents issue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument


class RegistryDocument(AbstractDocument):
    description = models.TextField(
        _("opis"),
        blank=True,
        help_text=_("Krótki opis dokumentu wyświetlany przy odnośniku do pobrania."),
    )

    admin_form_fields = WagtailDocument.admin_form_fields + ("description",)

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")
        permissions = [("choose_document", "Can choose document")]
