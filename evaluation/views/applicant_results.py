"""Applicant's views (/konto/...): results (issue #7). Mounted by evaluation.account_urls."""

urlpatterns = []
