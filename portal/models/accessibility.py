"""The accessibility statement (deklaracja dostępności) required by Polish law.

Its markup carries the `a11y-*` ids that the Polish monitoring tools read (the statement template
of the Act of 4 April 2019 on digital accessibility), with every date in `<time datetime>`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from core.pages import BasePage


class AccessibilityStatus(models.TextChoices):
    FULL = "full", _("zgodna")
    PARTIAL = "partial", _("częściowo zgodna")
    NONE = "none", _("niezgodna")


class AccessibilityStatementPage(BasePage):
    entity_name = models.CharField(
        _("nazwa podmiotu"),
        max_length=250,
        help_text=_("Podmiot publiczny, który zobowiązuje się zapewnić dostępność serwisu."),
    )
    site_url = models.URLField(
        _("adres serwisu"), help_text=_("Adres strony internetowej, której dotyczy deklaracja.")
    )
    published_on = models.DateField(
        _("data publikacji serwisu"), help_text=_("Data publikacji strony internetowej.")
    )
    updated_on = models.DateField(
        _("data ostatniej istotnej aktualizacji"),
        help_text=_("Data ostatniej istotnej aktualizacji serwisu."),
    )
    status = models.CharField(
        _("status pod względem zgodności"),
        max_length=10,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.PARTIAL,
        help_text=_("Zgodność z ustawą o dostępności cyfrowej."),
    )
    non_accessible_content = RichTextField(
        _("treści niedostępne"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "Lista treści niedostępnych i powodów wyłączenia (dla statusu innego niż zgodna)."
        ),
    )
    prepared_on = models.DateField(
        _("data sporządzenia deklaracji"), help_text=_("Data sporządzenia deklaracji.")
    )
    reviewed_on = models.DateField(
        _("data ostatniego przeglądu deklaracji"),
        null=True,
        blank=True,
        help_text=_("Data ostatniego przeglądu deklaracji (opcjonalnie)."),
    )
    assessment_method = models.CharField(
        _("sposób oceny"),
        max_length=250,
        default=_("samoocena przeprowadzona przez podmiot publiczny"),
        help_text=_("Na jakiej podstawie sporządzono deklarację."),
    )
    shortcuts = RichTextField(
        _("skróty klawiaturowe i ułatwienia"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Opis ułatwień dostępnych w serwisie (np. przełącznik kontrastu)."),
    )
    contact_person = models.CharField(
        _("osoba kontaktowa"), max_length=200, help_text=_("Osoba odpowiedzialna za dostępność.")
    )
    contact_email = models.EmailField(_("e-mail kontaktowy"), help_text=_("Adres do zgłoszeń."))
    contact_phone = models.CharField(
        _("telefon kontaktowy"), max_length=50, help_text=_("Numer telefonu do zgłoszeń.")
    )
    procedure = RichTextField(
        _("procedura wnioskowo-skargowa"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_(
            "Jak zgłosić brak dostępności, żądać informacji w formie dostępnej i złożyć skargę."
        ),
    )
    architecture = RichTextField(
        _("dostępność architektoniczna"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Opis dostępności budynków siedzib partnerów."),
    )
    mobile_apps = RichTextField(
        _("aplikacje mobilne"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Informacja o aplikacjach mobilnych (jeśli ich brak, napisz to)."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("entity_name"),
                FieldPanel("site_url"),
                FieldPanel("published_on"),
                FieldPanel("updated_on"),
            ],
            heading=_("Wstęp"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("non_accessible_content"),
                FieldPanel("prepared_on"),
                FieldPanel("reviewed_on"),
                FieldPanel("assessment_method"),
                FieldPanel("shortcuts"),
            ],
            heading=_("Stan dostępności"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Informacje zwrotne i dane kontaktowe"),
        ),
        FieldPanel("procedure"),
        FieldPanel("architecture"),
        FieldPanel("mobile_apps"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("deklaracja dostępności")
