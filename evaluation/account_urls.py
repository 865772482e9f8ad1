"""The applicant's evaluation URLs, mounted under /konto/ by k3d.urls: their results and
appeals."""

from .views import applicant_appeals, applicant_results

app_name = "evaluation_account"

urlpatterns = [*applicant_results.urlpatterns, *applicant_appeals.urlpatterns]
