"""Admin views of a call's ranking list (issue #7): the current ranking and what still waits,
approving, discarding and publishing a version, and the versions so far. The rules are
`evaluation.publication`'s; the view checks permission, calls it and redirects with its message.
Mounted by evaluation.urls under /admin/ocena/."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from core.choices import JSTType
from core.http import client_ip

from .. import publication, result_notices, results
from ..errors import EvaluationError
from ..models import ResultList
from .base import CallMixin, EvaluationView, call_label, deny, url


class ResultsMixin(CallMixin):
    """The call's chair after signing; operators (who may publish, not approve)."""

    def allowed(self, user):
        return publication.can_view_results(user, self.call)

    def check(self, request):
        if self.allowed(request.user):
            return None
        return deny(
            request,
            "not_results",
            _("Listę rankingową naboru prowadzi przewodniczący komisji oceny tego naboru."),
            obj=self.call,
        )

    def back(self):
        return redirect(url("results", self.call.pk))


def _type_label(value):
    return JSTType(value).label if value in JSTType.values else value


class ResultsView(ResultsMixin, EvaluationView):
    template_name = "evaluation/admin/results.html"

    def get_page_title(self):
        return _("Lista rankingowa naboru %(call)s") % {"call": self.call.number or self.call.title}

    def get_breadcrumbs_items(self):
        return [*self.call_breadcrumbs("chair"), {"url": "", "label": _("Lista rankingowa")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        ranked = results.rank_call(self.call)
        versions = list(
            ResultList.objects.filter(call=self.call)
            .select_related("approved_by", "published_by")
            .annotate(entry_count=Count("entries"))
            .order_by("-version")
        )
        waiting = next((v for v in versions if not v.is_published), None)
        context.update(
            {
                "call": self.call,
                "call_label": call_label(self.call),
                "ranked": ranked,
                # The column of tie explanations only where a JST type has a tie.
                "groups": [
                    (
                        _type_label(key),
                        rows,
                        ranked.quotas.get(key, 0),
                        any(row.tie_text for row in rows),
                    )
                    for key, rows in ranked.by_type().items()
                ],
                "versions": versions,
                "waiting": waiting,
                "waiting_entries": self.entries(waiting),
                "can_approve": publication.can_approve(user, self.call),
                # An upheld appeal's new version is published from the appeals page only.
                "awaits_republication": publication.awaits_republication(self.call),
                "republication_message": publication.republication_message(),
                "can_publish": publication.can_publish(user, self.call),
                "public_url": result_notices.results_page_url(self.call),
                "reason_max": publication.REASON_MAX_LENGTH,
            }
        )
        return context

    @staticmethod
    def entries(result_list):
        if result_list is None:
            return []
        rows = list(result_list.entries.order_by("jst_type", "position"))
        for row in rows:
            row.type_label = _type_label(row.jst_type)
        return rows


class _ListAction(ResultsMixin, EvaluationView):
    """A POST on the version named by the form's `list` field, which must be this call's."""

    http_method_names = ["post"]

    def result_list(self, request):
        value = request.POST.get("list", "")
        if not value.isdigit():
            return None
        return ResultList.objects.filter(pk=int(value), call=self.call).first()

    def post(self, request, call_pk):
        result_list = self.result_list(request)
        if result_list is None:
            messages.error(request, _("Nie ma takiej wersji listy w tym naborze."))
            return self.back()
        try:
            self.act(result_list, request)
        except EvaluationError as error:
            messages.error(request, error.message)
        return self.back()


class ApproveView(ResultsMixin, EvaluationView):
    http_method_names = ["post"]

    def allowed(self, user):
        return publication.can_approve(user, self.call)

    def post(self, request, call_pk):
        try:
            result_list = publication.approve(
                self.call,
                request.user,
                reason=request.POST.get("reason", ""),
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Zatwierdzono wersję %(version)s listy rankingowej. Teraz można ją opublikować.")
                % {"version": result_list.version},
            )
        return self.back()


class DiscardView(_ListAction):
    def allowed(self, user):
        return publication.can_approve(user, self.call)

    def act(self, result_list, request):
        version = result_list.version
        publication.discard(result_list, request.user, ip_address=client_ip(request))
        messages.success(
            request,
            _("Odrzucono zatwierdzoną wersję %(version)s listy.") % {"version": version},
        )


class PublishView(_ListAction):
    def allowed(self, user):
        return publication.can_publish(user, self.call)

    def act(self, result_list, request):
        publication.publish(result_list, request.user, ip_address=client_ip(request))
        messages.success(
            request,
            _(
                "Opublikowano wersję %(version)s listy rankingowej; wnioskodawcy otrzymają "
                "powiadomienia e-mail."
            )
            % {"version": result_list.version},
        )


urlpatterns = [
    path("<int:call_pk>/wyniki/", ResultsView.as_view(), name="results"),
    path("<int:call_pk>/wyniki/zatwierdz/", ApproveView.as_view(), name="results_approve"),
    path("<int:call_pk>/wyniki/opublikuj/", PublishView.as_view(), name="results_publish"),
    path("<int:call_pk>/wyniki/odrzuc/", DiscardView.as_view(), name="results_discard"),
]
