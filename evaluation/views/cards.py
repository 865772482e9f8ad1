"""The substantive card of one assignment: its evaluator fills and submits it; the chair returns a
submitted card for correction."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from core.http import client_ip
from recruitment.models import ApplicationState

from .. import cards, permissions
from ..errors import EvaluationError
from ..forms import ReturnCardForm
from ..models import (
    Assignment,
)
from .base import EvaluationView, declaration_link, deny, url

S = ApplicationState


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
                link=declaration_link(call),
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
