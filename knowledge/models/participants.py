"""The participating JST with their type, voivodeship and agreement documents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey

from core.choices import JSTType, Voivodeship
from core.pages import BasePage
from documents.validation import public_document
from knowledge.services import participants_by_voivodeship


class ParticipantsPage(BasePage):
    """The list of JST that signed an agreement (DOMAIN.md: 50 JST of Macroregion III)."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = BasePage.content_panels + [
        InlinePanel("participants", heading=_("Uczestniczące JST"), label=_("JST"))
    ]

    class Meta:
        verbose_name = _("uczestniczące JST")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(participants_by_voivodeship(self, request))
        return context


class Participant(Orderable):
    """One JST; a row of demonstration data says so on the page."""

    page = ParentalKey(ParticipantsPage, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(
        _("nazwa JST"), max_length=200, help_text=_("Np. „Gmina Miasto Oświęcim”.")
    )
    jst_type = models.CharField(
        _("rodzaj JST"),
        max_length=30,
        choices=JSTType.choices,
        help_text=_("Gmina miejska, miasto na prawach powiatu albo powiat."),
    )
    voivodeship = models.CharField(
        _("województwo"),
        max_length=2,
        choices=Voivodeship.choices,
        help_text=_("Województwo, w którym leży JST."),
    )
    agreement_date = models.DateField(
        _("data porozumienia"),
        null=True,
        blank=True,
        help_text=_("Dzień zawarcia porozumienia o współpracy w projekcie."),
    )
    agreement_parties = models.CharField(
        _("strony porozumienia"),
        max_length=250,
        blank=True,
        help_text=_("Z kim zawarto porozumienie, np. „Województwo Małopolskie”."),
    )
    agreement_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        validators=[public_document],
        verbose_name=_("dokument porozumienia"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Porozumienie z rejestru dokumentów."),
    )
    is_sample = models.BooleanField(
        _("dane przykładowe"),
        default=False,
        help_text=_(
            "Zaznacz dla wierszy demonstracyjnych, niepochodzących ze źródeł; strona je oznaczy."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("jst_type"),
        FieldPanel("voivodeship"),
        FieldPanel("agreement_date"),
        FieldPanel("agreement_parties"),
        FieldPanel("agreement_document"),
        FieldPanel("is_sample"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("uczestnicząca JST")
        verbose_name_plural = _("uczestniczące JST")

    def __str__(self):
        return self.name
