"""Events of the project at /wydarzenia/ and the participants' registrations.

`EventIndexPage` lists the events by month with filters and serves the iCalendar feed of all of
them; `EventPage` is one event with its registration form (`zapisy/`), the cancellation link
(`rezygnacja/<token>/`) and its own iCalendar file. The rules of registering (window, capacity,
waiting list, one registration per e-mail) live in `events.registration`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey

from core.choices import Sector, Voivodeship
from core.fields import MultipleChoiceField
from core.pages import BasePage
from core.partners import Partner
from documents.validation import public_document

from .choices import ACTIVE_STATUSES, FORMS_OF_SUPPORT, EventKind, RegistrationStatus

# Routes of the calendar that a child event's slug would hide.
RESERVED_SLUGS = {"kalendarz"}
RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class EventIndexPage(RoutablePageMixin, BasePage):
    """The calendar of events at /wydarzenia/ and the iCalendar feed `kalendarz.ics`."""

    intro = RichTextField(_("wstęp"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    # The public views of its routes (events.public), set by EventsConfig.ready: the views use
    # the models, so the models do not import them.
    views = None

    class Meta:
        verbose_name = _("kalendarz wydarzeń")

    @path("", name="listing")
    def listing(self, request):
        return self.views.serve_listing(self, request)

    @path("kalendarz/", name="feed")
    def feed(self, request):
        return self.views.serve_feed(self, request)


class EventPage(RoutablePageMixin, BasePage):
    kind = models.CharField(
        _("rodzaj"),
        max_length=30,
        choices=EventKind.choices,
        help_text=_(
            "Forma wsparcia (szkolenie, coaching, warsztaty, spotkanie PZK, superwizja) "
            "lub inne działanie projektu (konferencja, spotkanie edukacyjne lub konsultacyjne)."
        ),
    )
    partner = models.CharField(
        _("organizator"), max_length=20, choices=Partner.choices, help_text=_("Partner projektu.")
    )
    voivodeship = models.CharField(_("województwo"), max_length=2, choices=Voivodeship.choices)
    starts_at = models.DateTimeField(_("początek"), help_text=_("Data i godzina (czas polski)."))
    ends_at = models.DateTimeField(_("koniec"), help_text=_("Data i godzina (czas polski)."))
    is_online = models.BooleanField(
        _("wydarzenie online"),
        default=False,
        help_text=_("Link do spotkania dostają zapisani uczestnicy w wiadomości e-mail."),
    )
    venue = models.CharField(
        _("miejsce"), max_length=200, blank=True, help_text=_("Np. nazwa sali lub budynku.")
    )
    street_address = models.CharField(_("ulica i numer"), max_length=200, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=100, blank=True)
    online_link = models.URLField(_("link do spotkania online"), blank=True)
    target_sectors = MultipleChoiceField(
        _("grupa docelowa (sektory instytucji)"),
        choices=Sector.choices,
        help_text=_("Pracownicy jakich instytucji mogą się zapisać; puste – wszystkich."),
    )
    target_description = models.CharField(
        _("grupa docelowa – opis"),
        max_length=300,
        blank=True,
        help_text=_("Np. „członkowie PZK Gminy Miasto Oświęcim”."),
    )
    capacity = models.PositiveIntegerField(
        _("liczba miejsc"), validators=[MinValueValidator(1)], default=30
    )
    waiting_list = models.BooleanField(
        _("lista rezerwowa"),
        default=True,
        help_text=_("Po wyczerpaniu miejsc kolejne osoby trafiają na listę rezerwową."),
    )
    registration_opens_at = models.DateTimeField(_("otwarcie zapisów"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("zamknięcie zapisów"),
        null=True,
        blank=True,
        help_text=_("Puste – zapisy trwają do początku wydarzenia."),
    )
    registration_enabled = models.BooleanField(
        _("zapisy przez portal"),
        default=True,
        help_text=_("Odznacz dla wydarzeń bez zapisów (np. archiwalnych)."),
    )
    body = RichTextField(_("opis i program"), blank=True, features=RICH_FEATURES)
    contact = models.TextField(_("kontakt do organizatora"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("partner"), FieldPanel("voivodeship")],
            heading=_("Wydarzenie"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
            heading=_("Termin"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_online"),
                FieldPanel("venue"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("online_link"),
            ],
            heading=_("Miejsce"),
        ),
        MultiFieldPanel(
            [FieldPanel("target_sectors"), FieldPanel("target_description")],
            heading=_("Grupa docelowa"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
            ],
            heading=_("Zapisy"),
        ),
        FieldPanel("body"),
        InlinePanel("event_documents", label=_("Regulamin i dokumenty z rejestru")),
        FieldPanel("contact"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("venue"),
        index.SearchField("city"),
        index.SearchField("target_description"),
        index.FilterField("starts_at"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    views = None  # events.public, set by EventsConfig.ready (as on EventIndexPage)

    class Meta:
        verbose_name = _("wydarzenie")
        verbose_name_plural = _("wydarzenia")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("Koniec nie może być wcześniejszy niż początek.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "Zamknięcie zapisów musi nastąpić po ich otwarciu."
            )
        if self.starts_at and self.ends_at and self.ends_at == self.starts_at:
            errors["ends_at"] = _("Koniec musi być późniejszy niż początek.")
        registration = self.registration_enabled and self.starts_at
        if (
            registration
            and self.registration_closes_at
            and self.registration_closes_at > self.starts_at
        ):
            errors["registration_closes_at"] = _(
                "Zapisy muszą się zakończyć najpóźniej w chwili rozpoczęcia wydarzenia."
            )
        if (
            registration
            and self.registration_opens_at
            and not self.registration_closes_at
            and self.registration_opens_at >= self.starts_at
        ):
            errors["registration_opens_at"] = _(
                "Zapisy muszą się otworzyć przed rozpoczęciem wydarzenia."
            )
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Ten adres jest zajęty przez kalendarz wydarzeń; wybierz inny.")
        if not self.is_online and not self.city:
            errors["city"] = _("Podaj miejscowość albo zaznacz wydarzenie online.")
        if errors:
            raise ValidationError(errors)

    # --- facts for templates and the search -------------------------------------------------

    @property
    def date(self):
        """The day of the event (search records and listings use `date`)."""
        return timezone.localtime(self.starts_at).date() if self.starts_at else None

    @property
    def is_form_of_support(self):
        return self.kind in FORMS_OF_SUPPORT

    @property
    def registration_form_label(self):
        if self.is_form_of_support:
            return _("Formularz zgłoszenia udziału w formach wsparcia (Załącznik nr 2)")
        return _(
            "Formularz zgłoszenia udziału w działaniach niebędących formami wsparcia "
            "(Załącznik nr 3)"
        )

    @property
    def place_line(self):
        if self.is_online:
            return str(_("online"))
        parts = [self.venue, self.street_address, f"{self.postal_code} {self.city}".strip()]
        return ", ".join(part for part in parts if part)

    def target_sector_labels(self):
        labels = dict(Sector.choices)
        return [labels.get(value, value) for value in self.target_sectors]

    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    @property
    def registration_closed(self):
        """Closed by an organiser (`RegistrationClosure`: kept outside the page's revisions, so
        that publishing an older draft never reopens it)."""
        return RegistrationClosure.objects.filter(event_id=self.pk).exists()

    def registration_state(self, moment=None, closed=None):
        """'disabled', 'closed' (by the organiser), 'not_yet', 'over' or 'open' at `moment`.
        A list of events passes `closed` it already knows, saving a query per event."""
        moment = moment or timezone.now()
        if not self.registration_enabled:
            return "disabled"
        if self.registration_closed if closed is None else closed:
            return "closed"
        if self.registration_opens_at and moment < self.registration_opens_at:
            return "not_yet"
        if moment >= self.registration_closes():
            return "over"
        return "open"

    def is_past(self, moment=None):
        return self.ends_at < (moment or timezone.now())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.views.event_context(self, request))
        return context

    # --- routes -----------------------------------------------------------------------------

    @path("zapisy/", name="register")
    def register_view(self, request):
        return self.views.serve_registration(self, request)

    @path("zapisy/przyjete/", name="registered")
    def registered_view(self, request):
        return self.views.serve_registered(self, request)

    @re_path(r"^rezygnacja/(?P<token>[A-Za-z0-9_-]{1,100})/$", name="cancel")
    def cancel_view(self, request, token):
        return self.views.serve_cancel(self, request, token)

    @path("kalendarz/", name="ical")
    def ical_view(self, request):
        return self.views.serve_ical(self, request)


class EventDocument(Orderable):
    """The regulations of participation or another document of the event, from the registry."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="event_documents")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        validators=[public_document],
        verbose_name=_("dokument"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(
        _("opis"),
        max_length=200,
        blank=True,
        help_text=_("Np. „Regulamin uczestnictwa”; puste – tytuł dokumentu z rejestru."),
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("dokument wydarzenia")
        verbose_name_plural = _("dokumenty wydarzenia")

    def __str__(self):
        return self.label or str(self.document)


class Registration(models.Model):
    """One person's registration for one event. Personal data is anonymised after the retention
    period (`manage.py anonymise_event_registrations`); the row, its sector, status and attendance
    stay for the project's statistics."""

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("wydarzenie"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    first_name = models.CharField(_("imię"), max_length=100)
    last_name = models.CharField(_("nazwisko"), max_length=100)
    institution = models.CharField(_("instytucja"), max_length=250)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    position = models.CharField(_("stanowisko"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    # Lower-cased e-mail: one active registration per address and event (constraint below).
    email_key = models.CharField(max_length=254, editable=False)
    phone = models.CharField(_("telefon"), max_length=30)
    accessibility_needs = models.TextField(_("potrzeby związane z dostępnością"), blank=True)
    diet = models.CharField(_("wymagania żywieniowe"), max_length=300, blank=True)
    clause_version = models.CharField(_("wersja klauzuli informacyjnej"), max_length=40)
    clause_sha256 = models.CharField(max_length=64)
    clause_acknowledged_at = models.DateTimeField(_("zapoznanie z klauzulą"))
    image_consent = models.BooleanField(_("zgoda na wykorzystanie wizerunku"), default=False)
    consent_version = models.CharField(_("wersja treści zgody"), max_length=40, blank=True)
    consent_sha256 = models.CharField(max_length=64, blank=True)
    consent_given_at = models.DateTimeField(_("czas wyrażenia zgody"), null=True, blank=True)
    created_at = models.DateTimeField(_("zapisano"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("przeniesiono z listy rezerwowej"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("rezygnacja"), null=True, blank=True)
    attended = models.BooleanField(_("obecność"), null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("zanonimizowano"), null=True, blank=True)

    class Meta:
        verbose_name = _("zgłoszenie na wydarzenie")
        verbose_name_plural = _("zgłoszenia na wydarzenia")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_key"],
                condition=Q(status__in=ACTIVE_STATUSES) & Q(anonymised_at__isnull=True),
                name="events_one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.full_name} – {self.event_id}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class RegistrationClosure(models.Model):
    """An organiser closed the registration of an event before its window ended."""

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="closure")
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("zamknięcie zapisów")
        verbose_name_plural = _("zamknięcia zapisów")

    def __str__(self):
        return f"{self.event_id}: {self.closed_at:%Y-%m-%d %H:%M}"
