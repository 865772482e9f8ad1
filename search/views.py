"""The search page (/szukaj/), the JSON API (/api/search/), suggestions and the index health."""

import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from core.choices import Voivodeship
from core.text import polish_plural

from . import breaker, indexing
from .backends import backend_names, configured_backend_name, get_backend
from .backends.base import FACET_FIELDS, BackendUnavailable
from .kinds import Kind
from .service import (
    FILTER_PARAMS,
    PER_PAGE,
    InvalidSearch,
    log_query,
    promotions,
    read_params,
    run_search,
    suggest,
)

PARAM_OF_FACET = {facet: param for param, facet in FILTER_PARAMS.items()}
# Labels (lazy, so translated when shown) of the content types and voivodeships, looked up once.
KIND_LABELS = dict(Kind.choices)
VOIVODESHIP_LABELS = dict(Voivodeship.choices)
FACET_HEADINGS = {
    "kind": gettext_lazy("Rodzaj treści"),
    "document_type": gettext_lazy("Typ dokumentu"),
    "voivodeship": gettext_lazy("Województwo"),
    "year": gettext_lazy("Rok"),
    "tag": gettext_lazy("Tag"),
}


def _value_label(facet, value, labels):
    if facet == "kind":
        return KIND_LABELS.get(value, value)
    if facet == "voivodeship":
        return VOIVODESHIP_LABELS.get(value, value)
    if facet == "document_type":
        return labels.get(value, value)
    return value


def search(request):
    params = read_params(request.GET)
    response = None
    picks = []
    if not params.parsed.is_empty:
        response = run_search(params, per_page=PER_PAGE)
        pages = max(1, math.ceil(response.total / PER_PAGE))
        if params.page > pages and response.total:
            params.notices.append(_("Nie ma takiej strony wyników; pokazujemy ostatnią."))
            params.page = pages
            response = run_search(params, per_page=PER_PAGE)
        log_query(params)
        picks = promotions(params)
    context = {
        "query": params.query_text,
        "params": params,
        "response": response,
        "picks": picks,
        "notices": params.notices,
        "facets": _facet_groups(params, response),
        "sort": params.sort,
        "pagination": _pagination(params, response),
        "fallback": bool(response and getattr(response, "fallback", False)),
        "first_number": (params.page - 1) * PER_PAGE + 1,
        "results_label": _results_label(response.total) if response else "",
        "base_query": _base_query(request),
    }
    rendered = render(request, "search/search.html", context)
    if params.query_text:
        add_never_cache_headers(rendered)
    return rendered


def _results_label(total):
    return polish_plural(total, _("%d wynik"), _("%d wyniki"), _("%d wyników")) % total


def _base_query(request):
    """The current query string without the page number, for the pagination links."""
    query = request.GET.copy()
    for name in ("page", "strona"):
        query.pop(name, None)
    return query.urlencode()


def _facet_groups(params, response):
    if response is None or not response.facets:
        return []
    labels = {hit.document_type: hit.document_type_label for hit in response.hits}
    labels.update(_document_type_labels())
    groups = []
    for facet in FACET_FIELDS:
        values = response.facets.get(facet) or []
        selected = set(params.filters.get(facet, []))
        if not values and not selected:
            continue
        groups.append(
            {
                "name": facet,
                "param": PARAM_OF_FACET[facet],
                "heading": FACET_HEADINGS[facet],
                "values": [
                    {
                        "value": item.value,
                        "label": _value_label(facet, item.value, labels),
                        "count": item.count,
                        "selected": item.value in selected,
                    }
                    for item in values[:15]
                ],
            }
        )
    return groups


def _document_type_labels():
    from documents.models import DocumentType

    return dict(DocumentType.objects.values_list("slug", "name"))


def _pagination(params, response):
    if response is None or response.total <= PER_PAGE:
        return None
    pages = math.ceil(response.total / PER_PAGE)
    return {
        "number": params.page,
        "pages": pages,
        "previous": params.page - 1 if params.page > 1 else None,
        "next": params.page + 1 if params.page < pages else None,
    }


def _hit_json(hit):
    return {
        "title": hit.title,
        "url": hit.url,
        "content_type": hit.kind,
        "content_type_label": KIND_LABELS.get(hit.kind, hit.kind),
        "document_type": hit.document_type or None,
        "document_type_label": hit.document_type_label or None,
        "number": hit.number or None,
        "date": hit.date.isoformat() if hit.date else None,
        "snippet": hit.snippet,
        "snippet_source": hit.snippet_source or None,
        "page": hit.page,
        "score": hit.score,
    }


def _error(message, status=400):
    response = JsonResponse({"error": message}, status=status)
    add_never_cache_headers(response)
    return response


@never_cache
def api_search(request):
    """GET /api/search/?q=&type=&document_type=&voivodeship=&year=&tag=&sort=&page=&per_page="""
    try:
        params = read_params(request.GET, strict=True)
    except InvalidSearch as exc:
        return _error(str(exc))
    if params.parsed.is_empty:
        return _error(_("Podaj zapytanie w parametrze q, np. /api/search/?q=kooperacja."))
    per_page_text = request.GET.get("per_page", str(PER_PAGE))
    if not per_page_text.isdigit() or not 1 <= int(per_page_text) <= 50:
        return _error(_("Parametr per_page musi być liczbą od 1 do 50."))
    response = run_search(params, per_page=int(per_page_text))
    log_query(params)
    payload = {
        "query": params.query_text,
        "total": response.total,
        "page": params.page,
        "per_page": int(per_page_text),
        "took_ms": response.took_ms,
        "backend": response.backend,
        "fallback": bool(getattr(response, "fallback", False)),
        "any_word": response.any_word,
        "suggestion": response.suggestion or None,
        "corrected": response.corrected,
        "notices": params.notices,
        "hits": [_hit_json(hit) for hit in response.hits],
        "facets": {
            PARAM_OF_FACET[name]: [{"value": v.value, "count": v.count} for v in values]
            for name, values in response.facets.items()
        },
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@never_cache
def api_suggest(request):
    """GET /api/search/suggest/?q= — titles for the search box's list of suggestions."""
    text = " ".join((request.GET.get("q") or "").split())[:100]
    if len(text) < 2:
        return JsonResponse({"suggestions": []})
    name, suggestions = suggest(text)
    return JsonResponse(
        {
            "backend": name,
            "suggestions": [
                {"title": s.title, "url": s.url, "content_type": s.kind} for s in suggestions
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
def health(request):
    """The state of every search index: backend, documents, size, updates waiting and the lag;
    for Elasticsearch, its circuit breaker too. It asks each backend itself, whatever the
    breaker's state: a monitor sees whether Elasticsearch answers now."""
    report = {"configured_backend": configured_backend_name(), "backends": {}}
    for name in backend_names():
        backend = get_backend(name)
        entry = {
            "pending_updates": indexing.pending_count(name),
            "lag_seconds": indexing.lag_seconds(name),
            # Records the backend refused for what they hold: skipped, the rest is indexed.
            "rejected_records": indexing.rejected_count(name),
        }
        try:
            entry.update(backend.stats())
            entry["available"] = True
        except BackendUnavailable as exc:
            entry.update({"available": False, "error": str(exc)[:200]})
        if entry.get("available") and entry["pending_updates"]:
            indexing.schedule_processing()
        if name == "elasticsearch":
            # Open: searches go to the database without asking Elasticsearch, until open_until.
            entry["breaker"] = breaker.status(settings.ELASTICSEARCH_URL)
        report["backends"][name] = entry
    # Degraded: a backend is down and the database answers searches in its place.
    available = all(entry["available"] for entry in report["backends"].values())
    report["status"] = "ok" if available else "degraded"
    return JsonResponse(report)
