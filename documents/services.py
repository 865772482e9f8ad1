"""Business rules of the registry: registering uploads, versions, status changes, extraction."""

import dataclasses
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wagtail.models import Collection
from wagtail.search import index as search_index

from django_tasks import task

from . import extraction, isolation
from .models import (
    DEFAULT_DOCUMENT_TYPES,
    DocumentChange,
    DocumentType,
    ExtractionStatus,
    LegalStatus,
    RegistryDocument,
)
from .models.registry import MAX_EXTRACTED_CHARS
from .safety import Limits
from .validation import validate_upload

logger = logging.getLogger(__name__)


def ensure_document_types():
    """The default types of DOMAIN.md; editors may add more. Returns {slug: DocumentType}."""
    types = {t.slug: t for t in DocumentType.objects.all()}
    for order, (slug, name) in enumerate(DEFAULT_DOCUMENT_TYPES):
        if slug not in types:
            types[slug] = DocumentType.objects.create(slug=slug, name=name, sort_order=order)
    return types


def record_change(document, description, user=None, internal=False):
    """An entry of the register of changes; `internal` ones (moderation) are for the admin only."""
    return DocumentChange.objects.create(
        document=document, description=description, user=user, internal=internal
    )


def register_new_document(document, user=None):
    """Bookkeeping after a new record is stored: version chain, metryczka, text extraction.

    Called for every new record (documents.signals, through documents.moderation, which
    decides first whether it waits for approval).
    """
    record_change(document, _("Dodano dokument do rejestru."), user)
    if document.supersedes_id:
        if document.is_public():
            supersede(document.supersedes, document, user)
        else:
            # Numbered now; the old version stays in force until this one is published
            # (documents.moderation).
            document.version = document.supersedes.version + 1
            document.save(update_fields=["version"])
    schedule_extraction(document)


@transaction.atomic
def supersede(old, new, user=None):
    """Make `new` the next version of `old`: nothing is overwritten, the old one stops being in force."""
    new.supersedes = old
    new.version = old.version + 1
    new.save(update_fields=["supersedes", "version"])
    if old.legal_status == LegalStatus.IN_FORCE:
        old.legal_status = LegalStatus.AMENDED
        old.save(update_fields=["legal_status"])
    # No title: the old version's public history must not name a newer one that is private
    # (the version chain on the page shows the newer one to those who may see it).
    record_change(old, _("Zastąpiony nową wersją %(version)s.") % {"version": new.version}, user)
    record_change(
        new,
        _("Nowa wersja %(version)s zastępuje wersję %(old)s.")
        % {"version": new.version, "old": old.version},
        user,
    )


def change_status(documents, status, user=None):
    """Set the legal status of many documents, with an entry in each register of changes."""
    label = LegalStatus(status).label
    changed = 0
    for document in documents:
        if document.legal_status == status:
            continue
        document.legal_status = status
        document.save(update_fields=["legal_status"])
        record_change(document, _("Zmieniono status na „%(status)s”.") % {"status": label}, user)
        changed += 1
    return changed


def schedule_extraction(document):
    """Queue text extraction; a failure to queue is recorded and never blocks the upload."""
    RegistryDocument.objects.filter(pk=document.pk).update(
        extraction_status=ExtractionStatus.PENDING, extraction_error=""
    )
    try:
        extract_document_text.enqueue(document.pk)
    except Exception as exc:  # the queue itself may be unavailable
        logger.exception("Could not queue text extraction of document %s", document.pk)
        RegistryDocument.objects.filter(pk=document.pk).update(
            extraction_status=ExtractionStatus.FAILED,
            extraction_error=_("Nie udało się zlecić odczytu tekstu: %(error)s")
            % {"error": str(exc)[:300]},
        )


# Without a task worker (the immediate backend) extraction runs inside the upload request, which
# gunicorn kills after 30 s; the time limit then stays well below, so the document gets its state.
IN_REQUEST_TIMEOUT = 20


def extraction_runs_in_request():
    """True without a task worker: the immediate backend runs the task where it is queued."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


def extraction_limits():
    limits = Limits.from_settings(extraction_max_chars=MAX_EXTRACTED_CHARS)
    if extraction_runs_in_request():
        timeout = min(limits.extraction_timeout, IN_REQUEST_TIMEOUT)
        limits = dataclasses.replace(limits, extraction_timeout=timeout)
    return limits


def run_extraction(document_id):
    """Read the text of a stored file in a limited child process (documents/isolation.py);
    records done, partial, not applicable or failed with a Polish reason, never leaves it pending."""
    document = RegistryDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    text = ""
    try:
        if not extraction.supports(document.file_extension):
            status, note = ExtractionStatus.NOT_APPLICABLE, ""
        else:
            with document.open_file() as handle:
                data = handle.read()
            limits = extraction_limits()
            extraction.preload(document.file_extension)
            outcome = isolation.call(
                extraction.extract_plain,
                (
                    data,
                    document.file_extension,
                    limits,
                    isolation.soft_deadline(limits.extraction_timeout),
                ),
                timeout=limits.extraction_timeout,
                memory=limits.extraction_memory,
            )
            status, note = _extraction_state(outcome, limits)
            if outcome.kind == "done":
                text = outcome.value["text"]
            if status == ExtractionStatus.FAILED:
                logger.warning("Text extraction of document %s failed: %s", document_id, note)
    except Exception as exc:  # storage or fork failures: a failed extraction, not a failed upload
        logger.exception("Text extraction of document %s failed", document_id)
        status = ExtractionStatus.FAILED
        note = _("Nie udało się odczytać tekstu pliku: %(error)s") % {
            "error": f"{type(exc).__name__}: {exc}"
        }
    document.extraction_status = status
    document.extraction_error = note[:500]
    document.extracted_text = text[:MAX_EXTRACTED_CHARS]
    document.extracted_at = timezone.now()
    document.save(
        update_fields=[
            "extraction_status",
            "extraction_error",
            "extracted_text",
            "extracted_at",
        ]
    )
    search_index.insert_or_update_object(document)
    return document.extraction_status


@task()
def extract_document_text(document_id):
    """The background task of `run_extraction` (queued by `schedule_extraction`)."""
    return run_extraction(document_id)


def _extraction_state(outcome, limits):
    """(status, the Polish note for the editor) of an isolation.Outcome."""
    seconds = {"seconds": round(limits.extraction_timeout)}
    if outcome.kind == "done":
        extracted = extraction.Extracted(**outcome.value)
        if extracted.capped == "chars":
            return ExtractionStatus.PARTIAL, _(
                "Zapisano pierwsze %(chars)s znaków tekstu (limit); dalsza część pliku nie jest "
                "przeszukiwalna."
            ) % {"chars": number_format(limits.extraction_max_chars, force_grouping=True)}
        if extracted.capped == "time" and extracted.pages_total:
            return ExtractionStatus.PARTIAL, _(
                "Odczytano tekst %(read)s z %(total)s stron; odczyt zatrzymano po %(seconds)s s "
                "(limit czasu). Dalsza część pliku nie jest przeszukiwalna."
            ) % {
                "read": extracted.pages_read,
                "total": extracted.pages_total,
                "seconds": round(limits.extraction_timeout * isolation.SOFT_SHARE),
            }
        if extracted.capped == "time":
            return ExtractionStatus.PARTIAL, _(
                "Odczytano część tekstu; odczyt zatrzymano po %(seconds)s s (limit czasu). "
                "Dalsza część pliku nie jest przeszukiwalna."
            ) % {"seconds": round(limits.extraction_timeout * isolation.SOFT_SHARE)}
        return ExtractionStatus.DONE, ""
    if outcome.kind == "refused":
        reason = _("Tekstu nie odczytano: %(reason)s") % {"reason": outcome.refusal.message()}
    elif outcome.kind == "memory":
        reason = _(
            "Odczyt tekstu przerwano: przekroczył limit pamięci (%(limit)s). Plik jest zbyt "
            "złożony, by przeszukiwać jego treść."
        ) % {"limit": filesizeformat(limits.extraction_memory)}
    elif outcome.kind == "time":
        reason = (
            _(
                "Odczyt tekstu przerwano po %(seconds)s s (limit czasu). Plik jest zbyt złożony, by "
                "przeszukiwać jego treść."
            )
            % seconds
        )
    elif outcome.kind == "crashed":
        reason = _(
            "Odczyt tekstu przerwano: proces odczytu zakończył się nieoczekiwanie (%(how)s)."
        ) % {
            "how": _("sygnał %(n)s") % {"n": outcome.signal}
            if outcome.signal
            else _("kod %(n)s") % {"n": outcome.status}
        }
    else:
        reason = _("Nie udało się odczytać tekstu pliku: %(error)s") % {"error": outcome.error}
    return ExtractionStatus.FAILED, reason


def retry_extraction(documents):
    """Queue text extraction again (an editor's retry after a failure); returns the count."""
    count = 0
    for document in documents:
        schedule_extraction(document)
        count += 1
    return count


def create_document(data, filename, metadata=None, tags=(), user=None, collection=None):
    """Validate and store a file with its metadata (import command, demo content).

    Raises django.core.exceptions.ValidationError before anything is stored.
    """
    content = ContentFile(data, name=filename)
    checked = validate_upload(content, name=filename)
    with transaction.atomic():
        document = RegistryDocument(
            file=content,
            uploaded_by_user=user,
            collection=collection or Collection.get_first_root_node(),
            detected_mime=checked.content_type,
            **(metadata or {}),
        )
        document._set_document_file_metadata()
        document.save()
        if tags:
            document.tags.add(*tags)
            search_index.insert_or_update_object(document)
    return document


IMPORT_FIELDS = (
    "title",
    "document_type",
    "number",
    "subject",
    "issued_on",
    "issuer",
    "partner",
    "voivodeship",
    "legal_status",
    "valid_from",
    "valid_to",
    "language",
    "call_reference",
)


def metadata_changes(document, metadata, tags=None):
    """What `metadata` (and `tags`, when given) would change in the document: a list of
    (field label, old, new), in the order of IMPORT_FIELDS."""
    changes = []
    for name in IMPORT_FIELDS:
        if name not in metadata:
            continue
        old, new = getattr(document, name), metadata[name]
        if (old or None) != (new or None):
            label = str(RegistryDocument._meta.get_field(name).verbose_name)
            changes.append((label, old, new))
    if tags is not None:
        old_tags = sorted(document.tags.names())
        if old_tags != sorted(tags):
            changes.append((_("tagi"), ", ".join(old_tags), ", ".join(sorted(tags))))
    return changes


@transaction.atomic
def update_metadata(document, metadata, tags=None, user=None):
    """Change the metryczka of a stored document (the file stays): one entry in its register of
    changes names the fields; the search index follows. Returns the changes made."""
    changes = metadata_changes(document, metadata, tags)
    if not changes:
        return changes
    fields = [name for name in IMPORT_FIELDS if name in metadata]
    for name in fields:
        setattr(document, name, metadata[name])
    document.full_clean(exclude=["file", "collection", "tags"])
    document.save(update_fields=fields)
    if tags is not None:
        document.tags.set(tags, clear=True)
    record_change(
        document,
        _("Zaktualizowano metryczkę z importu: %(fields)s.")
        % {"fields": ", ".join(label for label, _old, _new in changes)},
        user,
    )
    search_index.insert_or_update_object(document)
    return changes


def version_chain(document):
    """All versions of a document, oldest first (walks `supersedes` back and forward)."""
    older = []
    current = document
    seen = {document.pk}
    while current.supersedes_id and current.supersedes_id not in seen:
        current = RegistryDocument.objects.select_related("supersedes").get(
            pk=current.supersedes_id
        )
        seen.add(current.pk)
        older.append(current)
    newer = []
    current = document
    while True:
        following = RegistryDocument.objects.filter(supersedes=current).first()
        if following is None or following.pk in seen:
            break
        seen.add(following.pk)
        newer.append(following)
        current = following
    return list(reversed(older)) + [document] + newer


def document_page_context(request, document):
    """Everything a document's public page shows, limited to what the request may see."""
    from .permissions import visible_documents

    def visible(queryset):
        return list(
            visible_documents(request, queryset)
            .select_related("document_type")
            .order_by("attachment_number", "title")
        )

    # A private version (another collection, a restriction) is left out for whom it is hidden.
    chain = version_chain(document)
    shown = set(
        visible_documents(
            request, RegistryDocument.objects.filter(pk__in=[v.pk for v in chain])
        ).values_list("pk", flat=True)
    )
    versions = [v for v in chain if v.pk in shown or v.pk == document.pk]
    current = versions[-1]
    return {
        "document": document,
        "files": [document, *visible(document.formats.all())],
        "versions": versions if len(versions) > 1 else [],
        "current_version": current if current.pk != document.pk else None,
        "in_force": document.is_in_force(),
        "attachments": visible(document.attachments.listed()),
        # Attachments are listed once, under their own heading.
        "related": visible(document.related_documents.listed().exclude(attachment_to=document)),
        "parent": document.attachment_to
        if document.attachment_to_id
        and visible_documents(
            request, RegistryDocument.objects.filter(pk=document.attachment_to_id)
        ).exists()
        else None,
        "changes": list(
            document.changes.filter(internal=False)
            .select_related("user")
            .order_by("changed_at", "pk")
        ),
        "tags": list(document.tags.all()),
    }
