"""Moderation of registry documents: an editor's upload waits for a moderator's approval; the
approval publishes it now or at a set time; a rejection gives the reason (README, "Moderation").

Wagtail's workflows apply to pages and to snippets with revisions, not to documents, whose admin
is Wagtail's own document views; this is the equivalent for the registry. Each transition takes
the row with a conditional UPDATE (the state it starts from), so two moderators, or cron and the
task worker, never both carry out one decision, and each writes an entry in the document's
register of changes (internal: the public metryczka does not list moderation).
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from django_tasks import task

from .models import ModerationState, RegistryDocument
from .permissions import can_publish_documents
from .services import record_change, register_new_document, supersede

logger = logging.getLogger(__name__)

S = ModerationState
# Where a moderator's decision may start from: waiting, or approved for a time still to come
# (approved again, to publish now or at another time, or rejected after all).
DECIDABLE = (S.PENDING, S.SCHEDULED)


class ModerationError(Exception):
    """A transition the document's state does not allow; the message is for the user."""


def _when(moment):
    return date_format(timezone.localtime(moment), "j E Y, H:i")


def _note(document, description, user):
    return record_change(document, description[:500], user, internal=True)


def register_upload(document, user=None):
    """A new record: an upload by someone who may not publish waits for approval; one by a
    moderator, an operator or code (the import command, the demo) keeps its state, scheduled
    if its `go_live_at` is still to come. Then the registry's bookkeeping (services)."""
    now = timezone.now()
    if user is not None and not can_publish_documents(user):
        state = S.PENDING
    elif (
        document.moderation_state == S.PUBLISHED
        and document.go_live_at
        and (document.go_live_at > now)
    ):
        state = S.SCHEDULED
    else:
        state = document.moderation_state
    if state != document.moderation_state:
        document.moderation_state = state
        RegistryDocument.objects.filter(pk=document.pk).update(moderation_state=state)
    register_new_document(document, user)
    if state == S.PENDING:
        _note(document, _("Przesłano do zatwierdzenia przez moderatora."), user)
    elif state == S.SCHEDULED:
        _note(
            document,
            _("Publikacja zaplanowana na %(when)s.") % {"when": _when(document.go_live_at)},
            user,
        )
        schedule_go_live(document)


def _claim(document, states, new_state):
    """Move the row from one of `states` to `new_state`; False if it was no longer in them."""
    taken = RegistryDocument.objects.filter(
        pk=document.pk, moderation_state__in=list(states)
    ).update(moderation_state=new_state)
    if taken:
        document.moderation_state = new_state
    return bool(taken)


@transaction.atomic
def approve(document, user, go_live_at=None):
    """Publish a waiting document now, or schedule it when `go_live_at` is still to come."""
    now = timezone.now()
    scheduled = go_live_at is not None and go_live_at > now
    if not _claim(document, DECIDABLE, S.SCHEDULED if scheduled else S.PUBLISHED):
        raise ModerationError(_("Ten dokument nie czeka na zatwierdzenie."))
    document.moderated_by = user
    document.moderated_at = now
    document.rejection_reason = ""
    if scheduled:
        document.go_live_at = go_live_at
        document.save(
            update_fields=["moderated_by", "moderated_at", "rejection_reason", "go_live_at"]
        )
        _note(
            document,
            _("Zatwierdzono; publikacja zaplanowana na %(when)s.") % {"when": _when(go_live_at)},
            user,
        )
        schedule_go_live(document)
        return document
    document.go_live_at = None
    _go_live(document, user, now, _("Zatwierdzono i opublikowano."))
    return document


@transaction.atomic
def reject(document, user, reason):
    """Keep a waiting document unpublished, with the reason for the one who uploaded it."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Podaj powód odrzucenia."))
    if not _claim(document, DECIDABLE, S.REJECTED):
        raise ModerationError(_("Ten dokument nie czeka na zatwierdzenie."))
    document.moderated_by = user
    document.moderated_at = timezone.now()
    document.rejection_reason = reason
    document.go_live_at = None
    fields = ["moderated_by", "moderated_at", "rejection_reason", "go_live_at"]
    # A rejected new version lets go of the old one (`supersedes` is one to one), so that the
    # old one may get another new version; corrected, it is pointed at it again in the form.
    old = document.supersedes
    if old is not None:
        document.supersedes = None
        fields.append("supersedes")
    document.save(update_fields=fields)
    _note(document, _("Odrzucono. Powód: %(reason)s") % {"reason": reason}, user)
    if old is not None:
        _note(
            document,
            _(
                "Odrzucona nowa wersja nie zastępuje już dokumentu „%(title)s” (wersja "
                "%(version)s); można do niego dodać inną nową wersję."
            )
            % {"title": old.title, "version": old.version},
            user,
        )
    return document


@transaction.atomic
def resubmit(document, user):
    """A rejected document corrected by its editor waits for approval again."""
    if not _claim(document, (S.REJECTED,), S.PENDING):
        return False
    _note(document, _("Poprawiono i ponownie przesłano do zatwierdzenia."), user)
    return True


def _go_live(document, user, when, description):
    """The document is public from `when`: the metryczka's publication date and publisher (if
    not given), the next version's supersession, the entry. Saving it queues the search index
    and drops the page cache (search.signals, portal.signals)."""
    fields = ["moderated_by", "moderated_at", "rejection_reason", "go_live_at"]
    if document.published_at is None:
        document.published_at = when
        fields.append("published_at")
    if not document.published_by and user is not None:
        document.published_by = user.get_full_name() or user.get_username()
        fields.append("published_by")
    document.save(update_fields=fields)
    _note(document, description, user)
    old = document.supersedes
    if old is not None:
        # A new version ends the force of the old one only now that it is public.
        supersede(old, document, user)


def publish_due(now=None):
    """Publish every approved document whose time has come; returns how many. Visitors see them
    on time anyway (RegistryDocumentQuerySet.public asks the clock); this makes the state, the
    register of changes, the search index and the page cache follow."""
    now = now or timezone.now()
    published = 0
    due = RegistryDocument.objects.filter(moderation_state=S.SCHEDULED, go_live_at__lte=now)
    for document in due.select_related("supersedes").order_by("go_live_at", "pk"):
        with transaction.atomic():
            if not _claim(document, (S.SCHEDULED,), S.PUBLISHED):
                continue  # another process published it meanwhile
            _go_live(
                document,
                None,
                document.go_live_at,
                _("Opublikowano zgodnie z harmonogramem (%(when)s).")
                % {"when": _when(document.go_live_at)},
            )
        published += 1
    return published


@task()
def publish_due_documents():
    """The deferred task of `publish_due`, queued for the time of a scheduled approval."""
    return publish_due()


def schedule_go_live(document):
    """With a task backend that runs tasks later (the database one, `manage.py db_worker`), queue
    the publication for its time; `manage.py publish_scheduled` (cron) does it in any case."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    if not task_backends[DEFAULT_TASK_BACKEND_ALIAS].supports_defer:
        return
    run_after = document.go_live_at

    def enqueue():
        try:
            publish_due_documents.using(run_after=run_after).enqueue()
        except Exception:  # the queue may be unavailable; cron's publish_scheduled still runs
            logger.exception("Could not queue the publication of document %s", document.pk)

    transaction.on_commit(enqueue)
