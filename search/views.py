"""The site search page (/szukaj/) over every live public page."""

import logging
import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
logger = logging.getLogger(__name__)
# Engine query syntax (quotes, brackets, wildcards, boolean words) is not for visitors to write:
# only words reach the engine.
_NOT_WORD = re.compile(r"[^\w\s-]+", re.UNICODE)


def clean_query(query):
    words = _NOT_WORD.sub(" ", query).replace("-", " ").split()
    return " ".join(w for w in words if w.upper() not in {"AND", "OR", "NOT", "NEAR"})


def search(request):
    raw_query = request.GET.get("q", "").strip()
    notice = None
    if len(raw_query) > MAX_QUERY_LENGTH:
        notice = _("Zapytanie było za długie; szukamy pierwszych %(n)d znaków.") % {
            "n": MAX_QUERY_LENGTH
        }
    query = raw_query[:MAX_QUERY_LENGTH]
    results = None
    terms = clean_query(query)
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
