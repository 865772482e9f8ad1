"""The filters of the events' calendar (django-filter): the period or one month, and the facets
kind, organiser, voivodeship and sector. Unknown values (an old link, a typo) never empty the
calendar nor cause an error: they are left out and the visitor is told so, in Polish."""

import datetime

from django.db.models import Count, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import django_filters

from core.choices import Sector, Voivodeship
from core.filters import FacetFilter
from core.partners import Partner

from .choices import EventKind

UPCOMING, ARCHIVE = "nadchodzace", "archiwum"
PERIODS = {
    UPCOMING: gettext_lazy("Nadchodzące wydarzenia"),
    ARCHIVE: gettext_lazy("Archiwum wydarzeń"),
}
MONTH_NAMES = [
    "",
    gettext_lazy("styczeń"),
    gettext_lazy("luty"),
    gettext_lazy("marzec"),
    gettext_lazy("kwiecień"),
    gettext_lazy("maj"),
    gettext_lazy("czerwiec"),
    gettext_lazy("lipiec"),
    gettext_lazy("sierpień"),
    gettext_lazy("wrzesień"),
    gettext_lazy("październik"),
    gettext_lazy("listopad"),
    gettext_lazy("grudzień"),
]


def month_label(year, month):
    return f"{MONTH_NAMES[month]} {year}".capitalize()


def parse_month(value):
    """A month "RRRR-MM" between 2000 and 2100 (the project's and any plausible calendar),
    else None."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if not 2000 <= year <= 2100:
            return None
        return datetime.date(year, month, 1)
    except (ValueError, TypeError, OverflowError):
        return None


class Window:
    """The events the calendar shows before the facets: one month, or the upcoming ones, or the
    archive (the period), from the parameters `miesiac` and `okres`."""

    def __init__(self, data, now):
        self.notices = []
        self.period = data.get("okres", UPCOMING)
        if self.period not in PERIODS:
            self.notices.append(_("Nieznany okres – pokazujemy nadchodzące wydarzenia."))
            self.period = UPCOMING
        self.month = None
        if data.get("miesiac"):
            self.month = parse_month(data["miesiac"])
            if self.month is None:
                self.notices.append(_("Miesiąc podaj w postaci RRRR-MM, np. 2026-12."))
        self.now = now

    def apply(self, events):
        if self.month is not None:
            start = timezone.make_aware(datetime.datetime.combine(self.month, datetime.time()))
            next_month = (self.month + datetime.timedelta(days=32)).replace(day=1)
            end = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time()))
            return events.filter(starts_at__lt=end, ends_at__gte=start)
        if self.period == ARCHIVE:
            return events.filter(ends_at__lt=self.now)
        return events.filter(ends_at__gte=self.now)

    @property
    def heading(self):
        if self.month is not None:
            return _("Wydarzenia: %(month)s") % {
                "month": month_label(self.month.year, self.month.month)
            }
        return PERIODS[self.period]

    @property
    def order(self):
        """The archive lists the latest first; a month and the upcoming events, the soonest."""
        return ("-starts_at",) if self.period == ARCHIVE and self.month is None else ("starts_at",)


class SectorFilter(django_filters.ChoiceFilter):
    """Events for the chosen sector, and those open to every sector (no target sectors)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(target_sectors__contains=f",{value},") | Q(target_sectors=""))


class EventFilterSet(django_filters.FilterSet):
    """The facets of the calendar; parameter names are the Polish words shown in the URL."""

    rodzaj = FacetFilter(field_name="kind", choices=EventKind.choices, label=gettext_lazy("Rodzaj"))
    organizator = FacetFilter(
        field_name="partner", choices=Partner.choices, label=gettext_lazy("Organizator")
    )
    wojewodztwo = FacetFilter(
        field_name="voivodeship", choices=Voivodeship.choices, label=gettext_lazy("Województwo")
    )
    sektor = SectorFilter(field_name="target_sectors", choices=Sector.choices)

    def __init__(self, data=None, queryset=None, *args, **kwargs):
        # No model of its own (the calendar's page gives its events): the queryset is required.
        if queryset is None:
            raise TypeError("EventFilterSet needs the events' queryset")
        self.notices = []
        super().__init__(self._known_values(data), queryset, *args, **kwargs)

    def _known_values(self, data):
        """Only the parameters and values the filters know; a notice for each left out."""
        clean = QueryDict(mutable=True)
        if data is None:
            return clean
        for name, flt in self.base_filters.items():
            allowed = {str(value) for value, _label in flt.extra["choices"]}
            given = data.getlist(name)
            if name == "sektor":
                given = [data.get(name, "")] if data.get(name) else []
            kept = [value for value in given if value in allowed]
            if len(kept) != len(given):
                if name == "sektor":
                    self.notices.append(_("Pominęliśmy nieznany sektor."))
                else:
                    self.notices.append(
                        _("Pominęliśmy nieznaną wartość filtru „%(legend)s”.")
                        % {"legend": flt.label}
                    )
            if kept:
                clean.setlist(name, kept)
        return clean

    def facets(self):
        """The checkbox facets with the number of events of each value in the window (one
        query per facet), a value shown when it has events or is chosen; and the labels of
        the chosen values."""
        blocks, active = [], []
        for name, flt in self.filters.items():
            if not isinstance(flt, FacetFilter):
                continue
            chosen = self.data.getlist(name)
            counts = dict(
                self.queryset.values_list(flt.field_name).annotate(n=Count("pk")).order_by()
            )
            options = []
            for value, label in flt.extra["choices"]:
                if counts.get(value) or value in chosen:
                    options.append(
                        {
                            "name": name,
                            "value": value,
                            "label": label,
                            "count": counts.get(value, 0),
                            "checked": value in chosen,
                            "id": f"f-{name}-{value}",
                        }
                    )
                    if value in chosen:
                        active.append(label)
            if options:
                blocks.append({"legend": flt.label, "options": options})
        return blocks, active

    @property
    def sector(self):
        return self.data.get("sektor", "")
