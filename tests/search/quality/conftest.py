"""The evaluation set imported once per run: a layer (tests/layers.py) that the quality tests share."""

from tests.layers import layer


@layer
def search_quality_set():
    """The 100 documents of the set imported with `import_documents` (their files' text
    extracted) and the database search index rebuilt; the value is the seconds each step took."""
    from tests.search.quality import harness

    return {
        "import": harness.import_set(),
        "database index": harness.rebuild_index("database"),
    }
