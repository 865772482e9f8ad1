"""The four partner centres of the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.choices import Voivodeship
from core.pages import BasePage
from core.visibility import public_pages
from portal.blocks import BodyBlock


class PartnerIndexPage(BasePage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.PartnerPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lista partnerów")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = public_pages(PartnerPage.objects.live().child_of(self), request)
        context["partners"] = partners.order_by("-is_leader", "path")
        return context


class PartnerPage(BasePage):
    full_name = models.CharField(
        _("pełna nazwa"),
        max_length=250,
        help_text=_("Pełna nazwa ośrodka, np. „Regionalny Ośrodek…”."),
    )
    short_name = models.CharField(_("skrót"), max_length=50, help_text=_("Np. ROPS Opole."))
    is_leader = models.BooleanField(
        _("lider projektu"), default=False, help_text=_("Zaznacz dla lidera partnerstwa.")
    )
    voivodeship = models.CharField(
        _("województwo"),
        max_length=2,
        choices=Voivodeship.choices,
        help_text=_("Województwo partnera."),
    )
    street_address = models.CharField(_("ulica i numer"), max_length=200, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=100, blank=True)
    phones = models.CharField(
        _("telefony"),
        max_length=250,
        blank=True,
        help_text=_("Numery telefonów oddzielone przecinkami."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    funding_share = models.CharField(
        _("wartość dofinansowania partnera"),
        max_length=100,
        blank=True,
        help_text=_(
            "Kwota dofinansowania ze środków UE przypadająca na partnera, np. „1 294 323,80 zł”."
        ),
    )
    funding_share_source = models.CharField(
        _("źródło kwoty"), max_length=250, blank=True, help_text=_("Skąd pochodzi podana kwota.")
    )
    dpo_email = models.EmailField(
        _("e-mail inspektora ochrony danych"),
        blank=True,
        help_text=_("Pokazywany w informacji RODO i w klauzulach formularzy partnera."),
    )
    dpo_phone = models.CharField(_("telefon inspektora ochrony danych"), max_length=50, blank=True)
    dpo_address = models.CharField(
        _("adres korespondencyjny inspektora"),
        max_length=250,
        blank=True,
        help_text=_("Pusty: adres partnera z dopiskiem „Inspektor Ochrony Danych”."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldPanel("short_name"),
                FieldPanel("is_leader"),
                FieldPanel("voivodeship"),
            ],
            heading=_("Partner"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
                FieldPanel("phones"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [FieldPanel("dpo_email"), FieldPanel("dpo_phone"), FieldPanel("dpo_address")],
            heading=_("Inspektor ochrony danych"),
        ),
        MultiFieldPanel(
            [FieldPanel("funding_share"), FieldPanel("funding_share_source")],
            heading=_("Finansowanie"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("full_name", boost=2),
        index.SearchField("short_name"),
        index.SearchField("city"),
        index.SearchField("body"),
    ]
    parent_page_types = ["portal.PartnerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partnerzy")

    @property
    def postal_address(self):
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street_address, place) if part)

    @property
    def dpo_postal_address(self):
        return self.dpo_address or self.postal_address

    @property
    def phone_list(self):
        return [p.strip() for p in self.phones.split(",") if p.strip()]
