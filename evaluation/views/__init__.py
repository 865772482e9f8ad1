"""Admin views of the substantive evaluation under /admin/ocena/ (registered in wagtail_hooks)."""
