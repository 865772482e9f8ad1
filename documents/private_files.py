"""Files of private documents live outside MEDIA_ROOT.

A document in a collection with a view restriction (on it or on an ancestor: "Dokumenty
wewnętrzne") is private: its page and download answer 404 to whoever the restriction refuses
(documents.permissions). Its file must not be reachable past that check, so it is stored under
PRIVATE_MEDIA_ROOT (beside the application attachments), which no web server serves; the
document's file name then starts with `private/`. The one storage of the registry's files
(`DocumentStorage`) sends such names there and every other name to MEDIA_ROOT.

A document uploaded into a private collection is written there at once (`upload_to`); moving a
document to another collection, or adding or removing a collection's restriction, moves its files
(`place`, `place_collection`, called by documents.signals); migration 0005 moved the files of
documents that were private before.

A document not published yet (waiting for approval, scheduled, rejected) is stored the same way:
its file must not be reachable past moderation either (README, "Moderation"). Every transition
of moderation saves the document, and so places its files again (documents.signals).
"""

import logging
import os
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join
from django.utils.deconstruct import deconstructible

from wagtail.documents import get_document_model

logger = logging.getLogger(__name__)

PREFIX = "private/"


@deconstructible
class DocumentStorage(FileSystemStorage):
    """MEDIA_ROOT for public documents, PRIVATE_MEDIA_ROOT for names starting with `private/`."""

    def path(self, name):
        if name.startswith(PREFIX):
            return safe_join(str(settings.PRIVATE_MEDIA_ROOT), name[len(PREFIX) :])
        return super().path(name)

    def _save(self, name, content):
        saved = super()._save(name, content)
        if not name.startswith(PREFIX):
            return saved
        # FileSystemStorage answers relative to MEDIA_ROOT ("../private/..."): name it again.
        full = os.path.normpath(os.path.join(self.location, saved))
        return PREFIX + os.path.relpath(full, str(settings.PRIVATE_MEDIA_ROOT)).replace("\\", "/")

    def url(self, name):
        if name.startswith(PREFIX):
            # Never a URL of its own: the permission-checking views serve it.
            raise ValueError("A private document's file has no URL; use its download view.")
        return super().url(name)


def document_storage():
    return DocumentStorage()


def is_private_collection(collection):
    return collection is not None and collection.get_view_restrictions().exists()


def is_unpublished(document):
    """Waiting for approval, scheduled or rejected: its file is private until it is published."""
    from .models.choices import ModerationState

    state = getattr(document, "moderation_state", ModerationState.PUBLISHED)
    return state != ModerationState.PUBLISHED


def is_private_document(document):
    return is_private_collection(getattr(document, "collection", None)) or is_unpublished(document)


def upload_to(instance, filename):
    """Where an uploaded file goes: `private/documents/...` when its collection is private (or
    the record is not published; a new upload's state is settled just after: place)."""
    name = posixpath.join("documents", filename)
    return PREFIX + name if is_private_document(instance) else name


def _target(name, private):
    bare = name[len(PREFIX) :] if name.startswith(PREFIX) else name
    return PREFIX + bare if private else bare


def _move(storage, name, private):
    """Move one stored file across the roots; returns its new name (the old one if it is there)."""
    target = _target(name, private)
    if target == name or not name:
        return name
    if not storage.exists(name):
        logger.warning("Document file %s is missing; nothing to move", name)
        return name
    with storage.open(name, "rb") as handle:
        new_name = storage.save(target, handle)
    storage.delete(name)
    return new_name


def place(document):
    """Store the document's file (and those of its alternative formats) on the side its
    collection and its state of moderation ask for. Returns True when a file moved."""
    model = get_document_model()  # the registry's (settings), without importing it here
    main_private = is_private_document(document)
    main = getattr(document, "format_of", None) if document.format_of_id else None
    if main is not None and is_private_document(main):
        main_private = True  # a format saved alone is as private as its document
    moved = False
    formats = model.objects.filter(format_of=document).select_related("collection")
    for item in [document, *formats]:
        # The stricter side wins: a format is private if it or its main document is.
        private = main_private or (item is not document and is_private_document(item))
        name = item.file.name
        new_name = _move(item.file.storage, name, private)
        if new_name != name:
            model.objects.filter(pk=item.pk).update(file=new_name)
            item.file.name = new_name
            moved = True
    return moved


def place_collection(collection):
    """After a restriction of `collection` was added or removed: every document in it and below."""
    documents = (
        get_document_model()
        .objects.filter(collection__path__startswith=collection.path)
        .select_related("collection")
    )
    return sum(place(document) for document in documents)
