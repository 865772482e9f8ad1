"""The custom Wagtail document model with the registry fields, and the editable list of types."""

import datetime
import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.search import index

from core.choices import Voivodeship
from core.partners import Partner

from .. import private_files
from .choices import ExtractionStatus, Language, LegalStatus, ModerationState

# Upper bound of the text kept per file for search; the rest of a huge file is not indexed.
MAX_EXTRACTED_CHARS = 1_000_000


class DocumentType(models.Model):
    """An editable document type (regulamin, zarządzenie, ...); DOMAIN.md "Documents registry"."""

    name = models.CharField(
        _("nazwa"), max_length=100, unique=True, help_text=_("Nazwa typu, np. „regulamin”.")
    )
    slug = models.SlugField(
        _("identyfikator"),
        max_length=100,
        unique=True,
        help_text=_("Identyfikator w adresach stron i w pliku CSV importu, np. „regulamin”."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("kolejność"), default=0, help_text=_("Kolejność na liście typów (rosnąco).")
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("typ dokumentu")
        verbose_name_plural = _("typy dokumentów")

    def __str__(self):
        return self.name


def public_q(now=None, prefix=""):
    """A Q of the documents a visitor may see as far as moderation goes: published, or approved
    for a time that has come (evaluated when asked, so a scheduled document is public on time
    even before `publish_scheduled` has run). `prefix` applies it across a relation."""
    now = now or timezone.now()
    return Q(**{f"{prefix}moderation_state": ModerationState.PUBLISHED}) | Q(
        **{f"{prefix}moderation_state": ModerationState.SCHEDULED, f"{prefix}go_live_at__lte": now}
    )


def not_public_q(now=None, prefix=""):
    """The complement of `public_q` for an existing row, spelt positively (no NOT across a join)."""
    now = now or timezone.now()
    return Q(
        **{
            f"{prefix}moderation_state__in": [ModerationState.PENDING, ModerationState.REJECTED],
        }
    ) | Q(
        **{f"{prefix}moderation_state": ModerationState.SCHEDULED, f"{prefix}go_live_at__gt": now}
    )


class RegistryDocumentQuerySet(models.QuerySet):
    def public(self, now=None):
        """Published documents; a format only when its main document is published too."""
        now = now or timezone.now()
        return self.filter(public_q(now)).filter(
            Q(format_of__isnull=True) | public_q(now, prefix="format_of__")
        )

    def listed(self):
        """Main records only: alternative formats are shown on their main document."""
        return self.filter(format_of__isnull=True)

    def in_force(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            Q(legal_status=LegalStatus.IN_FORCE),
            # A newer version waiting for approval does not end the old one's force yet.
            Q(superseded_by__isnull=True) | not_public_q(prefix="superseded_by__"),
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        )


class RegistryDocument(AbstractDocument):
    # Wagtail's field, with the storage that keeps private documents' files outside MEDIA_ROOT.
    file = models.FileField(
        upload_to=private_files.upload_to,
        storage=private_files.document_storage,
        verbose_name=_("plik"),
    )
    description = models.TextField(
        _("opis"),
        blank=True,
        help_text=_("Krótki opis dokumentu wyświetlany przy odnośniku do pobrania."),
    )
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("typ dokumentu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Rodzaj dokumentu, np. regulamin, zarządzenie, formularz."),
    )
    number = models.CharField(
        _("numer / sygnatura"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Numer lub sygnatura nadana przez wystawcę, np. „20/18”."),
    )
    subject = models.CharField(
        _("w sprawie"),
        max_length=500,
        blank=True,
        help_text=_("Przedmiot dokumentu, np. „w sprawie naboru jednostek samorządu”."),
    )
    issued_on = models.DateField(
        _("data wydania"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Data wydania lub podpisania dokumentu."),
    )
    issuer = models.CharField(
        _("wystawca"),
        max_length=255,
        blank=True,
        help_text=_("Organ lub osoba, która wydała dokument, np. „Dyrektor ROPS w Opolu”."),
    )
    partner = models.CharField(
        _("partner"),
        max_length=20,
        choices=Partner.choices,
        blank=True,
        help_text=_("Partner projektu, którego dotyczy dokument."),
    )
    voivodeship = models.CharField(
        _("województwo"),
        max_length=2,
        choices=Voivodeship.choices,
        blank=True,
        help_text=_("Województwo, którego dotyczy dokument."),
    )
    legal_status = models.CharField(
        _("status prawny"),
        max_length=20,
        choices=LegalStatus.choices,
        default=LegalStatus.IN_FORCE,
        help_text=_("Czy dokument obowiązuje, został zmieniony, uchylony lub zarchiwizowany."),
    )
    valid_from = models.DateField(
        _("obowiązuje od"),
        null=True,
        blank=True,
        help_text=_("Początek mocy obowiązującej (niezależny od daty publikacji)."),
    )
    valid_to = models.DateField(
        _("obowiązuje do"),
        null=True,
        blank=True,
        help_text=_("Koniec mocy obowiązującej; puste – bezterminowo."),
    )
    language = models.CharField(
        _("język"),
        max_length=5,
        choices=Language.choices,
        default=Language.POLISH,
        help_text=_("Język treści dokumentu."),
    )
    related_documents = models.ManyToManyField(
        "self",
        verbose_name=_("dokumenty powiązane"),
        blank=True,
        symmetrical=True,
        help_text=_("Inne dokumenty rejestru związane z tym dokumentem."),
    )
    attachment_to = models.ForeignKey(
        "self",
        verbose_name=_("załącznik do"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
        help_text=_("Dokument, którego ten dokument jest załącznikiem."),
    )
    attachment_number = models.PositiveSmallIntegerField(
        _("numer załącznika"),
        null=True,
        blank=True,
        help_text=_("Numer załącznika, np. 1 dla „Załącznik nr 1”."),
    )
    format_of = models.ForeignKey(
        "self",
        verbose_name=_("inny format dokumentu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="formats",
        help_text=_(
            "Wypełnij, jeśli ten plik to ten sam dokument w innym formacie (np. DOCX obok PDF); "
            "pojawi się wtedy na stronie głównego dokumentu, a nie jako osobna pozycja."
        ),
    )
    call_reference = models.CharField(
        _("nabór"),
        max_length=100,
        blank=True,
        help_text=_("Numer naboru, którego dotyczy dokument (opcjonalnie)."),
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("zastępuje wersję"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text=_(
            "Poprzednia wersja dokumentu. Nowa wersja nie nadpisuje starej: stary plik pozostaje "
            "do pobrania i jest oznaczony jako nieobowiązujący."
        ),
    )
    version = models.PositiveSmallIntegerField(
        _("wersja"), default=1, help_text=_("Numer wersji; nadawany automatycznie.")
    )
    # The BIP "metryczka": who produced the document, who published it and when.
    produced_by = models.CharField(
        _("wytworzył"),
        max_length=255,
        blank=True,
        help_text=_("Osoba lub komórka, która wytworzyła dokument."),
    )
    produced_on = models.DateField(
        _("data wytworzenia"),
        null=True,
        blank=True,
        help_text=_("Data wytworzenia informacji."),
    )
    published_by = models.CharField(
        _("udostępnił"),
        max_length=255,
        blank=True,
        help_text=_("Osoba, która opublikowała dokument w rejestrze."),
    )
    published_at = models.DateTimeField(
        _("data udostępnienia"),
        null=True,
        blank=True,
        help_text=_("Data i godzina publikacji; puste – data dodania pliku."),
    )
    # Moderation (README, "Moderation"): an editor's upload is public only once approved.
    moderation_state = models.CharField(
        _("stan publikacji"),
        max_length=20,
        choices=ModerationState.choices,
        # Documents stored by code (the import command, the demo) are published; an upload in
        # the admin by someone who may not publish is set to "do zatwierdzenia" when it is
        # registered (documents.services.register_new_document).
        default=ModerationState.PUBLISHED,
        db_index=True,
        editable=False,
    )
    go_live_at = models.DateTimeField(
        _("publikuj od"),
        null=True,
        blank=True,
        help_text=_(
            "Data i godzina, od której dokument ma być publiczny; puste – od zatwierdzenia. "
            "Dokument redaktora staje się publiczny dopiero po zatwierdzeniu przez moderatora."
        ),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zatwierdził lub odrzucił"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(
        _("data decyzji moderatora"), null=True, blank=True, editable=False
    )
    rejection_reason = models.TextField(_("powód odrzucenia"), blank=True, editable=False)
    source_key = models.CharField(
        _("klucz źródłowy"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Stały identyfikator z importu lub treści demonstracyjnych (nie zmieniaj)."),
    )
    # Set by upload validation and text extraction, never by editors.
    detected_mime = models.CharField(max_length=100, blank=True, editable=False)
    extraction_status = models.CharField(
        _("odczyt tekstu"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(
        _("przyczyna błędu odczytu"), max_length=500, blank=True, editable=False
    )
    extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    extracted_text = models.TextField(_("treść pliku"), blank=True, editable=False)

    objects = RegistryDocumentQuerySet.as_manager()

    admin_form_fields = WagtailDocument.admin_form_fields + (
        "description",
        "document_type",
        "number",
        "subject",
        "issued_on",
        "issuer",
        "partner",
        "voivodeship",
        "legal_status",
        "valid_from",
        "valid_to",
        "language",
        "supersedes",
        "attachment_to",
        "attachment_number",
        "format_of",
        "related_documents",
        "call_reference",
        "produced_by",
        "produced_on",
        "published_by",
        "published_at",
        "go_live_at",
    )

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("number"),
        index.SearchField("subject"),
        index.SearchField("issuer"),
        index.SearchField("description"),
        index.SearchField("extracted_text"),
        index.FilterField("legal_status"),
        index.FilterField("partner"),
        index.FilterField("voivodeship"),
        index.FilterField("document_type"),
        index.FilterField("extraction_status"),
        index.FilterField("issued_on"),
        index.FilterField("language"),
        index.FilterField("format_of"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")
        permissions = [("choose_document", "Can choose document")]
        indexes = [models.Index(fields=["file_hash"], name="documents_file_hash_idx")]

    def clean(self):
        # Without a file (the upload form refused it and said why) Wagtail's extension check
        # would add „Rozszerzenie pliku „” jest niedozwolone” under the real reason.
        if self.file:
            super().clean()

    # -- presentation helpers used by templates and the admin --

    @property
    def slug(self):
        # slugify() drops "ł", which has no ASCII decomposition; transliterate it first.
        title = self.title.replace("ł", "l").replace("Ł", "L")
        return slugify(title)[:80].strip("-") or "dokument"

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.pk, self.slug])

    @property
    def safe_filename(self):
        """An ASCII filename for Content-Disposition, built from the title, never from the upload."""
        return f"{self.slug}.{self.file_extension}" if self.file_extension else self.slug

    @property
    def url(self):
        return reverse("documents:download", args=[self.pk, self.safe_filename])

    @property
    def format_label(self):
        return (self.file_extension or "").upper()

    @property
    def display_title(self):
        if self.attachment_number and not self.title.lower().startswith("załącznik"):
            return _("Załącznik nr %(n)s – %(title)s") % {
                "n": self.attachment_number,
                "title": self.title,
            }
        return self.title

    def is_public(self, now=None):
        """The document (and, for a format, its main document) is published for visitors."""
        now = now or timezone.now()
        documents = [self, self.format_of] if self.format_of_id else [self]
        return all(
            document.moderation_state == ModerationState.PUBLISHED
            or (
                document.moderation_state == ModerationState.SCHEDULED
                and document.go_live_at is not None
                and document.go_live_at <= now
            )
            for document in documents
        )

    @property
    def moderation_label(self):
        """The state as the admin names it: „zaplanowany (od 1 marca 2027, 08:00)”."""
        if self.moderation_state == ModerationState.SCHEDULED and self.go_live_at:
            return _("zaplanowany (od %(when)s)") % {
                "when": date_format(timezone.localtime(self.go_live_at), "j E Y, H:i")
            }
        return self.get_moderation_state_display()

    def is_in_force(self, today=None):
        today = today or timezone.localdate()
        if self.legal_status != LegalStatus.IN_FORCE:
            return False
        if self.valid_from and self.valid_from > today:
            return False
        if self.valid_to and self.valid_to < today:
            return False
        newer = getattr(self, "superseded_by", None)
        return newer is None or not newer.is_public()

    @property
    def filename_extension(self):
        return os.path.splitext(self.file.name)[1].lstrip(".").lower()

    @property
    def publication_date(self):
        return self.published_at or self.created_at

    @property
    def issue_year(self):
        return self.issued_on.year if isinstance(self.issued_on, datetime.date) else None


class DocumentChange(models.Model):
    """One entry of the register of changes of the metryczka."""

    document = models.ForeignKey(
        RegistryDocument,
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    changed_at = models.DateTimeField(_("data zmiany"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("użytkownik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("opis zmiany"), max_length=500)
    # Moderation entries (submitted, approved, rejected with the reason) are for the admin only;
    # the public metryczka lists the others.
    internal = models.BooleanField(_("wpis wewnętrzny"), default=False)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("zmiana dokumentu")
        verbose_name_plural = _("rejestr zmian dokumentów")

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.description}"
