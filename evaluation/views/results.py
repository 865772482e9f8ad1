"""Admin views: results (issue #7). Mounted by evaluation.urls."""

urlpatterns = []
