"""News: a listing of dated news items with tags, a yearly archive and an RSS feed."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from core.pages import BasePage
from core.visibility import public_pages
from portal.blocks import BodyBlock


class NewsIndexPage(RoutablePageMixin, BasePage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    max_count = 1
    per_page = 10

    class Meta:
        verbose_name = _("lista aktualności")

    def news_items(self, request):
        items = public_pages(NewsPage.objects.live().child_of(self), request)
        return items.order_by("-date", "-pk")

    def years(self, request):
        return (
            self.news_items(request)
            .annotate(year=ExtractYear("date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )

    def _listing(self, request, items, **extra):
        paginator = Paginator(items, self.per_page)
        try:
            page_obj = paginator.page(request.GET.get("strona", 1))
        except (EmptyPage, PageNotAnInteger):
            page_obj = paginator.page(1)
        context = {"news_items": page_obj, "years": self.years(request), **extra}
        return self.render(request, context_overrides=context)

    @path("")
    def index(self, request):
        return self._listing(request, self.news_items(request))

    @re_path(r"^rok/(?P<year>\d{4})/$")
    def archive(self, request, year):
        year = int(year)
        if not 1900 <= year <= 2999:  # year 0 and the like are not dates at all
            raise Http404
        items = self.news_items(request).filter(date__year=year)
        if not items.exists():
            raise Http404
        return self._listing(request, items, archive_year=year)

    @path("tag/<slug:tag>/")
    def tagged(self, request, tag):
        items = self.news_items(request).filter(tags__slug=tag).distinct()
        tag_object = NewsPageTag.objects.filter(tag__slug=tag).select_related("tag").first()
        if tag_object is None:
            raise Http404
        return self._listing(request, items, active_tag=tag_object.tag)

    @path("rss/")
    def feed(self, request):
        from portal.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(BasePage):
    date = models.DateField(
        _("data publikacji"),
        default=timezone.localdate,
        help_text=_("Data wydarzenia lub wiadomości."),
    )
    place = models.CharField(
        _("miejsce"),
        max_length=100,
        blank=True,
        help_text=_("Miejscowość, której dotyczy wiadomość."),
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name=_("tagi"),
        help_text=_("Słowa kluczowe, po których czytelnicy mogą filtrować aktualności."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("place"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("aktualność")
        verbose_name_plural = _("aktualności")
