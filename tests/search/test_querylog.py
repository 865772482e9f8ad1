"""The popular-searches log written in batches (SEARCH_LOG_FLUSH_SECONDS > 0, as in production):
nothing waits in the request, every hit arrives, a burst of one query is one row update."""

import threading

from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

import pytest

from search import querylog


@pytest.fixture(autouse=True)
def empty_log():
    querylog.discard()
    yield
    querylog.discard()


def counted():
    return {q.query_string: q.hits for q in Query.objects.all() if q.hits}


@pytest.mark.django_db
def test_hits_wait_in_the_process_and_are_written_together(client, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 60
    for text in ["Kontrakt socjalny", "kontrakt  socjalny", "KONTRAKT SOCJALNY", "Oświęcim"]:
        querylog.record(text)
    assert querylog.pending() == 4
    assert not QueryDailyHits.objects.exists()  # the searches wrote nothing

    assert querylog.flush() == 4
    assert counted() == {"kontrakt socjalny": 3, "oświęcim": 1}
    assert querylog.pending() == 0

    querylog.record("oświęcim")
    querylog.flush()
    assert counted() == {"kontrakt socjalny": 3, "oświęcim": 2}  # added to the day's row
    assert QueryDailyHits.objects.count() == 2


@pytest.mark.django_db
def test_the_api_counts_through_the_batch(client, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 60
    for _ in range(3):
        assert client.get("/api/search/", {"q": "regulamin naboru"}).status_code == 200
    client.get("/api/search/", {"q": "regulamin naboru", "page": "2"})  # a next page: not counted
    assert querylog.pending() == 3 and not Query.objects.exists()
    querylog.flush()
    assert counted() == {"regulamin naboru": 3}


@pytest.mark.django_db
def test_without_a_delay_each_search_is_written_at_once(settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    querylog.record("gmina")
    assert querylog.pending() == 0
    assert counted() == {"gmina": 1}


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_writes_the_hits_after_the_delay(settings, monkeypatch):
    settings.SEARCH_LOG_FLUSH_SECONDS = 0.2
    real_write, written = querylog.write, threading.Event()

    def write(counts):
        real_write(counts)
        written.set()

    monkeypatch.setattr(querylog, "write", write)
    querylog.record("asystent rodziny")
    querylog.record("asystent rodziny")
    assert counted() == {}
    assert written.wait(10)  # the timer's thread wrote (and committed)
    assert counted() == {"asystent rodziny": 2}


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_a_batch_is_two_statements(settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 60
    for n in range(50):
        querylog.record(f"zapytanie {n % 10}")
    querylog.record("zapytanie 0")
    with CaptureQueriesContext(connection) as queries:
        querylog.flush()
    # SET LOCAL synchronous_commit, the new queries, the day's counts (whatever the batch's size);
    # the test's own transaction turns the transaction into a savepoint.
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 3, statements
    assert counted() == {f"zapytanie {n}": 6 if n == 0 else 5 for n in range(10)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_processes_flushing_at_once_lose_no_hit(settings):
    """Writers of the same new queries at the same moment (several gunicorn workers)."""
    from django.db import connections

    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    barrier = threading.Barrier(8)
    errors = []

    def writer():
        try:
            barrier.wait()
            querylog.write({("wspólna fraza", querylog.timezone.now().date()): 5})
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert connection.vendor == "postgresql"
    assert counted() == {"wspólna fraza": 40}


@pytest.mark.django_db(transaction=True)
def test_hits_kept_when_the_write_fails_are_written_by_a_later_timer(settings, monkeypatch):
    settings.SEARCH_LOG_FLUSH_SECONDS = 0.2
    real_write, failures, written = querylog.write, [], threading.Event()

    def write_once_failing(counts):
        if not failures:
            failures.append(counts)
            raise DatabaseError("the database is restarting")
        real_write(counts)
        written.set()

    monkeypatch.setattr(querylog, "write", write_once_failing)
    querylog.record("superwizja")
    # Waiting on the thread, not on the table: SQLite's shared in-memory test database would
    # refuse this thread's reads while the timer's thread writes.
    assert written.wait(10)
    assert failures  # the first write failed…
    assert counted() == {"superwizja": 1}  # …and the hit arrived with the next timer
