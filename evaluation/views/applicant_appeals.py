"""Applicant's views (/konto/...): appeals (issue #7). Mounted by evaluation.account_urls."""

urlpatterns = []
