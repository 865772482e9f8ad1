"""Admin views: exports (issue #7). Mounted by evaluation.urls."""

urlpatterns = []
