"""The assignments of evaluators to applications and their substantive cards with one score per
criterion."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# --- assignments and cards --------------------------------------------------------------------


class AssignmentKind(models.TextChoices):
    FIRST = "first", _("pierwszy oceniający")
    SECOND = "second", _("drugi oceniający")
    THIRD = "third", _("trzeci oceniający")
    APPEAL = "appeal", _("oceniający po odwołaniu")


# The order in which cards are handed to scoring.score_application: the two first, then the third.
KIND_ORDER = {
    AssignmentKind.FIRST: 1,
    AssignmentKind.SECOND: 2,
    AssignmentKind.THIRD: 3,
    AssignmentKind.APPEAL: 4,
}


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        """Assignments in force: not cancelled by the chair."""
        return self.filter(cancelled_at__isnull=True)


class Assignment(models.Model):
    """An evaluator assigned to score one application. Cancelled ones stay for the record."""

    wagtail_reference_index_ignore = True

    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oceniający"),
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    kind = models.CharField(_("rodzaj przydziału"), max_length=10, choices=AssignmentKind.choices)
    due_date = models.DateField(_("termin oceny"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("przydzielił(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("przydzielono"), auto_now_add=True)
    automatic = models.BooleanField(_("przydział automatyczny"), default=False)
    cancelled_at = models.DateTimeField(_("cofnięto"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cofnął(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("powód cofnięcia"), max_length=500, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["application", "created_at", "pk"]
        verbose_name = _("przydział do oceny")
        verbose_name_plural = _("przydziały do oceny")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(cancelled_at__isnull=True) & ~Q(kind="appeal"),
                name="evaluation_one_current_assignment_per_kind",
                violation_error_message=_("To zgłoszenie ma już oceniającego w tej roli."),
            ),
            models.UniqueConstraint(
                fields=["application", "evaluator"],
                condition=Q(cancelled_at__isnull=True),
                name="evaluation_one_current_assignment_per_evaluator",
                violation_error_message=_("Ten oceniający ma już przydzielone to zgłoszenie."),
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.evaluator} ({self.get_kind_display()})"

    @property
    def is_current(self):
        return self.cancelled_at is None


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("wersja robocza")
    SUBMITTED = "submitted", _("złożona")
    RETURNED = "returned", _("zwrócona do poprawy")


class SubstantiveCard(models.Model):
    """One evaluator's substantive card (karta oceny merytorycznej) of one application. Submitting
    locks it; only the chair's return reopens it, with a note (DOMAIN.md)."""

    wagtail_reference_index_ignore = True

    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("przydział"),
        on_delete=models.PROTECT,
        related_name="card",
    )
    status = models.CharField(
        _("stan karty"),
        max_length=10,
        choices=CardStatus.choices,
        default=CardStatus.DRAFT,
        db_index=True,
    )
    total = models.PositiveIntegerField(
        _("suma punktów"), null=True, blank=True, help_text=_("Ustalana przy złożeniu karty.")
    )
    saved_at = models.DateTimeField(_("ostatni zapis"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("złożono"), null=True, blank=True)
    return_note = models.TextField(_("uwagi przewodniczącego"), blank=True)
    returned_at = models.DateTimeField(_("zwrócono"), null=True, blank=True)

    class Meta:
        ordering = ["assignment"]
        verbose_name = _("karta oceny merytorycznej")
        verbose_name_plural = _("karty oceny merytorycznej")

    def __str__(self):
        return _("Karta: %(assignment)s") % {"assignment": self.assignment}

    @property
    def is_submitted(self):
        return self.status == CardStatus.SUBMITTED


class CardScore(models.Model):
    """The score of one criterion on one card: an integer 0..max, justified below the maximum."""

    wagtail_reference_index_ignore = True

    card = models.ForeignKey(
        SubstantiveCard,
        verbose_name=_("karta"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        "recruitment.SubstantiveCriterion",
        verbose_name=_("kryterium"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.PositiveSmallIntegerField(_("punkty"), null=True, blank=True)
    justification = models.TextField(_("uzasadnienie"), blank=True)

    class Meta:
        ordering = ["card", "criterion__sort_order", "criterion_id"]
        verbose_name = _("ocena kryterium")
        verbose_name_plural = _("oceny kryteriów")
        constraints = [
            models.UniqueConstraint(
                fields=["card", "criterion"], name="evaluation_one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points if self.points is not None else '–'}"
