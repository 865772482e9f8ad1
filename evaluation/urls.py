"""Admin URLs of the evaluation, mounted at /admin/ocena/ by wagtail_hooks."""

from django.urls import path

from .views import (
    appeals,
    application,
    calibration,
    cards,
    chair,
    declaration,
    evaluator,
    exports,
    results,
)

app_name = "evaluation"

urlpatterns = [
    path("", evaluator.HomeView.as_view(), name="home"),
    path("<int:call_pk>/", evaluator.EvaluatorDashboardView.as_view(), name="evaluator"),
    path("<int:call_pk>/deklaracja/", declaration.DeclarationView.as_view(), name="declaration"),
    path("<int:call_pk>/konflikt/", declaration.ConflictView.as_view(), name="conflict"),
    path("<int:call_pk>/komisja/", chair.ChairDashboardView.as_view(), name="chair"),
    path("<int:call_pk>/komisja/przydziel/", chair.AssignView.as_view(), name="assign"),
    path(
        "<int:call_pk>/komisja/przydziel-automatycznie/",
        chair.AutoAssignView.as_view(),
        name="assign_auto",
    ),
    path("<int:call_pk>/komisja/cofnij/", chair.CancelAssignmentView.as_view(), name="cancel"),
    path("<int:call_pk>/komisja/zakoncz/", chair.FinishView.as_view(), name="finish"),
    path("<int:call_pk>/kalibracja/", calibration.CalibrationView.as_view(), name="calibration"),
    path("<int:call_pk>/sklad/", chair.CommissionView.as_view(), name="commission"),
    path("<int:call_pk>/sklad/odwolaj/", chair.DismissView.as_view(), name="dismiss"),
    path("karty/<int:pk>/", cards.CardView.as_view(), name="card"),
    path("karty/<int:pk>/zwroc/", cards.ReturnCardView.as_view(), name="card_return"),
    path("zgloszenia/<int:pk>/", application.ApplicationView.as_view(), name="application"),
]

urlpatterns += results.urlpatterns + appeals.urlpatterns + exports.urlpatterns
