"""Sitemap entries of the public registry documents (unpublished ones and private collections
are left out)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction


class RegistryDocumentSitemap(DjangoSitemap):
    limit = 5000

    def items(self):
        restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        queryset = get_document_model().objects.public().order_by("pk")
        for path in restricted:
            queryset = queryset.exclude(collection__path__startswith=path).exclude(
                format_of__collection__path__startswith=path
            )
        return queryset

    def lastmod(self, document):
        return document.publication_date

    # Addresses on SITE_URL, as the pages' entries (Wagtail's Site), not on the request's host.
    def get_protocol(self, protocol=None):
        from core.site_url import parse

        return parse(settings.SITE_URL)[0]

    def get_domain(self, site=None):
        from urllib.parse import urlsplit

        return urlsplit(settings.SITE_URL).netloc
