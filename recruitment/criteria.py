"""The rules about a call's criteria: a call cannot open without them, and they are frozen from
the first submitted application on, so that every JST is judged by the rules it applied under."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol, TypeVar

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
# The call's own fields that are scoring rules, frozen with the criteria from the first
# submission on: every JST is scored by the rules it applied under. {field: the refusal}.
RULES_LOCKED_MESSAGES = {
    "threshold_percent": _(
        "Progu punktowego nie można już zmienić: pierwsze zgłoszenie do tego naboru złożono "
        "%(when)s. Wszystkie JST muszą być ocenione według tych samych zasad, które obowiązywały, "
        "gdy składały zgłoszenia. Przywróć wartość %(value)s%%."
    ),
    "divergence_percent": _(
        "Progu rozbieżności ocen nie można już zmienić: pierwsze zgłoszenie do tego naboru złożono "
        "%(when)s. Wszystkie JST muszą być ocenione według tych samych zasad, które obowiązywały, "
        "gdy składały zgłoszenia. Przywróć wartość %(value)s%%."
    ),
}
LOCKED_CALL_FIELDS = tuple(RULES_LOCKED_MESSAGES)

FORMAL_FIELDS = ("text", "correctable", "check_mode", "auto_rule")
SUBSTANTIVE_FIELDS = ("text", "guidance", "max_points", "min_points", "tie_breaker_order")

# A comparable picture of criteria: one tuple of field values per row.
Signature = tuple[tuple[object, ...], ...]


# The models import this module, so what the rules read of them is described here, not imported.
class _Ordered(Protocol):
    """A criterion row (`FormalCriterion`, `SubstantiveCriterion`)."""

    @property
    def sort_order(self) -> int | None: ...

    @property
    def pk(self) -> Any: ...


class _Call(Protocol):
    """A call (`CallPage`); its criteria are modelcluster's child relations (untyped)."""

    @property
    def formal_criteria(self) -> Any: ...

    @property
    def substantive_criteria(self) -> Any: ...

    def stored_criteria(self) -> tuple[Iterable[object], Iterable[object]]: ...

    def first_submission_at(self) -> datetime | None: ...

    def stored_rules(self) -> dict[str, Any]: ...


_Row = TypeVar("_Row", bound=_Ordered)


def _value(row: object, field: str) -> object:
    value = row.get(field) if isinstance(row, dict) else getattr(row, field)
    if isinstance(value, str):
        # Browsers send \r\n for a newline; whitespace around a text is no change of rules.
        return value.replace("\r\n", "\n").strip()
    return value


def signature(rows: Iterable[object], fields: Iterable[str]) -> Signature:
    """A comparable picture of criteria rows (model objects or form data), in their order."""
    return tuple(tuple(_value(row, field) for field in fields) for row in rows)


def _ordered(objects: Iterable[_Row]) -> list[_Row]:
    return sorted(objects, key=lambda o: (o.sort_order is None, o.sort_order or 0, o.pk or 0))


def stored_signatures(call: _Call) -> tuple[Signature, Signature]:
    """The criteria as they are in the database now: (formal, substantive)."""
    formal, substantive = call.stored_criteria()
    return signature(formal, FORMAL_FIELDS), signature(substantive, SUBSTANTIVE_FIELDS)


def locked_error(first_submitted: datetime) -> ValidationError:
    when = formats.date_format(timezone.localtime(first_submitted), "j E Y, H:i")
    return ValidationError(LOCKED_MESSAGE, params={"when": when}, code="criteria_locked")


def check_unchanged_after_submission(call: _Call) -> None:
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


def check_present(call: _Call) -> None:
    """Raise unless the call has at least one formal and one substantive criterion."""
    if not call.formal_criteria.all() or not call.substantive_criteria.all():
        raise ValidationError(MISSING_MESSAGE, code="criteria_missing")


def rules_locked_error(
    field: str, first_submitted: datetime, stored_value: object
) -> ValidationError:
    when = formats.date_format(timezone.localtime(first_submitted), "j E Y, H:i")
    return ValidationError(
        RULES_LOCKED_MESSAGES[field],
        params={"when": when, "value": stored_value},
        code="rules_locked",
    )


def changed_rules(call: _Call, values: dict[str, Any]) -> dict[str, object]:
    """{field: stored value} of the locked call fields (`LOCKED_CALL_FIELDS`) whose value in
    `values` differs from the stored one after the first submission; empty when none does or
    nothing is submitted yet. One query, two when something differs."""
    stored = call.stored_rules()
    differing = {
        field: stored[field]
        for field in LOCKED_CALL_FIELDS
        if field in stored and field in values and values[field] != stored[field]
    }
    if not differing or call.first_submission_at() is None:
        return {}
    return differing


def check_rules_unchanged_after_submission(call: _Call) -> None:
    """Raise if a locked call field in memory differs from the stored one after a submission."""
    differing = changed_rules(call, {field: getattr(call, field) for field in LOCKED_CALL_FIELDS})
    if differing:
        first_submitted = call.first_submission_at()
        assert first_submitted is not None
        raise ValidationError(
            {
                field: rules_locked_error(field, first_submitted, stored_value)
                for field, stored_value in differing.items()
            }
        )
