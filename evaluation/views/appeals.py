"""Admin views: the appeals of a call (issue #7). The chair upholds an appeal, choosing a new
evaluator among the eligible ones, or rejects it with a reason; once the re-evaluations are in,
the chair publishes a new version of the list. Operators may look. Mounted by evaluation.urls."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.http import client_ip

from .. import appeal_list, appeals, permissions, republication
from ..errors import EvaluationError
from ..models import Appeal, CommissionRole
from .base import EvaluationView, call_label, url
from .chair import ChairOnlyMixin

NOT_ELIGIBLE = gettext_lazy("Wybierz oceniającego z komisji tego naboru.")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EvaluatorForm(forms.Form):
    """A new evaluator for an appeal: any evaluator of the call's commission is a valid choice
    here; `evaluation.assignment` then refuses, in Polish, one who may not take it."""

    evaluator = forms.ModelChoiceField(
        label=gettext_lazy("Nowy oceniający"),
        queryset=get_user_model().objects.none(),
        error_messages={
            "required": gettext_lazy("Wybierz oceniającego, który oceni zgłoszenie ponownie."),
            "invalid_choice": NOT_ELIGIBLE,
            "invalid_pk_value": NOT_ELIGIBLE,
        },
    )
    due_date = forms.DateField(
        label=gettext_lazy("Termin oceny"),
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": gettext_lazy("Podaj termin jako datę, np. 2026-03-31.")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = get_user_model().objects.filter(
            commission_memberships__call=call,
            commission_memberships__role=CommissionRole.EVALUATOR,
        )


class UpholdForm(EvaluatorForm):
    reason = forms.CharField(
        label=gettext_lazy("Uzasadnienie (nieobowiązkowo)"),
        required=False,
        max_length=appeals.REASON_MAX_LENGTH,
        widget=forms.Textarea,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Uzasadnienie odrzucenia"),
        max_length=appeals.REASON_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": gettext_lazy("Podaj uzasadnienie odrzucenia odwołania."),
            "max_length": gettext_lazy("Uzasadnienie może mieć najwyżej %(limit_value)d znaków."),
        },
    )


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


class AppealsView(ChairOnlyMixin, EvaluationView):
    template_name = "evaluation/admin/appeals.html"
    operators_may_look = True

    def get_page_title(self):
        return _("Odwołania w naborze %(call)s") % {"call": self.call.number or self.call.title}

    def get_breadcrumbs_items(self):
        return [*self.call_breadcrumbs("chair"), {"url": "", "label": _("Odwołania")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = appeal_list.call_appeals(self.call)
        done, waiting = republication.ready_for_republication(self.call)
        context.update(
            {
                "call": self.call,
                "call_label": call_label(self.call),
                "rows": rows,
                "undecided": sum(1 for r in rows if r.awaiting_decision),
                "can_manage": permissions.can_manage_evaluation(self.request.user, self.call),
                "ready": done,
                "waiting": waiting,
                "default_due": appeals.assignment_service.default_due_date(),
                "reason_max": appeals.REASON_MAX_LENGTH,
            }
        )
        return context


class AppealActionView(ChairOnlyMixin, EvaluationView):
    """A POST on one appeal of the call of the URL; another call's appeal is a 404."""

    http_method_names = ["post"]

    @cached_property
    def appeal(self):
        appeal = (
            Appeal.objects.select_related("application__institution")
            .filter(pk=self.kwargs["pk"], application__call=self.call)
            .first()
        )
        if appeal is None:
            raise Http404(_("Nie ma takiego odwołania w tym naborze."))
        return appeal

    def back(self, anchor=""):
        target = url("appeals", self.call.pk)
        return f"{target}#{anchor}" if anchor else target

    def post(self, request, call_pk, pk):
        appeal = self.appeal
        anchor = f"odwolanie-{appeal.pk}"
        try:
            message = self.act(request, appeal)
        except EvaluationError as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return redirect(self.back(anchor))


class UpholdView(AppealActionView):
    def act(self, request, appeal):
        form = UpholdForm(request.POST, call=self.call)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        evaluator = form.cleaned_data["evaluator"]
        appeals.uphold(
            appeal,
            request.user,
            evaluator,
            due_date=form.cleaned_data["due_date"],
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
        return _(
            "Uwzględniono odwołanie od wyniku zgłoszenia %(number)s; ponownie oceni je %(name)s."
        ) % {
            "number": appeal.application.number,
            "name": evaluator.get_full_name() or evaluator.get_username(),
        }


class ReassignView(AppealActionView):
    def act(self, request, appeal):
        form = EvaluatorForm(request.POST, call=self.call)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        evaluator = form.cleaned_data["evaluator"]
        appeals.reassign(
            appeal,
            request.user,
            evaluator,
            due_date=form.cleaned_data["due_date"],
            ip_address=client_ip(request),
        )
        return _("Zgłoszenie %(number)s oceni ponownie %(name)s.") % {
            "number": appeal.application.number,
            "name": evaluator.get_full_name() or evaluator.get_username(),
        }


class RejectView(AppealActionView):
    def act(self, request, appeal):
        form = RejectForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        appeals.reject(
            appeal, request.user, form.cleaned_data["reason"], ip_address=client_ip(request)
        )
        return _("Odrzucono odwołanie od wyniku zgłoszenia %(number)s.") % {
            "number": appeal.application.number
        }


class RepublishView(ChairOnlyMixin, EvaluationView):
    http_method_names = ["post"]

    def post(self, request, call_pk):
        try:
            result_list = republication.republish(
                self.call, request.user, ip_address=client_ip(request)
            )
        except EvaluationError as error:
            messages.error(request, error.message)
            return redirect(url("appeals", call_pk) + "#nowa-wersja")
        messages.success(
            request,
            _("Opublikowano wersję %(version)s listy rankingowej; wcześniejsze wersje zostają.")
            % {"version": result_list.version},
        )
        worsened = republication.worsened_numbers(result_list)
        if worsened:
            messages.info(
                request,
                _(
                    "Nowa wersja pogorszyła wynik zgłoszeń: %(numbers)s. Ich wnioskodawcy "
                    "otrzymali zawiadomienie z powodem zmiany i nowy termin na odwołanie."
                )
                % {"numbers": ", ".join(worsened)},
            )
        return redirect(url("appeals", call_pk))


urlpatterns = [
    path("<int:call_pk>/odwolania/", AppealsView.as_view(), name="appeals"),
    path(
        "<int:call_pk>/odwolania/nowa-wersja/",
        RepublishView.as_view(),
        name="appeals_republish",
    ),
    path(
        "<int:call_pk>/odwolania/<int:pk>/uwzglednij/",
        UpholdView.as_view(),
        name="appeal_uphold",
    ),
    path(
        "<int:call_pk>/odwolania/<int:pk>/odrzuc/",
        RejectView.as_view(),
        name="appeal_reject",
    ),
    path(
        "<int:call_pk>/odwolania/<int:pk>/przydziel/",
        ReassignView.as_view(),
        name="appeal_reassign",
    ),
]
