"""The calls an operator or a chair may open: the first screen of /admin/nabory/."""

import logging

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from recruitment import (
    permissions,
)
from recruitment.models import (
    CallPage,
)

from .base import BaseOperatorView, S

logger = logging.getLogger(__name__)


# --- calls ------------------------------------------------------------------------------------


class CallChooseView(BaseOperatorView):
    """The first step: which call's applications to see."""

    template_name = "recruitment/admin/call_choose.html"
    page_title = gettext_lazy("Zgłoszenia w naborze")

    def get_breadcrumbs_items(self):
        return self.get_base_breadcrumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = (
            permissions.reviewable_calls(self.request.user, CallPage.objects.all())
            .annotate(
                application_count=Count("applications"),
                submitted_count=Count("applications", filter=~Q(applications__state=S.DRAFT)),
            )
            .order_by("-opens_at", "pk")
            .only("pk", "title", "number", "voivodeship", "opens_at", "closes_at", "live")
        )
        return context
