"""What every evaluation view shares: the admin page furniture, the call of the URL, and the
refusal that answers 403 and writes the audit log."""

import logging

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.http import client_ip
from recruitment import audit
from recruitment.models import CallPage

logger = logging.getLogger(__name__)

NAMESPACE = "evaluation"
MENU_LABEL = gettext_lazy("Ocena merytoryczna")


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def call_label(call):
    return f"{call.number} – {call.title}" if call.number else call.title


def deny(request, reason, message, *, application=None, obj=None, object_id="", link=None):
    """Refuse with 403 and record who tried what (DOMAIN.md: every action is logged)."""
    logger.warning("Evaluation: %s refused to %s (%s)", request.path, request.user, reason)
    entry = audit.record(
        "evaluation_access_denied",
        user=request.user,
        obj=obj,
        application=application,
        details={
            "path": request.path[:500],
            "method": request.method,
            "reason": reason,
            **({"object_id": str(object_id)[:64]} if object_id else {}),
        },
        ip_address=client_ip(request),
    )
    title = _("Brak dostępu")
    return TemplateResponse(
        request,
        "evaluation/admin/forbidden.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "lock",
            "breadcrumbs_items": [],
            "message": message,
            "link": link,
            "entry": entry,
        },
        status=403,
    )


class EvaluationView(WagtailAdminTemplateMixin, View):
    """An admin page of the evaluation; subclasses check permission in `check`."""

    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        refusal = self.check(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def check(self, request):
        """None when the user may go on; otherwise the response (a 403 or a redirect)."""
        return None

    def base_breadcrumbs(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("home"), "label": MENU_LABEL},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))


class CallMixin:
    @cached_property
    def call(self):
        return get_object_or_404(CallPage, pk=self.kwargs["call_pk"])

    def call_breadcrumbs(self, target="evaluator"):
        return [
            *self.base_breadcrumbs(),
            {"url": url(target, self.call.pk), "label": self.call.number or self.call.title},
        ]


def declaration_link(call):
    """The link to the call's declaration, beside a refusal that waits for it."""
    return {"url": url("declaration", call.pk), "label": _("Podpisz deklarację")}
