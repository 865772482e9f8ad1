"""The search log behind the admin's popular-searches report (Wagtail's Query and QueryDailyHits).

Every first-page search counts one hit of its normalised query on today's date. With
SEARCH_LOG_FLUSH_SECONDS at 0 (the default) the hit is written in the search's own request. In
production (5 s by default) each process adds hits up in memory and writes them together (two
statements on PostgreSQL, whatever their number) at most that many seconds later, from a
background thread or when the process exits: no search waits for a write, and a burst of one
query is one row update. A crash loses at most those seconds of counts; the report measures
popularity, it is not a record anyone relies on.
"""

import atexit
import logging
import threading
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_PENDING = 5000  # distinct (query, day) pairs held before a write is forced
RETRY_SECONDS = 5  # the next attempt after a failed write

_lock = threading.Lock()
_pending = Counter()  # (normalised query, date): hits not written yet
_timer = None
_exit_hook = False


def record(text):
    """Count one search of TEXT (a first page of results)."""
    from wagtail.search.utils import normalise_query_string

    normalised = normalise_query_string(text[:255])
    if not normalised:
        return
    item = (normalised, timezone.now().date())
    interval = float(getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 0) or 0)
    if interval <= 0:
        try:
            write({item: 1})
            return
        except DatabaseError as exc:
            # A busy database (SQLite's lock, a PostgreSQL lock timeout) must not cost the
            # visitor the results: the hit waits in memory for the next attempt.
            logger.warning("The search log could not be written (kept for later): %s", exc)
            interval = RETRY_SECONDS
    with _lock:
        _pending[item] += 1
        full = len(_pending) >= MAX_PENDING
        if not full:
            _schedule(interval)
    if full:
        flush()


def pending():
    """Hits counted in this process and not written yet."""
    with _lock:
        return sum(_pending.values())


def flush():
    """Write every hit counted in this process so far; returns how many."""
    with _lock:
        counts = dict(_pending)
        _pending.clear()
    if not counts:
        return 0
    try:
        write(counts)
    except DatabaseError as exc:
        # Kept for the next attempt: the database may be back by then.
        logger.warning("The search log could not be written (%d hits kept): %s", len(counts), exc)
        with _lock:
            _pending.update(counts)
        return 0
    return sum(counts.values())


def discard():
    """Forget the hits not written yet and stop the timer (a test's clean start)."""
    global _timer
    with _lock:
        _pending.clear()
        if _timer is not None:
            _timer.cancel()
            _timer = None


def _schedule(interval):
    """Start the timer that writes the pending hits, unless one is running (holding _lock)."""
    global _timer, _exit_hook
    if not _exit_hook:
        atexit.register(flush)
        _exit_hook = True
    if _timer is None:
        _timer = threading.Timer(interval, _flush_in_thread)
        _timer.daemon = True
        _timer.start()


def _flush_in_thread():
    global _timer
    with _lock:
        _timer = None  # hits counted from now on start the next timer
    try:
        flush()
    finally:
        connections.close_all()  # this thread's own connection
    with _lock:
        if _pending:  # the write failed and kept them, or new hits came: try again later
            _schedule(float(getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 0) or 0) or RETRY_SECONDS)


def write(counts):
    """Add COUNTS {(normalised query, date): hits} to the log (two statements on PostgreSQL)."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    if connection.vendor != "postgresql":
        with transaction.atomic():
            for (text, day), hits in counts.items():
                query = Query.get(text)
                daily, _created = QueryDailyHits.objects.get_or_create(query=query, date=day)
                QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + hits)
        return
    queries, daily = Query._meta.db_table, QueryDailyHits._meta.db_table
    rows = sorted(counts.items())
    values = ", ".join(["(%s, %s::date, %s::int)"] * len(rows))
    params = [value for (text, day), hits in rows for value in (text, day, hits)]
    with transaction.atomic(), connection.cursor() as cursor:
        # A hit counter may lose its last few hits in a crash: no need to wait for the disk.
        cursor.execute("SET LOCAL synchronous_commit = off")
        # Two statements: the second one's snapshot sees the queries another process added
        # while the first one waited for it (in one statement those hits would be lost).
        cursor.execute(
            f"INSERT INTO {queries} (query_string) VALUES {', '.join(['(%s)'] * len(rows))} "
            "ON CONFLICT (query_string) DO NOTHING",
            sorted({text for (text, _day), _hits in rows}),
        )
        cursor.execute(
            f"""INSERT INTO {daily} (query_id, date, hits)
                SELECT q.id, counted.date, counted.hits
                FROM (VALUES {values}) AS counted (query_string, date, hits)
                JOIN {queries} q ON q.query_string = counted.query_string
                ON CONFLICT (query_id, date) DO UPDATE SET hits = {daily}.hits + EXCLUDED.hits""",
            params,
        )
