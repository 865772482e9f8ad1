"""The circuit breaker: an Elasticsearch found unreachable is not asked again for a while.

When a search finds Elasticsearch down (connection refused, no answer within the timeout, a 5xx
or 429), the breaker opens for SEARCH_BREAKER_SECONDS: meanwhile every search (the site search,
its suggestions, the admin's listings and choosers, the registry's filter) goes straight to the
database, without waiting for the timeout again. When the time is up the breaker is half-open:
one request (the first to claim the probe) tries Elasticsearch while the others keep using the
database; its success closes the breaker, its failure opens it again.

The state lives in the default cache, so that every process shares it (Redis, or production's
file cache), keyed by the server's URL: one process's failure spares all the others, and a
server configured anew starts closed. A cache that fails itself never fails a search: the
breaker then counts as closed.
"""

import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from elasticsearch import ApiError, TransportError

logger = logging.getLogger(__name__)

CLOSED, OPEN, PROBE = "closed", "open", "probe"
# Seconds one request has to probe a half-open breaker before another may try in its place
# (longer than any timeout of a search request).
PROBE_SECONDS = 15
# Seconds the state is kept after the breaker's time is up: until then it shows as half-open.
KEEP_SECONDS = 3600


def breaker_seconds():
    return max(0.0, float(getattr(settings, "SEARCH_BREAKER_SECONDS", 30) or 0))


def _key(url):
    digest = hashlib.sha256((url or "").rstrip("/").encode()).hexdigest()[:16]
    return f"search:breaker:{digest}"


def _get(key):
    try:
        return cache.get(key)
    except Exception:  # the cache is down: search as if the breaker were closed
        logger.exception("The search breaker cannot read the cache")
        return None


def call(url, attempt, fallback, errors, what):
    """attempt() on Elasticsearch or, when it fails with one of `errors` or the breaker is open,
    fallback() on the database; returns (result, whether the database answered)."""
    mode = check(url)
    if mode != OPEN:
        try:
            result = attempt()
        except errors as exc:
            if is_outage(exc):
                trip(url, exc)
            elif mode == PROBE:  # it answered, if only to refuse this request
                close(url)
            logger.warning("Elasticsearch unavailable, %s from the database: %s", what, exc)
        else:
            if mode == PROBE:
                close(url)
            return result, False
    return fallback(), True


def check(url):
    """CLOSED: ask Elasticsearch. OPEN: do not, answer from the database. PROBE: the breaker's
    time is up and this request is the one that tries Elasticsearch again."""
    if not breaker_seconds():
        return CLOSED
    key = _key(url)
    state = _get(key)
    if state is None:
        return CLOSED
    if time.time() < state["until"]:
        return OPEN
    try:
        claimed = cache.add(f"{key}:probe", True, PROBE_SECONDS)
    except Exception:
        logger.exception("The search breaker cannot write the cache")
        return CLOSED
    return PROBE if claimed else OPEN


def is_open(url):
    """Whether the breaker is open now (without claiming a half-open breaker's probe)."""
    state = _get(_key(url)) if breaker_seconds() else None
    return state is not None and time.time() < state["until"]


def trip(url, reason):
    """Open the breaker for SEARCH_BREAKER_SECONDS from now (again, if it was open)."""
    seconds = breaker_seconds()
    if not seconds:
        return
    key = _key(url)
    now = time.time()
    previous = _get(key) or {}
    state = {
        "opened_at": now,
        "until": now + seconds,
        "failures": previous.get("failures", 0) + 1,
        "reason": str(reason)[:300],
    }
    try:
        cache.set(key, state, int(seconds) + KEEP_SECONDS)
        cache.delete(f"{key}:probe")
    except Exception:
        logger.exception("The search breaker cannot write the cache")
        return
    logger.warning(
        "Elasticsearch breaker open for %s s: searches go to the database (%s)",
        seconds,
        state["reason"],
    )


def close(url):
    """Elasticsearch answered the probe: searches go to it again."""
    key = _key(url)
    try:
        cache.delete_many([key, f"{key}:probe"])
    except Exception:
        logger.exception("The search breaker cannot write the cache")
        return
    logger.info("Elasticsearch answers again: breaker closed")


def status(url):
    """The breaker's state for the health report."""
    seconds = breaker_seconds()
    report = {"state": CLOSED, "seconds": seconds, "opened_at": None, "open_until": None}
    state = _get(_key(url)) if seconds else None
    if state is None:
        return report
    report.update(
        state=OPEN if time.time() < state["until"] else "half-open",
        opened_at=_iso(state["opened_at"]),
        open_until=_iso(state["until"]),
        failures=state["failures"],
        reason=state["reason"],
    )
    return report


def _iso(timestamp):
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    return timezone.localtime(moment).isoformat(timespec="seconds")


def is_outage(exc):
    """Whether this failure means the server is out of reach or overloaded (which opens the
    breaker), not that it refused this one request (a 4xx: the next request may well work)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, TransportError):  # refused, reset, timed out
            return True
        if isinstance(exc, ApiError):
            return exc.status_code >= 500 or exc.status_code == 429
        exc = exc.__cause__
    return False
