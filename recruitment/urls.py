"""The applicant area of the recruitment: the JST's applications, the form, receipts, status."""

from django.urls import path

from recruitment.views import applicant as views

app_name = "recruitment"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("nabory/<int:call_pk>/rozpocznij/", views.start, name="start"),
    path("zgloszenia/<int:pk>/", views.application_form, name="application"),
    path("zgloszenia/<int:pk>/autozapis/", views.autosave, name="autosave"),
    path("zgloszenia/<int:pk>/zloz/", views.submit, name="submit"),
    path("zgloszenia/<int:pk>/potwierdzenie/", views.receipt, name="receipt"),
    path("zgloszenia/<int:pk>/potwierdzenie.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("zgloszenia/<int:pk>/potwierdzenie.json", views.receipt_json, name="receipt_json"),
    path("zgloszenia/<int:pk>/wycofaj/", views.withdraw, name="withdraw"),
    path("zgloszenia/<int:pk>/status/", views.status, name="status"),
    path(
        "zgloszenia/<int:pk>/zalaczniki/<int:attachment_pk>/",
        views.attachment,
        name="attachment",
    ),
]
