"""Signal handlers that keep cached site chrome in step with the page tree."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.chrome import clear_chrome


def connect():
    page_published.connect(clear_chrome, dispatch_uid="k3d-chrome-published")
    page_unpublished.connect(clear_chrome, dispatch_uid="k3d-chrome-unpublished")
    post_page_move.connect(clear_chrome, dispatch_uid="k3d-chrome-moved")
    post_delete.connect(clear_chrome, sender=Page, dispatch_uid="k3d-chrome-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            clear_chrome,
            sender=PageViewRestriction,
            dispatch_uid=f"k3d-chrome-restriction-{signal is post_save}",
        )
