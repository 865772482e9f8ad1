"""Signal handlers: every new registry record is registered, whichever admin view stored it."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import RegistryDocument


@receiver(post_save, sender=RegistryDocument)
def register_new_document(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import register_new_document as register

        register(instance, user=instance.uploaded_by_user)
