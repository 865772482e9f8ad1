"""Dropping the Elasticsearch indices a test made (wildcard deletes are refused by ES 8)."""

from django.conf import settings


def drop_indices(prefix):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
    try:
        names = list(client.options(ignore_status=404).indices.get(index=f"{prefix}_*"))
        if names:
            client.options(ignore_status=404).indices.delete(index=",".join(names))
    finally:
        client.close()
