"""What changes the search index: every signal here queues record keys (search/indexing.py)."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .indexing import queue
from .models import IndexUpdate


def _subtree_keys(page):
    return [
        f"page:{pk}"
        for pk in Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    ]


def _page_published(sender, instance, **kwargs):
    queue([f"page:{instance.pk}"])


def _page_unpublished(sender, instance, **kwargs):
    # Unpublishing one page leaves its children live but unreachable: drop or refresh them all.
    queue(_subtree_keys(instance))


def _page_moved(sender, instance, **kwargs):
    queue(_subtree_keys(instance))  # every URL below it changed


def _restriction_changed(sender, instance, **kwargs):
    if isinstance(instance, PageViewRestriction):
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            queue(_subtree_keys(page))
    elif isinstance(instance, CollectionViewRestriction):
        from wagtail.documents import get_document_model

        collection = instance.collection
        documents = get_document_model().objects.filter(
            collection__path__startswith=collection.path
        )
        queue([f"document:{pk}" for pk in documents.values_list("pk", flat=True)])


def _saved(sender, instance, **kwargs):
    from wagtail.documents import get_document_model

    from knowledge.models import GlossaryTerm

    if isinstance(instance, get_document_model()):
        queue([f"document:{instance.pk}"])
    elif isinstance(instance, GlossaryTerm):
        queue([f"term:{instance.pk}"])


def _deleted(sender, instance, **kwargs):
    from wagtail.documents import get_document_model

    from knowledge.models import GlossaryTerm

    if isinstance(instance, Page):
        queue([f"page:{instance.pk}"], IndexUpdate.Action.DELETE)
    elif isinstance(instance, get_document_model()):
        queue([f"document:{instance.pk}"], IndexUpdate.Action.DELETE)
    elif isinstance(instance, GlossaryTerm):
        queue([f"term:{instance.pk}"], IndexUpdate.Action.DELETE)
    elif isinstance(instance, (PageViewRestriction, CollectionViewRestriction)):
        _restriction_changed(sender, instance)


def connect():
    page_published.connect(_page_published, dispatch_uid="k3d-search-published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="k3d-search-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="k3d-search-moved")
    post_save.connect(_saved, dispatch_uid="k3d-search-saved")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="k3d-search-pvr"
    )
    post_save.connect(
        _restriction_changed, sender=CollectionViewRestriction, dispatch_uid="k3d-search-cvr"
    )
    post_delete.connect(_deleted, dispatch_uid="k3d-search-deleted")
