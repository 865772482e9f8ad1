"""Firing a workflow transition on one application (the buttons of its page)."""

import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from core.http import client_ip
from recruitment import (
    formal_check,
    workflow,
)

from .base import (
    REASON_MAX_LENGTH,
    ApplicationMixin,
    ReviewerRequiredMixin,
    S,
    decided_on_card,
    reason_required,
    url,
)

logger = logging.getLogger(__name__)


class TransitionView(ApplicationMixin, ReviewerRequiredMixin, View):
    """Fires one workflow transition; a refusal is told in Polish and changes nothing."""

    http_method_names = ["post"]

    def post(self, request, call_pk, pk):
        application = self.application
        detail = url("detail", call_pk, pk)
        name = request.POST.get("transition", "")
        reason = (request.POST.get("reason") or "").replace("\r\n", "\n").strip()
        expected_state = request.POST.get("state", "")
        if expected_state and expected_state != application.state:
            messages.error(
                request,
                _(
                    "Stan zgłoszenia zmienił się w międzyczasie (teraz: „%(state)s”). "
                    "Nic nie zostało zmienione; sprawdź historię i spróbuj ponownie."
                )
                % {"state": S(application.state).label},
            )
            return redirect(detail)
        if len(reason) > REASON_MAX_LENGTH:
            messages.error(
                request,
                _("Uzasadnienie może mieć najwyżej %(limit)s znaków (wpisano %(length)s).")
                % {"limit": REASON_MAX_LENGTH, "length": len(reason)},
            )
            return redirect(detail)
        transition = workflow.TRANSITIONS.get(name)
        if transition is not None and decided_on_card(name, application):
            messages.error(
                request,
                _(
                    "Wynik oceny formalnej rozstrzyga się na karcie oceny formalnej. "
                    "Nic nie zostało zmienione."
                ),
            )
            return redirect(url("formal_card", call_pk, pk))
        if transition is not None and reason_required(name, application) and not reason:
            messages.error(
                request,
                _("Czynność „%(label)s” wymaga pisemnego uzasadnienia. Nic nie zostało zmienione.")
                % {"label": transition.label},
            )
            return redirect(detail)
        try:
            if name == "start_formal_check":
                # Starting the check opens its card, with the system's proposals.
                formal_check.start(application, request.user, ip_address=client_ip(request))
            else:
                workflow.fire(
                    application,
                    name,
                    request.user,
                    reason=reason,
                    ip_address=client_ip(request),
                )
        except (workflow.TransitionError, formal_check.FormalCheckError) as error:
            messages.error(request, error.message)
            return redirect(detail)
        if name == "reject_formally":
            formal_check.enqueue_notice(application, formal_check.NOTICE_REJECTION)
        messages.success(
            request,
            _("Wykonano: %(label)s. Stan zgłoszenia: „%(state)s”.")
            % {"label": transition.label, "state": S(application.state).label},
        )
        if name == "start_formal_check":
            return redirect(url("formal_card", call_pk, pk))
        return redirect(detail)
