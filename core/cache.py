"""Anonymous page views served from the cache, dropped whenever any content changes.

One version number, kept in the cache, is part of every key; publishing, unpublishing, moving or
deleting a page, or saving content a visitor sees, increments it (portal/signals.py), so no stale
page or menu is served after an editor's change. `PageCacheMiddleware` answers a hit before any
routing, with no SQL query. Only Wagtail pages mark their response as cacheable (BasePage.serve),
and only anonymous GET requests without a session are cached (the query string is part of the
key); previews,
responses with a CSRF token, with cookies, with a Content-Security-Policy nonce (one response's
own) or with another status than 200 never are.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "k3d:content-version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY, "0")
    return version


def bump_content_version(**kwargs):
    """Drop every cached page and menu: a new version, in the cache every process reads (a
    cron job's `publish_scheduled` included, see production settings). A new random value, not
    an increment: two processes bumping at once could both write the same incremented number
    (no cache but Redis increments atomically), and a page rendered between the two would stay."""
    cache.set(VERSION_KEY, _new_version(), None)


def _new_version():
    return secrets.token_hex(6)


MAX_QUERY_STRING = 200


def page_cache_key(request):
    """The cache key for this request, or None when it must not come from the cache.

    Listing filters and page numbers are part of the key (normalised, so the order of the
    parameters does not matter); unusually long query strings are not cached at all.
    """
    if getattr(settings, "PAGE_CACHE_SECONDS", 0) <= 0:
        return None
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_STRING:
        return None
    params = sorted(request.GET.lists())
    normalised = "&".join(f"{k}={','.join(sorted(v))}" for k, v in params)
    # Hashed: a key must be short ASCII without spaces for every cache backend (memcached too).
    digest = hashlib.sha256(
        f"{request.get_host()}:{request.path}?{normalised}".encode()
    ).hexdigest()
    return f"k3d:page:{content_version()}:{digest}"


def mark_cacheable(request):
    """Called before a Wagtail page is served: its response may be stored for anonymous visitors."""
    if not getattr(request, "is_preview", False) and not request.user.is_authenticated:
        request._k3d_page_cacheable = True


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_cache_key(request)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                return cached
        response = self.get_response(request)
        if key is not None and getattr(request, "_k3d_page_cacheable", False):
            self._store(key, request, response)
        return response

    @staticmethod
    def _store(key, request, response):
        if response.status_code != 200 or response.cookies or response.has_header("Set-Cookie"):
            return
        if response.streaming:  # files (e.g. the Model's PDF) are served by the file view itself
            return
        if isinstance(getattr(request, "_csp_nonce", None), str):
            return  # its inline script carries a nonce, valid for this response only
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if (
            request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or b"csrfmiddlewaretoken" in response.content
        ):
            return
        response["X-Page-Cache"] = "miss"
        cache.set(key, response, settings.PAGE_CACHE_SECONDS)
