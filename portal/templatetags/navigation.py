"""Template tags for the site chrome: main menu, breadcrumbs and footer contacts."""

from django import template

from wagtail.models import Page, Site

from portal.chrome import get_chrome

register = template.Library()


def _chrome(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return get_chrome(site, request)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    chrome = _chrome(context)
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else None
    request = context.get("request")
    request_path = request.path if request else ""
    items = []
    for item in chrome["menu"]:
        state = None
        if item["path"] is None:
            # A link to a view outside the page tree (e.g. the documents registry).
            if request_path == item["url"]:
                state = "page"
            elif request_path.startswith(item["url"]):
                state = "true"
        elif current_path == item["path"]:
            state = "page"
        elif current_path and current_path.startswith(item["path"]):
            state = "true"
        items.append({**item, "current": state})
    root = chrome["root"]
    root_current = bool(root and current_path == root["path"])
    return {"root": root, "root_current": root_current, "items": items}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).order_by("depth")
    return {"ancestors": ancestors, "page": page}


@register.inclusion_tag("includes/footer_partners.html", takes_context=True)
def footer_partners(context):
    return {"partners": _chrome(context)["partners"]}


@register.simple_tag
def absolute_static(path):
    """A static file's full address on SITE_URL (OpenGraph wants one)."""
    from django.templatetags.static import static

    from core.site_url import absolute

    url = static(path)
    return url if url.startswith(("http://", "https://")) else absolute(url)
