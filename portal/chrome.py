"""The site chrome (main menu and footer partners), cached until any page changes.

Every public page shows the same menu and footer; rebuilding them costs several queries per
request. They are kept in the cache as plain data and dropped whenever a page is published,
unpublished, moved or deleted, or a view restriction changes: the content version in the key
changes then (portal/cache.py, portal/signals.py).
"""

from django.conf import settings
from django.core.cache import cache

from core.cache import content_version
from core.visibility import public_pages

CACHE_KEY = "k3d:chrome:{version}:{site_id}"
CACHE_SECONDS = 60 * 60


def _build(site, request):
    from portal.models import PartnerPage

    root = site.root_page
    menu_pages = public_pages(root.get_children().live().in_menu(), request).only(
        "id", "title", "path", "url_path"
    )
    partners = public_pages(PartnerPage.objects.live().descendant_of(root), request).order_by(
        "-is_leader", "path"
    )
    return {
        "root": {"title": root.title, "url": root.get_url(request), "path": root.path},
        "menu": [
            {"id": p.pk, "title": p.title, "url": p.get_url(request), "path": p.path}
            for p in menu_pages
        ]
        + [
            {"id": None, "title": str(title), "url": url, "path": None}
            for title, url in settings.MENU_EXTRA_LINKS
        ],
        "partners": [
            {
                "full_name": p.full_name,
                "url": p.get_url(request),
                "street_address": p.street_address,
                "postal_code": p.postal_code,
                "city": p.city,
                "phones": p.phone_list,
                "email": p.email,
            }
            for p in partners
        ],
    }


def get_chrome(site, request):
    if site is None:
        return {"root": None, "menu": [], "partners": []}
    key = CACHE_KEY.format(version=content_version(), site_id=site.pk)
    data = cache.get(key)
    if data is None:
        data = _build(site, request)
        cache.set(key, data, CACHE_SECONDS)
    return data
