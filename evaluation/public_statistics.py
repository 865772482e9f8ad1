"""The public statistics of a call at /nabory/<call>/statystyki/ (`CallPage`'s route, through
`recruitment.extensions`): the figures of `evaluation.statistics`, each group as an SVG bar chart
(`core.charts`) followed by a data table with the same numbers. 404 before the first list of the
call is published."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Page

from core.charts import Bar, bar_chart

from .statistics import SUPPRESSED, CallStatistics, Distribution, Figure, call_statistics, sections


def _bars(figures: tuple[Figure, ...]) -> list[Bar]:
    return [Bar(item.label, item.value, item.text) for item in figures]


def _block(key, heading, figures, *, column, count_column, description=""):
    """One chart and its table: what the template's include draws."""
    return {
        "id": key,
        "heading": heading,
        "chart": bar_chart(
            _bars(figures),
            title=_("Wykres: %(heading)s") % {"heading": heading},
            description=description,
            chart_id=f"wykres-{key}",
        ),
        "caption": heading,
        "column": column,
        "count_column": count_column,
        "figures": figures,
    }


def _distribution_block(key: str, distribution: Distribution, what: str, count_column: str):
    heading = _("%(title)s (maks. %(points)s pkt)") % {
        "title": distribution.title,
        "points": distribution.max_points,
    }
    return _block(
        key,
        heading,
        distribution.figures,
        column=_("Punkty"),
        count_column=count_column,
        description=what,
    )


def blocks(stats: CallStatistics) -> dict[str, list[dict]]:
    """The page's charts with their tables: the counts, then the score distributions."""
    counts = [
        _block(
            key,
            heading,
            figures,
            column=_("Kategoria"),
            count_column=_("Liczba odwołań") if key == "odwolania" else _("Liczba zgłoszeń"),
        )
        for key, heading, figures in sections(stats)
        if key != "zgloszenia"
    ]
    scores = []
    if stats.total_scores:
        scores.append(
            _distribution_block(
                "ocena-koncowa",
                stats.total_scores,
                _("Liczba zgłoszeń z aktualnej listy rankingowej w przedziałach oceny końcowej."),
                _("Liczba zgłoszeń"),
            )
        )
    scores += [
        _distribution_block(
            f"kryterium-{number}",
            distribution,
            _("Liczba ocen na złożonych kartach oceny merytorycznej w przedziałach punktów."),
            _("Liczba ocen"),
        )
        for number, distribution in enumerate(stats.criteria, start=1)
    ]
    return {"counts": counts, "scores": scores}


def serve_statistics(call, request):
    stats = call_statistics(call)
    if stats is None:
        raise Http404(_("Statystyki naboru będą dostępne po opublikowaniu listy rankingowej."))
    context = Page.get_context(call, request)
    page_url = call.get_url(request=request) or ""
    context.update(
        {
            "call": call,
            "stats": stats,
            "suppressed": SUPPRESSED,
            "results_url": page_url + call.reverse_subpage("results"),
            **blocks(stats),
        }
    )
    return TemplateResponse(request, "evaluation/statistics.html", context)
