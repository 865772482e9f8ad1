"""The evaluation in the Wagtail admin: its URLs under /admin/ocena/ and the menu item
"Ocena merytoryczna" for operators, chairs and evaluators; and what it adds to the recruitment
(`recruitment.extensions`): the chair and the assigned evaluators as reviewers of a call's
applications, and the public results of a call."""

from django.urls import reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from recruitment import extensions

from . import permissions, public_results, public_statistics
from .urls import urlpatterns
from .views.base import MENU_LABEL


class EvaluationMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_use_evaluation(request.user)


class EvaluationViewSet(ViewSet):
    """The evaluation's admin under /admin/ocena/ (`evaluation.urls`), with its menu item."""

    name = "evaluation"
    url_prefix = "ocena"
    icon = "tasks"
    add_to_admin_menu = True
    menu_label = MENU_LABEL
    menu_name = "ocena-merytoryczna"
    menu_order = 260
    menu_item_class = EvaluationMenuItem

    @property
    def menu_url(self):
        return reverse("evaluation:home")

    def get_urlpatterns(self):
        return urlpatterns


@hooks.register("register_admin_viewset")
def register_evaluation_viewset():
    return EvaluationViewSet()


# --- what the evaluation adds to the recruitment ----------------------------------------------

hooks.register(extensions.CALL_CHAIR, permissions.chairs_signed_call)
hooks.register(extensions.CHAIRED_CALL_IDS, permissions.chaired_call_ids)
hooks.register(extensions.APPLICATION_VIEWER, permissions.can_open_application)
hooks.register(extensions.CALL_RESULTS, public_results.results_link)
hooks.register(extensions.CALL_RESULTS_PAGE, public_results.serve_results)
hooks.register(extensions.CALL_STATISTICS_PAGE, public_statistics.serve_statistics)
