"""What an application submitted: immutable versions and the files attached to them."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment.storage import attachment_path, get_private_storage


class VersionImmutable(Exception):
    """Raised on any attempt to change or delete a submitted version."""


_REFUSAL = "A submitted version is immutable: a supplement makes a new version instead."


class ApplicationVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise VersionImmutable(_REFUSAL)

    def delete(self):
        raise VersionImmutable(_REFUSAL)

    def bulk_update(self, objs, fields, batch_size=None):
        raise VersionImmutable(_REFUSAL)

    def update_or_create(self, *args, **kwargs):
        raise VersionImmutable(_REFUSAL)


class ApplicationVersion(models.Model):
    """The content of one submission (the first one, then each supplement), with the SHA-256 of
    its canonical JSON and its files' hashes: the receipt's checksum (DOMAIN.md, "A submitted
    application is immutable; a supplement makes a new version; all versions are kept")."""

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("numer wersji"))
    content = models.JSONField(_("treść"), encoder=DjangoJSONEncoder)
    content_sha256 = models.CharField(
        _("suma SHA-256"),
        max_length=64,
        help_text=_("Z treści w postaci kanonicznej (JSON) i sum SHA-256 załączników."),
    )
    submitted_at = models.DateTimeField(_("złożono"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("złożył(a)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_ip = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)

    objects = ApplicationVersionQuerySet.as_manager()

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("wersja zgłoszenia")
        verbose_name_plural = _("wersje zgłoszeń")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"],
                name="recruitment_one_version_number_per_application",
            )
        ]

    def __str__(self):
        return _("%(application)s, wersja %(number)s") % {
            "application": self.application,
            "number": self.number,
        }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise VersionImmutable(_REFUSAL)
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise VersionImmutable(_REFUSAL)


class AttachmentKind(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Skan podpisanego formularza")
    POWER_OF_ATTORNEY = "power_of_attorney", _("Pełnomocnictwo")


class ApplicationAttachment(models.Model):
    """A file of an application in private storage. A draft's files have no version; submitting
    links them to the new version. A draft after a supplement starts from copies of these rows
    that point at the same stored files, so a submitted version's files are never changed."""

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    version = models.ForeignKey(
        ApplicationVersion,
        verbose_name=_("wersja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    kind = models.CharField(_("rodzaj"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(
        _("plik"), storage=get_private_storage, upload_to=attachment_path, max_length=255
    )
    original_name = models.CharField(_("nazwa pliku"), max_length=255)
    size = models.PositiveBigIntegerField(_("rozmiar (bajty)"))
    sha256 = models.CharField(_("suma SHA-256"), max_length=64)
    content_type = models.CharField(_("typ zawartości"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dodał(a)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("dodano"))

    class Meta:
        ordering = ["application", "kind", "uploaded_at", "pk"]
        verbose_name = _("załącznik zgłoszenia")
        verbose_name_plural = _("załączniki zgłoszeń")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_submitted(self):
        return self.version_id is not None
