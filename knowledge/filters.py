"""Reusable filter objects (django-filter) for the catalogue of good practices, with counts."""

from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

import django_filters

from core.choices import CooperationLevel, Sector, Voivodeship
from core.filters import FacetFilter
from knowledge.choices import TargetGroup


class GoodPracticeFilterSet(django_filters.FilterSet):
    """Facets of the catalogue; parameter names are the Polish words shown in the URL."""

    wojewodztwo = FacetFilter(
        field_name="voivodeship", choices=Voivodeship.choices, label=_("Województwo")
    )
    sektor = FacetFilter(
        field_name="sectors",
        choices=Sector.choices,
        multiple_values=True,
        label=_("Zaangażowany sektor"),
    )
    poziom = FacetFilter(
        field_name="levels",
        choices=CooperationLevel.choices,
        multiple_values=True,
        label=_("Poziom współpracy"),
    )
    grupa = FacetFilter(
        field_name="target_groups",
        choices=TargetGroup.choices,
        multiple_values=True,
        label=_("Grupa docelowa"),
    )

    def __init__(self, data=None, queryset=None, *args, **kwargs):
        # No model of its own (the catalogue's page gives its practices): the queryset is
        # required, and a call without one says so.
        if queryset is None:
            raise TypeError("GoodPracticeFilterSet needs the practices' queryset")
        super().__init__(self.known_values(data), queryset, *args, **kwargs)

    @classmethod
    def known_values(cls, data):
        """Keep only parameters and values the filters know; anything else is ignored.

        Unknown values (an old link, a typo) must not empty the listing nor cause an error:
        the visitor sees the catalogue filtered by what still makes sense.
        """
        clean = QueryDict(mutable=True)
        if data is None:
            return clean
        for name, flt in cls.base_filters.items():
            allowed = {str(value) for value, _label in flt.extra["choices"]}
            seen = []
            for value in data.getlist(name):
                if value in allowed and value not in seen:
                    seen.append(value)
            if seen:
                clean.setlist(name, seen)
        return clean

    def selected(self):
        return {name: self.data.getlist(name) for name in self.filters}

    def facets(self):
        """Every filter value with the number of results it would give, in one query.

        The count of a value reflects the other active facets but not its own, so that
        ticking one more value of a facet never shows misleading zeros.
        """
        selected = self.selected()
        conditions = {
            name: flt.q(selected[name]) for name, flt in self.filters.items() if selected[name]
        }
        aggregates = {"total": _count(_all(conditions.values()))}
        for name, flt in self.filters.items():
            others = _all(q for other, q in conditions.items() if other != name)
            for index, (value, _label) in enumerate(flt.extra["choices"]):
                aggregates[f"{name}__{index}"] = _count(others & flt.q([value]))
        counts = self.queryset.aggregate(**aggregates)
        facets = []
        for name, flt in self.filters.items():
            options = []
            for index, (value, label) in enumerate(flt.extra["choices"]):
                options.append(
                    {
                        "name": name,
                        "value": value,
                        "label": label,
                        "count": counts[f"{name}__{index}"],
                        "checked": value in selected[name],
                        "id": f"filtr-{name}-{value}",
                    }
                )
            facets.append({"name": name, "legend": flt.label, "options": options})
        return facets, counts["total"]


def _all(queries):
    combined = Q()
    for query in queries:
        combined &= query
    return combined


def _count(condition):
    if not condition:
        return Count("pk")
    return Count("pk", filter=condition)
