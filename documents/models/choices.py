"""Vocabularies of the registry: legal status, language, extraction and moderation state."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalStatus(models.TextChoices):
    IN_FORCE = "in_force", _("obowiązujący")
    AMENDED = "amended", _("zmieniony")
    REPEALED = "repealed", _("uchylony")
    ARCHIVED = "archived", _("archiwalny")


class Language(models.TextChoices):
    POLISH = "pl", _("polski")
    ENGLISH = "en", _("angielski")
    GERMAN = "de", _("niemiecki")
    UKRAINIAN = "uk", _("ukraiński")


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("oczekuje")
    DONE = "done", _("gotowy")
    # Read up to a limit (time, characters): the beginning of the file is searchable.
    PARTIAL = "partial", _("częściowy (limit)")
    FAILED = "failed", _("błąd")
    NOT_APPLICABLE = "not_applicable", _("nie dotyczy (format bez tekstu)")


class ModerationState(models.TextChoices):
    """Whether a document is public: an editor's upload waits for a moderator (README,
    "Moderation"); a scheduled one becomes public at its `go_live_at`."""

    PENDING = "pending", _("do zatwierdzenia")
    SCHEDULED = "scheduled", _("zaplanowany")
    PUBLISHED = "published", _("opublikowany")
    REJECTED = "rejected", _("odrzucony")


# The default document types of DOMAIN.md; the list itself is editable in the admin.
DEFAULT_DOCUMENT_TYPES = [
    ("regulamin", "regulamin"),
    ("zarzadzenie", "zarządzenie"),
    ("uchwala", "uchwała"),
    ("formularz", "formularz"),
    ("karta-oceny", "karta oceny"),
    ("kryteria", "kryteria"),
    ("zalacznik", "załącznik"),
    ("porozumienie", "porozumienie"),
    ("raport", "raport"),
    ("informacja", "informacja"),
    ("wzor", "wzór"),
]
