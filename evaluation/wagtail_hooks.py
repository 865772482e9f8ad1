"""The evaluation in the Wagtail admin: its URLs under /admin/ocena/ and the menu item
"Ocena merytoryczna" for operators, chairs and evaluators; and what it adds to the recruitment
(`recruitment.extensions`): the chair and the assigned evaluators as reviewers of a call's
applications, and the public results of a call."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from recruitment import extensions

from . import permissions, public_results
from .views.base import MENU_LABEL


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    return [path("ocena/", include("evaluation.urls", namespace="evaluation"))]


class EvaluationMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_use_evaluation(request.user)


@hooks.register("register_admin_menu_item")
def register_evaluation_menu_item():
    return EvaluationMenuItem(
        MENU_LABEL,
        reverse("evaluation:home"),
        name="ocena-merytoryczna",
        icon_name="tasks",
        order=260,
    )


# --- what the evaluation adds to the recruitment ----------------------------------------------

hooks.register(extensions.CALL_CHAIR, permissions.chairs_signed_call)
hooks.register(extensions.CHAIRED_CALL_IDS, permissions.chaired_call_ids)
hooks.register(extensions.APPLICATION_VIEWER, permissions.can_open_application)
hooks.register(extensions.CALL_RESULTS, public_results.results_link)
hooks.register(extensions.CALL_RESULTS_PAGE, public_results.serve_results)
