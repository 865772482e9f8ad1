"""The glossary: terms as snippets and the page listing them A–Ż."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.pages import BasePage
from knowledge.services import glossary_sections


class GlossaryTerm(index.Indexed, models.Model):
    """A term; its slug is the anchor of its entry on the glossary page (/slownik/#slug)."""

    term = models.CharField(
        _("pojęcie"), max_length=150, unique=True, help_text=_("Np. „Kontrakt socjalny” lub „PZK”.")
    )
    slug = models.SlugField(
        _("kotwica"),
        max_length=150,
        unique=True,
        help_text=_(
            "Krótki identyfikator w adresie, np. „pzk”; do pojęcia linkuje się adresem /slownik/#pzk."
        ),
    )
    expansion = models.CharField(
        _("rozwinięcie skrótu"),
        max_length=250,
        blank=True,
        help_text=_("Pełna nazwa, jeśli pojęcie jest skrótem, np. „Ośrodek Pomocy Społecznej”."),
    )
    definition = RichTextField(
        _("definicja"),
        features=["bold", "italic", "link", "ul"],
        help_text=_("Wyjaśnienie pojęcia prostym językiem, w 1–3 zdaniach."),
    )
    see_also = models.ManyToManyField(
        "self",
        verbose_name=_("zobacz też"),
        symmetrical=False,
        blank=True,
        help_text=_("Powiązane pojęcia, do których odsyła hasło."),
    )

    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("expansion"),
        FieldPanel("definition"),
        FieldPanel("see_also"),
    ]
    search_fields = [
        index.SearchField("term", boost=3),
        index.AutocompleteField("term"),
        index.SearchField("expansion"),
        index.AutocompleteField("expansion"),
        index.SearchField("definition"),
    ]

    class Meta:
        verbose_name = _("pojęcie słownika")
        verbose_name_plural = _("słownik pojęć")
        ordering = ["term"]

    def __str__(self):
        return self.term

    @property
    def anchor_url(self):
        return f"/slownik/#{self.slug}"


class GlossaryPage(BasePage):
    """Every glossary term in Polish alphabetical order with a letter navigation."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("słownik pojęć")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(glossary_sections(GlossaryTerm.objects.prefetch_related("see_also")))
        return context
