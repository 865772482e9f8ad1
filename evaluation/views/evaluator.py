"""The evaluator's side: the list of calls and the dashboard of assignments. A member who has
not signed the call's declaration is sent to it from the dashboard; anything else of the call
answers 403 until then."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recruitment.models import ApplicationState, CallPage

from .. import dashboards, permissions
from ..forms import ConflictForm
from ..models import (
    Assignment,
    CardStatus,
    CommissionMember,
    Declaration,
)
from .base import CallMixin, EvaluationView, call_label, deny, url

S = ApplicationState


# --- the list of calls ------------------------------------------------------------------------


class HomeView(EvaluationView):
    template_name = "evaluation/admin/home.html"
    page_title = gettext_lazy("Ocena merytoryczna")

    def check(self, request):
        if not permissions.can_use_evaluation(request.user):
            return deny(
                request, "not_commission", _("Nie należysz do żadnej komisji oceny naborów.")
            )
        return None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        memberships = list(
            CommissionMember.objects.filter(user=user)
            .select_related("call")
            .order_by("-call__opens_at", "call_id")
        )
        signed = set(Declaration.objects.filter(user=user).values_list("call_id", flat=True))
        counts = dict(
            Assignment.objects.current()
            .filter(evaluator=user)
            .values("application__call_id")
            .annotate(
                open=Count("pk", filter=~Q(card__status=CardStatus.SUBMITTED)),
            )
            .values_list("application__call_id", "open")
        )
        rows = []
        for member in memberships:
            rows.append(
                {
                    "member": member,
                    "call": member.call,
                    "label": call_label(member.call),
                    "signed": member.call_id in signed,
                    "open": counts.get(member.call_id, 0),
                    "is_chair": member.role == "chair",
                }
            )
        context["rows"] = rows
        context["is_operator"] = permissions.is_operator(user)
        if context["is_operator"]:
            operated = CallPage.objects.all()
            partners = permissions.operator_partners(user)
            if partners and not user.is_superuser:
                operated = operated.filter(partner__in=partners)
            context["calls"] = list(
                operated.annotate(
                    member_count=Count("commission_members", distinct=True),
                    accepted_count=Count(
                        "applications",
                        filter=Q(applications__state__in=dashboards.SHOWN_STATES),
                        distinct=True,
                    ),
                )
                .order_by("-opens_at", "pk")
                .only("pk", "title", "number", "opens_at", "closes_at")
            )
        return context


# --- the dashboard ----------------------------------------------------------------------------


class EvaluatorDashboardView(CallMixin, EvaluationView):
    template_name = "evaluation/admin/evaluator_dashboard.html"

    def check(self, request):
        user = request.user
        if permissions.is_call_chair(user, self.call) or (
            not permissions.is_member(user, self.call) and permissions.is_operator(user)
        ):
            return redirect(url("chair", self.call.pk))
        if not permissions.is_call_evaluator(user, self.call):
            return deny(
                request,
                "not_member",
                _("Nie jesteś oceniającym w komisji tego naboru."),
                obj=self.call,
            )
        if permissions.must_sign(user, self.call):
            messages.info(
                request,
                _(
                    "Zanim zobaczysz zgłoszenia naboru, podpisz deklarację bezstronności i poufności."
                ),
            )
            return redirect(url("declaration", self.call.pk))
        return None

    def get_page_title(self):
        return _("Moje oceny w naborze %(call)s") % {"call": self.call.number or self.call.title}

    def get_breadcrumbs_items(self):
        return [*self.base_breadcrumbs(), {"url": "", "label": self.call.number or self.call.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = dashboards.evaluator_rows(self.request.user, self.call)
        context.update(
            {
                "call": self.call,
                "call_label": call_label(self.call),
                "rows": rows,
                "done": sum(1 for r in rows if r.submitted),
                "conflict_form": ConflictForm(call=self.call),
            }
        )
        return context
