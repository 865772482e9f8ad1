"""The criteria of a call, rows of its page (InlinePanel): the formal ones, each answered yes /
no / not applicable on the formal check card (some by the system itself), and the substantive
ones, each scored by the evaluators. Frozen from the first submission (`recruitment.criteria`)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey

from .choices import AutoRule, CheckMode


class FormalCriterion(Orderable):
    """One row of the formal check card: yes / no / not applicable (DOMAIN.md, "Formal check")."""

    call = ParentalKey(
        "recruitment.CallPage", on_delete=models.CASCADE, related_name="formal_criteria"
    )
    text = models.TextField(_("treść kryterium"), help_text=_("Co sprawdza oceniający."))
    correctable = models.BooleanField(
        _("można uzupełnić"),
        default=False,
        help_text=_("Zaznacz, jeśli brak można uzupełnić po wezwaniu; inaczej „nie” odrzuca."),
    )
    check_mode = models.CharField(
        _("sposób sprawdzenia"),
        max_length=10,
        choices=CheckMode.choices,
        default=CheckMode.MANUAL,
        help_text=_("Automatycznie – system wstępnie wypełnia odpowiedź; operator ją zatwierdza."),
    )
    auto_rule = models.CharField(
        _("reguła automatyczna"),
        max_length=20,
        choices=AutoRule.choices,
        blank=True,
        help_text=_("Wymagana przy sprawdzaniu automatycznym: co system sprawdza."),
    )

    panels = [
        FieldPanel("text"),
        FieldRowPanel(
            [FieldPanel("correctable"), FieldPanel("check_mode"), FieldPanel("auto_rule")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("kryterium formalne")
        verbose_name_plural = _("kryteria formalne")

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.check_mode == CheckMode.AUTO and not self.auto_rule:
            raise ValidationError(
                {"auto_rule": _("Wybierz regułę, którą system sprawdza automatycznie.")}
            )
        if self.check_mode == CheckMode.MANUAL and self.auto_rule:
            raise ValidationError(
                {
                    "auto_rule": _(
                        "Regułę automatyczną wybiera się tylko przy sprawdzaniu automatycznym."
                    )
                }
            )


class SubstantiveCriterion(Orderable):
    """One row of the substantive evaluation card, scored 0..max_points by each evaluator."""

    call = ParentalKey(
        "recruitment.CallPage", on_delete=models.CASCADE, related_name="substantive_criteria"
    )
    text = models.TextField(_("treść kryterium"), help_text=_("Co podlega ocenie."))
    guidance = models.TextField(
        _("wskazówki dla oceniających"),
        blank=True,
        help_text=_("Jak przyznawać punkty; widzą je tylko oceniający."),
    )
    max_points = models.PositiveSmallIntegerField(
        _("maksymalna liczba punktów"),
        validators=[MinValueValidator(1)],
        help_text=_("Oceniający przyznaje od 0 do tylu punktów (liczba całkowita)."),
    )
    min_points = models.PositiveSmallIntegerField(
        _("minimum punktów"),
        null=True,
        blank=True,
        help_text=_("Opcjonalnie: zgłoszenie z mniejszą liczbą punktów w tym kryterium odpada."),
    )
    tie_breaker_order = models.PositiveSmallIntegerField(
        _("kolejność przy remisie"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Przy równej liczbie punktów decyduje najpierw kryterium z numerem 1, potem 2 itd.; "
            "puste – kryterium nie rozstrzyga remisów."
        ),
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("guidance"),
        FieldRowPanel(
            [FieldPanel("max_points"), FieldPanel("min_points"), FieldPanel("tie_breaker_order")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("kryterium merytoryczne")
        verbose_name_plural = _("kryteria merytoryczne")

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.min_points is not None and self.max_points and self.min_points > self.max_points:
            raise ValidationError(
                {"min_points": _("Minimum nie może przekraczać maksymalnej liczby punktów.")}
            )
