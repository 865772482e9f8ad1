"""The JST registry and the applicant accounts that belong to a JST."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.choices import JSTType, Voivodeship
from recruitment.validators import (
    canonical_teryt,
    normalise_number,
    validate_nip,
    validate_postal_code,
    validate_regon,
    validate_teryt,
    validate_teryt_for_type,
)

from .choices import CentreKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Institution(models.Model):
    """A local government unit (JST) that may apply: a gmina miejska, a city with county rights
    or a powiat, with its social assistance centre (OPS or PCPR) that takes part in the project."""

    name = models.CharField(
        _("nazwa JST"),
        max_length=200,
        help_text=_("Pełna nazwa jednostki, np. „Gmina Miasto Oświęcim”, „Powiat Oświęcimski”."),
    )
    jst_type = models.CharField(
        _("rodzaj JST"),
        max_length=30,
        choices=JSTType.choices,
        help_text=_("Gmina miejska, miasto na prawach powiatu albo powiat."),
    )
    teryt = models.CharField(
        _("kod TERYT"),
        max_length=7,
        unique=True,
        validators=[validate_teryt],
        help_text=_(
            "Powiat: 4 cyfry (np. 1213). Gmina miejska: 7 cyfr zakończonych cyfrą 1 "
            "(np. 1213011). Miasto na prawach powiatu: 4 cyfry powiatu od 61 wzwyż (np. 1661) "
            "albo 7 cyfr (1661011); zapisujemy postać 7-cyfrową."
        ),
        error_messages={"unique": _("JST o tym kodzie TERYT jest już w rejestrze.")},
    )
    regon = models.CharField(
        _("REGON"),
        max_length=17,
        validators=[validate_regon],
        help_text=_("9 albo 14 cyfr; sprawdzamy cyfrę kontrolną."),
    )
    nip = models.CharField(
        _("NIP"),
        max_length=13,
        validators=[validate_nip],
        help_text=_("10 cyfr, z kreskami lub bez; sprawdzamy cyfrę kontrolną."),
    )
    street_address = models.CharField(
        _("ulica i numer"), max_length=200, help_text=_("Adres urzędu, np. „ul. Zaborska 2”.")
    )
    postal_code = models.CharField(
        _("kod pocztowy"),
        max_length=6,
        validators=[validate_postal_code],
        help_text=_("W formacie 00-000."),
    )
    city = models.CharField(_("miejscowość"), max_length=100, help_text=_("Np. „Oświęcim”."))
    population = models.PositiveIntegerField(
        _("liczba mieszkańców"),
        help_text=_("Według danych GUS z roku podanego obok."),
    )
    population_year = models.PositiveSmallIntegerField(
        _("rok danych o liczbie mieszkańców"),
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Rok, którego dotyczy liczba mieszkańców, np. 2017."),
    )
    centre_name = models.CharField(
        _("nazwa ośrodka"),
        max_length=200,
        help_text=_("Np. „Miejski Ośrodek Pomocy Społecznej w Oświęcimiu”."),
    )
    centre_kind = models.CharField(
        _("rodzaj ośrodka"),
        max_length=10,
        choices=CentreKind.choices,
        help_text=_("OPS w gminie, PCPR w powiecie."),
    )
    centre_street_address = models.CharField(
        _("ulica i numer ośrodka"), max_length=200, help_text=_("Adres siedziby ośrodka.")
    )
    centre_postal_code = models.CharField(
        _("kod pocztowy ośrodka"),
        max_length=6,
        validators=[validate_postal_code],
        help_text=_("W formacie 00-000."),
    )
    centre_city = models.CharField(
        _("miejscowość ośrodka"), max_length=100, help_text=_("Siedziba ośrodka.")
    )
    centre_email = models.EmailField(
        _("e-mail ośrodka"), help_text=_("Adres do korespondencji w sprawie naboru.")
    )
    centre_phone = models.CharField(
        _("telefon ośrodka"), max_length=50, help_text=_("Np. „33 842 25 00”.")
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("jst_type"), FieldPanel("teryt")]),
                FieldRowPanel([FieldPanel("regon"), FieldPanel("nip")]),
                FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
            ],
            heading=_("Jednostka samorządu terytorialnego"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
            ],
            heading=_("Adres urzędu"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("centre_name"), FieldPanel("centre_kind")]),
                FieldPanel("centre_street_address"),
                FieldRowPanel([FieldPanel("centre_postal_code"), FieldPanel("centre_city")]),
                FieldRowPanel([FieldPanel("centre_email"), FieldPanel("centre_phone")]),
            ],
            heading=_("Ośrodek pomocy społecznej (OPS lub PCPR)"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("JST")
        verbose_name_plural = _("rejestr JST")

    def __str__(self):
        return self.name

    @property
    def voivodeship(self):
        """The voivodeship code: the first two digits of TERYT (Voivodeship values are codes)."""
        return self.teryt[:2]

    def get_voivodeship_display(self) -> "StrOrPromise":
        code = self.voivodeship
        return Voivodeship(code).label if code in Voivodeship.values else code

    @property
    def is_municipality(self):
        """A gmina in the sense of the population rule (a city with county rights is one too)."""
        return self.jst_type in (JSTType.URBAN_MUNICIPALITY, JSTType.CITY_COUNTY)

    def clean(self):
        super().clean()
        self.regon = normalise_number(self.regon)
        self.nip = normalise_number(self.nip)
        self.teryt = canonical_teryt(self.teryt, self.jst_type)
        if self.teryt and self.jst_type:
            try:
                validate_teryt(self.teryt)
                validate_teryt_for_type(self.teryt, self.jst_type)
            except ValidationError as error:
                raise ValidationError({"teryt": error.messages}) from error
        expected_centre = CentreKind.PCPR if self.jst_type == JSTType.COUNTY else CentreKind.OPS
        # A city with county rights runs both tasks, usually through its MOPS/MOPR: either kind.
        if self.jst_type in (JSTType.COUNTY, JSTType.URBAN_MUNICIPALITY) and self.centre_kind:
            if self.centre_kind != expected_centre:
                raise ValidationError(
                    {"centre_kind": _("W powiecie ośrodkiem jest PCPR, a w gminie miejskiej OPS.")}
                )


class InstitutionMembership(models.Model):
    """An applicant account belongs to exactly one JST; its first account is the primary one and
    may invite colleagues (the invitation flow comes with the applicant area)."""

    # Not content: Wagtail's reference index ("usage") has nothing to learn from it, and
    # updating it would cost every save a savepoint and a query.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.CASCADE,
        related_name="institution_membership",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("JST"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_primary = models.BooleanField(
        _("konto główne JST"),
        default=False,
        help_text=_("Pierwsze konto JST; może zapraszać kolejne osoby."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zaproszone przez"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("konto wnioskodawcy")
        verbose_name_plural = _("konta wnioskodawców")
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(is_primary=True),
                name="recruitment_one_primary_account_per_institution",
                violation_error_message=_("Ta JST ma już konto główne."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.institution}"
