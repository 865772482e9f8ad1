"""Signal handlers: every new registry record is registered, whichever admin view stored it (an
editor's upload then waits for approval: documents/moderation.py); private documents' files
follow their collection (documents/private_files.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import CollectionViewRestriction

from .models import RegistryDocument


@receiver(post_save, sender=RegistryDocument)
def register_new_document(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .moderation import register_upload

        register_upload(instance, user=instance.uploaded_by_user)


@receiver(post_save, sender=RegistryDocument)
def keep_private_files_private(sender, instance, raw=False, **kwargs):
    """A document moved to a private collection (or out of one) moves its file too; its other
    formats move with it (they share its collection: they are offered on its page)."""
    if not raw:
        from wagtail.search import index

        from .private_files import place

        if instance.format_of_id is None:
            formats = RegistryDocument.objects.filter(format_of=instance).exclude(
                collection_id=instance.collection_id
            )
            moved = list(formats.values_list("pk", flat=True))
            if moved:
                RegistryDocument.objects.filter(pk__in=moved).update(
                    collection_id=instance.collection_id
                )
                for document in RegistryDocument.objects.filter(pk__in=moved):
                    index.insert_or_update_object(document)
        place(instance)


def _restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .private_files import place_collection

    place_collection(instance.collection)


post_save.connect(_restriction_changed, sender=CollectionViewRestriction)
post_delete.connect(_restriction_changed, sender=CollectionViewRestriction)
