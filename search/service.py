"""The one search service behind the search page and the API.

It reads the request into a SearchRequest, asks the configured backend and, when Elasticsearch
is down or slower than SEARCH_TIMEOUT, answers from the database backend instead: the response
says which backend answered, the fallback is logged, and the user never sees an error. The
circuit breaker (breaker.py) then sends the next searches to the database at once, for
SEARCH_BREAKER_SECONDS, instead of making each wait for the timeout again.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from . import breaker, querylog
from .backends import configured_backend_name, get_backend
from .backends.base import SORTS, BackendUnavailable, SearchRequest
from .indexing import pending_count, schedule_processing
from .kinds import Kind
from .models import SearchEntry
from .polish import fragment_offset, page_at, parse_query

MAX_QUERY_LENGTH = 200  # characters of the query that are searched; the rest is cut, with a notice
MAX_RAW_LENGTH = 10_000  # beyond this a query is refused outright
MAX_PAGE = 1000
PER_PAGE = 10
# Query-string names of the filters, for the page and the API.
FILTER_PARAMS = {
    "type": "kind",
    "document_type": "document_type",
    "voivodeship": "voivodeship",
    "year": "year",
    "tag": "tag",
}


class InvalidSearch(ValueError):
    """A request the API answers with 400 and this Polish message."""


@dataclass
class SearchParams:
    query_text: str = ""
    parsed: object = None
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    notices: list = field(default_factory=list)  # Polish messages about what was corrected


def read_params(querydict, strict=False):
    """SearchParams from GET parameters. Strict (the API) raises InvalidSearch where the page corrects."""
    params = SearchParams()
    raw = querydict.get("q", "") or ""
    if len(raw) > MAX_RAW_LENGTH and strict:
        raise InvalidSearch(_("Zapytanie jest za długie."))
    raw = " ".join(raw.replace("\ufffd", " ").split())
    if len(raw) > MAX_QUERY_LENGTH:
        params.notices.append(
            _("Zapytanie było za długie; szukamy według pierwszych %(n)d znaków.")
            % {"n": MAX_QUERY_LENGTH}
        )
        raw = raw[:MAX_QUERY_LENGTH]
    params.query_text = raw
    params.parsed = parse_query(raw)

    known = _known_values()
    for param, facet in FILTER_PARAMS.items():
        values = [v for v in querydict.getlist(param) if v.strip()][:20]
        accepted = [v for v in values if known[facet](v)]
        if len(accepted) < len(values):
            if strict:
                raise InvalidSearch(
                    _("Nieznana wartość filtra „%(name)s”: %(value)s.")
                    % {"name": param, "value": ", ".join(set(values) - set(accepted))[:100]}
                )
            params.notices.append(_("Pominęliśmy nieznaną wartość filtra."))
        if accepted:
            params.filters[facet] = accepted

    sort = querydict.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        if strict:
            raise InvalidSearch(_("Sortowanie może mieć wartość „relevance” albo „date”."))
        sort = "relevance"
    params.sort = sort

    page_text = (querydict.get("page") or querydict.get("strona") or "1").strip()
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        if strict:
            raise InvalidSearch(
                _("Numer strony musi być liczbą od 1 do %(max)d.") % {"max": MAX_PAGE}
            )
        params.notices.append(_("Nie ma takiej strony wyników; pokazujemy pierwszą."))
        page_text = "1"
    params.page = int(page_text)
    return params


@lru_cache(maxsize=1)
def _known_values():
    from core.choices import Voivodeship

    kinds = set(Kind.values)
    voivodeships = set(Voivodeship.values)
    return {
        "kind": lambda v: v in kinds,
        "document_type": lambda v: len(v) <= 60 and v.replace("-", "").isalnum(),
        "voivodeship": lambda v: v in voivodeships,
        "year": lambda v: v.isdigit() and 1990 <= int(v) <= 2100,
        "tag": lambda v: 0 < len(v) <= 100,
    }


def run_search(params, per_page=PER_PAGE, backend_name=None):
    """The SearchResponse for these params, from the configured backend or, failing it, the database."""
    request = SearchRequest(
        query=params.parsed,
        filters=params.filters,
        sort=params.sort,
        page=params.page,
        per_page=per_page,
    )
    name = backend_name or configured_backend_name()
    if name == "elasticsearch":
        response, fell_back = with_fallback(lambda backend: backend.search(request), "search")
        response.fallback = fell_back
        if not fell_back:
            add_pages(response.hits)
        return response
    return get_backend(name).search(request)


def add_pages(hits):
    """The PDF page of each hit whose snippet comes from its file's text, when the engine did
    not say it (Elasticsearch tells no offsets of its snippets).

    The snippet's words are found in the text the database index keeps of the same record: it is
    the fallback, kept up to date beside Elasticsearch. A PDF's pages are separated by form feeds."""
    wanted = {hit.key: hit for hit in hits if hit.snippet_source == "file" and hit.file_paged}
    if not wanted:
        return
    texts = SearchEntry.objects.filter(key__in=wanted).values_list("key", "file_text")
    for key, text in texts:
        hit = wanted[key]
        # The first of the snippet's fragments (they are joined by " … ").
        hit.page = page_at(text, fragment_offset(text, hit.snippet.split(" … ")[0]))


def suggest(text):
    """(backend name, suggestions) for the search box, from the database when Elasticsearch
    is unavailable."""
    name = configured_backend_name()
    if name == "elasticsearch":
        suggestions, fell_back = with_fallback(lambda backend: backend.suggest(text), "suggestions")
        return ("database" if fell_back else name), suggestions
    return name, get_backend(name).suggest(text)


def with_fallback(action, what):
    """action(backend) on Elasticsearch or, when it fails or its circuit breaker is open
    (search/breaker.py), on the database; returns (result, whether the database answered)."""
    result, fell_back = breaker.call(
        settings.ELASTICSEARCH_URL,
        lambda: action(get_backend("elasticsearch")),
        lambda: action(get_backend("database")),
        errors=(BackendUnavailable,),
        what=what,
    )
    if not fell_back:
        _catch_up_if_pending()
    return result, fell_back


def _catch_up_if_pending():
    """Elasticsearch answered: if updates waited for it while it was down, apply them now."""
    if cache.get("search:es-pending-checked"):
        return
    cache.set("search:es-pending-checked", True, 30)

    if pending_count("elasticsearch"):
        schedule_processing()


def log_query(params):
    """Count the query for the admin's popular-searches report (search/querylog.py)."""
    text = params.parsed.text() if params.parsed else ""
    if text and params.page == 1:
        querylog.record(text)


def promotions(params):
    """Editors' picks (Wagtail search promotions) for this query, first page only."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    if params.page != 1 or not params.query_text:
        return []
    picks = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(params.query_text)
    ).select_related("page")
    return [pick for pick in picks.order_by("sort_order") if pick.page is None or pick.page.live]
