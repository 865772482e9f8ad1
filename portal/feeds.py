"""RSS feed of the news listing."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _


class NewsFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Kooperacje 3D – aktualności")

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.lead or _("Wiadomości z realizacji projektu Kooperacje 3D.")

    def items(self):
        return self.index_page.news_items(self.request)[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.date, time(12, 0)))
