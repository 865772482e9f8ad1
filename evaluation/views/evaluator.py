"""The evaluator's side: the list of calls, the declaration, the dashboard of assignments, the
substantive card and the read-only application. A member who has not signed the call's
declaration is sent to it from the dashboard; anything else of the call answers 403 until then."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.http import client_ip
from recruitment import version_content
from recruitment.models import Application, ApplicationState, CallPage

from .. import cards, commission, dashboards, declaration, permissions
from ..assignment import sort_key
from ..errors import EvaluationError
from ..forms import ConflictForm, DeclarationForm, ReturnCardForm
from ..models import (
    Assignment,
    CardStatus,
    CommissionMember,
    Declaration,
    SubstantiveCard,
)
from .base import CallMixin, EvaluationView, call_label, deny, url

S = ApplicationState


def _declaration_link(call):
    return {"url": url("declaration", call.pk), "label": _("Podpisz deklarację")}


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


# --- the declaration --------------------------------------------------------------------------


class DeclarationView(CallMixin, EvaluationView):
    template_name = "evaluation/admin/declaration.html"

    def check(self, request):
        if not permissions.is_member(request.user, self.call):
            return deny(
                request,
                "not_member",
                _("Nie jesteś członkiem komisji oceny tego naboru."),
                obj=self.call,
            )
        return None

    def get_page_title(self):
        return _("Deklaracja bezstronności i poufności")

    def get_breadcrumbs_items(self):
        return [*self.base_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    @cached_property
    def signed(self):
        return Declaration.objects.filter(call=self.call, user=self.request.user).first()

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "call": self.call,
                "call_label": call_label(self.call),
                "signed": self.signed,
                "text": self.signed.text
                if self.signed
                else declaration.render_text(self.call, user),
                "version": self.signed.text_version if self.signed else declaration.TEXT_VERSION,
                "form": form or DeclarationForm(call=self.call),
                "next_url": self.next_url(),
            }
        )
        return context

    def next_url(self):
        if permissions.is_call_chair(self.request.user, self.call):
            return url("chair", self.call.pk)
        return url("evaluator", self.call.pk)

    def post(self, request, call_pk):
        if self.signed:
            messages.error(request, _("Deklarację w tym naborze już podpisano."))
            return redirect(url("declaration", call_pk))
        form = DeclarationForm(request.POST, call=self.call)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            commission.sign_declaration(
                self.call,
                request.user,
                conflicts=list(form.cleaned_data["conflicts"]),
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            messages.error(request, error.message)
            return redirect(url("declaration", call_pk))
        messages.success(request, _("Deklaracja została podpisana. Możesz rozpocząć ocenę."))
        return redirect(self.next_url())


class ConflictView(CallMixin, EvaluationView):
    """A member declares a conflict with a JST after signing (POST only)."""

    http_method_names = ["post"]

    def check(self, request):
        if not permissions.is_member(request.user, self.call):
            return deny(
                request,
                "not_member",
                _("Nie jesteś członkiem komisji oceny tego naboru."),
                obj=self.call,
            )
        if not permissions.has_signed(request.user, self.call):
            return deny(
                request,
                "not_signed",
                _("Najpierw podpisz deklarację bezstronności i poufności tego naboru."),
                obj=self.call,
                link=_declaration_link(self.call),
            )
        return None

    def post(self, request, call_pk):
        back = (
            url("chair", call_pk)
            if permissions.is_call_chair(request.user, self.call)
            else url("evaluator", call_pk)
        )
        form = ConflictForm(request.POST, call=self.call)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back + "#konflikt")
        institution = form.cleaned_data["institution"]
        try:
            commission.declare_conflict(
                self.call,
                request.user,
                institution,
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            messages.error(request, error.message)
            return redirect(back + "#konflikt")
        messages.success(
            request,
            _(
                "Zgłoszono konflikt interesów z JST „%(jst)s”. Jeśli miałeś(-aś) jej zgłoszenie "
                "do oceny, przydział cofnięto; przewodniczący przydzieli inną osobę."
            )
            % {"jst": institution.name},
        )
        return redirect(back)


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


# --- the card ---------------------------------------------------------------------------------


class AssignmentMixin:
    """The assignment of the URL with everything the card page reads, in one query."""

    @cached_property
    def assignment(self):
        return (
            Assignment.objects.select_related(
                "application__call", "application__institution", "evaluator", "card"
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )

    @property
    def card(self):
        return getattr(self.assignment, "card", None)

    def refuse_card(self, request):
        """The 403 for a card this user may not see (or that does not exist)."""
        assignment = self.assignment
        if assignment is None or self.card is None:
            return deny(
                request,
                "no_card",
                _("Nie masz dostępu do tej karty oceny."),
                object_id=self.kwargs["pk"],
            )
        application = assignment.application
        call = application.call
        if permissions.must_sign(request.user, call):
            return deny(
                request,
                "not_signed",
                _("Najpierw podpisz deklarację bezstronności i poufności tego naboru."),
                application=application,
                obj=self.card,
                link=_declaration_link(call),
            )
        return deny(
            request,
            "card_not_visible",
            _(
                "Nie masz dostępu do tej karty oceny. Karty innych oceniających widać dopiero, "
                "gdy wszystkie karty zgłoszenia są złożone."
            ),
            application=application,
            obj=self.card,
        )


def score_rows(card, scores, data=None, errors=None):
    """The card's criteria with the values to show (typed ones after a refusal) and errors."""
    errors = errors or {}
    rows = []
    for position, score in enumerate(scores, start=1):
        criterion = score.criterion
        if data is not None:
            points = (data.get(cards.points_field(criterion.pk)) or "").strip()[:10]
            text = data.get(cards.justification_field(criterion.pk)) or ""
        else:
            points = "" if score.points is None else str(score.points)
            text = score.justification
        rows.append(
            {
                "position": position,
                "criterion": criterion,
                "points": points,
                "justification": text,
                "points_name": cards.points_field(criterion.pk),
                "justification_name": cards.justification_field(criterion.pk),
                "points_error": errors.get(criterion.pk, {}).get("points"),
                "justification_error": errors.get(criterion.pk, {}).get("justification"),
                "score": score,
            }
        )
    return rows


class CardView(AssignmentMixin, EvaluationView):
    template_name = "evaluation/admin/card.html"

    def check(self, request):
        card = self.card
        if card is None or not permissions.can_view_card(request.user, card):
            return self.refuse_card(request)
        return None

    @property
    def application(self):
        return self.assignment.application

    def get_page_title(self):
        return _("Karta oceny merytorycznej: %(number)s") % {
            "number": self.application.number or self.application.institution.name
        }

    def get_breadcrumbs_items(self):
        call = self.application.call
        evaluator = permissions.is_call_evaluator(self.request.user, call)
        return [
            *self.base_breadcrumbs(),
            {
                "url": url("evaluator" if evaluator else "chair", call.pk),
                "label": call.number or call.title,
            },
            {"url": "", "label": self.application.number or ""},
        ]

    def get_context_data(self, data=None, errors=None, message=None, **kwargs):
        context = super().get_context_data(**kwargs)
        card = self.card
        user = self.request.user
        scores = list(
            card.scores.select_related("criterion").order_by("criterion__sort_order", "pk")
        )
        rows = score_rows(card, scores, data, errors)
        error_list = []
        for row in rows:
            for key in ("points", "justification"):
                if row[f"{key}_error"]:
                    error_list.append(
                        {
                            "id": f"id_{row[f'{key}_name']}",
                            "message": row[f"{key}_error"],
                            "position": row["position"],
                        }
                    )
        editable = permissions.can_edit_card(user, card)
        context.update(
            {
                "assignment": self.assignment,
                "card": card,
                "application": self.application,
                "call": self.application.call,
                "rows": rows,
                "editable": editable,
                "own": self.assignment.evaluator_id == user.pk,
                "error_message": message,
                "error_list": error_list,
                "max_total": sum(s.criterion.max_points for s in scores),
                "can_return": permissions.can_return_card(user, card),
                "return_form": ReturnCardForm(),
                "show_evaluator": not self.assignment.evaluator_id == user.pk
                and (
                    permissions.operates_call(user, self.application.call)
                    or permissions.is_call_chair(user, self.application.call)
                ),
                "application_url": url("application", self.application.pk),
                "justification_max": cards.JUSTIFICATION_MAX_LENGTH,
            }
        )
        return context

    def post(self, request, pk):
        card = self.card
        user = request.user
        if card.assignment.evaluator_id != user.pk:
            return deny(
                request,
                "not_own_card",
                _("Kartę wypełnia i składa tylko przydzielony oceniający."),
                application=self.application,
                obj=card,
            )
        action = request.POST.get("action", "save")
        service = cards.submit if action == "submit" else cards.save_draft
        try:
            service(card, request.POST, user=user, ip_address=client_ip(request))
        except EvaluationError as error:
            if not error.errors:
                messages.error(request, error.message)
                return redirect(url("card", pk))
            # Show what was typed, with the errors, and store nothing (the service refused).
            return self.render_to_response(
                self.get_context_data(data=request.POST, errors=error.errors, message=error.message)
            )
        if action == "submit":
            messages.success(
                request, _("Karta została złożona i zablokowana. Dziękujemy za ocenę.")
            )
            return redirect(url("evaluator", self.application.call_id))
        messages.success(request, _("Zapisano wersję roboczą karty."))
        return redirect(url("card", pk))


class ReturnCardView(AssignmentMixin, EvaluationView):
    """The chair returns a submitted card for correction, with a note (POST only)."""

    http_method_names = ["post"]

    def check(self, request):
        card = self.card
        if card is None or not permissions.can_manage_evaluation(
            request.user, self.assignment.application.call
        ):
            if card is not None and permissions.can_view_card(request.user, card):
                return deny(
                    request,
                    "not_chair",
                    _("Kartę do poprawy zwraca tylko przewodniczący komisji naboru."),
                    application=self.assignment.application,
                    obj=card,
                )
            return self.refuse_card(request)
        return None

    def post(self, request, pk):
        form = ReturnCardForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Napisz, co oceniający ma poprawić. Karta nie została zwrócona.")
            )
            return redirect(url("card", pk))
        try:
            cards.return_card(
                self.card,
                by=request.user,
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
            )
        except EvaluationError as error:
            messages.error(request, error.message)
            return redirect(url("card", pk))
        messages.success(request, _("Karta wróciła do oceniającego z Twoimi uwagami."))
        return redirect(url("card", pk))


# --- the application, read-only ---------------------------------------------------------------


class ApplicationView(EvaluationView):
    template_name = "evaluation/admin/application.html"

    @cached_property
    def application(self):
        return (
            Application.objects.select_related("call", "institution")
            .filter(pk=self.kwargs["pk"])
            .first()
        )

    def check(self, request):
        application = self.application
        if application is None:
            return deny(
                request,
                "not_found",
                _("Nie masz dostępu do tego zgłoszenia."),
                object_id=self.kwargs["pk"],
            )
        if permissions.can_open_application(request.user, application):
            return None
        if permissions.must_sign(request.user, application.call):
            return deny(
                request,
                "not_signed",
                _("Najpierw podpisz deklarację bezstronności i poufności tego naboru."),
                application=application,
                link=_declaration_link(application.call),
            )
        return deny(
            request,
            "not_assigned",
            _("To zgłoszenie nie jest przydzielone Tobie do oceny."),
            application=application,
        )

    def get_page_title(self):
        return _("Zgłoszenie %(number)s") % {"number": self.application.number or ""}

    def get_breadcrumbs_items(self):
        call = self.application.call
        target = "evaluator" if permissions.is_call_evaluator(self.request.user, call) else "chair"
        return [
            *self.base_breadcrumbs(),
            {"url": url(target, call.pk), "label": call.number or call.title},
            {"url": "", "label": self.application.number or ""},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        user = self.request.user
        version = application.versions.order_by("-number").prefetch_related("attachments").first()
        current = list(
            Assignment.objects.current()
            .filter(application=application)
            .select_related("evaluator", "card")
        )
        current_cards = [a.card for a in current if getattr(a, "card", None)]
        own = next((a for a in current if a.evaluator_id == user.pk), None)
        all_in = permissions.all_current_cards_submitted(current_cards)
        privileged = permissions.operates_call(user, application.call) or permissions.is_call_chair(
            user, application.call
        )
        visible = []
        if privileged or all_in:
            card_ids = [c.pk for c in current_cards]
            by_card = {
                c.pk: c
                for c in SubstantiveCard.objects.filter(pk__in=card_ids).prefetch_related(
                    "scores__criterion"
                )
            }
            for assignment in sorted(current, key=sort_key):
                card = getattr(assignment, "card", None)
                card = by_card.get(card.pk) if card is not None else None
                if card is None or not card.is_submitted:
                    continue
                visible.append(
                    {
                        "assignment": assignment,
                        "card": card,
                        "scores": sorted(
                            card.scores.all(), key=lambda s: (s.criterion.sort_order, s.pk)
                        ),
                        "is_own": assignment.evaluator_id == user.pk,
                    }
                )
        attachments = list(version.attachments.all()) if version else []
        for row in attachments:
            row.download_url = reverse("recruitment:attachment", args=[application.pk, row.pk])
        context.update(
            {
                "application": application,
                "institution": application.institution,
                "call": application.call,
                "version": version,
                "sections": version_content.read_sections(version.content) if version else [],
                "attachments": attachments,
                "own": own,
                "visible_cards": visible,
                "cards_hidden": not (privileged or all_in),
                "show_names": privileged,
                "state_label": S(application.state).label,
            }
        )
        return context
