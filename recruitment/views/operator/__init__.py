"""Operator views of the applications in the Wagtail admin, under /admin/nabory/: a call's
applications with filters and exports (CSV, XLSX), one application with its history, versions,
files and workflow transitions, the comparison of two of its versions, and its formal check card
(to fill, decide and print as a PDF).

Operators (and superusers) may use them; chairs may look and fire only what the workflow lets
them. Each view checks permission, calls one service (`workflow`, `version_content`,
`application_export`) and renders. An application is always looked up within the call of the
URL, so another call's application id in a URL is a 404 (logged).
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .applications import ApplicationDetailView, ApplicationIndexView
from .base import NAMESPACE, can_review_applications
from .calls import CallChooseView
from .diff import VersionDiffView
from .exports import ExportCSVView, ExportXLSXView
from .formal_card import FormalCardPDFView, FormalCardView
from .transitions import TransitionView

# --- registration -----------------------------------------------------------------------------


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_applications(request.user)


class OperatorApplicationsViewSet(ViewSet):
    """The views above under /admin/nabory/, with a menu item for operators and chairs."""

    name = NAMESPACE
    url_prefix = "nabory"
    icon = "form"
    menu_label = gettext_lazy("Zgłoszenia w naborze")
    menu_name = "zgloszenia-w-naborze"

    @cached_property
    def menu_item_class(self):
        return ReviewerMenuItem

    @cached_property
    def menu_url(self):
        return reverse(f"{NAMESPACE}:calls")

    def get_urlpatterns(self):
        return [
            path("", CallChooseView.as_view(), name="calls"),
            path("<int:call_pk>/zgloszenia/", ApplicationIndexView.as_view(), name="index"),
            path("<int:call_pk>/eksport.csv", ExportCSVView.as_view(), name="export_csv"),
            path("<int:call_pk>/eksport.xlsx", ExportXLSXView.as_view(), name="export_xlsx"),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/",
                ApplicationDetailView.as_view(),
                name="detail",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/czynnosc/",
                TransitionView.as_view(),
                name="transition",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/porownanie/",
                VersionDiffView.as_view(),
                name="diff",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/ocena-formalna/",
                FormalCardView.as_view(),
                name="formal_card",
            ),
            path(
                "<int:call_pk>/zgloszenia/<int:pk>/ocena-formalna/<int:round>/karta.pdf",
                FormalCardPDFView.as_view(),
                name="formal_card_pdf",
            ),
        ]
