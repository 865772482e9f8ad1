"""The formal check card of one application: fill, save, decide (`recruitment.formal_check`) and
print as a PDF."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from core.http import client_ip
from recruitment import (
    audit,
    formal_check,
    permissions,
    sealing,
    workflow,
)
from recruitment.formal_forms import FormalCardForm
from recruitment.models import (
    FormalResult,
)

from .base import ApplicationMixin, BaseOperatorView, ReviewerRequiredMixin, S, url

logger = logging.getLogger(__name__)


# --- the formal check card ----------------------------------------------------------------------


class FormalCardView(ApplicationMixin, BaseOperatorView):
    """The formal check card of an application: the current round to fill and decide, or an
    earlier round (?runda=N) to read. Operators fill and decide; chairs may read it.

    A refusal (a missing answer, no deficiencies, no reason, a result the answers do not allow)
    shows the form again as posted, with the message, and stores nothing; a decided card or a
    stale form (the card or the state changed meanwhile) sends back to the stored card."""

    template_name = "recruitment/admin/formal_check_card.html"

    def get_page_title(self):
        return _("Karta oceny formalnej: %(label)s") % {"label": self.application_label()}

    def get_breadcrumbs_items(self):
        return [
            *self.application_breadcrumbs(),
            {
                "url": url("detail", self.call.pk, self.application.pk),
                "label": self.application_label(),
            },
            {"url": "", "label": _("Karta oceny formalnej")},
        ]

    @cached_property
    def current(self):
        """The card of the check under way (made now if the check was started elsewhere)."""
        return formal_check.current_card(self.application)

    @cached_property
    def cards(self):
        self.current  # noqa: B018 - made first, so that it is on the list
        return formal_check.cards_of(self.application)

    @cached_property
    def card(self):
        """The card shown: the round asked for, else the current one, else the last one."""
        wanted = self.request.GET.get("runda", "")
        if wanted:
            for card in self.cards:
                if str(card.round) == wanted:
                    return card
            messages.warning(
                self.request,
                _("Nie ma rundy „%(round)s”; pokazano bieżącą kartę.") % {"round": wanted[:20]},
            )
        if self.current is not None:
            return next(c for c in self.cards if c.pk == self.current.pk)
        return self.cards[-1] if self.cards else None

    def can_edit(self, card):
        return (
            card is not None
            and not card.is_decided
            and self.application.state == S.FORMAL_CHECK
            and self.current is not None
            and card.pk == self.current.pk
            and permissions.operates_call(self.request.user, self.call)
        )

    def rows(self, card):
        return list(card.answers.select_related("answered_by")) if card else []

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        card = self.card
        rows = form.rows if form is not None else self.rows(card)
        editable = self.can_edit(card)
        if editable and form is None:
            form = FormalCardForm(
                card,
                rows,
                initial={
                    "deficiencies": formal_check.default_deficiencies(rows),
                    "reason": formal_check.default_reason(rows, application),
                },
            )
        assessment = formal_check.assess([(r, r.answer) for r in rows], application)
        context.update(
            {
                "call": self.call,
                "application": application,
                "institution": application.institution,
                "state_label": S(application.state).label,
                "cards": self.cards,
                "card": card,
                "rows": rows,
                "form": form,
                "items": form.items() if form is not None else [],
                "editable": editable,
                "expected": assessment.expected,
                "expected_label": FormalResult(assessment.expected).label
                if assessment.expected
                else "",
                "supplement_used": application.supplement_due is not None,
                "supplement_preview": workflow.supplement_deadline(
                    timezone.now(), self.call.supplement_days
                ),
                "can_start": permissions.operates_call(self.request.user, self.call)
                and "start_formal_check" in workflow.available(application, self.request.user),
                "detail_url": url("detail", self.call.pk, application.pk),
                "action_url": url("formal_card", self.call.pk, application.pk),
                "transition_url": url("transition", self.call.pk, application.pk),
                "pdf_url": url("formal_card_pdf", self.call.pk, application.pk, card.round)
                if card
                else "",
                "result_labels": dict(FormalResult.choices),
            }
        )
        return context

    def post(self, request, call_pk, pk):
        if not permissions.operates_call(request.user, self.call):
            raise PermissionDenied
        application = self.application
        here = url("formal_card", call_pk, pk)
        current = self.current
        posted_card = request.POST.get("card", "")
        if current is None or posted_card != str(current.pk):
            decided = next((c for c in self.cards if str(c.pk) == posted_card), None)
            if decided is not None and decided.is_decided:
                message = _(
                    "Ta karta została już rozstrzygnięta (%(result)s). Nic nie zostało zmienione."
                ) % {"result": FormalResult(decided.result).label}
            else:
                message = _(
                    "Karta lub stan zgłoszenia zmieniły się w międzyczasie (stan: „%(state)s”). "
                    "Nic nie zostało zapisane; sprawdź kartę i spróbuj ponownie."
                ) % {"state": S(application.state).label}
            messages.error(request, message)
            return redirect(here)
        rows = self.rows(current)
        form = FormalCardForm(current, rows, request.POST)
        if not form.is_valid() and {"card", "revision", "state"} & set(form.errors):
            messages.error(
                request,
                _(
                    "Formularz karty jest niekompletny lub nieaktualny. Nic nie zostało "
                    "zapisane; sprawdź kartę i spróbuj ponownie."
                ),
            )
            return redirect(here)
        if not form.is_valid():
            return self.refuse(form, _("Popraw zaznaczone pola. Nic nie zostało zapisane."))
        options = {
            "revision": form.cleaned_data["revision"],
            "expected_state": form.cleaned_data["state"],
            "ip_address": client_ip(request),
        }
        result = form.result
        try:
            if result is None:
                changed = formal_check.save_draft(current, request.user, form.answers(), **options)
            else:
                formal_check.decide(
                    current,
                    request.user,
                    result,
                    form.answers(),
                    deficiencies=form.cleaned_data["deficiencies"],
                    reason=form.cleaned_data["reason"],
                    **options,
                )
        except (formal_check.StaleCard, formal_check.CardNotOpen) as error:
            messages.error(request, error.message)
            return redirect(here)
        except formal_check.FormalCheckError as error:
            for name, message in error.errors.items():
                if name in form.fields or name == "decision":
                    form.add_error(name if name in form.fields else None, message)
            return self.refuse(form, error.message)
        if result is None:
            messages.success(
                request,
                _("Zapisano kartę (wersja robocza). Zapisane kryteria: %(n)s.") % {"n": changed}
                if changed
                else _("Nie było zmian do zapisania."),
            )
            return redirect(here)
        application.refresh_from_db()
        messages.success(
            request,
            _("Rozstrzygnięto kartę: %(result)s. Stan zgłoszenia: „%(state)s”.")
            % {"result": FormalResult(result).label, "state": S(application.state).label},
        )
        return redirect(f"{here}?runda={current.round}")

    def refuse(self, form, message):
        messages.error(self.request, message)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 422
        return response


def attachment_signatures(attachment):
    """The electronic signatures a PDF attachment carries (recruitment.sealing), else None."""
    if attachment.content_type != "application/pdf":
        return None
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return sealing.SignatureCheck(error=_("Nie znaleziono pliku w magazynie."))
    return sealing.check_signatures(data)


class FormalCardPDFView(ApplicationMixin, ReviewerRequiredMixin, View):
    """One round's card as a PDF for signing; a card still being filled is marked as a draft."""

    def get(self, request, call_pk, pk, round):
        card = (
            self.application.formal_cards.select_related(
                "version", "decided_by", "updated_by", "application__call"
            )
            .filter(round=round)
            .first()
        )
        if card is None:
            raise Http404(_("Nie ma takiej karty oceny formalnej."))
        card.application = self.application
        audit.record(
            "formal_card_pdf",
            user=request.user,
            obj=card,
            application=self.application,
            details={"round": card.round},
            ip_address=client_ip(request),
        )
        response = HttpResponse(formal_check.card_pdf(card), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{formal_check.card_filename(card)}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
