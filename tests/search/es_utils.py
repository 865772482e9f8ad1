"""Backends loaded with a test corpus, and dropping the Elasticsearch indices a test made
(wildcard deletes are refused by ES 8)."""

import uuid

from django.conf import settings

import pytest


def drop_indices(prefix):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
    try:
        names = list(client.options(ignore_status=404).indices.get(index=f"{prefix}_*"))
        if names:
            client.options(ignore_status=404).indices.delete(index=",".join(names))
    finally:
        client.close()


# The params of a fixture giving each backend in turn (the Elasticsearch one only with the service).
BACKENDS = [
    pytest.param("database", marks=pytest.mark.django_db),
    pytest.param("elasticsearch", marks=[pytest.mark.elasticsearch]),
]


def loaded_backend(request, corpus, tag):
    """A generator for a fixture with BACKENDS: the backend named by the fixture's param with
    CORPUS indexed (Elasticsearch: indices of their own, prefix ending in TAG, dropped after)."""
    if request.param == "database":
        from search.backends.database import DatabaseBackend

        request.getfixturevalue("db")
        backend = DatabaseBackend()
        backend.rebuild(corpus)
        yield backend
        return
    from search.backends.elastic import ElasticsearchBackend

    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_{tag}{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(index_prefix=prefix)
    backend.rebuild(corpus)
    yield backend
    drop_indices(prefix)
