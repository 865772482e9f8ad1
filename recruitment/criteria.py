"""The rules about a call's criteria: a call cannot open without them, and they are frozen from
the first submitted application on, so that every JST is judged by the rules it applied under."""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

MISSING_MESSAGE = _(
    "Nabór nie może zostać otwarty bez kryteriów: dodaj co najmniej jedno kryterium formalne "
    "i jedno kryterium merytoryczne, zanim go opublikujesz."
)
LOCKED_MESSAGE = _(
    "Kryteriów nie można już zmienić: pierwsze zgłoszenie do tego naboru złożono %(when)s. "
    "Wszystkie JST muszą być ocenione według tych samych kryteriów, które obowiązywały, gdy "
    "składały zgłoszenia. Cofnij zmiany w kryteriach formalnych i merytorycznych."
)

FORMAL_FIELDS = ("text", "correctable", "check_mode", "auto_rule")
SUBSTANTIVE_FIELDS = ("text", "guidance", "max_points", "min_points", "tie_breaker_order")


def _value(row, field):
    value = row.get(field) if isinstance(row, dict) else getattr(row, field)
    if isinstance(value, str):
        # Browsers send \r\n for a newline; whitespace around a text is no change of rules.
        return value.replace("\r\n", "\n").strip()
    return value


def signature(rows, fields):
    """A comparable picture of criteria rows (model objects or form data), in their order."""
    return tuple(tuple(_value(row, field) for field in fields) for row in rows)


def _ordered(objects):
    return sorted(objects, key=lambda o: (o.sort_order is None, o.sort_order or 0, o.pk or 0))


def stored_signatures(call):
    """The criteria as they are in the database now: (formal, substantive)."""
    formal, substantive = call.stored_criteria()
    return signature(formal, FORMAL_FIELDS), signature(substantive, SUBSTANTIVE_FIELDS)


def locked_error(first_submitted):
    when = formats.date_format(timezone.localtime(first_submitted), "j E Y, H:i")
    return ValidationError(LOCKED_MESSAGE, params={"when": when}, code="criteria_locked")


def check_unchanged_after_submission(call):
    """Raise if the call's criteria in memory differ from the stored ones after a submission."""
    first_submitted = call.first_submission_at()
    if first_submitted is None:
        return
    in_memory = (
        signature(_ordered(call.formal_criteria.all()), FORMAL_FIELDS),
        signature(_ordered(call.substantive_criteria.all()), SUBSTANTIVE_FIELDS),
    )
    if in_memory != stored_signatures(call):
        raise locked_error(first_submitted)


def check_present(call):
    """Raise unless the call has at least one formal and one substantive criterion."""
    if not call.formal_criteria.all() or not call.substantive_criteria.all():
        raise ValidationError(MISSING_MESSAGE, code="criteria_missing")
