"""The catalogue of good practices: structured practices and their filterable listing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.choices import CooperationLevel, Sector, Voivodeship
from core.fields import MultipleChoiceField
from core.pages import BasePage
from knowledge.choices import TargetGroup
from knowledge.services import good_practice_listing

RICH_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class GoodPracticeIndexPage(BasePage):
    """The catalogue: practices filtered by voivodeship, sector, level and target group."""

    notice = models.TextField(
        _("uwaga nad listą"),
        blank=True,
        help_text=_(
            "Wyróżniona informacja nad katalogiem, np. że opisy są przykładami demonstracyjnymi."
        ),
    )
    per_page = 20

    content_panels = BasePage.content_panels + [FieldPanel("notice")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["knowledge.GoodPracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("katalog dobrych praktyk")

    def practice_pages(self):
        return GoodPracticePage.objects.live().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(good_practice_listing(self, request))
        return context


class GoodPracticePage(BasePage):
    """One practice with the structured fields of DOMAIN.md."""

    is_example = models.BooleanField(
        _("przykład demonstracyjny"),
        default=False,
        help_text=_("Zaznacz, jeśli opis jest przykładem, a nie relacją z konkretnej JST."),
    )
    jst_name = models.CharField(
        _("JST"),
        max_length=200,
        help_text=_("Nazwa jednostki samorządu terytorialnego, np. „Gmina Miasto Oświęcim”."),
    )
    voivodeship = models.CharField(
        _("województwo"),
        max_length=2,
        choices=Voivodeship.choices,
        help_text=_("Województwo, w którym działa JST."),
    )
    sectors = MultipleChoiceField(
        _("zaangażowane sektory"),
        choices=Sector.choices,
        blank=False,
        help_text=_("Sektory, których instytucje współpracowały; można zaznaczyć kilka."),
    )
    levels = MultipleChoiceField(
        _("poziomy współpracy"),
        choices=CooperationLevel.choices,
        blank=False,
        help_text=_("Których poziomów Modelu dotyczy praktyka."),
    )
    target_groups = MultipleChoiceField(
        _("grupy docelowe"),
        choices=TargetGroup.choices,
        blank=False,
        help_text=_("Do kogo kierowane było wsparcie."),
    )
    problem = RichTextField(
        _("problem"),
        features=RICH_FEATURES,
        help_text=_("Jaki problem lub potrzebę rozwiązywano."),
    )
    actions = RichTextField(
        _("działania"),
        features=RICH_FEATURES,
        help_text=_("Co zrobiono, kto i w jakiej kolejności."),
    )
    results = RichTextField(
        _("rezultaty"),
        features=RICH_FEATURES,
        help_text=_("Co się zmieniło; najlepiej z liczbami."),
    )
    contact_name = models.CharField(
        _("kontakt: instytucja lub osoba"),
        max_length=200,
        blank=True,
        help_text=_("Kto udziela informacji o praktyce."),
    )
    contact_email = models.EmailField(
        _("kontakt: e-mail"), blank=True, help_text=_("Adres e-mail do kontaktu.")
    )
    contact_phone = models.CharField(
        _("kontakt: telefon"), max_length=50, blank=True, help_text=_("Numer telefonu.")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("is_example"),
        MultiFieldPanel(
            [
                FieldPanel("jst_name"),
                FieldPanel("voivodeship"),
                FieldPanel("sectors"),
                FieldPanel("levels"),
                FieldPanel("target_groups"),
            ],
            heading=_("Opis praktyki"),
        ),
        FieldPanel("problem"),
        FieldPanel("actions"),
        FieldPanel("results"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Kontakt"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("jst_name", boost=2),
        index.SearchField("problem"),
        index.SearchField("actions"),
        index.SearchField("results"),
        index.FilterField("voivodeship"),
    ]
    parent_page_types = ["knowledge.GoodPracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("dobra praktyka")
        verbose_name_plural = _("dobre praktyki")

    @property
    def sector_labels(self):
        return _labels(Sector, self.sectors)

    @property
    def level_labels(self):
        return _labels(CooperationLevel, self.levels)

    @property
    def target_group_labels(self):
        return _labels(TargetGroup, self.target_groups)


def _labels(choices, values):
    return [choices(v).label for v in values if v in choices.values]
