"""The views of /dane/: the list of data sets, their CSV and JSON downloads, their DCAT-AP (PL)
metadata in JSON-LD and the catalogue of all of them.

Every download answers a conditional GET (Django's `condition`): its ETag and Last-Modified come
from the data set's stamp (one aggregate query, `datasets.Dataset.stamp`), so a client that has
the current version gets 304 without the rows being read. The JSON is paged (`?strona=N`,
PAGE_SIZE rows); a per-call data set takes `?nabor=<number or id>`. Bad input is answered in
Polish (400 or 404), never with a 500.
"""

import csv
import datetime
import hashlib
import io
import json
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from core.spreadsheets import neutralise

from . import metadata
from .datasets import ASCII_DIGITS, DATASETS, Dataset, Scope, find_call

PAGE_SIZE = 100
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
JSONLD_CONTENT_TYPE = "application/ld+json; charset=utf-8"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present"
# How long the moment a stamp was first answered is remembered (`_last_modified`).
SEEN_TIMEOUT = 30 * 24 * 3600


class BadRequest(Exception):
    """Input a client can fix: answered with its Polish message and `status`."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


class Selection:
    """What one request asks for: the data set, the call (`?nabor=`) and the page (`?strona=`),
    read once per request (the ETag, Last-Modified and the view all use it)."""

    def __init__(self, request, slug):
        self.dataset: Dataset | None = DATASETS.get(slug)
        self.scope = Scope()
        self.call = None
        self.error: BadRequest | None = None
        self._stamp = None
        self.page = 1
        if self.dataset is None:
            return
        nabor = request.GET.get("nabor")
        if nabor is not None:
            if not self.dataset.per_call:
                self.error = BadRequest(_("Ten zbiór danych nie ma podziału na nabory."))
                return
            self.call = self.scope.call = find_call(self.scope, nabor)
            if self.call is None:
                self.error = BadRequest(
                    _("Nie ma naboru „%(nabor)s” z opublikowaną listą rankingową.")
                    % {"nabor": nabor[:100]},
                    status=404,
                )
                return
        strona = request.GET.get("strona")
        if strona is not None:
            if not ASCII_DIGITS.fullmatch(strona) or len(strona) > 9 or int(strona) < 1:
                self.error = BadRequest(
                    _("Nieprawidłowy numer strony „%(strona)s”: podaj liczbę całkowitą od 1.")
                    % {"strona": strona[:20]}
                )
                return
            self.page = int(strona)

    @property
    def stamp(self):
        if self._stamp is None:
            self._stamp = self.dataset.stamp(self.scope)
        return self._stamp

    @property
    def usable(self):
        return self.dataset is not None and self.error is None


def _selection(request, slug):
    cached = getattr(request, "_opendata_selection", None)
    if cached is None:
        cached = request._opendata_selection = Selection(request, slug)
    return cached


def _hash(*parts):
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def _etag(kind):
    def etag(request, slug):
        selection = _selection(request, slug)
        if not selection.usable:
            return None
        call = selection.call.pk if selection.call else ""
        page = selection.page if kind == "json" else ""
        return _hash(slug, kind, call, page, selection.stamp.key)

    return etag


def _last_modified(request, slug):
    """The newest timestamp of the data set's rows, or the moment this site first answered with
    the data set's current stamp if that is later: a deletion, an unpublication or an edit
    without a timestamp changes the stamp but leaves the newest row's time as it was, and a
    client asking `If-Modified-Since` must get the change, not a 304. Each new stamp of a data
    set gets a moment at least a second after the previous one's (HTTP dates have seconds). A
    forgotten moment (the cache expired or was cleared) is taken as now: a needless 200, never a
    stale 304."""
    selection = _selection(request, slug)
    if not selection.usable:
        return None
    call = selection.call.pk if selection.call else ""
    key = "opendata:seen:" + _hash(slug, call)
    remembered = cache.get(key)
    if remembered is not None and remembered[0] == selection.stamp.key:
        seen = remembered[1]
    else:
        seen = timezone.now().replace(microsecond=0)
        if remembered is not None:
            seen = max(seen, remembered[1] + datetime.timedelta(seconds=1))
        cache.set(key, (selection.stamp.key, seen), SEEN_TIMEOUT)
    modified = selection.stamp.modified
    return max(seen, modified) if modified else seen


def _open(response):
    """Public data: any site may read it (no cookies are involved), and a cache revalidates."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, no-cache"
    return response


def _error(error, as_json=True):
    if as_json:
        response = JsonResponse(
            {"blad": error.message}, status=error.status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(
            error.message, status=error.status, content_type="text/plain; charset=utf-8"
        )
    return _open(response)


def _get(request, slug):
    selection = _selection(request, slug)
    if selection.dataset is None:
        raise Http404(_("Nie ma takiego zbioru danych."))
    return selection


# --- values --------------------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    # A text opened in a spreadsheet never runs as a formula (=, +, -, @ get an apostrophe); the
    # JSON keeps the text as it is.
    return neutralise(_json_value(value))


# --- downloads -----------------------------------------------------------------------------------


@require_safe
@condition(etag_func=_etag("csv"), last_modified_func=_last_modified)
def csv_download(request, slug):
    """The whole data set (or one call's part) as CSV: RFC 4180 (Python's `excel` dialect:
    commas, double quotes, CRLF), UTF-8 without a BOM, a header row of the column keys."""
    selection = _get(request, slug)
    if selection.error:
        return _error(selection.error, as_json=False)
    dataset = selection.dataset
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow(dataset.keys)
    for row in dataset.rows(selection.scope):
        writer.writerow([_csv_value(row[key]) for key in dataset.keys])
    response = HttpResponse(buffer.getvalue().encode(), content_type=CSV_CONTENT_TYPE)
    name = slug if selection.call is None else f"{slug}-{selection.call.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return _open(response)


def _page_url(request, slug, page):
    query = {"strona": page}
    if request.GET.get("nabor") is not None:
        query = {"nabor": request.GET["nabor"], **query}
    return metadata.absolute_url(reverse("opendata:json", args=[slug]) + "?" + urlencode(query))


@require_safe
@condition(etag_func=_etag("json"), last_modified_func=_last_modified)
def json_download(request, slug):
    """One page of the data set: count, next and previous links, and the rows."""
    selection = _get(request, slug)
    if selection.error:
        return _error(selection.error)
    dataset = selection.dataset
    rows = dataset.rows(selection.scope)
    # The stamp's aggregate counted the same rows already (where it can).
    count = selection.stamp.count
    if count is None:
        count = len(rows)
    pages = max(1, -(-count // PAGE_SIZE))
    if selection.page > pages:
        return _error(
            BadRequest(
                _("Nie ma strony %(strona)d: ten zbiór ma %(pages)d.")
                % {"strona": selection.page, "pages": pages},
                status=404,
            )
        )
    start = (selection.page - 1) * PAGE_SIZE
    chunk = rows[start : start + PAGE_SIZE]
    body = {
        "zbior": dataset.slug,
        "tytul": str(dataset.title),
        "licencja": metadata.LICENCE_URL,
        "nabor": selection.call.number if selection.call else None,
        "count": count,
        "page": selection.page,
        "pages": pages,
        "page_size": PAGE_SIZE,
        "next": _page_url(request, slug, selection.page + 1) if selection.page < pages else None,
        "previous": _page_url(request, slug, selection.page - 1) if selection.page > 1 else None,
        "results": [{key: _json_value(row[key]) for key in dataset.keys} for row in chunk],
    }
    return _open(
        JsonResponse(
            body, json_dumps_params={"ensure_ascii": False}, content_type=JSON_CONTENT_TYPE
        )
    )


def _jsonld(document):
    return _open(
        HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2), content_type=JSONLD_CONTENT_TYPE
        )
    )


@require_safe
@condition(etag_func=_etag("jsonld"), last_modified_func=_last_modified)
def dataset_metadata(request, slug):
    """The data set's DCAT-AP (PL) description in JSON-LD."""
    selection = _get(request, slug)
    if selection.error:
        return _error(selection.error)
    return _jsonld(metadata.dataset_document(selection.dataset, selection.stamp, selection.scope))


def _catalogue_stamps(request):
    cached = getattr(request, "_opendata_stamps", None)
    if cached is None:
        scope = request._opendata_scope = Scope()
        cached = request._opendata_stamps = {
            slug: dataset.stamp(scope) for slug, dataset in DATASETS.items()
        }
    return cached


def _catalogue_etag(request):
    return _hash("catalogue", *(s.key for s in _catalogue_stamps(request).values()))


def _catalogue_modified(request):
    moments = [s.modified for s in _catalogue_stamps(request).values() if s.modified]
    return max(moments) if moments else None


@require_safe
@condition(etag_func=_catalogue_etag, last_modified_func=_catalogue_modified)
def catalogue(request):
    """The dcat:Catalog of every data set of the portal."""
    stamps = _catalogue_stamps(request)
    return _jsonld(metadata.catalogue_document(stamps, request._opendata_scope))


@require_safe
def index(request):
    """The list of data sets for people: what each holds, its formats, its columns."""
    stamps = _catalogue_stamps(request)
    scope = request._opendata_scope
    entries = [
        {
            "dataset": dataset,
            "stamp": stamps[slug],
            "calls": dataset.calls(scope) if dataset.per_call else [],
        }
        for slug, dataset in DATASETS.items()
    ]
    return TemplateResponse(
        request,
        "opendata/index.html",
        {
            "entries": entries,
            "licence_url": metadata.LICENCE_URL,
            "licence_name": metadata.LICENCE_NAME,
            "page_size": PAGE_SIZE,
        },
    )
