"""Documents the portal issues once and keeps byte for byte: the receipt of each submitted
version and the card of each decided round of the formal check (recruitment.receipts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedDocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("potwierdzenie złożenia zgłoszenia")
    FORMAL_CARD = "formal_card", _("karta oceny formalnej")


class SealKind(models.TextChoices):
    NONE = "", _("bez pieczęci")
    DEMO = "demo", _("pieczęć demonstracyjna")
    INSTITUTION = "institution", _("pieczęć instytucji")


class IssuedDocument(models.Model):
    """One issued PDF, rendered once from what was frozen (the version's content, the decided
    card) and served as stored ever after: renaming a JST later changes no receipt. The
    database refuses any change or deletion (recruitment migration 0006)."""

    wagtail_reference_index_ignore = True

    kind = models.CharField(_("rodzaj"), max_length=20, choices=IssuedDocumentKind.choices)
    version = models.ForeignKey(
        "recruitment.ApplicationVersion",
        verbose_name=_("wersja zgłoszenia"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    formal_card = models.OneToOneField(
        "recruitment.FormalCheckCard",
        verbose_name=_("karta oceny formalnej"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_document",
    )
    issued_at = models.DateTimeField(_("wydano"))
    filename = models.CharField(_("nazwa pliku"), max_length=200)
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(_("suma SHA-256 pliku PDF"), max_length=64)
    payload = models.TextField(
        _("treść kanoniczna (JSON)"),
        blank=True,
        help_text=_("Dokładnie te bajty (UTF-8) obejmuje suma kontrolna potwierdzenia."),
    )
    seal = models.CharField(_("pieczęć"), max_length=20, choices=SealKind.choices, blank=True)
    seal_subject = models.CharField(_("wystawca pieczęci"), max_length=300, blank=True)
    timestamped = models.BooleanField(_("znacznik czasu"), default=False)

    class Meta:
        ordering = ["version", "kind"]
        verbose_name = _("wydany dokument")
        verbose_name_plural = _("wydane dokumenty")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(kind="receipt"),
                name="recruitment_one_receipt_per_version",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="receipt", formal_card__isnull=True)
                | models.Q(kind="formal_card", formal_card__isnull=False),
                name="recruitment_issued_document_kind_matches",
            ),
        ]

    def __str__(self):
        return self.filename
