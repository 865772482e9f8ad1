"""Admin views: appeals (issue #7). Mounted by evaluation.urls."""

urlpatterns = []
