"""Filters (django-filter) shared by the public listings: a facet is a set of checkboxes."""

from django import forms
from django.db.models import Q

import django_filters

from core.fields import has_value


class FacetFilter(django_filters.MultipleChoiceFilter):
    """Any of the chosen values (OR within one facet); facets combine with AND.

    `multiple_values` marks a column of `core.fields.MultipleChoiceField`, matched by
    exact value inside the list rather than by equality.
    """

    def __init__(self, *args, multiple_values=False, **kwargs):
        self.multiple_values = multiple_values
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def q(self, values):
        query = Q()
        for value in values:
            if self.multiple_values:
                query |= has_value(self.field_name, value)
            else:
                query |= Q(**{self.field_name: value})
        return query

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(self.q(value))
