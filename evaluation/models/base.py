"""Rows the database keeps as they were written (signed declarations, frozen list entries): the
queryset refuses updates and deletes; the triggers of the migrations refuse them in SQL."""

from django.db import models


class Immutable(Exception):
    """Raised on any attempt to change or delete a signed declaration."""


_REFUSAL = "A signed declaration is kept as it was signed: it is never changed or deleted."


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable(_REFUSAL)

    def delete(self):
        raise Immutable(_REFUSAL)

    def bulk_update(self, objs, fields, batch_size=None):
        raise Immutable(_REFUSAL)

    def update_or_create(self, *args, **kwargs):
        raise Immutable(_REFUSAL)


class ImmutableModel(models.Model):
    """Inserted once, never updated or deleted (a signed statement is evidence)."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(_REFUSAL)
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(_REFUSAL)
