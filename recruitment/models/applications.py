"""The application of a JST to a call; its fields come with the application form."""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import EDITABLE_STATES, RESULT_STATES, ApplicationState
from .institutions import Institution


class Application(models.Model):
    """One JST's application to one call. Its state changes only through `recruitment.workflow`,
    which checks who may fire each transition and writes the audit log."""

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("JST"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    state = models.CharField(
        _("stan"),
        max_length=30,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    number = models.CharField(
        _("numer zgłoszenia"),
        max_length=80,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Nadawany przy złożeniu, np. „1/2026/OP/003”."),
    )
    submitted_at = models.DateTimeField(_("złożono"), null=True, blank=True)
    supplement_due = models.DateTimeField(
        _("termin uzupełnienia"),
        null=True,
        blank=True,
        help_text=_("Ustalany przy wezwaniu do uzupełnienia; wezwanie jest jedno."),
    )
    result_at = models.DateTimeField(
        _("ogłoszenie wyniku"),
        null=True,
        blank=True,
        help_text=_("Od tej chwili biegnie termin na odwołanie."),
    )
    version = models.PositiveIntegerField(
        _("wersja"), default=1, help_text=_("Każde uzupełnienie tworzy nową wersję.")
    )
    data = models.JSONField(
        _("wersja robocza"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("Bieżąca treść formularza według sekcji i pól; złożona treść jest w wersjach."),
    )
    draft_saved_at = models.DateTimeField(_("zapis wersji roboczej"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utworzył(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        ordering = ["call", "submitted_at", "pk"]
        verbose_name = _("zgłoszenie")
        verbose_name_plural = _("zgłoszenia")
        constraints = [
            # A JST has one application per call; after withdrawing it may start a new one.
            models.UniqueConstraint(
                fields=["call", "institution"],
                condition=~Q(state=ApplicationState.WITHDRAWN),
                name="recruitment_one_active_application_per_jst_and_call",
                violation_error_message=_("Ta JST ma już zgłoszenie w tym naborze."),
            )
        ]

    def __str__(self):
        return self.number or _("zgłoszenie robocze: %(jst)s") % {"jst": self.institution}

    @property
    def has_result(self):
        return self.state in RESULT_STATES

    def supplement_overdue(self, now: datetime.datetime | None = None) -> bool:
        """A call to supplement whose deadline has passed: nothing can be changed or submitted."""
        due = self.supplement_due
        return (
            self.state == ApplicationState.TO_SUPPLEMENT
            and due is not None
            and (now or timezone.now()) > due
        )

    def is_editable(self, now: datetime.datetime | None = None) -> bool:
        """The JST may change it: a draft, or a supplement before its deadline."""
        return self.state in EDITABLE_STATES and not self.supplement_overdue(now)
