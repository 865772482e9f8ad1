"""The information on the processing of personal data (art. 13 RODO) as editable content.

One `PrivacyNoticePage` (`/informacja-rodo/`) holds what the partners decide: the purposes, each
with its legal basis, the data, the retention period and whether giving the data is required, and
for which form it applies; the recipients and the rights. The controllers and their data
protection officers are not typed here: they come from the partner pages (`PartnerPage`), so an
address changed there is changed in every clause. Each form (the JST account, the application to a
call, the event registration) shows the clause built from both (`portal.privacy`).

`ClauseText` keeps every wording of a clause that somebody acknowledged, by its SHA-256: a
registration stores the hash, and the text it stood for stays readable after the page is edited.
The database refuses to change or delete it (`portal.integrity`).
"""

import logging
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

from core.pages import BasePage
from core.partners import Partner
from portal.models.partners import PartnerPage

logger = logging.getLogger(__name__)


class ClauseForm(models.TextChoices):
    """The places where a person gives personal data; each has its clause."""

    PORTAL = "portal", _("Korzystanie z portalu i kontakt")
    ACCOUNT = "konto", _("Konto JST w naborze")
    APPLICATION = "zgloszenie", _("Zgłoszenie JST do naboru")
    EVENT = "wydarzenie", _("Zapisy na wydarzenia")


class LegalBasis(models.TextChoices):
    CONSENT = "6-1-a", _("art. 6 ust. 1 lit. a RODO (zgoda)")
    CONTRACT = "6-1-b", _("art. 6 ust. 1 lit. b RODO (umowa lub działania przed jej zawarciem)")
    LEGAL_OBLIGATION = "6-1-c", _("art. 6 ust. 1 lit. c RODO (obowiązek prawny administratora)")
    PUBLIC_TASK = (
        "6-1-e",
        _("art. 6 ust. 1 lit. e RODO (zadanie realizowane w interesie publicznym)"),
    )
    LEGITIMATE_INTEREST = "6-1-f", _("art. 6 ust. 1 lit. f RODO (prawnie uzasadniony interes)")
    SPECIAL_CONSENT = (
        "9-2-a",
        _("art. 9 ust. 2 lit. a RODO (wyraźna zgoda – dane szczególnej kategorii)"),
    )
    SPECIAL_PUBLIC_INTEREST = (
        "9-2-g",
        _("art. 9 ust. 2 lit. g RODO (ważny interes publiczny – dane szczególnej kategorii)"),
    )


class Provision(models.TextChoices):
    STATUTORY = "statutory", _("wymogiem ustawowym")
    CONDITION = "condition", _("warunkiem udziału: bez tych danych nie możemy przyjąć zgłoszenia")
    VOLUNTARY = "voluntary", _("dobrowolne")


class PurposeBlock(blocks.StructBlock):
    forms = blocks.MultipleChoiceBlock(
        choices=ClauseForm.choices,
        label=_("Dotyczy"),
        help_text=_("Przy których formularzach pokazać ten cel (klauzula formularza)."),
    )
    purpose = blocks.CharBlock(label=_("Cel przetwarzania"), max_length=300)
    data = blocks.CharBlock(
        label=_("Dane"), max_length=300, required=False, help_text=_("Np. imię, nazwisko, e-mail.")
    )
    legal_bases = blocks.MultipleChoiceBlock(
        choices=LegalBasis.choices,
        label=_("Podstawa prawna"),
        help_text=_("Dla danych o zdrowiu (np. potrzeby związane z dostępnością) także art. 9."),
    )
    legal_basis_note = blocks.CharBlock(
        label=_("Przepis szczególny"),
        max_length=300,
        required=False,
        help_text=_("Np. ustawa o zasadach realizacji programów w zakresie polityki spójności."),
    )
    retention = blocks.CharBlock(label=_("Okres przechowywania"), max_length=300)
    provision = blocks.ChoiceBlock(
        choices=Provision.choices, label=_("Czy podanie danych jest wymagane")
    )

    class Meta:
        icon = "lock"
        label = _("Cel przetwarzania")


class PrivacyNoticePage(BasePage):
    intro = RichTextField(
        _("wstęp"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Krótko: kogo dotyczy informacja."),
    )
    purposes = StreamField(
        [("purpose", PurposeBlock())],
        verbose_name=_("cele przetwarzania"),
        help_text=_(
            "Każdy cel z podstawą prawną i okresem przechowywania. Administratorów i inspektorów "
            "ochrony danych uzupełnia się na stronach partnerów."
        ),
    )
    recipients = RichTextField(
        _("odbiorcy danych"),
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "Komu dane mogą zostać przekazane (instytucje kontrolujące, podmioty przetwarzające)."
        ),
    )
    rights = RichTextField(
        _("prawa osób"),
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "Prawa dostępu, sprostowania, usunięcia, ograniczenia, sprzeciwu, cofnięcia zgody. "
            "Prawo skargi do Prezesa UODO strona dodaje sama."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("purposes"),
        FieldPanel("recipients"),
        FieldPanel("rights"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("informacja o przetwarzaniu danych (RODO)")
        verbose_name_plural = _("informacje o przetwarzaniu danych (RODO)")

    def purposes_for(self, form):
        return [block.value for block in self.purposes if form in block.value["forms"]]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["controllers"] = controllers()
        context["sections"] = [
            (value, label, [describe(purpose) for purpose in self.purposes_for(value)])
            for value, label in ClauseForm.choices
            if self.purposes_for(value)
        ]
        return context


@dataclass
class UnknownController:
    """A partner named by a call or an event whose page is missing or unpublished: the clause
    still names it (by the name the portal knows), without contact data it does not have."""

    full_name: str
    postal_address: str = ""
    email: str = ""
    dpo_email: str = ""
    dpo_phone: str = ""
    dpo_address: str = ""
    dpo_postal_address: str = ""

    def get_voivodeship_display(self):
        return ""


def controllers(codes=None):
    """Live partner pages, the leader first; `codes` (partner slugs) narrows them, and a code
    without a live page is still named (and logged, for the editors to fix)."""
    partners = PartnerPage.objects.live().order_by("-is_leader", "path")
    if not codes:
        return list(partners)
    found = {page.slug: page for page in partners.filter(slug__in=list(codes))}
    named = []
    for code in codes:
        if code in found:
            named.append(found[code])
            continue
        logger.warning("No live partner page for %r: its clause lacks the contact data", code)
        label = dict(Partner.choices).get(code, code)
        named.append(UnknownController(full_name=str(label)))
    return named


def _label(choices, value):
    """The label of a stored choice; a value no longer among the choices (a renamed or removed
    one, kept in the page's stored stream) is shown as stored, never an error."""
    if value in choices.values:
        return str(choices(value).label)
    logger.warning("Unknown %s %r in the information page", choices.__name__, value)
    return str(value)


def describe(purpose):
    """A purpose block's value with its labels, for templates and the plain text."""
    return {
        "purpose": purpose.get("purpose", ""),
        "data": purpose.get("data", ""),
        "legal_bases": [_label(LegalBasis, value) for value in purpose.get("legal_bases") or []],
        "legal_basis_note": purpose.get("legal_basis_note", ""),
        "retention": purpose.get("retention", ""),
        "provision": _label(Provision, purpose.get("provision", "")),
    }


class ClauseText(models.Model):
    """A clause's wording as somebody acknowledged it; kept forever, never changed."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    form = models.CharField(_("formularz"), max_length=20, choices=ClauseForm.choices)
    text = models.TextField(_("treść"))
    first_shown_at = models.DateTimeField(_("pierwsze zapoznanie"), auto_now_add=True)

    class Meta:
        verbose_name = _("treść klauzuli informacyjnej")
        verbose_name_plural = _("treści klauzul informacyjnych")
        default_permissions = ()

    def __str__(self):
        return f"{self.get_form_display()} {self.sha256[:12]}"
