"""The declaration of impartiality and confidentiality of a call, and the conflict of interest a
member reports instead of signing."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from core.http import client_ip
from recruitment.models import ApplicationState

from .. import commission, declaration, permissions
from ..errors import EvaluationError
from ..forms import ConflictForm, DeclarationForm
from ..models import (
    Declaration,
)
from .base import CallMixin, EvaluationView, call_label, declaration_link, deny, url

S = ApplicationState


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
                link=declaration_link(self.call),
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
