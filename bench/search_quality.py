"""Search quality on the evaluation set of tests/search/quality/, per backend.

Run with `make bench-search-quality` (or `.venv/bin/python bench/search_quality.py`). It imports
the set's 100 documents with `import_documents` (the files' text really extracted), rebuilds the
index and asks `/api/search/` the 60 queries through Django's test client, then prints, per
backend, the mean reciprocal rank, the answers in the top 3, the MRR per kind of query and the
answers that did not come first, against the targets of issue #24 (MRR ≥ 0.97, all in the top 3,
each kind ≥ 0.95).

- SQLite (the database backend on FTS5): always, in a temporary database and media folder.
- PostgreSQL (the database backend on its full-text search): when DATABASE_URL points to
  PostgreSQL; in the database `<name>_quality`, recreated on each run and kept afterwards.
- Elasticsearch: when ELASTICSEARCH_URL is set; on the PostgreSQL database when there is one,
  else on SQLite, in indices `k3d_quality_<random>_*` deleted at the end.

Services: `make services` and its variables exported (bench/README.md). Each database is set up
in a child process of its own, so that Django's settings follow its DATABASE_URL. Exit status 1
when a backend misses a target.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/, so that `search` is the app and not bench/search.py


def child(backends):
    """In a child process: migrate, import, and evaluate each backend; prints a JSON list."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings

    from tests.search.quality import harness

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate = time.perf_counter() - started
    import_seconds = harness.import_set()
    summaries = []
    for backend in backends:
        with override_settings(SEARCH_BACKEND=backend):
            index_seconds = harness.rebuild_index(backend)
            evaluation = harness.evaluate(Client(), backend)
        evaluation.seconds.update(
            {"migrate": migrate, "import": import_seconds, "index": index_seconds}
        )
        summaries.append(evaluation.summary())
    print(json.dumps(summaries, ensure_ascii=False))


def run_child(name, env, backends):
    print(f"{name}: migrating, importing the set, indexing and asking the queries…", flush=True)
    result = subprocess.run(
        [sys.executable, __file__, "--child", ",".join(backends)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"{name} failed:\n{result.stderr[-4000:]}")
    summaries = json.loads(result.stdout.strip().splitlines()[-1])
    labels = {"database": name, "elasticsearch": "Elasticsearch"}
    for summary in summaries:
        summary["backend"] = labels[summary["backend"]]
    return summaries


def base_env(workdir):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "k3d.settings.dev",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "TASKS_BACKEND": "immediate",
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "SEARCH_BREAKER_SECONDS": "0",
    }
    env.pop("SEARCH_BACKEND", None)
    return env


def main():
    from bench import pages
    from tests.search.quality import harness

    database_url = os.environ.get("DATABASE_URL", "")
    es_url = os.environ.get("ELASTICSEARCH_URL", "")
    on_postgres = database_url.startswith(("postgres://", "postgresql://"))
    prefix = f"k3d_quality_{uuid.uuid4().hex[:8]}"
    summaries = []
    workdir = Path(tempfile.mkdtemp(prefix="k3d-bench-quality-"))
    try:
        env = base_env(workdir / "sqlite")
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'quality.sqlite3'}"
        env.pop("ELASTICSEARCH_URL", None)
        sqlite_backends = ["database"]
        if es_url and not on_postgres:
            env.update(ELASTICSEARCH_URL=es_url, ELASTICSEARCH_INDEX_PREFIX=prefix)
            sqlite_backends.append("elasticsearch")
        summaries += run_child("SQLite", env, sqlite_backends)
        if on_postgres:
            admin_url, url, name = pages.bench_database_url()
            name = name.replace("_bench", "_quality")
            url = url.replace("_bench", "_quality")
            pages.create_database(admin_url, name)
            env = base_env(workdir / "postgres")
            env["DATABASE_URL"] = url
            env.pop("ELASTICSEARCH_URL", None)
            backends = ["database"]
            if es_url:
                env.update(ELASTICSEARCH_URL=es_url, ELASTICSEARCH_INDEX_PREFIX=prefix)
                backends.append("elasticsearch")
            summaries += run_child(f"PostgreSQL ({name})", env, backends)
            for summary in summaries:
                if summary["backend"].startswith("PostgreSQL"):
                    summary["backend"] = "PostgreSQL"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if es_url:
            drop_indices(es_url, prefix)
    print(harness.format_report(summaries))
    if not es_url:
        print("Elasticsearch: not measured (ELASTICSEARCH_URL is not set)")
    if not on_postgres:
        print("PostgreSQL: not measured (DATABASE_URL does not point to PostgreSQL)")
    met = all(
        s["mrr"] >= harness.TARGETS["mrr"]
        and s["top3"] == s["queries"]
        and all(v >= harness.TARGETS["kind_mrr"] for v in s["kinds"].values())
        for s in summaries
    )
    print(f"targets {'met' if met else 'NOT met'} on every backend measured")
    return 0 if met else 1


def drop_indices(url, prefix):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url, request_timeout=30)
    try:
        names = list(client.options(ignore_status=404).indices.get(index=f"{prefix}_*"))
        if names:
            client.options(ignore_status=404).indices.delete(index=",".join(names))
    finally:
        client.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2].split(","))
    else:
        sys.exit(main())
