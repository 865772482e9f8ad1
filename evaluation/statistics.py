"""The public statistics of a call (issue #25): counts of its applications by JST type and
voivodeship, the formal outcomes, the substantive evaluation (how many needed a third evaluator),
the distribution of the scores per criterion and of the final scores, the appeals and the
versions of the list. Published at /nabory/<call>/statystyki/ (`evaluation.public_statistics`)
once the first list of the call is published, and as open data (`rows`).

No personal data: counts only, no JST and no evaluator. Every count of 1 or 2 is published as
„<3” (`SUPPRESSED`), so that a small group cannot point at one JST; 0 is shown as 0. The
suppression happens here, when the result is built: `CallStatistics` never holds the exact small
number, so no page or file made from it can show it.

Everything is counted by the database (`values().annotate(Count(...))`), in six queries whatever
the number of applications: the published versions, the applications, the criteria, the entries
of the current list, the scores of the cards and the appeals.
"""

import datetime
import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.choices import JSTType, Voivodeship
from recruitment.models import Application, ApplicationState, SubstantiveCriterion
from recruitment.models.choices import FORMALLY_ACCEPTED_STATES

from .models import (
    Appeal,
    AppealDecision,
    Assignment,
    AssignmentKind,
    CardScore,
    CardStatus,
    ResultEntry,
    ResultList,
)

SUPPRESSED = "<3"
# A count of 3 or more hidden beside a „<3” of the same total, so that the total minus the
# counts shown does not give the small one away (statistical offices' complementary
# suppression; GUS marks such a cell „x”).
HIDDEN = "x"
# Counts below this (and above 0) are published as SUPPRESSED.
SUPPRESS_BELOW = 3
# A criterion of at most this many points gets one bar per point; above, ten bars of 10% each.
POINTS_PER_BAR_UP_TO = 10

S = ApplicationState
ACCEPTED_STATES = frozenset(FORMALLY_ACCEPTED_STATES)
IN_FORMAL_CHECK = frozenset({S.SUBMITTED, S.FORMAL_CHECK, S.TO_SUPPLEMENT, S.SUPPLEMENTED})
RESULT_STATUSES = ("selected", "reserve", "not_selected")


@dataclass(frozen=True)
class Figure:
    """One count as it is published: `value` is the number, or None when it is suppressed;
    `text` is what is printed („12”, „0”, „<3”)."""

    label: str
    value: int | None
    text: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Distribution:
    """How many scores fell in each range of points: of one criterion (the scores on the
    evaluators' cards) or of the final scores (the applications on the current list)."""

    title: str
    max_points: int
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Version:
    version: int
    published_at: datetime.datetime
    reason: str


@dataclass(frozen=True)
class CallStatistics:
    submitted: Figure
    by_jst_type: tuple[Figure, ...]
    by_voivodeship: tuple[Figure, ...]
    formal: tuple[Figure, ...]
    evaluation: tuple[Figure, ...]
    results: tuple[Figure, ...]
    total_scores: Distribution | None
    criteria: tuple[Distribution, ...]
    appeals: tuple[Figure, ...]
    versions: tuple[Version, ...]

    @property
    def latest(self) -> Version:
        return self.versions[-1]


def published(count: int) -> str:
    """A count as it may be published: „<3” for 1 and 2."""
    return SUPPRESSED if 0 < count < SUPPRESS_BELOW else str(count)


def figure(label: str | Promise, count: int) -> Figure:
    text = published(count)
    return Figure(str(label), None if text == SUPPRESSED else count, text)


def protect(figures: tuple[Figure, ...]) -> tuple[Figure, ...]:
    """The figures of a group whose total is known elsewhere (they add up to it), with the
    smallest count of 3 or more hidden as „x” beside any „<3”: the total minus the shown counts
    then leaves the small count open. When the hidden cells could only add up one way (one
    „<3” and the smallest other count 3, i.e. 1 + 3 = 4 and 2 + 2 is not possible), the next
    smallest count is hidden too."""
    small = [f for f in figures if f.value is None]
    if not small:
        return figures
    shown = sorted(
        (f for f in figures if f.value is not None and f.value >= SUPPRESS_BELOW),
        key=lambda f: f.value or 0,
    )
    hide = shown[:1]
    if len(small) == 1 and hide and hide[0].value == SUPPRESS_BELOW:
        hide = shown[:2]
    hidden = {id(f) for f in hide}
    return tuple(Figure(f.label, None, HIDDEN) if id(f) in hidden else f for f in figures)


def points_text(value: Decimal | int) -> str:
    """Points with two decimal places and a decimal comma: „21,50”."""
    return f"{Decimal(value):.2f}".replace(".", ",")


# --- the queries ------------------------------------------------------------------------------


def call_statistics(call) -> CallStatistics | None:
    """The statistics of `call`, or None before its first list is published."""
    versions = tuple(
        Version(row["version"], cast(datetime.datetime, row["published_at"]), row["reason"])
        for row in ResultList.objects.filter(call=call, published_at__isnull=False)
        .order_by("version")
        .values("version", "published_at", "reason")
    )
    if not versions:
        return None
    groups = list(_application_groups(call))
    criteria = list(
        SubstantiveCriterion.objects.filter(call_id=call.pk)
        .order_by("sort_order", "pk")
        .values_list("pk", "text", "max_points")
    )
    entries = list(
        ResultEntry.objects.filter(
            result_list__call=call, result_list__version=versions[-1].version
        )
        .values("status", "final_score")
        .annotate(count=Count("pk"))
        .order_by()
    )
    scores = list(
        CardScore.objects.filter(
            card__assignment__application__call=call,
            card__assignment__cancelled_at__isnull=True,
            # The two evaluators' cards only: a third's or an appeal's card would make the
            # number of cards tell how many applications needed one.
            card__assignment__kind__in=(AssignmentKind.FIRST, AssignmentKind.SECOND),
            card__status=CardStatus.SUBMITTED,
            points__isnull=False,
        )
        .values("criterion_id", "points")
        .annotate(count=Count("pk"))
        .order_by()
    )
    appeals = Counter(
        {
            row["decision"]: row["count"]
            for row in Appeal.objects.filter(result_list__call=call)
            .values("decision")
            .annotate(count=Count("pk"))
            .order_by()
        }
    )
    max_total = sum(top for _pk, _text, top in criteria)
    evaluated = sum(row["count"] for row in entries)
    return CallStatistics(
        submitted=figure(_("złożone zgłoszenia"), sum(g["total"] for g in groups)),
        by_jst_type=protect(_by_jst_type(call, groups)),
        by_voivodeship=protect(_by_voivodeship(call, groups)),
        formal=_formal(groups),
        evaluation=(
            figure(_("ocenione merytorycznie"), evaluated),
            figure(_("w tym z trzecim oceniającym"), sum(g["third"] for g in groups)),
        ),
        results=protect(_results(entries)),
        total_scores=_total_distribution(entries, max_total) if max_total else None,
        criteria=tuple(
            _criterion_distribution(number, pk, text, top, scores)
            for number, (pk, text, top) in enumerate(criteria, start=1)
            if top
        ),
        appeals=(
            figure(_("wniesione"), sum(appeals.values())),
            *protect(
                (
                    figure(_("uwzględnione"), appeals[AppealDecision.UPHELD]),
                    figure(_("odrzucone"), appeals[AppealDecision.REJECTED]),
                    figure(_("nierozstrzygnięte"), appeals[""]),
                )
            ),
        ),
        versions=versions,
    )


def _application_groups(call):
    """The submitted applications of the call counted per JST type and voivodeship (the first
    two digits of TERYT), with their formal outcomes and third evaluators: one query."""
    third = Assignment.objects.filter(
        application=OuterRef("pk"), kind=AssignmentKind.THIRD, cancelled_at__isnull=True
    )
    return (
        Application.objects.filter(call=call, submitted_at__isnull=False)
        .annotate(voivodeship=Substr("institution__teryt", 1, 2))
        .values("institution__jst_type", "voivodeship")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(state__in=ACCEPTED_STATES)),
            rejected=Count("pk", filter=Q(state=S.FORMALLY_REJECTED)),
            in_check=Count("pk", filter=Q(state__in=IN_FORMAL_CHECK)),
            withdrawn=Count("pk", filter=Q(state=S.WITHDRAWN)),
            called=Count("pk", filter=Q(supplement_due__isnull=False)),
            supplemented=Count("pk", filter=Q(version__gt=1)),
            third=Count("pk", filter=Q(Exists(third))),
        )
        .order_by()
    )


# --- from the rows to the figures -------------------------------------------------------------


def _by_jst_type(call, groups) -> tuple[Figure, ...]:
    """Every JST type the call admits (0 included), and any other found, in `JSTType` order."""
    counts: Counter[str] = Counter()
    for group in groups:
        counts[group["institution__jst_type"]] += group["total"]
    shown = set(call.eligible_jst_types or ()) | set(counts)
    return tuple(
        figure(JSTType(value).label, counts[value]) for value in JSTType.values if value in shown
    )


def _by_voivodeship(call, groups) -> tuple[Figure, ...]:
    """The call's voivodeship (0 included) and any other found; JST from outside the four
    voivodeships of the macroregion together as „inne”."""
    counts: Counter[str] = Counter()
    for group in groups:
        code = group["voivodeship"]
        counts[code if code in Voivodeship.values else ""] += group["total"]
    shown = {call.voivodeship} | set(counts)
    rows = [
        figure(Voivodeship(code).label, counts[code])
        for code in Voivodeship.values
        if code in shown
    ]
    if counts[""]:
        rows.append(figure(_("inne województwa"), counts[""]))
    return tuple(rows)


def _formal(groups) -> tuple[Figure, ...]:
    def total(key):
        return sum(group[key] for group in groups)

    # The first four add up to the submitted applications; the calls to supplement and the
    # supplements are counted apart (an application may have both or neither).
    return (
        *protect(
            (
                figure(_("przyjęte formalnie"), total("accepted")),
                figure(_("odrzucone formalnie"), total("rejected")),
                figure(_("w ocenie formalnej"), total("in_check")),
                figure(_("wycofane"), total("withdrawn")),
            )
        ),
        figure(_("wezwane do uzupełnienia"), total("called")),
        figure(_("uzupełnione"), total("supplemented")),
    )


def _results(entries) -> tuple[Figure, ...]:
    counts: Counter[str] = Counter()
    for row in entries:
        counts[row["status"]] += row["count"]
    labels = {
        "selected": _("wybrane"),
        "reserve": _("na liście rezerwowej"),
        "not_selected": _("niewybrane"),
    }
    return tuple(figure(labels[status], counts[status]) for status in RESULT_STATUSES)


def _total_distribution(entries, max_total: int) -> Distribution:
    """The final scores in ten ranges of 10% of the maximum each: „0,00–4,99”, …, „45,00–50,00”
    (the scores have two decimal places; the last range includes the maximum)."""
    top = Decimal(max_total)
    bounds = [top * step / 10 for step in range(11)]
    counts = [0] * 10
    for row in entries:
        index = min(9, max(0, int(Decimal(row["final_score"]) * 10 // top)))
        counts[index] += row["count"]
    cent = Decimal("0.01")
    figures = tuple(
        figure(
            _("%(low)s–%(high)s pkt")
            % {
                "low": points_text(bounds[step]),
                "high": points_text(bounds[step + 1] - (cent if step < 9 else 0)),
            },
            counts[step],
        )
        for step in range(10)
    )
    return Distribution(_("Ocena końcowa"), max_total, protect(figures))


def _criterion_ranges(max_points: int) -> list[tuple[int, int]]:
    """[(low, high)] points, both included: one per point up to 10 points, else ten ranges of
    10% of the maximum each."""
    if max_points <= POINTS_PER_BAR_UP_TO:
        return [(value, value) for value in range(max_points + 1)]
    lows = [math.ceil(max_points * step / 10) for step in range(10)]
    return [
        (low, (lows[step + 1] - 1) if step < 9 else max_points) for step, low in enumerate(lows)
    ]


def _criterion_distribution(number, pk, text, max_points, scores) -> Distribution:
    """The scores the evaluators gave the criterion on their submitted cards, in ranges."""
    counts: Counter[int] = Counter()
    for row in scores:
        if row["criterion_id"] == pk:
            counts[row["points"]] += row["count"]
    figures = []
    for low, high in _criterion_ranges(max_points):
        label = (
            _("%(points)s pkt") % {"points": low}
            if low == high
            else _("%(low)s–%(high)s pkt") % {"low": low, "high": high}
        )
        figures.append(figure(label, sum(counts[value] for value in range(low, high + 1))))
    title = _("Kryterium %(number)s: %(text)s") % {"number": number, "text": " ".join(text.split())}
    return Distribution(title, max_points, protect(tuple(figures)))


# --- flat rows for the open data ----------------------------------------------------------------


def sections(stats: CallStatistics) -> list[tuple[str, str, tuple[Figure, ...]]]:
    """The counts of the statistics as (key, heading, figures), in the page's order; the score
    distributions and the versions are apart (`CallStatistics.total_scores`, `.criteria`,
    `.versions`)."""
    return [
        ("zgloszenia", _("Zgłoszenia"), (stats.submitted,)),
        ("rodzaj-jst", _("Zgłoszenia według rodzaju JST"), stats.by_jst_type),
        ("wojewodztwo", _("Zgłoszenia według województwa"), stats.by_voivodeship),
        ("ocena-formalna", _("Ocena formalna"), stats.formal),
        ("ocena-merytoryczna", _("Ocena merytoryczna"), stats.evaluation),
        ("wyniki", _("Wyniki według aktualnej wersji listy"), stats.results),
        ("odwolania", _("Odwołania"), stats.appeals),
    ]


def rows(stats: CallStatistics) -> list[dict[str, str]]:
    """Every figure of the statistics as a flat row {"section", "category", "value"}, the value
    as published („<3” when suppressed): the statistics as open data (CSV, JSON)."""
    found = [
        {"section": heading, "category": item.label, "value": item.text}
        for _key, heading, figures in sections(stats)
        for item in figures
    ]
    distributions = [stats.total_scores] if stats.total_scores else []
    distributions += stats.criteria
    for distribution in distributions:
        heading = _("Rozkład punktów – %(title)s") % {"title": distribution.title}
        found += [
            {"section": heading, "category": item.label, "value": item.text}
            for item in distribution.figures
        ]
    for version in stats.versions:
        name = _("wersja %(version)s") % {"version": version.version}
        found.append(
            {
                "section": _("Wersje listy – data publikacji"),
                "category": name,
                "value": version.published_at.isoformat(),
            }
        )
        if version.reason:
            found.append(
                {"section": _("Wersje listy – powód"), "category": name, "value": version.reason}
            )
    return found
