"""The append-only audit log of the recruitment: who did what, when and from where."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an entry of the audit log."""


_REFUSAL = "The audit log is append-only: entries are never changed or deleted."


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable(_REFUSAL)

    def delete(self):
        raise AuditLogImmutable(_REFUSAL)

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutable(_REFUSAL)

    def update_or_create(self, *args, **kwargs):
        raise AuditLogImmutable(_REFUSAL)


class AuditLogEntry(models.Model):
    """One action. The acting user is kept as a copy of the username as well, and the foreign
    keys have no database cascade into this table, so that deleting an account or anything else
    never rewrites the log (DOMAIN.md: "append-only audit log")."""

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    created_at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto (konto)"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("kto"), max_length=150, blank=True)
    action = models.CharField(_("czynność"), max_length=50, db_index=True)
    object_type = models.CharField(_("rodzaj obiektu"), max_length=100)
    object_id = models.CharField(_("identyfikator obiektu"), max_length=64, blank=True)
    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    details = models.JSONField(_("szczegóły"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wpis dziennika zdarzeń")
        verbose_name_plural = _("dziennik zdarzeń naboru")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username or '-'}: {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable(_REFUSAL)
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable(_REFUSAL)

    @property
    def object_label(self):
        if self.application_id and self.application.number:
            return self.application.number
        return f"{self.object_type} #{self.object_id}" if self.object_type else "–"
