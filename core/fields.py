"""A model field holding several values of a fixed vocabulary in one column."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEPARATOR = ","


class MultipleChoiceField(models.CharField):
    """Stores a list of choice values as ",a,b," so that one value is matched exactly.

    Every value is wrapped in separators, so `contains=",value,"` never matches a value that
    merely starts with another one, on SQLite and PostgreSQL alike. Listings filter and count
    on it with plain SQL (see `has_value`), without a join per vocabulary.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return list(value)
        return [part for part in str(value).split(SEPARATOR) if part]

    def get_prep_value(self, value):
        values = self.to_python(value)
        if not values:
            return ""
        return SEPARATOR + SEPARATOR.join(values) + SEPARATOR

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        known = {str(key) for key, _label in self.choices or []}
        unknown = [v for v in self.to_python(value) if v not in known]
        if unknown:
            raise ValidationError(
                _("Nieznana wartość: %(value)s."), params={"value": ", ".join(unknown)}
            )
        if not self.blank and not self.to_python(value):
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        # CharField.formfield would add a text widget and max_length; build the field directly.
        form_class = defaults.pop("form_class")
        defaults.pop("choices_form_class", None)
        defaults.pop("max_length", None)
        return form_class(**defaults)


def has_value(field_name, value):
    """A filter for rows whose multiple-choice field holds the value."""
    return Q(**{f"{field_name}__contains": f"{SEPARATOR}{value}{SEPARATOR}"})
