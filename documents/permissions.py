"""Who may see a registry document: Wagtail collection view restrictions decide (private collections)."""

from django.db.models import Q

from wagtail.models import CollectionViewRestriction


def _restrictions(request):
    cached = getattr(request, "_registry_restrictions", None)
    if cached is None:
        cached = list(
            CollectionViewRestriction.objects.select_related("collection").prefetch_related(
                "groups"
            )
        )
        request._registry_restrictions = cached
    return cached


def hidden_collections_q(request):
    """A Q matching documents in collections (or their descendants) the request may not view."""
    q = Q(pk__in=[])
    for restriction in _restrictions(request):
        if not restriction.accept_request(request):
            q |= Q(collection__path__startswith=restriction.collection.path)
    return q


def visible_documents(request, queryset):
    return queryset.exclude(hidden_collections_q(request))


def can_view_document(request, document):
    """False if any restriction on the document's collection or its ancestors refuses the request."""
    path = document.collection.path
    return all(
        restriction.accept_request(request)
        for restriction in _restrictions(request)
        if path.startswith(restriction.collection.path)
    )
