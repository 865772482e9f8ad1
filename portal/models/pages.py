"""Home, standard and project pages."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.pages import BasePage
from core.visibility import public_pages
from portal.blocks import BodyBlock, EntryTileBlock
from portal.models.news import NewsPage


class HomePage(BasePage):
    intro = RichTextField(
        _("tekst powitalny"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Krótki opis projektu na stronie głównej."),
    )
    tiles = StreamField(
        [("tile", EntryTileBlock())],
        blank=True,
        verbose_name=_("kafelki wejścia"),
        help_text=_(
            "Drogi do tego, po co przychodzą odwiedzający: Model, dobre praktyki, dokumenty."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("tiles"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("strona główna")

    def get_context(self, request, *args, **kwargs):
        from portal.home import home_sections

        context = super().get_context(request, *args, **kwargs)
        news = public_pages(NewsPage.objects.live().descendant_of(self), request)
        context["latest_news"] = news.order_by("-date", "-pk")[:3]
        context["home_sections"] = home_sections(request, self)
        return context


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("strona standardowa")


class ProjectPage(BasePage):
    """About the project: goal, the three levels, the phases and the funding facts."""

    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("treść"),
        help_text=_(
            "Cel projektu, poziomy współpracy, fazy (oś czasu) i finansowanie (fakty ze źródłami)."
        ),
    )

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    max_count = 1
    parent_page_types = ["portal.HomePage"]

    class Meta:
        verbose_name = _("strona o projekcie")
