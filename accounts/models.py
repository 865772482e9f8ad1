"""Applicant account data beyond the user model: the registration details and invitations."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApplicantProfile(models.Model):
    """What a JST applicant tells us about themselves, and where their e-mail confirmation stands.

    The JST chosen at registration is kept here until the e-mail is confirmed: only then does the
    account become the JST's primary account (recruitment.InstitutionMembership).
    """

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.CASCADE,
        related_name="applicant_profile",
    )
    position = models.CharField(_("stanowisko w JST"), max_length=150, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    requested_institution = models.ForeignKey(
        "recruitment.Institution",
        verbose_name=_("JST wskazana przy rejestracji"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rodo_accepted_at = models.DateTimeField(_("zapoznanie z klauzulą RODO"), null=True)
    # SHA-256 of the clause's words (portal.models.ClauseText keeps them); empty: the built-in
    # clause of a site without the information page.
    rodo_clause_sha256 = models.CharField(max_length=64, blank=True)
    email_confirmed_at = models.DateTimeField(_("potwierdzenie adresu e-mail"), null=True)
    confirmation_sent_at = models.DateTimeField(_("ostatni link potwierdzający"), null=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("dane wnioskodawcy")
        verbose_name_plural = _("dane wnioskodawców")

    def __str__(self):
        return str(self.user)

    @property
    def is_pending(self):
        """Registered but not confirmed yet (an invited account never is)."""
        return self.email_confirmed_at is None and not self.user.is_active


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A JST's primary account invites a colleague; only the hash of the token is stored, the
    token itself travels in the e-mail alone."""

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    institution = models.ForeignKey(
        "recruitment.Institution",
        verbose_name=_("JST"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("adres e-mail"))
    token_hash = models.CharField(_("skrót tokenu"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zaprasza"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("wysłano"), auto_now_add=True)
    expires_at = models.DateTimeField(_("ważne do"))
    accepted_at = models.DateTimeField(_("przyjęto"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utworzone konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("cofnięto"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cofnęło"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("zaproszenie")
        verbose_name_plural = _("zaproszenia")
        indexes = [models.Index(fields=["institution", "email"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="accounts_invitation_not_accepted_and_revoked",
            )
        ]

    def __str__(self):
        return f"{self.email} – {self.institution}"

    @classmethod
    def new_token(cls):
        """A random token (for the e-mail) and its hash (for the database)."""
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def status_label(self):
        if self.accepted_at:
            return _("przyjęte")
        if self.revoked_at:
            return _("cofnięte")
        if self.is_expired:
            return _("wygasło")
        return _("czeka na przyjęcie")
