"""Signal handlers: every new registry record is registered, whichever admin view stored it;
private documents' files follow their collection (documents/private_files.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import CollectionViewRestriction

from .models import RegistryDocument


@receiver(post_save, sender=RegistryDocument)
def register_new_document(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import register_new_document as register

        register(instance, user=instance.uploaded_by_user)


@receiver(post_save, sender=RegistryDocument)
def keep_private_files_private(sender, instance, raw=False, **kwargs):
    """A document moved to a private collection (or out of one) moves its file too."""
    if not raw:
        from .private_files import place

        place(instance)


def _restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .private_files import place_collection

    place_collection(instance.collection)


post_save.connect(_restriction_changed, sender=CollectionViewRestriction)
post_delete.connect(_restriction_changed, sender=CollectionViewRestriction)
