"""Keeping the search indexes current: the queue of updates, the task that applies it, the signals.

A change (publish, unpublish, move, delete of a page; upload, edit, delete or finished text
extraction of a document; a glossary term) queues one IndexUpdate per backend once the
transaction commits, and schedules `process_index_updates`. The task rebuilds each queued
record from the database (search/records.py decides whether it is still public) and writes or
deletes it. A backend that does not answer keeps its rows; they are applied when it answers
again (the next successful search or the health view schedules the task).
"""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from django_tasks import task

from . import breaker
from .backends import backend_names, get_backend
from .backends.base import BackendUnavailable
from .models import IndexUpdate, RejectedRecord
from .records import record_for

logger = logging.getLogger(__name__)
BATCH_SIZE = 200
_state = threading.local()


@contextmanager
def paused():
    """Queue nothing inside (bulk loads that rebuild the index at the end)."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def queue(keys, action=IndexUpdate.Action.UPDATE):
    """Queue these record keys for every backend and schedule the task after the commit."""
    keys = sorted(set(keys))
    if not keys or getattr(_state, "paused", False):
        return
    now = timezone.now()
    IndexUpdate.objects.bulk_create(
        [
            IndexUpdate(backend=name, key=key, action=action, queued_at=now)
            for name in backend_names()
            for key in keys
        ]
    )
    transaction.on_commit(schedule_processing)


def schedule_processing():
    try:
        process_index_updates.enqueue()
    except Exception:  # the queue stays; the next change or health check schedules again
        logger.exception("Could not schedule the search index task")


@task()
def process_index_updates():
    names = backend_names()
    if "elasticsearch" in names and breaker.is_open(settings.ELASTICSEARCH_URL):
        # Known to be out of reach: its updates wait, without a bulk request's timeout, until
        # a search finds it answering again and schedules them.
        names.remove("elasticsearch")
    return {name: apply_pending(name) for name in names}


def apply_pending(backend_name, limit=None):
    """Apply the queued updates of one backend; returns how many rows were applied."""
    backend = get_backend(backend_name)
    applied = 0
    while limit is None or applied < limit:
        rows = list(IndexUpdate.objects.filter(backend=backend_name)[:BATCH_SIZE])
        if not rows:
            break
        latest = {}
        for row in rows:  # the last action queued for a key wins
            latest[row.key] = row.action
        records, gone = [], []
        for key, action in latest.items():
            record = record_for(key) if action == IndexUpdate.Action.UPDATE else None
            (records.append(record) if record else gone.append(key))
        try:
            if records:
                backend.index(records)
            if gone:
                backend.delete(gone)
        except BackendUnavailable as exc:
            logger.warning(
                "Search backend %s unavailable, %d updates wait: %s", backend_name, len(rows), exc
            )
            if backend_name == "elasticsearch" and breaker.is_outage(exc):
                breaker.trip(settings.ELASTICSEARCH_URL, exc)
            IndexUpdate.objects.filter(pk__in=[row.pk for row in rows]).update(
                last_error=str(exc)[:500], attempts=F("attempts") + 1
            )
            break
        # A refused record is skipped (its update is done with), reported until it indexes.
        note_rejections(
            backend_name,
            backend.rejected if records else {},
            indexed=[r.key for r in records if r.key not in backend.rejected] + gone,
        )
        IndexUpdate.objects.filter(pk__in=[row.pk for row in rows]).delete()
        applied += len(rows)
    return applied


def note_rejections(backend_name, rejected, indexed=(), replace=False):
    """Keep the backend's refused records (`rejected`: {key: reason}) in RejectedRecord; the
    keys in `indexed` went in (or out) fine now. `replace`: these are all of them (a rebuild)."""
    rows = RejectedRecord.objects.filter(backend=backend_name)
    if replace:
        rows.delete()
    elif indexed:
        rows.filter(key__in=list(indexed)).delete()
    now = timezone.now()
    for key, reason in rejected.items():
        RejectedRecord.objects.update_or_create(
            backend=backend_name, key=key, defaults={"reason": reason, "rejected_at": now}
        )


def rejected_count(backend_name):
    return RejectedRecord.objects.filter(backend=backend_name).count()


def pending_count(backend_name):
    return IndexUpdate.objects.filter(backend=backend_name).count()


def lag_seconds(backend_name):
    """Age of the oldest update still waiting for the backend (0 when it is current)."""
    oldest = IndexUpdate.objects.filter(backend=backend_name).order_by("queued_at").first()
    if oldest is None:
        return 0.0
    return round((timezone.now() - oldest.queued_at).total_seconds(), 1)


def rebuild(backend_name, progress=None):
    """Replace the backend's index with every record; updates queued before the start are done."""
    from .records import all_records

    started = timezone.now()
    backend = get_backend(backend_name)
    count = backend.rebuild(all_records(), progress=progress)
    IndexUpdate.objects.filter(backend=backend_name, queued_at__lt=started).delete()
    note_rejections(backend_name, backend.rejected, replace=True)
    return count
