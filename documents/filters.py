"""Facets of the public listing as django-filter FilterSets, and their counts."""

from django import forms
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

import django_filters

from core.choices import Voivodeship
from core.partners import Partner
from core.search_terms import plain_terms

from .models import LegalStatus, RegistryDocument

SORTS = {
    "data": ("-issued_on", "title"),
    "data-rosnaco": ("issued_on", "title"),
    "tytul": ("title",),
    "numer": ("number", "title"),
}


class AnyValueMultipleChoiceField(forms.MultipleChoiceField):
    """Accepts any slug: unknown values simply match nothing (and cost no validation query)."""

    def valid_value(self, value):
        return len(value) <= 100


class SlugsFilter(django_filters.MultipleChoiceFilter):
    field_class = AnyValueMultipleChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        qs = qs.filter(**{f"{self.field_name}__in": value})
        return qs.distinct() if self.distinct else qs


SORT_CHOICES = [
    ("data", _("data wydania (od najnowszych)")),
    ("data-rosnaco", _("data wydania (od najstarszych)")),
    ("tytul", _("tytuł (A–Ż)")),
    ("numer", _("numer / sygnatura")),
]


class RegistryFilterSet(django_filters.FilterSet):
    """The facets of /dokumenty/; each facet allows several values (OR within, AND across)."""

    q = django_filters.CharFilter(label=_("Szukaj w tytułach i treści plików"), method="search")
    typ = SlugsFilter(label=_("Typ dokumentu"), field_name="document_type__slug", distinct=False)
    partner = django_filters.MultipleChoiceFilter(
        label=_("Partner"), choices=Partner.choices, distinct=False
    )
    wojewodztwo = django_filters.MultipleChoiceFilter(
        label=_("Województwo"),
        field_name="voivodeship",
        choices=Voivodeship.choices,
        distinct=False,
    )
    rok = django_filters.MultipleChoiceFilter(
        label=_("Rok wydania"),
        field_name="issued_on__year",
        choices=[(str(y), str(y)) for y in range(1900, 2100)],
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), field_name="legal_status", choices=LegalStatus.choices, distinct=False
    )
    # Several tags selected may match one document twice through the join, hence distinct.
    tag = SlugsFilter(label=_("Tag"), field_name="tags__slug", distinct=True)
    wszystkie = django_filters.BooleanFilter(
        label=_("Pokaż także dokumenty nieobowiązujące (uchylone, zmienione, archiwalne)"),
        method="include_not_in_force",
        widget=forms.CheckboxInput,
    )
    sortuj = django_filters.ChoiceFilter(
        label=_("Sortuj według"), choices=SORT_CHOICES, method="sort", empty_label=None
    )

    class Meta:
        model = RegistryDocument
        fields = []

    # facet name -> the grouped column of its counts
    FACET_COLUMNS = {
        "typ": "document_type__slug",
        "partner": "partner",
        "wojewodztwo": "voivodeship",
        "status": "legal_status",
        "rok": "year",
    }

    def search(self, queryset, name, value):
        from wagtail.search.backends import get_search_backend

        value = plain_terms(value)
        if not value:
            return queryset
        results = get_search_backend().search(value, RegistryDocument.objects.listed())
        ids = [doc.pk for doc in results[:2000]]
        return queryset.filter(pk__in=ids)

    def include_not_in_force(self, queryset, name, value):
        return queryset

    def sort(self, queryset, name, value):
        return queryset

    @property
    def data_cleaned(self):
        return self.form.cleaned_data if self.form.is_valid() else {}

    @property
    def include_all(self):
        return bool(self.data_cleaned.get("wszystkie"))

    def ordering(self):
        return SORTS.get(self.data_cleaned.get("sortuj") or "data")

    def filter_queryset(self, queryset, exclude=None):
        """Apply every chosen filter but `exclude` (how the counts of one facet are computed)."""
        if not self.include_all:
            queryset = queryset.in_force()
        for name, value in self.data_cleaned.items():
            if name == exclude or value in (None, "", [], ()):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _grouped(self, queryset, columns):
        rows = (
            queryset.annotate(year=ExtractYear("issued_on"))
            .values(*columns)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return list(rows)

    def facet_counts(self):
        """Counts per facet value and the total of results.

        The counts of a facet ignore that facet's own selection (OR within a facet). Facets with
        nothing selected share one grouped query; each selected facet and the tags need their own,
        so the number of queries depends on the selection, never on the number of documents.
        Returns ({facet: [(value, label, count, selected)]}, total or None).
        """
        data = self.data_cleaned
        base = self.queryset
        selected = {name: set(data.get(name) or []) for name in (*self.FACET_COLUMNS, "tag")}
        counts = {name: {} for name in self.FACET_COLUMNS}
        type_names = {}
        total = None

        def add(name, rows):
            column = self.FACET_COLUMNS[name]
            for row in rows:
                value = row[column]
                if value in (None, ""):
                    continue
                value = str(value)
                counts[name][value] = counts[name].get(value, 0) + row["n"]
                if name == "typ":
                    type_names[value] = (
                        row["document_type__name"],
                        row["document_type__sort_order"],
                    )

        unselected = [name for name in self.FACET_COLUMNS if not selected[name]]
        if unselected:
            columns = [self.FACET_COLUMNS[name] for name in unselected]
            if "typ" in unselected:
                columns += ["document_type__name", "document_type__sort_order"]
            rows = self._grouped(self.filter_queryset(base), columns)
            for name in unselected:
                add(name, rows)
            total = sum(row["n"] for row in rows)
        for name in self.FACET_COLUMNS:
            if selected[name]:
                columns = [self.FACET_COLUMNS[name]]
                if name == "typ":
                    columns += ["document_type__name", "document_type__sort_order"]
                add(name, self._grouped(self.filter_queryset(base, name), columns))
        tag_rows = (
            self.filter_queryset(base, "tag")
            .filter(tags__isnull=False)
            .values("tags__slug", "tags__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", "tags__name")[:30]
        )

        labels = {
            "partner": dict(Partner.choices),
            "wojewodztwo": dict(Voivodeship.choices),
            "status": dict(LegalStatus.choices),
        }
        facets = {}
        for name, values in counts.items():
            if name == "typ":
                keys = sorted(values, key=lambda v: (type_names[v][1], type_names[v][0]))
                facets[name] = [(v, type_names[v][0], values[v]) for v in keys]
            elif name == "rok":
                facets[name] = [(v, v, values[v]) for v in sorted(values, reverse=True)]
            else:
                order = list(labels[name])
                keys = sorted(values, key=lambda v: order.index(v) if v in order else 99)
                facets[name] = [(v, labels[name].get(v, v), values[v]) for v in keys]
        facets["tag"] = [(r["tags__slug"], r["tags__name"], r["n"]) for r in tag_rows]
        return (
            {
                name: [(value, label, n, value in selected[name]) for value, label, n in items]
                for name, items in facets.items()
            },
            total,
        )
