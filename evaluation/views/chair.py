"""The chair's side (progress, divergences, conflicts, assignment by hand or automatic, closing an
application's scoring) and the operators' appointment of the commission. Operators see the chair's
dashboard of every call read-only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.http import client_ip
from recruitment import workflow

from .. import assignment as assignment_service
from .. import cards, commission, dashboards, permissions
from ..errors import EvaluationError
from ..forms import (
    AppointForm,
    AssignForm,
    AutoAssignForm,
    CancelAssignmentForm,
    DismissForm,
    FinishForm,
)
from ..models import Assignment, CommissionMember, Declaration
from .base import CallMixin, EvaluationView, call_label, deny, url

PER_PAGE = 50


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


class ChairOnlyMixin(CallMixin):
    """The call's chair after signing (a superuser acts as one); operators may look when
    `operators_may_look`."""

    operators_may_look = False

    def check(self, request):
        user = request.user
        call = self.call
        if permissions.can_manage_evaluation(user, call):
            return None
        if self.operators_may_look and permissions.can_view_chair_dashboard(user, call):
            return None
        if permissions.is_call_chair(user, call) and permissions.must_sign(user, call):
            if request.method == "GET":
                messages.info(
                    request,
                    _(
                        "Zanim zobaczysz zgłoszenia naboru, podpisz deklarację bezstronności i poufności."
                    ),
                )
                return redirect(url("declaration", call.pk))
            return deny(
                request,
                "not_signed",
                _("Najpierw podpisz deklarację bezstronności i poufności tego naboru."),
                obj=call,
                link={"url": url("declaration", call.pk), "label": _("Podpisz deklarację")},
            )
        return deny(
            request,
            "not_chair",
            _("To może zrobić tylko przewodniczący komisji oceny tego naboru."),
            obj=call,
        )

    def back(self, anchor=""):
        target = url("chair", self.call.pk)
        return f"{target}#{anchor}" if anchor else target


class ChairDashboardView(ChairOnlyMixin, EvaluationView):
    template_name = "evaluation/admin/chair_dashboard.html"
    operators_may_look = True

    @cached_property
    def call(self):
        call = dashboards.call_for_overview(self.kwargs["call_pk"])
        if call is None:
            raise Http404(_("Nie ma takiego naboru."))
        return call

    @cached_property
    def members(self):
        return assignment_service.call_members(self.call)

    def check(self, request):
        # The page lists the commission anyway: the user's own role and signature come with it.
        permissions.remember(request.user, self.call.pk, self.members)
        return super().check(request)

    def get_page_title(self):
        return _("Komisja oceny naboru %(call)s") % {"call": self.call.number or self.call.title}

    def get_breadcrumbs_items(self):
        return [*self.base_breadcrumbs(), {"url": "", "label": self.call.number or self.call.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overview = dashboards.chair_overview(self.call, self.members)
        wanted = self.request.GET.get("stan", "")
        if wanted not in dashboards.Progress.LABELS:
            wanted = ""
        rows = [r for r in overview.rows if not wanted or r.progress == wanted]
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        filters = [
            {
                "key": key,
                "label": label,
                "count": overview.counts.get(key, 0),
                "active": key == wanted,
            }
            for key, label in dashboards.Progress.LABELS.items()
        ]
        employed = [m for m in overview.members if m.employer_id]
        applied = {r.application.institution_id for r in overview.rows}
        context.update(
            {
                "call": self.call,
                "call_label": call_label(self.call),
                "overview": overview,
                "page_obj": page,
                "rows": page.object_list,
                "filters": filters,
                "wanted": wanted,
                "total": len(overview.rows),
                "awaiting_third": [
                    r for r in overview.rows if r.progress == dashboards.Progress.AWAITING_THIRD
                ],
                "conflicts": overview.conflicts,
                "employed": employed,
                "applied": applied,
                "can_manage": permissions.can_manage_evaluation(self.request.user, self.call),
                "auto_form": AutoAssignForm(),
                "default_due": assignment_service.default_due_date(),
                "signed_ids": overview.commission.signed,
            }
        )
        return context


class AssignView(ChairOnlyMixin, EvaluationView):
    http_method_names = ["post"]

    def post(self, request, call_pk):
        form = AssignForm(request.POST, call=self.call)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(self.back())
        application = form.cleaned_data["application"]
        evaluator = form.cleaned_data["evaluator"]
        try:
            created = assignment_service.assign(
                application,
                evaluator,
                by=request.user,
                kind=form.cleaned_data["kind"] or None,
                due_date=form.cleaned_data["due_date"],
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            messages.error(request, error.message)
            return redirect(self.back(f"zgloszenie-{application.pk}"))
        messages.success(
            request,
            _("Przydzielono: %(name)s – %(kind)s zgłoszenia %(number)s, termin %(due)s.")
            % {
                "name": evaluator.get_full_name() or evaluator.get_username(),
                "kind": created.get_kind_display(),
                "number": application.number,
                "due": created.due_date.strftime("%d.%m.%Y"),
            },
        )
        return redirect(self.back(f"zgloszenie-{application.pk}"))


class AutoAssignView(ChairOnlyMixin, EvaluationView):
    http_method_names = ["post"]

    def post(self, request, call_pk):
        form = AutoAssignForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(self.back())
        try:
            result = assignment_service.assign_automatically(
                self.call,
                by=request.user,
                due_date=form.cleaned_data["due_date"],
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            messages.error(request, error.message)
            return redirect(self.back())
        created = len(result.created)
        if created:
            messages.success(
                request,
                ngettext(
                    "Przydzielono automatycznie %(count)s ocenę.",
                    "Przydzielono automatycznie %(count)s ocen.",
                    created,
                )
                % {"count": created},
            )
        elif not result.unfilled:
            messages.info(request, _("Wszystkie zgłoszenia mają już komplet oceniających."))
        for application, _kind, reason in result.unfilled:
            messages.warning(
                request,
                _("Zgłoszenie %(number)s (%(jst)s): %(reason)s")
                % {
                    "number": application.number,
                    "jst": application.institution.name,
                    "reason": reason,
                },
            )
        return redirect(self.back())


class CancelAssignmentView(ChairOnlyMixin, EvaluationView):
    http_method_names = ["post"]

    def post(self, request, call_pk):
        form = CancelAssignmentForm(request.POST, call=self.call)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(self.back())
        assignment = form.cleaned_data["assignment"]
        try:
            assignment_service.cancel(
                assignment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Cofnięto przydział zgłoszenia %(number)s.")
                % {"number": assignment.application.number},
            )
        return redirect(self.back(f"zgloszenie-{assignment.application_id}"))


class FinishView(ChairOnlyMixin, EvaluationView):
    """Closes an application's substantive evaluation once its cards are complete."""

    http_method_names = ["post"]

    def post(self, request, call_pk):
        form = FinishForm(request.POST, call=self.call)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(self.back())
        application = form.cleaned_data["application"]
        current = list(
            Assignment.objects.current().filter(application=application).select_related("card")
        )
        if not cards.is_complete(application, current):
            messages.error(
                request,
                _(
                    "Ocena zgłoszenia %(number)s nie jest kompletna: brakuje złożonych kart "
                    "albo trzeciego oceniającego."
                )
                % {"number": application.number},
            )
            return redirect(self.back(f"zgloszenie-{application.pk}"))
        try:
            workflow.fire(application, "mark_scored", request.user, ip_address=client_ip(request))
        except workflow.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Zakończono ocenę merytoryczną zgłoszenia %(number)s.")
                % {"number": application.number},
            )
        return redirect(self.back(f"zgloszenie-{application.pk}"))


# --- the commission (operators) -------------------------------------------------------------------


class OperatorOnlyMixin(CallMixin):
    def check(self, request):
        if permissions.can_appoint_commission(request.user, self.call):
            return None
        return deny(
            request,
            "not_operator",
            _("Skład komisji ustalają operatorzy naboru."),
            obj=self.call,
        )


class CommissionView(OperatorOnlyMixin, EvaluationView):
    template_name = "evaluation/admin/commission.html"
    page_title = gettext_lazy("Skład komisji oceny")

    def get_page_title(self):
        return _("Skład komisji oceny naboru %(call)s") % {
            "call": self.call.number or self.call.title
        }

    def get_breadcrumbs_items(self):
        return [
            *self.call_breadcrumbs("chair"),
            {"url": "", "label": _("Skład komisji")},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        members = list(
            CommissionMember.objects.filter(call=self.call)
            .select_related("user", "employer", "appointed_by")
            .annotate(
                current_count=Count(
                    "user__evaluation_assignments",
                    filter=Q(
                        user__evaluation_assignments__application__call=self.call,
                        user__evaluation_assignments__cancelled_at__isnull=True,
                    ),
                )
            )
            .order_by("role", "user__last_name", "user__username")
        )
        signed = dict(
            Declaration.objects.filter(call=self.call).values_list("user_id", "signed_at")
        )
        for member in members:
            member.signed_at = signed.get(member.user_id)
        context.update(
            {
                "call": self.call,
                "call_label": call_label(self.call),
                "members": members,
                "form": form or AppointForm(),
            }
        )
        return context

    def post(self, request, call_pk):
        form = AppointForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        user = form.cleaned_data["user"]
        try:
            commission.appoint(
                self.call,
                user,
                form.cleaned_data["role"],
                by=request.user,
                employer=form.cleaned_data["employer"],
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("Powołano do komisji: %(name)s.")
            % {"name": user.get_full_name() or user.get_username()},
        )
        return redirect(url("commission", call_pk))


class DismissView(OperatorOnlyMixin, EvaluationView):
    http_method_names = ["post"]

    def post(self, request, call_pk):
        form = DismissForm(request.POST, call=self.call)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(url("commission", call_pk))
        member = form.cleaned_data["member"]
        try:
            commission.dismiss(member, by=request.user, ip_address=client_ip(request))
        except EvaluationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Odwołano z komisji: %(name)s.")
                % {"name": member.user.get_full_name() or member.user.get_username()},
            )
        return redirect(url("commission", call_pk))
