"""Wagtail hooks of the site shell."""

from wagtail import hooks

from portal.cache import mark_cacheable


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Every page served to an anonymous visitor may be kept in the page cache (portal/cache.py)."""
    mark_cacheable(request)
