"""The custom Wagtail image model: every image carries a default alternative text."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    alt_text = models.CharField(
        _("tekst alternatywny"),
        max_length=250,
        blank=True,
        help_text=_(
            "Domyślny opis obrazu dla czytników ekranu; można go zmienić przy każdym użyciu."
        ),
    )
    source = models.CharField(
        _("źródło / autor"),
        max_length=250,
        blank=True,
        help_text=_("Autor zdjęcia lub źródło, wyświetlane przy obrazie."),
    )

    admin_form_fields = Image.admin_form_fields + ("alt_text", "source")

    class Meta(AbstractImage.Meta):
        verbose_name = _("obraz")
        verbose_name_plural = _("obrazy")
        permissions = [("choose_image", "Can choose image")]

    @property
    def default_alt_text(self):
        return self.alt_text or super().default_alt_text


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
