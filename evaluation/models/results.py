"""The ranking lists of a call in versions (approved, then published, with their frozen entries)
and the appeals against a published result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import ImmutableModel

# --- results and appeals ----------------------------------------------------------------------


class ResultList(models.Model):
    """One version of a call's ranking list (DOMAIN.md, "The chair approves the list; publishing
    it puts it on the portal"). The chair approves it, which freezes its entries; publishing sets
    `published_at` once. A list is never changed after publication: an upheld appeal leads to a
    new version, and the earlier ones are kept. The rules live in `evaluation.publication`."""

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        "recruitment.CallPage",
        verbose_name=_("nabór"),
        on_delete=models.PROTECT,
        related_name="result_lists",
    )
    version = models.PositiveSmallIntegerField(_("wersja listy"))
    reason = models.TextField(
        _("powód nowej wersji"),
        blank=True,
        help_text=_("Dla wersji po odwołaniu: które odwołanie uwzględniono i dlaczego."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zatwierdził(a)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("zatwierdzono"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opublikował(a)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("opublikowano"), null=True, blank=True)

    class Meta:
        ordering = ["call", "-version"]
        verbose_name = _("lista rankingowa")
        verbose_name_plural = _("listy rankingowe")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "version"],
                name="evaluation_one_result_list_per_version",
                violation_error_message=_("Ta wersja listy tego naboru już istnieje."),
            ),
        ]

    def __str__(self):
        return f"{self.call} – wersja {self.version}"

    @property
    def is_published(self):
        return self.published_at is not None


class ResultEntry(ImmutableModel):
    """One row of a list version, frozen at approval: what the public page and the PDF show."""

    wagtail_reference_index_ignore = True

    result_list = models.ForeignKey(
        ResultList,
        verbose_name=_("lista rankingowa"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="result_entries",
    )
    institution_name = models.CharField(_("JST"), max_length=255)
    jst_type = models.CharField(_("rodzaj JST"), max_length=30)
    final_score = models.DecimalField(_("ocena końcowa"), max_digits=7, decimal_places=2)
    status = models.CharField(
        _("wynik"),
        max_length=20,
        choices=[
            ("selected", _("wybrany")),
            ("reserve", _("na liście rezerwowej")),
            ("not_selected", _("niewybrany")),
        ],
    )
    position = models.PositiveIntegerField(_("miejsce w rodzaju JST"))
    reserve_position = models.PositiveIntegerField(
        _("miejsce na liście rezerwowej"), null=True, blank=True
    )

    class Meta:
        ordering = ["result_list", "jst_type", "position"]
        verbose_name = _("pozycja listy rankingowej")
        verbose_name_plural = _("pozycje listy rankingowej")
        constraints = [
            models.UniqueConstraint(
                fields=["result_list", "application"],
                name="evaluation_one_entry_per_application",
            ),
        ]

    def __str__(self):
        return f"{self.institution_name}: {self.final_score}"


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", _("uwzględnione")
    REJECTED = "rejected", _("odrzucone")


class Appeal(models.Model):
    """An applicant's appeal against a published list (DOMAIN.md: within N days of the
    notification; the chair upholds it, and a new evaluator re-scores, or rejects it with a
    reason). One per application and published version of the list it is filed against: a JST
    whose result a later version worsens is notified anew and may appeal that version too
    (`evaluation.republication`). The latest appeal is the one that matters. The rules live in
    `evaluation.appeals`."""

    wagtail_reference_index_ignore = True

    application = models.ForeignKey(
        "recruitment.Application",
        verbose_name=_("zgłoszenie"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    result_list = models.ForeignKey(
        ResultList,
        verbose_name=_("lista, od której wniesiono odwołanie"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    text = models.TextField(_("uzasadnienie odwołania"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wniósł(a)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("wniesiono"))
    ip_address = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)
    decision = models.CharField(
        _("rozstrzygnięcie"), max_length=10, choices=AppealDecision.choices, blank=True
    )
    decision_reason = models.TextField(_("uzasadnienie rozstrzygnięcia"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rozstrzygnął(a)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("rozstrzygnięto"), null=True, blank=True)
    republished_list = models.ForeignKey(
        ResultList,
        verbose_name=_("wersja listy po ponownej ocenie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("odwołanie")
        verbose_name_plural = _("odwołania")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "result_list"],
                name="evaluation_one_appeal_per_list_version",
                violation_error_message=_("Od wyniku tego zgłoszenia wniesiono już odwołanie."),
            ),
        ]

    def __str__(self):
        return f"{self.application}"
