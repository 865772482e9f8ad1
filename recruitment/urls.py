"""The applicant area of the recruitment: the JST's applications, the form, receipts, status."""

from django.urls import path

from recruitment.views.applicant import dashboard, files, form, status, submit

app_name = "recruitment"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("nabory/<int:call_pk>/rozpocznij/", dashboard.start, name="start"),
    path("zgloszenia/<int:pk>/", form.application_form, name="application"),
    path("zgloszenia/<int:pk>/autozapis/", form.autosave, name="autosave"),
    path("zgloszenia/<int:pk>/zloz/", submit.submit, name="submit"),
    path("zgloszenia/<int:pk>/potwierdzenie/", submit.receipt, name="receipt"),
    path("zgloszenia/<int:pk>/potwierdzenie.pdf", submit.receipt_pdf, name="receipt_pdf"),
    path("zgloszenia/<int:pk>/potwierdzenie.json", submit.receipt_json, name="receipt_json"),
    path("zgloszenia/<int:pk>/wycofaj/", status.withdraw, name="withdraw"),
    path("zgloszenia/<int:pk>/status/", status.status, name="status"),
    path(
        "zgloszenia/<int:pk>/zalaczniki/<int:attachment_pk>/",
        files.attachment,
        name="attachment",
    ),
]
