"""Wagtail's search backend on Elasticsearch, with the database answering when it cannot.

Wagtail's search (the admin's listings and choosers of pages, documents, images and glossary
terms, the documents registry's filters) goes through WAGTAILSEARCH_BACKENDS. With
ELASTICSEARCH_URL set, it holds two backends: "default", this one, and "database", Wagtail's own
database backend, and Wagtail writes every change into both. A search goes to Elasticsearch;
when Elasticsearch fails, or the circuit breaker (search/breaker.py) is open, the same search
(query, fields, filters, order, slice) runs on the database backend instead: an outage never
answers 500. A write that finds Elasticsearch out of reach opens the breaker as well, and while
it is open writes to Elasticsearch are skipped, so that saving a page does not wait for its
timeout; `manage.py update_index` brings its index up to date afterwards.

Autocomplete (what the admin's listings and choosers use) folds the query as Wagtail folds the
index: Wagtail indexes "Aktualności" as "aktualnosci…" prefixes but searched the query as typed,
so a word typed with its Polish letters found nothing.
"""

import logging
from copy import deepcopy

from modelsearch.backends import get_search_backend
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchResults,
)
from modelsearch.utils import deep_update

from elasticsearch import ApiError, TransportError

from . import breaker

logger = logging.getLogger(__name__)

ERRORS = (ApiError, TransportError)


class FoldedAutocompleteMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "folded_query",
    }


class FallbackSearchResults(Elasticsearch8SearchResults):
    """Elasticsearch's results, or the database backend's for the same search."""

    def _do_search(self):
        attempt = super()._do_search  # a generator: evaluated inside the attempt
        return self._either(lambda: list(attempt()), list)

    def _do_count(self):
        return self._either(super()._do_count, lambda results: results.count())

    def facet(self, field_name):
        attempt = super().facet
        return self._either(lambda: attempt(field_name), lambda results: results.facet(field_name))

    def _either(self, attempt, on_database):
        result, _fell_back = breaker.call(
            self.backend.url,
            attempt,
            lambda: on_database(self._database_results()),
            errors=ERRORS,
            what="Wagtail search",
        )
        return result

    def _database_results(self):
        compiler = self.query_compiler
        backend = get_search_backend(self.backend.fallback)
        method = backend.search
        if isinstance(compiler, Elasticsearch8AutocompleteQueryCompiler):
            method = backend.autocomplete
        results = method(
            compiler.query,  # already a Query object, with its operator
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results[self.start : self.stop]


class ElasticsearchWithFallback(Elasticsearch8SearchBackend):
    """Options beyond Wagtail's: FALLBACK, the name of the backend that answers in its place."""

    results_class = FallbackSearchResults
    mapping_class = FoldedAutocompleteMapping
    settings = deep_update(
        deepcopy(Elasticsearch8SearchBackend.settings),
        {
            "settings": {
                "analysis": {
                    "analyzer": {
                        "folded_query": {
                            "type": "custom",
                            "tokenizer": "standard",
                            "filter": ["asciifolding", "lowercase"],
                        }
                    }
                }
            }
        },
    )

    def __init__(self, params):
        urls = params.get("URLS") or ["http://localhost:9200"]
        self.url = urls if isinstance(urls, str) else urls[0]  # the breaker's key
        self.fallback = params.pop("FALLBACK", "database")
        super().__init__(params)

    def _write(self, action, write):
        """Skipped while the breaker is open; a failure that means an outage opens it (and is
        raised on: Wagtail logs it and the save goes on)."""
        if breaker.is_open(self.url):
            logger.info("Elasticsearch breaker open: %s skipped", action)
            return
        try:
            write()
        except ERRORS as exc:
            if breaker.is_outage(exc):
                breaker.trip(self.url, exc)
            raise

    def add(self, obj):
        parent = super()
        self._write("indexing", lambda: parent.add(obj))

    def add_bulk(self, model, obj_list):
        parent = super()
        self._write("indexing", lambda: parent.add_bulk(model, obj_list))

    def delete(self, obj):
        parent = super()
        self._write("deleting from the index", lambda: parent.delete(obj))


SearchBackend = ElasticsearchWithFallback
