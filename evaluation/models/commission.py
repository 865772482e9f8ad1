"""The commission of a call: its members and roles, the declarations of impartiality and the
conflicts of interest reported instead."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import ImmutableModel

# --- the commission ---------------------------------------------------------------------------


class CommissionRole(models.TextChoices):
    EVALUATOR = "evaluator", _("oceniający")
    CHAIR = "chair", _("przewodniczący komisji")


class CommissionMember(models.Model):
    """A member of a call's evaluation commission (KOP), appointed by an operator."""

    # Not content: nothing for Wagtail's reference index to learn, and updating it costs writes.
    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.CASCADE,
        related_name="commission_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.PROTECT,
        related_name="commission_memberships",
    )
    role = models.CharField(
        _("funkcja"),
        max_length=20,
        choices=CommissionRole.choices,
        default=CommissionRole.EVALUATOR,
    )
    employer = models.ForeignKey(
        "recruitment.Institution",
        verbose_name=_("zatrudniony w JST"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Jeśli członek komisji pracuje w JST (urzędzie lub jej ośrodku), wskaż ją: "
            "nie dostanie do oceny zgłoszenia tej JST."
        ),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("powołał(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appointed_at = models.DateTimeField(_("powołano"), auto_now_add=True)

    class Meta:
        ordering = ["call", "role", "user__last_name", "user__username"]
        verbose_name = _("członek komisji oceny")
        verbose_name_plural = _("członkowie komisji oceny")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="evaluation_one_membership_per_call",
                violation_error_message=_("Ta osoba jest już w komisji tego naboru."),
            ),
            models.UniqueConstraint(
                fields=["call"],
                condition=Q(role="chair"),
                name="evaluation_one_chair_per_call",
                violation_error_message=_("Ten nabór ma już przewodniczącego komisji."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"
        )


class Declaration(ImmutableModel):
    """The declaration of impartiality and confidentiality a member signs before opening anything
    of the call: the very text shown, its version and checksum, when and from where."""

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.PROTECT,
        related_name="evaluator_declarations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.PROTECT,
        related_name="evaluator_declarations",
    )
    text = models.TextField(_("treść podpisanej deklaracji"))
    text_version = models.CharField(_("wersja treści"), max_length=40)
    text_sha256 = models.CharField(_("suma SHA-256 treści"), max_length=64)
    signed_at = models.DateTimeField(_("podpisano"))
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)

    class Meta:
        ordering = ["call", "signed_at", "pk"]
        verbose_name = _("deklaracja bezstronności i poufności")
        verbose_name_plural = _("deklaracje bezstronności i poufności")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="evaluation_one_declaration_per_call",
                violation_error_message=_("Deklaracja w tym naborze została już podpisana."),
            )
        ]

    def __str__(self):
        return _("Deklaracja: %(user)s, %(call)s") % {"user": self.user, "call": self.call}


class ConflictDeclaration(ImmutableModel):
    """A member's declared conflict of interest with a named JST: never assigned to it."""

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
    )
    institution = models.ForeignKey(
        "recruitment.Institution",
        verbose_name=_("JST"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("opis powiązania"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("zgłoszono"))
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)

    class Meta:
        ordering = ["call", "declared_at", "pk"]
        verbose_name = _("zgłoszony konflikt interesów")
        verbose_name_plural = _("zgłoszone konflikty interesów")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user", "institution"],
                name="evaluation_one_conflict_per_jst",
                violation_error_message=_("Ten konflikt interesów został już zgłoszony."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.institution}"
