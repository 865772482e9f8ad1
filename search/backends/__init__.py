"""The search backends, and which of them the portal uses (settings SEARCH_BACKEND,
ELASTICSEARCH_URL): the service that answers searches and the indexing that keeps every
backend current both choose here."""

from django.conf import settings


def configured_backend_name():
    if getattr(settings, "SEARCH_BACKEND", "") in ("database", "elasticsearch"):
        return settings.SEARCH_BACKEND
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"


def backend_names():
    """Every backend the index is kept in: the database always, Elasticsearch when configured."""
    return ["database", "elasticsearch"] if settings.ELASTICSEARCH_URL else ["database"]


def get_backend(name):
    if name == "elasticsearch":
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    from .database import DatabaseBackend

    return DatabaseBackend()
