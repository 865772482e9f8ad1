"""The site search page (/szukaj/) over every live public page."""

import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from portal.search_terms import plain_terms

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
logger = logging.getLogger(__name__)


def search(request):
    raw_query = request.GET.get("q", "").strip()
    notice = None
    if len(raw_query) > MAX_QUERY_LENGTH:
        notice = _("Zapytanie było za długie; szukamy pierwszych %(n)d znaków.") % {
            "n": MAX_QUERY_LENGTH
        }
    query = raw_query[:MAX_QUERY_LENGTH]
    results = None
    terms = plain_terms(query)
    if query and terms:
        found = Page.objects.live().public().specific().search(terms)
        Query.get(terms).add_hit()
        paginator = Paginator(found, PER_PAGE)
        try:
            try:
                results = paginator.page(request.GET.get("strona", 1))
            except (EmptyPage, PageNotAnInteger):
                results = paginator.page(1)
        except DatabaseError:
            logger.exception("Search failed for %r", terms)
            notice = _("Nie udało się wykonać wyszukiwania. Spróbuj innych słów.")
            results = None
    response = render(
        request,
        "search/search.html",
        {"query": query, "results": results, "notice": notice},
    )
    if query:
        add_never_cache_headers(response)
    return response
