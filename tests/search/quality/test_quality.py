"""Search quality on our evaluation set (README.md here), per backend, against the targets of
issue #24: mean reciprocal rank ≥ 0.97, every answer in the top 3, each kind of query ≥ 0.95.

The set is imported once (the `search_quality_set` layer); each backend's test asks all 60
queries through `/api/search/` and, when a target is missed, prints the table and the misses.
"""

import uuid

from django.conf import settings
from django.test import override_settings

import pytest

from tests.search.es_utils import drop_indices
from tests.search.quality import harness

pytestmark = pytest.mark.django_db


def test_the_set_is_whole_and_every_query_names_a_document_of_it(search_quality_set):
    from documents.models import RegistryDocument

    queries = harness.load_queries()
    keys = set(RegistryDocument.objects.exclude(source_key="").values_list("source_key", flat=True))
    assert len(keys) == 100
    assert len(queries) == 60
    for kind in harness.KINDS:
        assert sum(1 for q in queries if q["kind"] == kind) == 12, kind
    assert {q["expected"] for q in queries} <= keys
    formats = {}
    for name in RegistryDocument.objects.values_list("file", flat=True):
        extension = name.rsplit(".", 1)[-1]
        formats[extension] = formats.get(extension, 0) + 1
    assert formats == {"pdf": 41, "docx": 22, "odt": 21, "txt": 16}


def _check(evaluation, setup_seconds):
    evaluation.seconds.update(setup_seconds)
    report = evaluation.report()
    print(report)
    assert evaluation.mrr >= harness.TARGETS["mrr"], report
    assert evaluation.top3 == len(evaluation.answers), report
    for kind in harness.KINDS:
        assert evaluation.kind_mrr(kind) >= harness.TARGETS["kind_mrr"], report


def test_database_backend_reaches_the_targets(client, search_quality_set):
    """SQLite FTS5 locally, PostgreSQL full-text search where DATABASE_URL points to it."""
    with override_settings(SEARCH_BACKEND="database"):
        evaluation = harness.evaluate(client, "database")
    _check(evaluation, search_quality_set)


@pytest.mark.elasticsearch
def test_elasticsearch_backend_reaches_the_targets(client, search_quality_set):
    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_q{uuid.uuid4().hex[:8]}"
    try:
        with override_settings(ELASTICSEARCH_INDEX_PREFIX=prefix, SEARCH_BACKEND="elasticsearch"):
            seconds = {"elasticsearch index": harness.rebuild_index("elasticsearch")}
            evaluation = harness.evaluate(client, "elasticsearch")
    finally:
        drop_indices(prefix)
    _check(evaluation, {**search_quality_set, **seconds})
