"""Admin views of moderation: one document's review page (approve now or at a time, or reject
with a reason) and the dashboard panel of documents waiting for a decision."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from wagtail.admin.ui.components import Component

from . import moderation
from .forms import ApproveForm, RejectForm
from .models import ModerationState
from .permissions import admin_documents, can_publish_documents, locked_for

logger = logging.getLogger(__name__)

REGISTRY = "rejestr-dokumentow"
PANEL_SIZE = 10


def moderate_url(document):
    return reverse(f"{REGISTRY}:moderate", args=[document.pk])


def pending_list_url():
    return reverse(f"{REGISTRY}:index") + f"?moderation_state={ModerationState.PENDING}"


class ModerateView(View):
    """GET: the document's state, its file and the decision forms (for moderators, operators).
    POST `action=approve|reject`: the decision. A document outside the user's admin documents is
    404, a decision by someone who may not publish is 403; neither changes anything."""

    http_method_names = ["get", "post"]
    template_name = "documents/admin/moderate.html"

    @cached_property
    def document(self):
        found = (
            admin_documents(self.request.user)
            .select_related("uploaded_by_user", "moderated_by", "document_type", "collection")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if found is None:
            raise Http404(_("Nie ma takiego dokumentu albo nie masz do niego dostępu."))
        return found

    def get(self, request, pk):
        return self.render(ApproveForm(initial={"go_live_at": self.document.go_live_at}), None)

    def post(self, request, pk):
        document = self.document
        if not can_publish_documents(request.user):
            logger.warning(
                "Document moderation refused to user %s (document %s)", request.user.pk, pk
            )
            raise PermissionDenied
        action = request.POST.get("action")
        approve_form, reject_form = None, None
        try:
            if action == "approve":
                approve_form = ApproveForm(request.POST)
                if approve_form.is_valid():
                    moderation.approve(
                        document, request.user, approve_form.cleaned_data["go_live_at"]
                    )
                    messages.success(request, self.approved_message(document))
                    return redirect(pending_list_url())
            elif action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    moderation.reject(document, request.user, reject_form.cleaned_data["reason"])
                    messages.success(
                        request,
                        _("Odrzucono dokument „%(title)s”; redaktor zobaczy powód.")
                        % {"title": document.title},
                    )
                    return redirect(pending_list_url())
            else:
                messages.error(request, _("Wybierz: zatwierdź albo odrzuć."))
                return redirect(moderate_url(document))
        except moderation.ModerationError as exc:
            messages.error(request, str(exc))
            return redirect(moderate_url(document))
        return self.render(approve_form, reject_form)

    def approved_message(self, document):
        if document.moderation_state == ModerationState.SCHEDULED:
            return _("Zatwierdzono dokument „%(title)s”: będzie publiczny %(when)s.") % {
                "title": document.title,
                "when": document.moderation_label,
            }
        return _("Zatwierdzono i opublikowano dokument „%(title)s”.") % {"title": document.title}

    def render(self, approve_form, reject_form):
        document = self.document
        may_decide = can_publish_documents(self.request.user) and (
            document.moderation_state in moderation.DECIDABLE
        )
        title = _("Moderacja dokumentu")
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "page_title": title,
                "header_title": title,
                "header_icon": "doc-full-inverse",
                "breadcrumbs_items": [
                    {"url": reverse("wagtailadmin_home"), "label": _("Pulpit")},
                    {"url": reverse(f"{REGISTRY}:index"), "label": _("Rejestr dokumentów")},
                    {"url": "", "label": document.title},
                ],
                "document": document,
                "may_decide": may_decide,
                "locked": locked_for(self.request.user, document),
                "approve_form": approve_form or ApproveForm(),
                "reject_form": reject_form or RejectForm(),
                "changes": document.changes.select_related("user").order_by("-changed_at", "-pk"),
            },
        )


class ModerationPanel(Component):
    """The dashboard: moderators and operators see what waits for them; an editor sees their own
    uploads that wait or were rejected, with the reason."""

    name = "documents_moderation"
    template_name = "documents/admin/home_moderation_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        documents = admin_documents(user).select_related("uploaded_by_user")
        if can_publish_documents(user):
            waiting = documents.filter(moderation_state=ModerationState.PENDING)
            heading = _("Dokumenty do zatwierdzenia")
            own = False
        else:
            waiting = documents.filter(
                uploaded_by_user=user,
                moderation_state__in=[ModerationState.PENDING, ModerationState.REJECTED],
            )
            heading = _("Twoje dokumenty w moderacji")
            own = True
        return {
            "heading": heading,
            "own": own,
            "documents": list(waiting.order_by("created_at", "pk")[:PANEL_SIZE]),
            "total": waiting.count(),
            "list_url": pending_list_url(),
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["documents"]:
            return ""
        return get_template(self.template_name).render(context, self.request)
