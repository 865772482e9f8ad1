"""The operators' views share: who may review a call's applications, the call and the application
looked up from the URL (another call's application id is a logged 404), links and labels."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.http import client_ip
from recruitment import (
    audit,
    formal_check,
    permissions,
)
from recruitment.models import (
    Application,
    ApplicationState,
    AuditLogEntry,
    CallPage,
)

logger = logging.getLogger(__name__)


S = ApplicationState

NAMESPACE = "recruitment_operator"
PER_PAGE = 50
REASON_MAX_LENGTH = 2000

# A call to supplement must say what is missing: the JST reads the reason on its status page.
# Rejections need a written reason by the workflow's own rule (DOMAIN.md, "Formal check").
REASON_REQUIRED = {"request_supplement", "reject_formally"}

HISTORY_LABELS = {
    "start_draft": gettext_lazy("rozpoczęcie zgłoszenia"),
    "attachment_added": gettext_lazy("dodanie załącznika"),
    "attachment_removed": gettext_lazy("usunięcie załącznika"),
    "access_denied": gettext_lazy("odmowa dostępu"),
    **formal_check.AUDIT_LABELS,
}


# --- permissions ------------------------------------------------------------------------------


def can_review_applications(user):
    """Operators run the formal check; chairs may read the applications too."""
    return permissions.is_operator(user) or permissions.is_chair(user)


def reason_required(name, application):
    return name in REASON_REQUIRED or (name == "finalise" and application.state == S.APPEAL)


def decided_on_card(name, application):
    """The formal check's results are decided on its card, never by a bare transition."""
    return application.state == S.FORMAL_CHECK and name in formal_check.CARD_TRANSITIONS.values()


def refuse_bulk_action(request, model_name, action):
    """Wagtail's bulk actions on the recruitment's records: none, for anyone (a logged 404)."""
    if request.user.is_authenticated:
        audit.deny(request, None, "bulk_action")
    raise Http404(_("Tej czynności nie ma."))


class ReviewerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_review_applications(request.user):
            if request.user.is_authenticated:
                audit.deny(request, None, "role")
            # Inside the admin Wagtail turns this into its "no permission" redirect.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def call_label(call):
    return f"{call.number} – {call.title}" if call.number else call.title


class BaseOperatorView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, View):
    header_icon = "form"

    def get_base_breadcrumbs(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("calls"), "label": _("Zgłoszenia w naborze")},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))


class CallMixin:
    """A call the user may review (recruitment.permissions.can_review_call): another partner's
    call, or a call whose declaration its chair has not signed, is a logged 404."""

    @cached_property
    def call(self):
        call = get_object_or_404(CallPage, pk=self.kwargs["call_pk"])
        if not permissions.can_review_call(self.request.user, call):
            audit.deny(self.request, call, "call_scope")
            raise Http404(_("Nie ma takiego naboru albo nie masz do niego dostępu."))
        return call

    def dispatch(self, request, *args, **kwargs):
        if can_review_applications(request.user):
            self.call  # noqa: B018 - checked before any view code runs
        return super().dispatch(request, *args, **kwargs)


class ApplicationMixin(CallMixin):
    @cached_property
    def application(self):
        pk = self.kwargs["pk"]
        application = (
            Application.objects.select_related("call", "institution")
            .filter(pk=pk, call_id=self.kwargs["call_pk"])
            .first()
        )
        if application is None:
            self._denied(pk)
        return application

    def _denied(self, pk):
        """Another call's (or no) application: logged, then a 404 that tells nothing."""
        request = self.request
        logger.warning(
            "Operator view: application %s is not in call %s (%s)",
            pk,
            self.kwargs["call_pk"],
            request.user,
        )
        user = request.user if request.user.is_authenticated else None
        AuditLogEntry.objects.create(
            user=user,
            username=user.get_username() if user else "",
            action="access_denied",
            object_type="recruitment.application",
            object_id=str(pk)[:64],
            details={"path": request.path[:500], "method": request.method, "reason": "other_call"},
            ip_address=client_ip(request),
        )
        raise Http404(_("Nie ma takiego zgłoszenia w tym naborze."))

    @cached_property
    def versions(self):
        return list(
            self.application.versions.select_related("submitted_by").prefetch_related("attachments")
        )

    def application_breadcrumbs(self):
        return [
            *self.get_base_breadcrumbs(),
            {"url": url("index", self.call.pk), "label": self.call.number or self.call.title},
        ]

    def application_label(self):
        return self.application.number or _("zgłoszenie robocze: %(jst)s") % {
            "jst": self.application.institution
        }
