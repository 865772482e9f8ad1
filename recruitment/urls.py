"""The applicant area of the recruitment: the JST's applications, the form, receipts, status."""

app_name = "recruitment"

urlpatterns = []
