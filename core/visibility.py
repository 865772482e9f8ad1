"""Filtering page listings to what anonymous visitors may see, with one query per request."""

from django.db.models import Q

from wagtail.models import PageViewRestriction


def restricted_paths(request):
    """Tree paths of every page with a view restriction, looked up once per request."""
    if request is None:
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))
    if not hasattr(request, "_restricted_page_paths"):
        request._restricted_page_paths = list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
    return request._restricted_page_paths


def public_pages(queryset, request):
    """Like Wagtail's `.public()`, but shares its restriction lookup across the whole request."""
    paths = restricted_paths(request)
    if not paths:
        return queryset
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return queryset.exclude(query)
