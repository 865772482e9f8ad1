"""The chair's calibration of the evaluators of a call (issue #25): how far each evaluator's scores
lie from the pairs they scored in. The figures are `evaluation.calibration`'s; this view checks
permission (the call's chair after signing, operators of the call's partner, as the chair's
dashboard and the ranking list's page) and draws the chart. Mounted by evaluation.urls under
/admin/ocena/."""

from django.utils.translation import gettext as _

from core.charts import Bar, bar_chart

from .. import calibration
from .base import EvaluationView, call_label
from .chair import ChairOnlyMixin

CHART_ID = "kalibracja-wykres"


def chart(result):
    """The mean total difference per evaluator, negative left of zero."""
    bars = [
        Bar(
            label=row.name,
            value=row.total_difference,
            text=row.total_difference_text
            if row.total_difference is not None
            else _("brak kart w parach"),
        )
        for row in result.evaluators
    ]
    return bar_chart(
        bars,
        title=_("Średnia różnica sumy punktów oceniającego od średniej pary"),
        description=_(
            "Wykres słupkowy: jeden słupek na oceniającego; w prawo od osi zera – więcej punktów "
            "niż średnia pary, w lewo – mniej. Te same liczby są w tabeli poniżej."
        ),
        chart_id=CHART_ID,
    )


class CalibrationView(ChairOnlyMixin, EvaluationView):
    template_name = "evaluation/admin/calibration.html"
    operators_may_look = True

    def get_page_title(self):
        return _("Kalibracja oceniających naboru %(call)s") % {
            "call": self.call.number or self.call.title
        }

    def get_breadcrumbs_items(self):
        return [*self.call_breadcrumbs("chair"), {"url": "", "label": _("Kalibracja oceniających")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = calibration.load(self.call)
        context.update(
            {
                "call": self.call,
                "call_label": call_label(self.call),
                "calibration": result,
                "chart": chart(result) if result.ready else "",
            }
        )
        return context
