"""The Model Kooperacje 3D as a chaptered publication with a PDF of the whole."""

from django.db import models
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from core.choices import CooperationLevel
from core.fields import MultipleChoiceField
from core.pages import BasePage
from knowledge.choices import LEVEL_SLUGS, SLUG_FOR_LEVEL
from knowledge.services import chapter_neighbours, level_navigation, model_chapters
from portal.blocks import BodyBlock


class ModelPage(RoutablePageMixin, BasePage):
    """The whole Model: introduction, table of contents, views per level and the PDF."""

    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("wprowadzenie do Modelu"),
        help_text=_("Treść pokazywana nad spisem treści; rozdziały dodaje się jako podstrony."),
    )
    pdf_file = models.FileField(
        _("plik PDF całego Modelu"),
        upload_to="model/",
        blank=True,
        editable=False,
        help_text=_("Tworzony automatycznie przy każdej publikacji Modelu lub jego rozdziału."),
    )
    pdf_size = models.PositiveIntegerField(
        _("rozmiar pliku PDF"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Rozmiar ostatnio wygenerowanego pliku PDF w bajtach."),
    )
    pdf_generated_at = models.DateTimeField(
        _("data wygenerowania PDF"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kiedy ostatnio udało się wygenerować plik PDF."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["knowledge.ModelChapterPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Model Kooperacje 3D")

    # The PDF belongs to the live page, not to a revision: publishing an older revision must
    # not bring back the name of a file that has since been replaced and deleted.
    PDF_FIELDS = ("pdf_file", "pdf_size", "pdf_generated_at")

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.PDF_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def pdf_available(self):
        """True only when the stored file is really there, so the page never links to a 404."""
        if not self.pdf_file:
            return False
        try:
            return self.pdf_file.storage.exists(self.pdf_file.name)
        except OSError:
            return False

    def chapter_pages(self):
        return ModelChapterPage.objects.live().child_of(self)

    def get_context(self, request, *args, level=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_chapters = model_chapters(self, request)
        context["all_chapters"] = all_chapters
        context["level_links"] = level_navigation(
            self, all_chapters, current=level, request=request
        )
        if level is None:
            context["chapters"] = all_chapters
        else:
            context["level"] = level
            context["level_label"] = CooperationLevel(level).label
            context["chapters"] = [c for c in all_chapters if level in c.levels]
        return context

    @path("poziom/<str:level_slug>/", name="level")
    def level_view(self, request, level_slug):
        level = LEVEL_SLUGS.get(level_slug)
        if level is None:
            raise Http404
        return self.render(request, level=level, template="knowledge/model_level.html")

    @path("pdf/", name="pdf")
    def pdf_view(self, request):
        if not self.pdf_available:
            raise Http404
        try:
            handle = self.pdf_file.open("rb")
        except OSError as exc:
            raise Http404 from exc
        return FileResponse(
            handle,
            as_attachment=False,
            filename="model-kooperacje-3d.pdf",
            content_type="application/pdf",
        )

    def level_url(self, level):
        return self.url + self.reverse_subpage("level", args=[SLUG_FOR_LEVEL[level]])

    @property
    def pdf_url(self):
        return self.url + self.reverse_subpage("pdf")


class ModelChapterPage(BasePage):
    """One chapter of the Model, tagged with the levels of cooperation it concerns."""

    levels = MultipleChoiceField(
        _("poziomy współpracy"),
        choices=CooperationLevel.choices,
        blank=False,
        help_text=_("Których poziomów dotyczy rozdział; można zaznaczyć kilka."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("treść rozdziału"),
        help_text=_(
            "Do pojęć ze słownika odsyłaj linkiem „/slownik/#skrót-pojęcia”, np. /slownik/#pzk."
        ),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("levels")], heading=_("Poziomy")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["knowledge.ModelPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("rozdział Modelu")
        verbose_name_plural = _("rozdziały Modelu")

    @property
    def level_labels(self):
        return [CooperationLevel(v).label for v in self.levels if v in CooperationLevel.values]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(chapter_neighbours(self, request))
        return context
