"""Signal handlers that keep cached pages and site chrome in step with the content."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache import bump_content_version

# Apps whose models appear on public pages: a change to any of them drops every cached page.
CONTENT_APPS = {"portal", "knowledge", "documents", "wagtailcore", "taggit"}
# Saving drafts and bookkeeping rows changes nothing a visitor sees.
IGNORED_MODELS = {
    "revision",
    "pagelogentry",
    "modellogentry",
    "referenceindex",
    "workflowstate",
    "taskstate",
    "pagesubscription",
    "comment",
    "commentreply",
    "pagelock",
    "uploadedfile",
    "user",
}


def _content_changed(sender, instance=None, **kwargs):
    meta = sender._meta
    if meta.app_label not in CONTENT_APPS or meta.model_name in IGNORED_MODELS:
        return
    # A page saved as a draft is not visible yet; publishing sends page_published.
    if kwargs.get("signal") is post_save and getattr(instance, "has_unpublished_changes", False):
        return
    bump_content_version()


def _sync_site_url(sender, **kwargs):
    """After every migrate (a deployment runs one): the Wagtail Site is where SITE_URL says."""
    from django.db import DEFAULT_DB_ALIAS

    from core.site_url import sync_site

    if sender.name == "portal" and kwargs.get("using", DEFAULT_DB_ALIAS) == DEFAULT_DB_ALIAS:
        sync_site()


def connect():
    from django.db.models.signals import post_migrate

    post_migrate.connect(_sync_site_url, dispatch_uid="k3d-site-url")
    page_published.connect(bump_content_version, dispatch_uid="k3d-cache-published")
    page_unpublished.connect(bump_content_version, dispatch_uid="k3d-cache-unpublished")
    post_page_move.connect(bump_content_version, dispatch_uid="k3d-cache-moved")
    post_save.connect(_content_changed, dispatch_uid="k3d-cache-saved")
    post_delete.connect(_content_changed, dispatch_uid="k3d-cache-deleted")
