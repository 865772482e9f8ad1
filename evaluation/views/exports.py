"""Admin views of the exports (issue #7), mounted under /admin/ocena/ by evaluation.urls:

- karty/<assignment>/karta.pdf – one substantive card (the URL of the card page + karta.pdf):
  its evaluator after signing, the call's chair, operators of the call's partner;
- <call>/ranking.pdf[?wersja=<n>] – the ranking list: the current draft, or a frozen version;
- <call>/oceny.csv, <call>/oceny.xlsx – every submitted card of the call;
  the last three for the call's chair and the operators of its partner.

Every download and every refusal goes to the audit log; a refusal is a 403 page in Polish.
"""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from core.http import client_ip
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from recruitment import audit
from recruitment.models import CallPage

from .. import exports, permissions
from ..models import Assignment
from .base import deny, url


def _private(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _record(request, what, *, obj, application=None, **details):
    audit.record(
        "evaluation_export",
        user=request.user,
        obj=obj,
        application=application,
        details={"export": what, **details},
        ip_address=client_ip(request),
    )


class CardPDFView(View):
    http_method_names = ["get"]

    def get(self, request, pk):
        assignment = (
            Assignment.objects.select_related(
                "application__call", "application__institution", "evaluator", "card"
            )
            .filter(pk=pk)
            .first()
        )
        card = getattr(assignment, "card", None) if assignment else None
        if card is None:
            return deny(request, "no_card", _("Nie masz dostępu do tej karty oceny."), object_id=pk)
        application = assignment.application
        call = application.call
        if not permissions.can_export_card(request.user, card):
            if permissions.must_sign(request.user, call):
                return deny(
                    request,
                    "not_signed",
                    _("Najpierw podpisz deklarację bezstronności i poufności tego naboru."),
                    application=application,
                    obj=card,
                    link={"url": url("declaration", call.pk), "label": _("Podpisz deklarację")},
                )
            return deny(
                request,
                "card_export_refused",
                _(
                    "Kartę w PDF pobiera jej oceniający, przewodniczący komisji naboru "
                    "i operatorzy partnera prowadzącego nabór."
                ),
                application=application,
                obj=card,
            )
        _record(
            request,
            "card_pdf",
            obj=card,
            application=application,
            assignment=assignment.pk,
            status=card.status,
        )
        response = HttpResponse(exports.card_pdf(assignment), content_type="application/pdf")
        return _private(response, exports.card_filename(assignment))


class CallExportMixin:
    """The call of the URL, for its chair after signing and the operators of its partner."""

    http_method_names = ["get"]

    def dispatch(self, request, call_pk, *args, **kwargs):
        self.call = get_object_or_404(CallPage, pk=call_pk)
        if not permissions.can_export_call(request.user, self.call):
            if permissions.is_call_chair(request.user, self.call) and permissions.must_sign(
                request.user, self.call
            ):
                return deny(
                    request,
                    "not_signed",
                    _("Najpierw podpisz deklarację bezstronności i poufności tego naboru."),
                    obj=self.call,
                    link={
                        "url": url("declaration", self.call.pk),
                        "label": _("Podpisz deklarację"),
                    },
                )
            return deny(
                request,
                "export_refused",
                _(
                    "Listę rankingową i oceny naboru pobierają przewodniczący komisji naboru "
                    "i operatorzy partnera prowadzącego nabór."
                ),
                obj=self.call,
            )
        return super().dispatch(request, call_pk, *args, **kwargs)


class RankingPDFView(CallExportMixin, View):
    def get(self, request, call_pk):
        wanted = request.GET.get("wersja", "").strip()
        try:
            result_list = exports.choose_version(self.call, wanted)
        except LookupError:
            raise Http404(
                _("Nie ma wersji „%(version)s” listy rankingowej tego naboru.")
                % {"version": wanted[:20]}
            ) from None
        _record(
            request,
            "ranking_pdf",
            obj=self.call,
            call=self.call.number,
            version=result_list.version if result_list else None,
        )
        response = HttpResponse(
            exports.ranking_pdf(self.call, result_list), content_type="application/pdf"
        )
        return _private(response, exports.ranking_filename(self.call, result_list))


class ScoresCSVView(CallExportMixin, View):
    def get(self, request, call_pk):
        _record(request, "scores_csv", obj=self.call, call=self.call.number)
        response = StreamingHttpResponse(
            exports.csv_lines(exports.Scores(self.call)), content_type=CSV_CONTENT_TYPE
        )
        return _private(response, exports.scores_filename(self.call, "csv"))


class ScoresXLSXView(CallExportMixin, View):
    def get(self, request, call_pk):
        _record(request, "scores_xlsx", obj=self.call, call=self.call.number)
        response = HttpResponse(
            exports.xlsx_bytes(exports.Scores(self.call)), content_type=XLSX_CONTENT_TYPE
        )
        return _private(response, exports.scores_filename(self.call, "xlsx"))


urlpatterns = [
    path("karty/<int:pk>/karta.pdf", CardPDFView.as_view(), name="card_pdf"),
    path("<int:call_pk>/ranking.pdf", RankingPDFView.as_view(), name="ranking_pdf"),
    path("<int:call_pk>/oceny.csv", ScoresCSVView.as_view(), name="scores_csv"),
    path("<int:call_pk>/oceny.xlsx", ScoresXLSXView.as_view(), name="scores_xlsx"),
]
