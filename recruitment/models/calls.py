"""Calls for JST (nabory) as Wagtail pages: the listing at /nabory/ and one page per call.

Operators edit a call in the Wagtail admin: its window, eligibility, quotas, documents from the
registry, formal and substantive criteria, thresholds and deadlines (DOMAIN.md, "Recruitment of
JST"). The rules about criteria (none → the call cannot open; locked after the first submission)
live in `recruitment.criteria` and are applied by the page form and on save.
"""

import datetime
import decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PagePermissionTester
from wagtail.search import index

from modelcluster.fields import ParentalKey

from core.choices import JSTType, Voivodeship
from core.fields import MultipleChoiceField
from core.pages import BasePage
from core.partners import Partner
from core.roles import limited_partners
from documents.validation import public_document
from recruitment import criteria, extensions, services
from recruitment.forms import CallPageForm

from .call_criteria import FormalCriterion, SubstantiveCriterion
from .choices import CallStatus

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class CallIndexPage(BasePage):
    """The list of calls at /nabory/: open, upcoming and closed ones."""

    intro = RichTextField(
        _("wstęp"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Kilka zdań nad listą naborów, np. kto może się zgłosić."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["recruitment.CallPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lista naborów")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = services.calls_by_status(
            CallPage.objects.live().child_of(self), request
        )
        return context


class CallPage(RoutablePageMixin, BasePage):
    """One call of one partner in one voivodeship (DOMAIN.md, "Recruitment of JST").

    Its ranking list, once published, is at `wyniki/` below the page, earlier versions at
    `wyniki/wersja/<n>/` (`evaluation.public_results`)."""

    number = models.CharField(
        _("numer naboru"),
        max_length=50,
        unique=True,
        null=True,
        default=None,
        help_text=_("Niepowtarzalny numer, np. „1/2026/OP”. Kopia naboru dostaje pusty numer."),
        error_messages={"unique": _("Nabór o tym numerze już istnieje.")},
    )
    partner = models.CharField(
        _("partner prowadzący"),
        max_length=20,
        choices=Partner.choices,
        help_text=_("Regionalny ośrodek, który prowadzi nabór."),
    )
    voivodeship = models.CharField(
        _("województwo"),
        max_length=2,
        choices=Voivodeship.choices,
        help_text=_("Zgłaszać się mogą wyłącznie JST z tego województwa."),
    )
    opens_at = models.DateTimeField(
        _("początek naboru"),
        help_text=_("Data i godzina (czas polski) otwarcia naboru."),
    )
    closes_at = models.DateTimeField(
        _("koniec naboru"),
        help_text=_(
            "Data i godzina (czas polski), do której włącznie system przyjmuje zgłoszenia; "
            "później złożenie jest niemożliwe."
        ),
    )
    eligible_jst_types = MultipleChoiceField(
        _("uprawnione rodzaje JST"),
        choices=JSTType.choices,
        blank=False,
        help_text=_("Które JST mogą się zgłosić; można zaznaczyć kilka."),
    )
    population_threshold = models.PositiveIntegerField(
        _("próg liczby mieszkańców gminy"),
        default=20_000,
        help_text=_(
            "Gmina (także miasto na prawach powiatu) musi liczyć powyżej tylu mieszkańców. "
            "Powiatów próg nie dotyczy."
        ),
    )
    body = RichTextField(
        _("zasady naboru"),
        blank=True,
        features=RICH_FEATURES,
        help_text=_("Opis naboru dla JST: kto, na jakich zasadach, jak wygląda ocena."),
    )
    contact = models.TextField(
        _("kontakt w sprawie naboru"),
        blank=True,
        help_text=_("Telefony i adres e-mail osób, które odpowiadają na pytania."),
    )
    threshold_percent = models.PositiveSmallIntegerField(
        _("próg punktowy (% maksimum)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Zgłoszenie przechodzi próg, gdy uzyska co najmniej tyle procent punktów."),
    )
    divergence_percent = models.PositiveSmallIntegerField(
        _("rozbieżność ocen wymagająca trzeciego oceniającego (% maksimum)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Trzeci oceniający jest przydzielany, gdy sumy punktów dwóch oceniających różnią się "
            "o więcej niż tyle procent maksymalnej liczby punktów (albo gdy tylko jedna z nich "
            "osiąga próg). Nie można jej zmienić po złożeniu pierwszego zgłoszenia."
        ),
    )
    supplement_days = models.PositiveSmallIntegerField(
        _("termin na uzupełnienie (dni)"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("Ile dni ma JST na uzupełnienie braków formalnych od wezwania."),
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("termin na odwołanie (dni)"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("Ile dni od powiadomienia o wyniku ma JST na odwołanie."),
    )
    rodo_clause = RichTextField(
        _("klauzula informacyjna RODO"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Informacja o przetwarzaniu danych osobowych, pokazywana przy zgłoszeniu."),
    )
    declaration = RichTextField(
        _("treść oświadczeń wnioskodawcy"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Oświadczenia, które JST akceptuje, składając zgłoszenie."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldRowPanel([FieldPanel("partner"), FieldPanel("voivodeship")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Nabór"),
        ),
        FieldPanel("body"),
        FieldPanel("contact"),
        InlinePanel(
            "call_documents",
            heading=_("Regulamin i formularze"),
            label=_("Dokument"),
            help_text=_("Dokumenty z rejestru dokumentów, w kolejności wyświetlania."),
        ),
    ]
    eligibility_panels = [
        FieldPanel("eligible_jst_types"),
        FieldPanel("population_threshold"),
        InlinePanel(
            "quotas",
            heading=_("Limity miejsc"),
            label=_("Limit"),
            help_text=_("Ile JST danego rodzaju może zostać wybranych."),
        ),
    ]
    criteria_panels = [
        InlinePanel(
            "formal_criteria",
            heading=_("Kryteria formalne"),
            label=_("Kryterium formalne"),
            help_text=_("Nie można ich zmienić po złożeniu pierwszego zgłoszenia."),
        ),
        InlinePanel(
            "substantive_criteria",
            heading=_("Kryteria merytoryczne"),
            label=_("Kryterium merytoryczne"),
            help_text=_("Nie można ich zmienić po złożeniu pierwszego zgłoszenia."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("threshold_percent"), FieldPanel("divergence_percent")]),
                FieldRowPanel([FieldPanel("supplement_days"), FieldPanel("appeal_days")]),
            ],
            heading=_("Próg i terminy"),
        ),
    ]
    declaration_panels = [FieldPanel("rodo_clause"), FieldPanel("declaration")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Treść")),
            ObjectList(eligibility_panels, heading=_("Uprawnieni i limity")),
            ObjectList(criteria_panels, heading=_("Kryteria")),
            ObjectList(declaration_panels, heading=_("RODO i oświadczenia")),
            ObjectList(Page.promote_panels, heading=_("Promocja")),
            ObjectList(Page.settings_panels, heading=_("Ustawienia")),
        ]
    )
    base_form_class = CallPageForm

    def permissions_for_user(self, user):
        """An operator limited to partners may not touch another partner's call page at all
        (edit, publish, unpublish, move, copy, delete, privacy), whatever the page tree grants
        under „Nabory”."""
        limited = limited_partners(user)
        if limited and self.partner not in limited:
            return _NoPagePermissions(user, self)
        return super().permissions_for_user(user)

    search_fields = BasePage.search_fields + [
        index.SearchField("number", boost=2),
        index.SearchField("body"),
        index.FilterField("voivodeship"),
    ]
    parent_page_types = ["recruitment.CallIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["number"]

    class Meta:
        verbose_name = _("nabór")
        verbose_name_plural = _("nabory")

    # --- window -----------------------------------------------------------------------------

    def status_at(self, moment):
        """Upcoming before opens_at, open from opens_at to closes_at inclusive, then closed."""
        if moment < self.opens_at:
            return CallStatus.UPCOMING
        if moment <= self.closes_at:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    @property
    def status(self):
        return self.status_at(timezone.now())

    def get_status_display(self):
        return CallStatus(self.status).label

    def is_open_at(self, moment: datetime.datetime) -> bool:
        return self.status_at(moment) == CallStatus.OPEN

    # --- points -----------------------------------------------------------------------------

    @property
    def max_total_points(self):
        return sum(c.max_points for c in self.substantive_criteria.all())

    @property
    def threshold_points(self):
        return self.threshold_for(self.max_total_points)

    def threshold_for(self, max_points):
        """The threshold in points, 2 decimal places, half-up (DOMAIN.md: 60% of the maximum)."""
        points = decimal.Decimal(max_points) * self.threshold_percent / 100
        return points.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)

    @property
    def eligible_type_labels(self):
        return [JSTType(v).label for v in self.eligible_jst_types if v in JSTType.values]

    def get_voivodeship_display(self):
        return Voivodeship(self.voivodeship).label if self.voivodeship else ""

    # --- validation -------------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("Koniec naboru musi być późniejszy niż jego początek.")}
            )

    def save(self, *args, **kwargs):
        """The last guard of the criteria rules for every path that writes the call's rows
        (publishing a revision from a workflow or the scheduler, code): the admin form says the
        same earlier, with the message next to the fields."""
        update_fields = kwargs.get("update_fields")
        writes_children = update_fields is None or bool(
            set(update_fields) & {"formal_criteria", "substantive_criteria"}
        )
        if writes_children and self.pk:
            criteria.check_unchanged_after_submission(self)
        writes_rules = update_fields is None or bool(
            set(update_fields) & set(criteria.LOCKED_CALL_FIELDS)
        )
        if writes_rules and self.pk:
            criteria.check_rules_unchanged_after_submission(self)
        if writes_children and self.live:
            criteria.check_present(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(services.call_page_context(self, request))
        context["results_url"] = extensions.results_link(self)
        return context

    # --- criteria as stored -----------------------------------------------------------------

    def stored_criteria(self):
        """The criteria rows in the database now (not the page's unsaved ones): (formal,
        substantive) querysets in their order."""
        formal = FormalCriterion.objects.filter(call_id=self.pk).order_by("sort_order", "pk")
        substantive = SubstantiveCriterion.objects.filter(call_id=self.pk).order_by(
            "sort_order", "pk"
        )
        return formal, substantive

    def first_submission_at(self):
        """When the first application of the call was submitted (withdrawn ones count), or
        None."""
        if not self.pk:
            return None
        return (
            self.applications.filter(submitted_at__isnull=False)
            .order_by("submitted_at")
            .values_list("submitted_at", flat=True)
            .first()
        )

    def stored_rules(self):
        """The call's locked scoring rules (`criteria.LOCKED_CALL_FIELDS`) as stored now: {field:
        value}, empty for a call not saved yet."""
        if not self.pk:
            return {}
        row = type(self).objects.filter(pk=self.pk).values(*criteria.LOCKED_CALL_FIELDS).first()
        return row or {}

    @classmethod
    def has_stored_criteria(cls, call_id: int) -> bool:
        """Whether the stored call has at least one formal and one substantive criterion: one
        query (the submission's rule runs it on every submission, under the application's
        lock)."""
        row = (
            cls.objects.filter(pk=call_id)
            .annotate(
                has_formal=Exists(FormalCriterion.objects.filter(call_id=OuterRef("pk"))),
                has_substantive=Exists(SubstantiveCriterion.objects.filter(call_id=OuterRef("pk"))),
            )
            .values_list("has_formal", "has_substantive")
            .first()
        )
        return bool(row and all(row))

    # --- results: the evaluation's pages (recruitment.extensions) ----------------------------

    @path("wyniki/", name="results")
    def results_page(self, request):
        return extensions.serve_results(self, request)

    @path("wyniki/wersja/<int:version>/", name="results_version")
    def results_version_page(self, request, version):
        return extensions.serve_results(self, request, version=version)

    @path("statystyki/", name="statistics")
    def statistics_page(self, request):
        return extensions.serve_statistics(self, request)


class CallDocument(Orderable):
    """A regulation, form or card of the call, chosen from the documents registry."""

    call = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="call_documents")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        validators=[public_document],
        verbose_name=_("dokument"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Dokument z rejestru; dokumentu użytego w naborze nie można usunąć."),
    )
    label = models.CharField(
        _("opis"),
        max_length=200,
        blank=True,
        help_text=_("Np. „Regulamin naboru”; puste – tytuł dokumentu z rejestru."),
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("dokument naboru")
        verbose_name_plural = _("dokumenty naboru")

    def __str__(self):
        return self.label or str(self.document)


class CallQuota(Orderable):
    """How many JST of one type the call may select (DOMAIN.md: quotas per JST type)."""

    call = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="quotas")
    jst_type = models.CharField(
        _("rodzaj JST"), max_length=30, choices=JSTType.choices, help_text=_("Rodzaj JST.")
    )
    places = models.PositiveSmallIntegerField(
        _("liczba miejsc"),
        validators=[MinValueValidator(1)],
        help_text=_("Ile JST tego rodzaju może zostać wybranych."),
    )

    panels = [FieldRowPanel([FieldPanel("jst_type"), FieldPanel("places")])]

    class Meta(Orderable.Meta):
        verbose_name = _("limit miejsc")
        verbose_name_plural = _("limity miejsc")

    def __str__(self):
        return f"{self.get_jst_type_display()}: {self.places}"


class _NoPagePermissions(PagePermissionTester):
    """Nothing is permitted on this page for this user (CallPage.permissions_for_user)."""

    def _no(self, *args, **kwargs):
        return False

    can_add_subpage = can_edit = can_delete = can_unpublish = can_publish = _no
    can_publish_subpage = can_reorder_children = can_move = can_copy = can_lock = _no
    can_unlock = can_set_view_restrictions = can_move_to = can_copy_to = can_view_revisions = _no
    can_submit_for_moderation = can_unschedule = _no
