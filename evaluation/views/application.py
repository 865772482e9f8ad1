"""One application, read-only, for the commission: its content and files, and the submitted
cards as far as independent scoring lets this user see them (`permissions.can_compare_cards`)."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from recruitment import version_content
from recruitment.models import Application, ApplicationState

from .. import permissions
from ..assignment import sort_key
from ..models import (
    Assignment,
    SubstantiveCard,
)
from .base import EvaluationView, declaration_link, deny, url

S = ApplicationState


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
                link=declaration_link(application.call),
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
        # The blind-scoring rule is the permissions' (DOMAIN.md: independent scoring).
        compare = permissions.can_compare_cards(user, application, current_cards)
        visible = []
        if compare:
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
                "cards_hidden": not compare,
                "show_names": permissions.sees_evaluators(user, application.call),
                "state_label": S(application.state).label,
            }
        )
        return context
