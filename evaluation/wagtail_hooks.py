"""The evaluation in the Wagtail admin: its URLs under /admin/ocena/ and the menu item
"Ocena merytoryczna" for operators, chairs and evaluators."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions
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
