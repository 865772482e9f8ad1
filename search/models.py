"""The database search index and the queue of index updates.

`SearchEntry` is the database backend's copy of a SearchRecord. Its full-text part lives beside
it, per database: an FTS5 table `search_fts` on SQLite, a `search_vector` tsvector column with
a GIN index on PostgreSQL (both made by migration 0002, outside the ORM).

`IndexUpdate` rows are changes waiting to reach a backend: every publish, unpublish, move,
delete, upload and finished extraction adds one per backend, and a background task applies
them. A backend that is down keeps its rows until it answers again, so nothing is missed and
the age of the oldest row is the index lag.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    key = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500)
    number = models.CharField(max_length=100, blank=True)
    number_norm = models.CharField(max_length=100, blank=True, db_index=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    file_text = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    document_type = models.CharField(max_length=60, blank=True, db_index=True)
    document_type_label = models.CharField(max_length=200, blank=True)
    voivodeship = models.CharField(max_length=2, blank=True, db_index=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pozycja indeksu wyszukiwania")
        verbose_name_plural = _("indeks wyszukiwania")

    def __str__(self):
        return self.title


class SearchEntryTag(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tag_rows")
    name = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "name"], name="search_entry_tag_unique")
        ]

    def __str__(self):
        return self.name


class IndexUpdate(models.Model):
    class Action(models.TextChoices):
        UPDATE = "update", _("aktualizacja")
        DELETE = "delete", _("usunięcie")

    backend = models.CharField(max_length=20, db_index=True)
    key = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.UPDATE)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("zmiana czekająca na indeks")
        verbose_name_plural = _("zmiany czekające na indeks")
        ordering = ["queued_at", "pk"]

    def __str__(self):
        return f"{self.backend} {self.action} {self.key}"


class RejectedRecord(models.Model):
    """A record a backend refused for what it holds (Elasticsearch: a value its mapping cannot
    take): skipped so that the rest is indexed, logged, and counted in /api/search/health/
    until the record is indexed again after a fix (or goes away)."""

    backend = models.CharField(max_length=20)
    key = models.CharField(max_length=40)
    reason = models.CharField(max_length=500)
    rejected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pozycja odrzucona przez indeks")
        verbose_name_plural = _("pozycje odrzucone przez indeks")
        ordering = ["backend", "key"]
        constraints = [
            models.UniqueConstraint(fields=["backend", "key"], name="search_rejected_once")
        ]

    def __str__(self):
        return f"{self.backend} {self.key}: {self.reason}"


class SearchTerm(models.Model):
    """A term of the database index (a lemma or a folded form of an indexed word) and in how many
    entries it stood when it was counted: the vocabulary a misspelt query word is corrected from
    (search/spelling.py). A rebuild counts the terms anew; a single update only adds the terms
    it brings. A term whose entries are gone stays until the next rebuild: it can be offered as
    a correction that then finds nothing, never a wrong document."""

    term = models.CharField(max_length=60, primary_key=True)
    entries = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("słowo indeksu wyszukiwania")
        verbose_name_plural = _("słownik indeksu wyszukiwania")

    def __str__(self):
        return self.term
