"""The formal check card (karta oceny formalnej): one per application and round, one answer per
criterion of the call, and the result (DOMAIN.md, "Formal check")."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calls import FormalCriterion
from .choices import AutoRule
from .submissions import ApplicationVersion


class FormalAnswer(models.TextChoices):
    YES = "yes", _("tak")
    NO = "no", _("nie")
    NOT_APPLICABLE = "na", _("nie dotyczy")


class FormalResult(models.TextChoices):
    ACCEPTED = "accepted", _("przyjęte formalnie")
    TO_SUPPLEMENT = "to_supplement", _("wezwanie do uzupełnienia")
    REJECTED = "rejected", _("odrzucone formalnie")


class FormalCheckCard(models.Model):
    """The card of one round of the formal check, about one submitted version. The first round
    checks version 1; after a call to supplement, the supplemented version gets a card of its
    own and the earlier card stays as it was decided. Its answers and result change only through
    `recruitment.formal_check`, which writes the audit log and fires the workflow."""

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="formal_cards",
    )
    version = models.ForeignKey(
        ApplicationVersion,
        verbose_name=_("oceniana wersja"),
        on_delete=models.PROTECT,
        related_name="formal_cards",
    )
    round = models.PositiveSmallIntegerField(
        _("runda oceny"), help_text=_("1 – pierwsza ocena; 2 – ocena po uzupełnieniu.")
    )
    result = models.CharField(
        _("wynik"), max_length=20, choices=FormalResult.choices, blank=True, db_index=True
    )
    deficiencies = models.JSONField(
        _("braki do uzupełnienia"),
        default=list,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("Lista braków wskazanych w wezwaniu do uzupełnienia."),
    )
    supplement_due = models.DateTimeField(_("termin uzupełnienia"), null=True, blank=True)
    reason = models.TextField(_("uzasadnienie odrzucenia"), blank=True)
    revision = models.PositiveIntegerField(
        _("numer zapisu"),
        default=1,
        help_text=_("Rośnie przy każdym zapisie; formularz z nieaktualnym numerem jest odrzucany."),
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utworzył(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("ostatni zapis"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ostatnio zapisał(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("rozstrzygnięto"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rozstrzygnął (rozstrzygnęła)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(
        _("wysłano przypomnienie"),
        null=True,
        blank=True,
        help_text=_("Przypomnienie o terminie uzupełnienia wysyła się raz."),
    )

    class Meta:
        ordering = ["application", "round"]
        verbose_name = _("karta oceny formalnej")
        verbose_name_plural = _("karty oceny formalnej")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round"], name="recruitment_one_formal_card_per_round"
            ),
            models.UniqueConstraint(
                fields=["application", "version"], name="recruitment_one_formal_card_per_version"
            ),
        ]

    def __str__(self):
        return _("Karta oceny formalnej %(application)s, runda %(round)s") % {
            "application": self.application,
            "round": self.round,
        }

    @property
    def is_decided(self):
        return bool(self.result)


class FormalCheckAnswer(models.Model):
    """The answer to one criterion. The criterion's text and kind are copied when the card is
    made, so that the card reads the same whatever happens to the call later. An answer the
    system proposed keeps that proposal (`system_answer`, `system_note`) next to the operator's
    confirmed answer."""

    wagtail_reference_index_ignore = True

    card = models.ForeignKey(
        FormalCheckCard,
        verbose_name=_("karta"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    criterion = models.ForeignKey(
        FormalCriterion,
        verbose_name=_("kryterium"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("lp."))
    text = models.TextField(_("treść kryterium"))
    correctable = models.BooleanField(_("można uzupełnić"), default=False)
    auto_rule = models.CharField(
        _("reguła automatyczna"), max_length=20, choices=AutoRule.choices, blank=True
    )
    answer = models.CharField(
        _("odpowiedź"), max_length=5, choices=FormalAnswer.choices, blank=True
    )
    comment = models.TextField(_("uwagi"), blank=True)
    system_answer = models.CharField(
        _("odpowiedź systemu"), max_length=5, choices=FormalAnswer.choices, blank=True
    )
    system_note = models.TextField(_("uzasadnienie systemu"), blank=True)
    answered_at = models.DateTimeField(_("zatwierdzono"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zatwierdził(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["card", "position", "pk"]
        verbose_name = _("odpowiedź na karcie oceny formalnej")
        verbose_name_plural = _("odpowiedzi na kartach oceny formalnej")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["card", "position"], name="recruitment_one_formal_answer_per_position"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}: {self.get_answer_display() or '–'}"

    @property
    def is_prefilled(self):
        return bool(self.system_answer)

    @property
    def is_confirmed(self):
        return self.answered_at is not None

    @property
    def overrides_system(self):
        return bool(self.system_answer and self.answer and self.answer != self.system_answer)
