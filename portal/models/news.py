"""News: a listing of dated news items."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.models.pages import BasePage
from portal.visibility import public_pages


class NewsIndexPage(BasePage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    max_count = 1
    per_page = 10

    class Meta:
        verbose_name = _("lista aktualności")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = public_pages(NewsPage.objects.live().child_of(self), request)
        items = items.order_by("-date", "-pk")
        paginator = Paginator(items, self.per_page)
        try:
            page_obj = paginator.page(request.GET.get("strona", 1))
        except (EmptyPage, PageNotAnInteger):
            page_obj = paginator.page(1)
        context["news_items"] = page_obj
        return context


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
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("place"),
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
